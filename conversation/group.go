package conversation

import (
	"regexp"
	"strings"
)

// rejectPromptNumber finds the request number in the first line of the
// reject prompt (textReviewRejectPrompt) an officer replies to.
var rejectPromptNumber = regexp.MustCompile(`^Penolakan (REG-[0-9]+)`)

// group handles an update in a group chat: only commands addressed to the
// bot are answered (the adapter drops commands for other bots), and in the
// KPPN staff group the officers' buttons and /tolak on registration
// requests; everything else, plain chatter included, is ignored and changes
// nothing. A press it does not recognise is answered as stale by Handle.
func (e *Engine) group(t *turn) error {
	if t.u.Kind == KindCallback && strings.HasPrefix(t.u.CallbackData, dataReview) {
		return e.reviewCallback(t)
	}
	if t.u.Kind == KindCallback && strings.HasPrefix(t.u.CallbackData, dataTicket) {
		return e.ticketCallback(t)
	}
	if t.u.Kind == KindCallback && strings.HasPrefix(t.u.CallbackData, dataKPPN) {
		return e.kppnCallback(t)
	}
	if t.u.Kind == KindCallback && strings.HasPrefix(t.u.CallbackData, dataLink) {
		return e.linkCallback(t) // "Setujui"/"Tolak" on a link request
	}
	if t.u.Kind == KindCallback && strings.HasPrefix(t.u.CallbackData, dataVendor) {
		return e.vendorGroupCallback(t) // "Buka paket" on a vendor notice
	}
	if t.u.Kind == KindDocument && strings.HasPrefix(strings.ToLower(strings.TrimSpace(t.u.Text)), "/impor") {
		return e.importDocument(t) // a CSV/XLSX sent with the caption /impor
	}
	if t.u.Kind == KindText {
		if handled, err := e.kppnReply(t); handled || err != nil {
			return err // a reply to a prompt of the KPPN commands (a follow-up note)
		}
	}
	staffGroup := e.cfg.GroupChatID != 0 && t.u.ChatID == e.cfg.GroupChatID
	if t.u.Kind == KindText && staffGroup {
		// A reply to the reject prompt is the reason, as /tolak <nomor> <alasan>.
		if m := rejectPromptNumber.FindStringSubmatch(t.u.ReplyToText); m != nil {
			t.u.Args = m[1] + " " + strings.TrimSpace(t.u.Text)
			return e.rejectCommand(t)
		}
		// A reply to the bank prompt is the bank and reference, as /eskalasi.
		if m := bankPromptNumber.FindStringSubmatch(t.u.ReplyToText); m != nil {
			staff, err := e.isStaff(t)
			if err != nil || !staff {
				return err
			}
			return e.escalate(t, m[1], t.u.Text)
		}
	}
	if staffGroup && t.u.Kind != KindCommand && relayable(t.u) {
		if _, err := e.officerMessage(t); err != nil {
			return err
		}
		return nil
	}
	if t.u.Kind != KindCommand {
		return nil
	}
	switch t.u.Command {
	case "start", "menu":
		if staffGroup {
			t.reply(textGroupStaff)
		} else {
			t.reply(textGroupOther)
		}
	case "panduan":
		t.reply(textPanduan)
	case "pengaduan":
		t.reply(textChannels + "\n\n" + textGroupComplaint)
	case "tolak":
		if !staffGroup && !t.u.Addressed {
			return nil // may be meant for another bot
		}
		return e.rejectCommand(t)
	case "hubungkan", "set", "impor", "laporan", "belum":
		return e.kppnCommand(t)
	case "pengingat":
		return e.reminderCommand(t)
	case "tiket", "posko", "catatan", "eskalasi", "blokir", "bukablokir":
		if !staffGroup {
			if t.u.Addressed {
				t.reply(textTicketNotStaff)
			}
			return nil
		}
		_, err := e.helpdeskCommand(t)
		return err
	default:
		// A bare "/batal" in a group may be meant for another bot; one that
		// names this bot deserves an answer.
		switch {
		case !t.u.Addressed:
		case staffGroup:
			t.reply(textGroupUnknownStaff)
		default:
			t.reply(textGroupUnknownCommand)
		}
	}
	return nil
}
