package conversation

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// The asker's side of the help desk (procedure 1.d-1.f): /bantuan opens a
// ticket with a category, the satker (from the linked account, or asked),
// a description and attachments; afterwards everything the asker writes
// outside a form goes into the open ticket (ticket_relay.go) until the
// asker ("Masalah selesai") or an officer closes it; then a 1-4 rating
// (ticket_rating.go). The staff group's side is ticket_staff.go.

// Keys of the help ticket form's answers and values.
const (
	keyTicket      = "bantuan" // the flow's name, menu key and /start payload
	ticketCategory = "kategori"
	ticketSatker   = "satker"
	ticketText     = "uraian"
	ticketFiles    = "lampiran"

	ticketDataLinked = "linked"    // "<code>|<name>" of the chat's linked satker, "" when none
	ticketDataID     = "ticket_id" // set by Submit for Submitted
)

// Callback data of ticket buttons: t:<id>:<action>. "close" is the asker's
// "Masalah selesai"; the others are the officers' (ticket_staff.go).
const (
	dataTicket   = "t:"
	ticketTake   = "take"
	ticketBank   = "bank"
	ticketDone   = "done"
	ticketClose  = "close"
	ticketTextMx = 3000 // the longest description, in characters
)

// ticketData is the callback data of action on ticket id.
func ticketData(id int64, action string) string {
	return dataTicket + strconv.FormatInt(id, 10) + ":" + action
}

// parseTicketData splits t:<id>:<action>.
func parseTicketData(data string) (int64, string, bool) {
	rest, ok := strings.CutPrefix(data, dataTicket)
	if !ok {
		return 0, "", false
	}
	idText, action, ok := strings.Cut(rest, ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	return id, action, ok && err == nil && id > 0 && action != ""
}

// ticketFlow is the form that opens a help ticket.
func (e *Engine) ticketFlow() Flow {
	return Flow{
		Name:   keyTicket,
		Title:  textTicketTitle,
		Object: textTicketObject,
		Intro:  textTicketIntro,
		Fields: []Field{
			{Key: ticketCategory, Label: labelTicketCategory, Prompt: promptTicketCategory, Kind: FieldChoice,
				Choices: TicketCategories()},
			{Key: ticketSatker, Label: labelTicketSatker, Prompt: promptTicketSatker, Kind: FieldText,
				Validate: ValidateKodeSatker, Optional: true, Check: lookupSatker, NoteText: noteTicketSatker,
				Hidden: linkedSatkerKnown},
			{Key: ticketText, Label: labelTicketText, Prompt: promptTicketText, Kind: FieldText,
				Validate: TextBetween(10, ticketTextMx)},
			{Key: ticketFiles, Label: labelTicketFiles, Prompt: promptTicketFiles, Kind: FieldDocument, Optional: true},
		},
		Submit: e.submitTicket,
		Submitted: func(st *State, data map[string]string) {
			if id, err := strconv.ParseInt(data[ticketDataID], 10, 64); err == nil && id > 0 {
				st.Ticket, st.Requests, st.Rating = id, true, 0
			}
		},
	}
}

// TicketCategories are the kinds of help a ticket asks for.
func TicketCategories() []string {
	return []string{choiceTicketReg, choiceTicketVendor, choiceTicketTx, choiceTicketApp, choiceTicketOther}
}

// linkedSatkerKnown hides the satker question when the chat is linked to a
// satker already; it is looked up once per form and kept in its Data.
func linkedSatkerKnown(fc FieldContext) bool {
	v, ok := fc.Data[ticketDataLinked]
	if !ok {
		code, name, found, err := fc.Tx.LinkedSatker(fc.Ctx, fc.ChatID)
		if err != nil {
			return false // ask: the answer is the asker's to give
		}
		if found {
			v = code + "|" + name
		}
		fc.Data[ticketDataLinked] = v
	}
	return v != ""
}

// openTicket is /bantuan and the menu's "Minta bantuan": the active ticket
// when there is one, a refusal for a banned user, else the form.
func (e *Engine) openTicket(t *turn) error {
	if e.cfg.GroupChatID == 0 {
		t.send(textTicketNoDesk, nil) // no staff group: no officer would read it
		return nil
	}
	// The ban first: a banned user is not invited to write into a ticket
	// whose messages would then be refused.
	banned, err := t.tx.IsBanned(t.ctx, t.u.UserID)
	if err != nil {
		return fmt.Errorf("help desk ban of %d: %w", t.u.UserID, err)
	}
	if banned {
		t.send(textTicketBanned, nil)
		return nil
	}
	if handled, err := e.showActiveTicket(t); handled || err != nil {
		return err
	}
	e.startFlow(t, e.flows[keyTicket])
	return nil
}

// showActiveTicket tells a user who has an active ticket to write into it.
func (e *Engine) showActiveTicket(t *turn) (bool, error) {
	tk, err := t.tx.ActiveTicketOf(t.ctx, t.u.ChatID)
	if errors.Is(err, ErrNotFound) {
		t.st.Ticket = 0
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("active ticket of chat: %w", err)
	}
	t.st.Ticket = tk.ID
	t.send(fmt.Sprintf(textTicketActive, EscapeHTML(tk.Number), EscapeHTML(tk.Category)),
		[][]Button{{{Text: textTicketDoneBtn, Data: ticketData(tk.ID, ticketClose)}}})
	return true, nil
}

// submitTicket stores the ticket, gives the asker a receipt (with when the
// KPPN will answer, honestly, outside office hours) and puts the card and
// attachments in the staff group.
func (e *Engine) submitTicket(ctx context.Context, tx Tx, s Submission) ([]Outgoing, error) {
	// The form may have been opened by a /start link, past openTicket's checks.
	if e.cfg.GroupChatID == 0 {
		return []Outgoing{{Kind: OutSend, ChatID: s.ChatID, Text: textTicketNoDesk}}, nil
	}
	banned, err := tx.IsBanned(ctx, s.UserID)
	if err != nil {
		return nil, fmt.Errorf("help desk ban of %d: %w", s.UserID, err)
	}
	if banned {
		return []Outgoing{{Kind: OutSend, ChatID: s.ChatID, Text: textTicketBanned}}, nil
	}
	cal, err := tx.Calendar(ctx)
	if err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	tk := Ticket{
		ChatID: s.ChatID, UserID: s.UserID, UserName: s.UserName, Username: s.Username,
		Category: s.Value(ticketCategory), Text: s.Value(ticketText), Files: s.Files(ticketFiles),
		Status: TicketOpen, Deadline: cal.Deadline(s.At, 1), CreatedAt: s.At, UpdatedAt: s.At,
	}
	if code, name, ok := strings.Cut(s.Data[ticketDataLinked], "|"); ok {
		tk.SatkerCode, tk.SatkerName = code, name
	} else if a := s.Answers[ticketSatker]; a.Value != "" {
		tk.SatkerCode, tk.SatkerName = a.Value, a.Note
	}
	stored, err := tx.OpenTicket(ctx, tk)
	if errors.Is(err, ErrDuplicate) {
		active, err := tx.ActiveTicketOf(ctx, s.ChatID)
		if err != nil {
			return nil, fmt.Errorf("active ticket of chat: %w", err)
		}
		s.Data[ticketDataID] = strconv.FormatInt(active.ID, 10)
		return []Outgoing{{Kind: OutSend, ChatID: s.ChatID,
			Text:    fmt.Sprintf(textTicketActive, EscapeHTML(active.Number), EscapeHTML(active.Category)),
			Buttons: [][]Button{{{Text: textTicketDoneBtn, Data: ticketData(active.ID, ticketClose)}}}}}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("open ticket: %w", err)
	}
	s.Data[ticketDataID] = strconv.FormatInt(stored.ID, 10)
	text := fmt.Sprintf(textTicketReceipt, EscapeHTML(stored.Number), cal.FormatTime(stored.Deadline))
	if !cal.InOfficeHours(s.At) {
		text += fmt.Sprintf(textTicketOffHours, cal.FormatTime(cal.NextOpening(s.At)))
	}
	out := []Outgoing{{Kind: OutSend, ChatID: s.ChatID, Text: text,
		Buttons: [][]Button{{{Text: textTicketDoneBtn, Data: ticketData(stored.ID, ticketClose)}}}}}
	return append(out, e.ticketCard(stored, s.At)...), nil
}

// askerClose is the asker's "Masalah selesai": the ticket is closed, the
// staff group told, and the asker asked for a rating.
func (e *Engine) askerClose(t *turn, id int64) error {
	t.answer("")
	tk, err := t.tx.Ticket(t.ctx, id)
	if errors.Is(err, ErrNotFound) || err == nil && tk.ChatID != t.u.ChatID {
		t.send(textStale, nil)
		return nil
	}
	if err != nil {
		return fmt.Errorf("load ticket %d: %w", id, err)
	}
	if !tk.Active() {
		t.st.Ticket = 0
		t.send(fmt.Sprintf(textTicketAlreadyClosed, EscapeHTML(tk.Number)), nil)
		return nil
	}
	by := Actor{UserID: t.u.UserID, Name: t.u.UserName, ChatID: t.u.ChatID}
	tk, err = t.tx.ChangeTicket(t.ctx, id, TicketActive, TicketClosed, by, func(x *Ticket) {
		x.ClosedAt, x.ClosedBy, x.UpdatedAt = t.now, closedByAsker, t.now
	})
	if errors.Is(err, ErrStale) {
		t.send(fmt.Sprintf(textTicketAlreadyClosed, EscapeHTML(tk.Number)), nil)
		return nil
	}
	if err != nil {
		return fmt.Errorf("close ticket %d: %w", id, err)
	}
	t.st.Ticket = 0
	t.send(fmt.Sprintf(textTicketClosedByAsker, EscapeHTML(tk.Number)), nil)
	t.out = append(t.out, ratingAsk(tk))
	edit, err := e.ticketCardUpdate(t, tk, 0)
	if err != nil {
		return err
	}
	t.out = append(t.out, edit...)
	if e.cfg.GroupChatID != 0 {
		t.out = append(t.out, e.toTicketThread(tk, fmt.Sprintf(textTicketClosedNote, EscapeHTML(tk.Number), closerName(tk))))
	}
	return nil
}

// closedByAsker is Ticket.ClosedBy when the asker closed it.
const closedByAsker = "penanya"

// closerName is who closed tk, as officers read it.
func closerName(tk Ticket) string {
	if tk.ClosedBy == "" {
		return "-"
	}
	return EscapeHTML(shorten(tk.ClosedBy, 64))
}

// ticketState is tk's state as the asker reads it.
func ticketState(tk Ticket) string {
	switch tk.Status {
	case TicketOpen:
		return textTicketStateOpen
	case TicketTaken:
		return textTicketStateTaken
	case TicketBank:
		return fmt.Sprintf(textTicketStateBank, EscapeHTML(tk.BankName))
	}
	return textTicketStateClosed
}
