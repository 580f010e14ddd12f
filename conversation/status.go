package conversation

import (
	"fmt"
	"strings"
)

// statusLimit is how many requests /status lists, newest first.
const statusLimit = 10

// keyStatus is the menu key of /status.
const keyStatus = "status"

// showStatus lists the user's registration requests with their state and
// deadline, with a "Perbaiki" button for each rejected one, then the
// vendor registrations and the help tickets.
func (e *Engine) showStatus(t *turn) error {
	list, err := t.tx.RegistrationsOf(t.ctx, t.u.ChatID)
	if err != nil {
		return fmt.Errorf("registrations of chat: %w", err)
	}
	tickets, err := t.tx.TicketsOf(t.ctx, t.u.ChatID, statusLimit)
	if err != nil {
		return fmt.Errorf("tickets of chat: %w", err)
	}
	vendors, err := t.tx.VendorsOf(t.ctx, t.u.ChatID)
	if err != nil {
		return fmt.Errorf("vendors of chat: %w", err)
	}
	if len(list) == 0 && len(tickets) == 0 && len(vendors) == 0 {
		t.send(textStatusNoneAtAll, [][]Button{
			{{Text: textMenuRegistration, Data: dataMenu + keyRegistration}},
			{{Text: textMenuTicket, Data: dataMenu + keyTicket}},
		})
		return nil
	}
	t.st.Requests = true // remembered again if the state expired
	cal, err := t.tx.Calendar(t.ctx)
	if err != nil {
		return fmt.Errorf("calendar: %w", err)
	}
	var parts []string
	var rows [][]Button
	if len(list) > 0 {
		parts = append(parts, textStatusHeader)
	}
	for i, r := range list {
		if i == statusLimit {
			parts = append(parts, fmt.Sprintf(textStatusMore, len(list)-statusLimit))
			break
		}
		item := fmt.Sprintf(textStatusItem, EscapeHTML(r.Number), satkerText(r), stateText(r))
		if r.Status == RegSubmitted || r.Status == RegTaken {
			item += "\n" + fmt.Sprintf(textStatusDue, cal.FormatTime(r.Deadline))
		}
		if r.Status == RegRejected {
			if len(r.RejectItems) > 0 {
				labels := make([]string, len(r.RejectItems))
				for j, k := range r.RejectItems {
					labels[j] = RegistrationItemLabel(k)
				}
				item += "\n" + fmt.Sprintf(textStateRejectItems, EscapeHTML(strings.Join(labels, ", ")))
			}
			rows = append(rows, []Button{{Text: fmt.Sprintf(textFixButton, r.Number), Data: dataFix(r.ID)}})
		}
		parts = append(parts, item)
	}
	if len(vendors) > 0 {
		items, buttons := vendorStatusItems(vendors)
		parts = append(append(parts, textVendorStatusHead), items...)
		rows = append(rows, buttons...)
	}
	if len(tickets) > 0 {
		parts = append(parts, textStatusTicketsHeader)
	}
	t.st.Ticket = 0
	for _, tk := range tickets {
		item := fmt.Sprintf(textStatusTicketItem, EscapeHTML(tk.Number), EscapeHTML(tk.Category), ticketState(tk))
		if tk.Active() {
			t.st.Ticket = tk.ID
			item += "\n" + fmt.Sprintf(textStatusTicketDue, cal.FormatTime(tk.Deadline))
			rows = append(rows, []Button{{Text: textTicketDoneBtn + " (" + tk.Number + ")", Data: ticketData(tk.ID, ticketClose)}})
		}
		parts = append(parts, item)
	}
	rows = append(rows, []Button{{Text: textMenuMain, Data: dataMenu + keyMenu}})
	t.send(strings.Join(parts, "\n\n"), rows)
	return nil
}

// stateText is a request's state as its registrant reads it.
func stateText(r Registration) string {
	switch r.Status {
	case RegSubmitted:
		return textStateSubmitted
	case RegTaken:
		if r.TakenByName != "" {
			return fmt.Sprintf(textStateTaken, EscapeHTML(shorten(r.TakenByName, 64)))
		}
		return textStateTakenAnon
	case RegRejected:
		return fmt.Sprintf(textStateRejected, EscapeHTML(shorten(r.RejectReason, 500)))
	case RegRecorded:
		return textStateRecorded
	}
	return EscapeHTML(r.Status)
}
