package conversation

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
)

// The officers' help-desk commands in the staff group: /tiket (open tickets,
// overdue first), /posko (a face-to-face assistance), /catatan (an internal
// note), /eskalasi (the bank is involved), /blokir and /bukablokir. Only
// members of the staff group may use them.

// ticketListMax is how many tickets /tiket lists.
const ticketListMax = 30

// helpdeskCommand runs a help-desk command in the staff group; false when
// the command is not one.
func (e *Engine) helpdeskCommand(t *turn) (bool, error) {
	switch t.u.Command {
	case "tiket", "posko", "catatan", "eskalasi", "blokir", "bukablokir":
	default:
		return false, nil
	}
	staff, err := e.isStaff(t)
	if err != nil {
		return true, err
	}
	if !staff {
		t.reply(textTicketNotStaff)
		return true, nil
	}
	switch t.u.Command {
	case "tiket":
		return true, e.listTickets(t)
	case "posko":
		return true, e.recordPosko(t)
	case "catatan":
		return true, e.noteCommand(t)
	case "eskalasi":
		tk, rest, found, err := e.ticketOfCommand(t)
		if err != nil || !found {
			return true, err
		}
		if rest == "" {
			t.reply(textTicketBankUsage)
			return true, nil
		}
		return true, e.escalate(t, tk.Number, rest)
	default:
		return true, e.banCommand(t, t.u.Command == "blokir")
	}
}

// ticketOfCommand finds the ticket a command is about: a number as its first
// argument, else the topic it was sent in, else the message it replies to.
// rest is the arguments after the number. When none is found the officer is
// told how to name one.
func (e *Engine) ticketOfCommand(t *turn) (tk Ticket, rest string, found bool, err error) {
	args := strings.TrimSpace(t.u.Args)
	first, after := firstWord(args)
	var id int64
	if n, ok := ParseTicketNumber(first); ok {
		id, rest = n, strings.TrimSpace(after)
	} else {
		rest = args
		if id, err = e.ticketOfUpdate(t); err != nil {
			return Ticket{}, "", false, err
		}
	}
	if id == 0 {
		t.reply(textTicketWhich)
		return Ticket{}, "", false, nil
	}
	tk, err = t.tx.Ticket(t.ctx, id)
	if errors.Is(err, ErrNotFound) {
		t.reply(fmt.Sprintf(textTicketNotFound, EscapeHTML(TicketNumber(id))))
		return Ticket{}, "", false, nil
	}
	if err != nil {
		return Ticket{}, "", false, fmt.Errorf("load ticket %d: %w", id, err)
	}
	return tk, rest, true, nil
}

// firstWord splits s at its first space or line break: "/catatan TKT-1⏎teks".
func firstWord(s string) (first, rest string) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i:])
}

// listTickets is /tiket: the active tickets, the overdue ones first, then
// by age.
func (e *Engine) listTickets(t *turn) error {
	list, err := t.tx.ActiveTickets(t.ctx)
	if err != nil {
		return fmt.Errorf("active tickets: %w", err)
	}
	if len(list) == 0 {
		t.reply(textTicketListEmpty)
		return nil
	}
	overdue := func(tk Ticket) bool { return t.now.After(tk.Deadline) }
	slices.SortStableFunc(list, func(a, b Ticket) int {
		if oa, ob := overdue(a), overdue(b); oa != ob {
			if oa {
				return -1
			}
			return 1
		}
		return a.CreatedAt.Compare(b.CreatedAt)
	})
	late := 0
	for _, tk := range list {
		if overdue(tk) {
			late++
		}
	}
	parts := []string{fmt.Sprintf(textTicketListHead, len(list), late)}
	for i, tk := range list {
		if i == ticketListMax {
			parts = append(parts, fmt.Sprintf(textTicketListMore, len(list)-ticketListMax))
			break
		}
		mark := "🟢"
		switch {
		case overdue(tk):
			mark = "🔴"
		case tk.Status == TicketBank:
			mark = "⏳"
		case tk.Status == TicketOpen:
			mark = "🟡"
		}
		satker := tk.SatkerCode
		if satker == "" {
			satker = "-"
		}
		parts = append(parts, fmt.Sprintf(textTicketListItem, mark, EscapeHTML(tk.Number), EscapeHTML(tk.Category),
			EscapeHTML(satker), field(tk.UserName), ageText(t.now.Sub(tk.CreatedAt)), whenWIB(tk.Deadline)))
	}
	t.reply(strings.Join(parts, "\n"))
	return nil
}

// ageText is a ticket's age in the largest whole unit.
func ageText(d time.Duration) string {
	switch {
	case d >= 24*time.Hour:
		return fmt.Sprintf(textTicketAgeDays, int(d/(24*time.Hour)))
	case d >= time.Hour:
		return fmt.Sprintf(textTicketAgeHours, int(d/time.Hour))
	}
	return fmt.Sprintf(textTicketAgeMins, max(int(d/time.Minute), 0))
}

// recordPosko is /posko <kode satker> <topik>: an assistance given face to
// face at the Posko Digipay, counted in the reports with the chat's tickets.
func (e *Engine) recordPosko(t *turn) error {
	code, topic := firstWord(t.u.Args)
	if code == "" {
		t.reply(textPoskoUsage)
		return nil
	}
	code, problem := ValidateKodeSatker(code)
	if problem != "" {
		t.reply(problem + "\n" + textPoskoUsage)
		return nil
	}
	topic = strings.Join(strings.Fields(topic), " ")
	if n := len([]rune(topic)); n < 3 || n > 300 {
		t.reply(textPoskoBadTopic)
		return nil
	}
	name, mapped, err := t.tx.LookupSatker(t.ctx, code)
	if err != nil {
		return fmt.Errorf("look up satker: %w", err)
	}
	id, err := t.tx.RecordPoskoVisit(t.ctx, PoskoVisit{SatkerCode: code, SatkerName: name, Topic: topic, By: officer(t), At: t.now})
	if err != nil {
		return fmt.Errorf("record posko visit: %w", err)
	}
	now := t.now.In(wib())
	count, err := t.tx.PoskoVisitsSince(t.ctx, time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, wib()))
	if err != nil {
		return fmt.Errorf("count posko visits: %w", err)
	}
	satker := code + " " + name
	if !mapped {
		satker = code + " " + textPoskoUnmapped
	}
	t.reply(fmt.Sprintf(textPoskoSaved, id, EscapeHTML(satker), EscapeHTML(topic), count))
	return nil
}

// noteCommand is /catatan: an internal note on a ticket, never sent to the asker.
func (e *Engine) noteCommand(t *turn) error {
	tk, text, found, err := e.ticketOfCommand(t)
	if err != nil || !found {
		return err
	}
	if text == "" {
		t.reply(textTicketNoteUsage)
		return nil
	}
	err = t.tx.AddTicketMessage(t.ctx, TicketMessage{TicketID: tk.ID, Direction: TicketNote, ChatID: t.u.ChatID,
		MessageID: t.u.MessageID, UserID: t.u.UserID, UserName: t.u.UserName, Kind: KindText, Text: shorten(text, 3000), At: t.now})
	if err != nil {
		return fmt.Errorf("record note on ticket %d: %w", tk.ID, err)
	}
	t.reply(fmt.Sprintf(textTicketNoteSaved, EscapeHTML(tk.Number)))
	return nil
}

// banCommand is /blokir (ban true) and /bukablokir: the ticket's asker may
// no longer (or again) ask for help through the bot.
func (e *Engine) banCommand(t *turn, ban bool) error {
	tk, reason, found, err := e.ticketOfCommand(t)
	if err != nil || !found {
		return err
	}
	if err := t.tx.SetBanned(t.ctx, tk.UserID, ban, shorten(reason, 500), officer(t)); err != nil {
		return fmt.Errorf("ban user of ticket %d: %w", tk.ID, err)
	}
	who := field(tk.UserName)
	if ban {
		t.reply(fmt.Sprintf(textTicketBannedStaff, EscapeHTML(tk.Number), who, EscapeHTML(tk.Number)))
	} else {
		t.reply(fmt.Sprintf(textTicketUnbanned, EscapeHTML(tk.Number), who))
	}
	return nil
}
