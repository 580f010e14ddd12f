package conversation

import (
	"errors"
	"fmt"
	"strings"
)

// The buttons of a ticket: the asker's "Masalah selesai" in the private
// chat, and the officers' "Ambil", "Eskalasi bank" and "Selesai" on the
// card. Every change goes through ChangeTicket, conditional on the ticket's
// state (of two officers pressing at once exactly one wins) and audited.

// ticketCallback handles a press of t:<id>:<action>. A press it does not
// recognise is left unanswered, for Handle to answer as stale.
func (e *Engine) ticketCallback(t *turn) error {
	id, action, ok := parseTicketData(t.u.CallbackData)
	if !ok {
		return nil
	}
	if t.u.ChatType == ChatPrivate {
		if action == ticketClose {
			return e.askerClose(t, id)
		}
		return nil
	}
	staff, err := e.isStaff(t)
	if err != nil {
		return err
	}
	if !staff {
		alert(t, textTicketNotStaff)
		return nil
	}
	switch action {
	case ticketTake:
		return e.takeTicket(t, id)
	case ticketBank:
		return e.askBank(t, id)
	case ticketDone:
		return e.officerClose(t, id)
	}
	return nil
}

// ticketRefused tells the officer why a change did not apply: the ticket
// is gone, or it was decided meanwhile (by whom, and how).
func (e *Engine) ticketRefused(t *turn, id int64, cause error) error {
	tk, err := t.tx.Ticket(t.ctx, id)
	if errors.Is(cause, ErrNotFound) || errors.Is(err, ErrNotFound) {
		e.tell(t, textTicketGone)
		return nil
	}
	if err != nil {
		return fmt.Errorf("load ticket %d: %w", id, err)
	}
	who := textReviewUnknownOfficer
	if tk.TakenByName != "" {
		who = EscapeHTML(shorten(tk.TakenByName, 64))
	}
	if tk.Status == TicketClosed {
		who = closerName(tk)
	}
	if tk.Status == TicketTaken && tk.TakenBy == t.u.UserID {
		e.tell(t, fmt.Sprintf(textTicketYours, EscapeHTML(tk.Number)))
	} else {
		e.tell(t, fmt.Sprintf(textTicketAlready, who, ticketState(tk)))
	}
	if t.u.Kind == KindCallback {
		edit, err := e.ticketCardUpdate(t, tk, t.u.MessageID)
		if err != nil {
			return err
		}
		t.out = append(t.out, edit...)
	}
	return nil
}

// takeTicket is "Ambil": the officer handles the ticket; the asker is told who.
func (e *Engine) takeTicket(t *turn, id int64) error {
	tk, err := t.tx.ChangeTicket(t.ctx, id, []string{TicketOpen}, TicketTaken, officer(t), ticketHandledBy(t))
	if errors.Is(err, ErrStale) || errors.Is(err, ErrNotFound) {
		return e.ticketRefused(t, id, err)
	}
	if err != nil {
		return fmt.Errorf("take ticket %d: %w", id, err)
	}
	t.answer(fmt.Sprintf(textTicketTakenToast, tk.Number))
	edit, err := e.ticketCardUpdate(t, tk, t.u.MessageID)
	if err != nil {
		return err
	}
	t.out = append(t.out, edit...)
	t.out = append(t.out, toAsker(tk, fmt.Sprintf(textTicketTakenAsker, EscapeHTML(tk.Number), e.officerLabel(t)), nil))
	return nil
}

// officerLabel names the acting officer to an asker, or only "petugas KPPN"
// when names are hidden.
func (e *Engine) officerLabel(t *turn) string {
	if e.cfg.ShowOfficerName && strings.TrimSpace(t.u.UserName) != "" {
		return "petugas KPPN " + EscapeHTML(shorten(t.u.UserName, 64))
	}
	return "petugas KPPN"
}

// askBank is "Eskalasi bank": it asks for the bank and the reference, as a
// reply to a prompt (or /eskalasi).
func (e *Engine) askBank(t *turn, id int64) error {
	tk, err := t.tx.Ticket(t.ctx, id)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("load ticket %d: %w", id, err)
	}
	if err != nil || !tk.Active() {
		return e.ticketRefused(t, id, err)
	}
	t.answer("")
	o := e.toTicketThread(tk, fmt.Sprintf(textTicketBankPrompt, EscapeHTML(tk.Number)))
	o.Ref = ticketRef(tk.ID, "bank")
	t.out = append(t.out, o)
	return nil
}

// escalate records that the bank is involved in ticket number: bank name and
// reference from text "<bank>, <reference>"; the asker is told, the card
// shows the ticket waiting on the bank with its deadline.
func (e *Engine) escalate(t *turn, number, text string) error {
	bank, ref, ok := strings.Cut(text, ",")
	bank, ref = strings.TrimSpace(bank), strings.TrimSpace(ref)
	if !ok || len([]rune(bank)) < 2 || ref == "" || len(bank) > 100 || len(ref) > 100 {
		t.reply(textTicketBankBad)
		return nil
	}
	id, ok := ParseTicketNumber(number)
	if !ok {
		t.reply(fmt.Sprintf(textTicketNotFound, EscapeHTML(number)))
		return nil
	}
	tk, err := t.tx.ChangeTicket(t.ctx, id, TicketActive, TicketBank, officer(t), func(x *Ticket) {
		x.BankName, x.BankRef, x.EscalatedAt = bank, ref, t.now
		if x.TakenBy == 0 {
			x.TakenBy, x.TakenByName = t.u.UserID, t.u.UserName
		}
		x.UpdatedAt = t.now
	})
	if errors.Is(err, ErrNotFound) {
		t.reply(fmt.Sprintf(textTicketNotFound, EscapeHTML(number)))
		return nil
	}
	if errors.Is(err, ErrStale) {
		return e.ticketRefused(t, id, err)
	}
	if err != nil {
		return fmt.Errorf("escalate ticket %d: %w", id, err)
	}
	cal, err := t.tx.Calendar(t.ctx)
	if err != nil {
		return fmt.Errorf("calendar: %w", err)
	}
	t.reply(fmt.Sprintf(textTicketBankDone, EscapeHTML(tk.Number), EscapeHTML(bank), EscapeHTML(ref)))
	t.out = append(t.out, toAsker(tk, fmt.Sprintf(textTicketBankAsker, EscapeHTML(tk.Number), EscapeHTML(bank),
		EscapeHTML(ref), cal.FormatTime(tk.Deadline)), nil))
	edit, err := e.ticketCardUpdate(t, tk, 0)
	if err != nil {
		return err
	}
	t.out = append(t.out, edit...)
	return nil
}

// officerClose is "Selesai": the ticket is closed and the asker asked for a rating.
func (e *Engine) officerClose(t *turn, id int64) error {
	tk, err := t.tx.ChangeTicket(t.ctx, id, TicketActive, TicketClosed, officer(t), func(x *Ticket) {
		x.ClosedAt, x.ClosedBy, x.UpdatedAt = t.now, t.u.UserName, t.now
		if x.TakenBy == 0 {
			x.TakenBy, x.TakenByName = t.u.UserID, t.u.UserName
		}
	})
	if errors.Is(err, ErrStale) || errors.Is(err, ErrNotFound) {
		return e.ticketRefused(t, id, err)
	}
	if err != nil {
		return fmt.Errorf("close ticket %d: %w", id, err)
	}
	t.answer(fmt.Sprintf(textTicketDoneToast, tk.Number))
	edit, err := e.ticketCardUpdate(t, tk, t.u.MessageID)
	if err != nil {
		return err
	}
	t.out = append(t.out, edit...)
	t.out = append(t.out, toAsker(tk, fmt.Sprintf(textTicketClosedByOfficer, EscapeHTML(tk.Number)), nil), ratingAsk(tk))
	return nil
}
