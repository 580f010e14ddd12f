package conversation

import (
	"errors"
	"fmt"
	"time"
	"unicode/utf8"
)

// Relaying a ticket's messages between the asker's private chat and the
// staff group. Messages are copied, never forwarded: the asker does not see
// officers' accounts, and the staff group sees who asked on every message.
// Every relayed message carries a Receipt, so its author sees 👌 once the
// copy arrived, or (officers) a warning when it could not be delivered; it
// is recorded with AddTicketMessage and its copy sent under a ticket ref, so
// replies and edits find the ticket after a restart.

// Anti-flood: more than floodMax messages within floodWindow get one notice
// that they are paced (the sender keeps Telegram's limits), never dropped.
const (
	floodWindow = 10 * time.Second
	floodMax    = 5
)

// captionMax is the longest caption Telegram takes on a copied photo or document.
const captionMax = 1024

// relayable reports whether u is something the asker can write into a ticket.
func relayable(u Update) bool {
	switch u.Kind {
	case KindText, KindPhoto, KindDocument, KindSticker, KindVoice, KindContact, KindEdited:
		return true
	}
	return false
}

// askerMessage puts what the asker wrote into their active ticket. It
// reports false when the state's ticket is gone or closed (the state
// forgets it), so the message is handled as if there were no ticket.
func (e *Engine) askerMessage(t *turn) (bool, error) {
	if e.cfg.GroupChatID == 0 {
		return false, nil // no staff group to relay to
	}
	tk, err := t.tx.Ticket(t.ctx, t.st.Ticket)
	if errors.Is(err, ErrNotFound) {
		t.st.Ticket = 0
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("load ticket %d: %w", t.st.Ticket, err)
	}
	if !tk.Active() || tk.ChatID != t.u.ChatID {
		t.st.Ticket = 0
		if t.u.Kind == KindEdited {
			return true, nil
		}
		t.send(fmt.Sprintf(textTicketGoneForAsker, EscapeHTML(tk.Number)),
			[][]Button{{{Text: textMenuTicket, Data: dataMenu + keyTicket}}})
		return true, nil
	}
	banned, err := t.tx.IsBanned(t.ctx, t.u.UserID)
	if err != nil {
		return false, fmt.Errorf("help desk ban of %d: %w", t.u.UserID, err)
	}
	if banned {
		t.send(textTicketBanned, nil)
		return true, nil
	}
	u := t.u
	if u.Kind == KindEdited && u.At.Unix() < tk.CreatedAt.Unix() {
		// An edit of a message written before the ticket (a form answer,
		// perhaps a NIK): it never went to the staff, and does not now.
		return true, nil
	}
	m := TicketMessage{TicketID: tk.ID, Direction: TicketIn, ChatID: u.ChatID, MessageID: u.MessageID,
		UserID: u.UserID, UserName: u.UserName, Kind: u.Kind, Text: u.Text, At: t.now}
	if u.File != nil {
		m.Files = []File{*u.File}
	}
	who := EscapeHTML(shorten(u.UserName, 64))
	if u.Kind == KindEdited {
		m.Direction = TicketEdit
		o := e.toTicketThread(tk, fmt.Sprintf(textTicketEdited, EscapeHTML(tk.Number), who, EscapeHTML(shorten(u.Text, 3500))))
		o.ReplyRef = ticketInRef(tk.ID, u.MessageID)
		o.Receipt = &Receipt{ChatID: u.ChatID, MessageID: u.MessageID}
		t.out = append(t.out, o)
	} else {
		header := fmt.Sprintf(textTicketFromAsker, EscapeHTML(tk.Number), who)
		replyTo, err := e.askerReplyTarget(t, tk.ID)
		if err != nil {
			return false, err
		}
		t.out = append(t.out, e.relay(relayArgs{
			to: e.cfg.GroupChatID, thread: e.ticketThread(tk.ID), topicName: ticketTopicName(tk),
			header: header, intro: fmt.Sprintf(textTicketAskerMedia, EscapeHTML(tk.Number), who, kindName(u.Kind)),
			ref: ticketInRef(tk.ID, u.MessageID), replyTo: replyTo, failed: textTicketNotForwarded,
			gather: ticketRef(tk.ID, "album:"+u.MediaGroupID),
		}, u)...)
	}
	if err := t.tx.AddTicketMessage(t.ctx, m); err != nil {
		return false, fmt.Errorf("record ticket %d message: %w", tk.ID, err)
	}
	e.paceNotice(t)
	e.offHoursNotice(t)
	return true, nil
}

// askerReplyTarget is the staff group's message an asker's reply refers to:
// the officer's message whose copy the asker replied to, 0 when none.
func (e *Engine) askerReplyTarget(t *turn, ticketID int64) (int, error) {
	if t.u.ReplyToMessageID == 0 {
		return 0, nil
	}
	ref, err := t.tx.MessageRef(t.ctx, t.u.ChatID, t.u.ReplyToMessageID)
	if errors.Is(err, ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("message ref: %w", err)
	}
	var officerMsg int
	if id, rest, ok := TicketRefID(ref); ok && id == ticketID {
		if _, err := fmt.Sscanf(rest, "out:%d", &officerMsg); err != nil {
			return 0, nil
		}
	}
	return officerMsg, nil
}

// paceNotice tells an asker who sends many messages at once that they are
// all relayed, paced; once per burst.
func (e *Engine) paceNotice(t *turn) {
	if t.u.MediaGroupID != "" {
		return // an album is one message
	}
	if t.now.Sub(t.st.FloodFrom) > floodWindow {
		t.st.FloodFrom, t.st.Flood = t.now, 0
	}
	t.st.Flood++
	if t.st.Flood == floodMax+1 {
		t.send(textTicketFlood, nil)
	}
}

// offHoursNotice tells an asker writing outside office hours when officers
// will answer, once per closed period.
func (e *Engine) offHoursNotice(t *turn) {
	cal, err := t.tx.Calendar(t.ctx)
	if err != nil {
		t.fail(fmt.Errorf("calendar: %w", err))
		return
	}
	if cal.InOfficeHours(t.now) || t.now.Before(t.st.OffHoursUntil) {
		return
	}
	next := cal.NextOpening(t.now)
	t.st.OffHoursUntil = next
	t.send(fmt.Sprintf(textTicketOffHoursNow, cal.FormatTime(next)), nil)
}

// relayArgs says where and how relay copies a message.
type relayArgs struct {
	to        int64
	thread    string // ThreadRef in the staff group, "" when none
	topicName string
	header    string // first line of a text or caption
	intro     string // the line sent before contents that take no caption (a sticker)
	ref       string
	replyTo   int
	failed    string
	gather    string // the album's gather key (with u.MediaGroupID)
}

// relay copies the message of u to a.to: a text as a new message under
// a.header, a photo or document copied with a.header above its caption,
// album pages gathered into one album, anything else (a sticker, a voice
// note) copied after a line that says what it is.
func (e *Engine) relay(a relayArgs, u Update) []Outgoing {
	receipt := &Receipt{ChatID: u.ChatID, MessageID: u.MessageID, ThreadID: u.ThreadID, Failed: a.failed}
	base := Outgoing{ChatID: a.to, ThreadRef: a.thread, TopicName: a.topicName, Ref: a.ref, ReplyTo: a.replyTo, Receipt: receipt}
	caption := a.header
	if u.Text != "" {
		limit := 3500
		if u.Kind != KindText && u.Kind != KindContact {
			// A caption may hold 1024 characters and the author's own may
			// have used them all: cut it to fit under the header.
			limit = captionMax - utf8.RuneCountInString(a.header) - 1
		}
		caption += "\n" + EscapeHTML(shorten(u.Text, limit))
	}
	switch {
	case u.Kind == KindText || u.Kind == KindContact:
		base.Kind, base.Text = OutSend, caption
		return []Outgoing{base}
	case (u.Kind == KindPhoto || u.Kind == KindDocument) && u.File != nil && u.MediaGroupID != "":
		base.Kind, base.Text, base.Files = OutMediaGroup, caption, []File{*u.File}
		base.Gather = a.gather
		return []Outgoing{base}
	case u.Kind == KindPhoto || u.Kind == KindDocument:
		base.Kind, base.Text, base.FromChatID, base.MessageID = OutCopy, caption, u.ChatID, u.MessageID
		return []Outgoing{base}
	}
	intro := Outgoing{Kind: OutSend, ChatID: a.to, ThreadRef: a.thread, TopicName: a.topicName, ReplyTo: a.replyTo,
		Text: a.intro}
	base.Kind, base.FromChatID, base.MessageID = OutCopy, u.ChatID, u.MessageID
	base.ReplyTo = 0
	return []Outgoing{intro, base}
}

// kindName names what a message without a caption carries.
func kindName(k Kind) string {
	switch k {
	case KindSticker:
		return "stiker"
	case KindVoice:
		return "pesan suara/video"
	}
	return "pesan"
}
