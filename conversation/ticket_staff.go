package conversation

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// The staff group's side of the help desk: the ticket's card (and its forum
// topic), the officers' buttons, and what officers write about a ticket: in
// its topic (forum group) or as a reply to its messages (plain group), which
// is copied to the asker. Commands are in ticket_commands.go.

// bankPromptNumber finds the ticket number in the first line of the bank
// escalation prompt (textTicketBankPrompt) an officer replies to.
var bankPromptNumber = regexp.MustCompile(`^Eskalasi (TKT-[0-9]+)`)

// ticketNumberInLine finds a ticket number in the first line of a bot message.
var ticketNumberInLine = regexp.MustCompile(`TKT-[0-9]+`)

// ticketThread is the ThreadRef of the staff group's messages about ticket
// id: its topic while the group is a forum, none otherwise.
func (e *Engine) ticketThread(id int64) string {
	if e.cfg.GroupIsForum == nil || !e.cfg.GroupIsForum() {
		return ""
	}
	return TicketTopicRef(id)
}

// ticketTopicName names the ticket's forum topic: "TKT-000123 · <category> · <satker>".
func ticketTopicName(tk Ticket) string {
	name := tk.Number + " · " + tk.Category
	if satker := strings.Join(strings.Fields(tk.SatkerName), " "); satker != "" {
		name += " · " + satker
	} else if tk.SatkerCode != "" {
		name += " · " + tk.SatkerCode
	}
	return shorten(name, topicNameMax)
}

// ticketCard is what the staff group receives for a new ticket: its topic
// (forum group), the card with the buttons, then the attachments.
func (e *Engine) ticketCard(tk Ticket, now time.Time) []Outgoing {
	if e.cfg.GroupChatID == 0 {
		return nil
	}
	var out []Outgoing
	thread := e.ticketThread(tk.ID)
	if thread != "" {
		out = append(out, Outgoing{Kind: OutTopic, ChatID: e.cfg.GroupChatID, Text: ticketTopicName(tk), Ref: thread})
	}
	out = append(out, Outgoing{Kind: OutSend, ChatID: e.cfg.GroupChatID, ThreadRef: thread, TopicName: ticketTopicName(tk),
		Text: e.ticketCardText(tk, now), Buttons: ticketCardButtons(tk), Ref: TicketCardRef(tk.ID)})
	for _, o := range attachments(e.cfg.GroupChatID, fmt.Sprintf(textTicketAttachment, EscapeHTML(tk.Number)), tk.Files) {
		o.ThreadRef, o.TopicName, o.Ref = thread, ticketTopicName(tk), ticketRef(tk.ID, "files")
		out = append(out, o)
	}
	return out
}

// ticketCardText is the card's text for tk in its current state.
func (e *Engine) ticketCardText(tk Ticket, now time.Time) string {
	var b strings.Builder
	line := func(format string, args ...any) {
		fmt.Fprintf(&b, format, args...)
		b.WriteByte('\n')
	}
	line(textTicketCardTitle, EscapeHTML(tk.Number), EscapeHTML(tk.Category))
	b.WriteByte('\n')
	switch {
	case tk.SatkerCode == "":
		line("%s", textTicketCardNoSatker)
	case tk.SatkerName == "":
		line(textTicketCardSatker, EscapeHTML(tk.SatkerCode))
		line("%s", textTicketCardUnmapped)
	default:
		line(textTicketCardSatker, EscapeHTML(tk.SatkerCode+" "+shorten(tk.SatkerName, 80)))
	}
	asker := field(tk.UserName)
	if tk.Username != "" {
		asker += " (@" + EscapeHTML(tk.Username) + ")"
	}
	line(textTicketCardAsker, asker, tk.UserID)
	line(textTicketCardOpened, whenWIB(tk.CreatedAt))
	if tk.Active() && now.After(tk.Deadline) {
		line(textTicketCardOverdue, whenWIB(tk.Deadline))
	} else {
		line(textTicketCardDeadline, whenWIB(tk.Deadline))
	}
	b.WriteByte('\n')
	line(textTicketCardText, EscapeHTML(shorten(tk.Text, ticketTextMx)))
	if len(tk.Files) > 0 {
		line(textTicketCardFiles, len(tk.Files))
	}
	b.WriteByte('\n')
	line("%s", ticketStatusLine(tk))
	if tk.Active() {
		if e.ticketThread(tk.ID) != "" {
			b.WriteString(textTicketCardHowForum)
		} else {
			b.WriteString(textTicketCardHowPlain)
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// ticketStatusLine says where tk stands and who handles it.
func ticketStatusLine(tk Ticket) string {
	who := textReviewUnknownOfficer
	if tk.TakenByName != "" {
		who = EscapeHTML(shorten(tk.TakenByName, 64))
	}
	switch tk.Status {
	case TicketTaken:
		return fmt.Sprintf(textTicketStatusTaken, who)
	case TicketBank:
		return fmt.Sprintf(textTicketStatusBank, EscapeHTML(tk.BankName), EscapeHTML(tk.BankRef), whenWIB(tk.EscalatedAt), who)
	case TicketClosed:
		return fmt.Sprintf(textTicketStatusClosed, closerName(tk), whenWIB(tk.ClosedAt))
	}
	return textTicketStatusOpen
}

// ticketCardButtons are the actions still open on tk.
func ticketCardButtons(tk Ticket) [][]Button {
	take := Button{Text: textTicketButtonTake, Data: ticketData(tk.ID, ticketTake)}
	bank := Button{Text: textTicketButtonBank, Data: ticketData(tk.ID, ticketBank)}
	done := Button{Text: textTicketButtonDone, Data: ticketData(tk.ID, ticketDone)}
	switch tk.Status {
	case TicketOpen:
		return [][]Button{{take, bank}, {done}}
	case TicketTaken, TicketBank:
		return [][]Button{{bank}, {done}}
	}
	return nil
}

// ticketCardUpdate edits tk's card in place: message messageID when the
// officer pressed a button on it, else the card recorded under its ref.
// Nothing when the card cannot be found (its state is on every message).
func (e *Engine) ticketCardUpdate(t *turn, tk Ticket, messageID int) ([]Outgoing, error) {
	if e.cfg.GroupChatID == 0 {
		return nil, nil
	}
	if messageID == 0 && e.cfg.Sent != nil {
		id, err := e.cfg.Sent.SentMessageID(t.ctx, TicketCardRef(tk.ID))
		if err != nil && !errors.Is(err, ErrNotFound) {
			return nil, fmt.Errorf("find ticket card %d: %w", tk.ID, err)
		}
		messageID = id
	}
	if messageID == 0 {
		return nil, nil
	}
	return []Outgoing{{Kind: OutEdit, ChatID: e.cfg.GroupChatID, MessageID: messageID,
		Text: e.ticketCardText(tk, t.now), Buttons: ticketCardButtons(tk)}}, nil
}

// toTicketThread is a message to the staff group about tk, in its topic.
func (e *Engine) toTicketThread(tk Ticket, text string) Outgoing {
	return Outgoing{Kind: OutSend, ChatID: e.cfg.GroupChatID, ThreadRef: e.ticketThread(tk.ID),
		TopicName: ticketTopicName(tk), Text: text}
}

// toAsker is a message to tk's asker.
func toAsker(tk Ticket, text string, buttons [][]Button) Outgoing {
	return Outgoing{Kind: OutSend, ChatID: tk.ChatID, Text: text, Buttons: buttons}
}

// ticketOfUpdate finds the ticket an officer's message in the staff group is
// about: the ticket whose topic it is in, or whose message it replies to.
func (e *Engine) ticketOfUpdate(t *turn) (int64, error) {
	if t.u.ThreadID != 0 {
		ref, err := t.tx.MessageRef(t.ctx, t.u.ChatID, t.u.ThreadID)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return 0, fmt.Errorf("topic ref: %w", err)
		}
		if id, rest, ok := TicketRefID(ref); ok && rest == "topic" {
			return id, nil
		}
	}
	if t.u.ReplyToMessageID != 0 && t.u.ReplyToMessageID != t.u.ThreadID {
		id, err := t.tx.TicketOfMessage(t.ctx, t.u.ChatID, t.u.ReplyToMessageID)
		if errors.Is(err, ErrNotFound) {
			// The bot's message may be delivered but not yet recorded as sent
			// (marks are written a few milliseconds later): every message the
			// bot sends about a ticket names it on its first line.
			if t.u.ReplyToBot {
				if n, ok := ParseTicketNumber(ticketNumberInLine.FindString(t.u.ReplyToText)); ok {
					return n, nil
				}
			}
			return 0, nil
		}
		if err != nil {
			return 0, fmt.Errorf("ticket of message: %w", err)
		}
		return id, nil
	}
	return 0, nil
}

// officerMessage copies what an officer wrote about a ticket to its asker.
// It reports false when the message is not about a ticket (chatter, a
// registration's topic). Non-members of the staff group are ignored.
func (e *Engine) officerMessage(t *turn) (bool, error) {
	if bankPromptNumber.MatchString(t.u.ReplyToText) {
		return false, nil // an answer to the bank prompt is for the bot, never for the asker
	}
	id, err := e.ticketOfUpdate(t)
	if err != nil || id == 0 {
		return false, err
	}
	staff, err := e.isStaff(t)
	if err != nil || !staff {
		return staff, err
	}
	tk, err := t.tx.Ticket(t.ctx, id)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("load ticket %d: %w", id, err)
	}
	if !tk.Active() {
		if t.u.Kind != KindEdited {
			t.reply(fmt.Sprintf(textTicketNotActive, EscapeHTML(tk.Number)))
		}
		return true, nil
	}
	u := t.u
	if u.Kind == KindEdited {
		// Only an edit of a message the asker received is shown to them:
		// never of a command (a /catatan is internal) nor of a message that
		// was not relayed (a reply to the bank prompt).
		if strings.HasPrefix(strings.TrimSpace(u.Text), "/") {
			return true, nil
		}
		of, err := t.tx.TicketOfMessage(t.ctx, u.ChatID, u.MessageID)
		if errors.Is(err, ErrNotFound) || err == nil && of != tk.ID {
			return true, nil
		}
		if err != nil {
			return false, fmt.Errorf("ticket of edited message: %w", err)
		}
	}
	tag := textTicketOfficerTag
	if e.cfg.ShowOfficerName && strings.TrimSpace(u.UserName) != "" {
		tag = fmt.Sprintf(textTicketOfficerTagName, EscapeHTML(shorten(u.UserName, 64)))
	}
	m := TicketMessage{TicketID: tk.ID, Direction: TicketOut, ChatID: u.ChatID, MessageID: u.MessageID,
		UserID: u.UserID, UserName: u.UserName, Kind: u.Kind, Text: u.Text, At: t.now}
	if u.File != nil {
		m.Files = []File{*u.File}
	}
	if u.Kind == KindEdited {
		m.Direction = TicketEdit
		o := toAsker(tk, fmt.Sprintf(textTicketEdited, EscapeHTML(tk.Number), tag, EscapeHTML(shorten(u.Text, 3500))), nil)
		o.ReplyRef = ticketOutRef(tk.ID, u.MessageID)
		o.Receipt = &Receipt{ChatID: u.ChatID, MessageID: u.MessageID, ThreadID: u.ThreadID, Failed: textTicketDelivered}
		t.out = append(t.out, o)
	} else {
		t.out = append(t.out, e.relay(relayArgs{
			to: tk.ChatID, header: tag + ":", intro: fmt.Sprintf(textTicketOfficerMedia, tag, kindName(u.Kind)),
			ref: ticketOutRef(tk.ID, u.MessageID), failed: textTicketDelivered,
			gather: ticketRef(tk.ID, "album:"+u.MediaGroupID),
		}, u)...)
	}
	if err := t.tx.AddTicketMessage(t.ctx, m); err != nil {
		return false, fmt.Errorf("record ticket %d message: %w", tk.ID, err)
	}
	if tk.Status == TicketOpen {
		tk, err = t.tx.ChangeTicket(t.ctx, tk.ID, []string{TicketOpen}, TicketTaken, officer(t), ticketHandledBy(t))
		if err != nil && !errors.Is(err, ErrStale) {
			return false, fmt.Errorf("take ticket %d: %w", id, err)
		}
		if err == nil {
			edit, err := e.ticketCardUpdate(t, tk, 0)
			if err != nil {
				return false, err
			}
			t.out = append(t.out, edit...)
		}
	}
	return true, nil
}

// ticketHandledBy records the officer acting on a ticket.
func ticketHandledBy(t *turn) func(*Ticket) {
	return func(tk *Ticket) {
		tk.TakenBy, tk.TakenByName, tk.UpdatedAt = t.u.UserID, t.u.UserName, t.now
	}
}
