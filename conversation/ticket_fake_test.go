package conversation

import (
	"context"
	"slices"
	"time"
)

// ticketFake is the in-memory TicketStore of fakeTx. refs plays the
// sender's message_refs: a test records there what the bot "sent" under a ref.
type ticketFake struct {
	tickets  map[int64]*Ticket
	messages []TicketMessage
	refs     map[[2]int64]string // (chat, message) → ref
	visits   []PoskoVisit
	banned   map[int64]bool
	links    map[int64][2]string // chat → (code, name)
	changes  []regChange
}

func (f *ticketFake) OpenTicket(_ context.Context, t Ticket) (Ticket, error) {
	if f.tickets == nil {
		f.tickets = map[int64]*Ticket{}
	}
	for _, x := range f.tickets {
		if x.ChatID == t.ChatID && x.Active() {
			return Ticket{}, ErrDuplicate
		}
	}
	t.ID = int64(len(f.tickets) + 41)
	t.Number = TicketNumber(t.ID)
	f.tickets[t.ID] = &t
	return t, nil
}

func (f *ticketFake) Ticket(_ context.Context, id int64) (Ticket, error) {
	if t, ok := f.tickets[id]; ok {
		return *t, nil
	}
	return Ticket{}, ErrNotFound
}

func (f *ticketFake) TicketByNumber(ctx context.Context, number string) (Ticket, error) {
	id, ok := ParseTicketNumber(number)
	if !ok {
		return Ticket{}, ErrNotFound
	}
	return f.Ticket(ctx, id)
}

func (f *ticketFake) ActiveTicketOf(_ context.Context, chatID int64) (Ticket, error) {
	for _, t := range f.tickets {
		if t.ChatID == chatID && t.Active() {
			return *t, nil
		}
	}
	return Ticket{}, ErrNotFound
}

func (f *ticketFake) TicketsOf(_ context.Context, chatID int64, limit int) ([]Ticket, error) {
	var out []Ticket
	for _, t := range f.tickets {
		if t.ChatID == chatID {
			out = append(out, *t)
		}
	}
	slices.SortFunc(out, func(a, b Ticket) int { return int(b.ID - a.ID) })
	return out[:min(limit, len(out))], nil
}

func (f *ticketFake) ActiveTickets(_ context.Context) ([]Ticket, error) {
	var out []Ticket
	for _, t := range f.tickets {
		if t.Active() {
			out = append(out, *t)
		}
	}
	slices.SortFunc(out, func(a, b Ticket) int { return a.Deadline.Compare(b.Deadline) })
	return out, nil
}

func (f *ticketFake) ChangeTicket(_ context.Context, id int64, from []string, to string, by Actor, change func(*Ticket)) (Ticket, error) {
	t, ok := f.tickets[id]
	if !ok {
		return Ticket{}, ErrNotFound
	}
	if !slices.Contains(from, t.Status) {
		return *t, ErrStale
	}
	f.changes = append(f.changes, regChange{ID: id, From: t.Status, To: to, By: by})
	t.Status = to
	change(t)
	return *t, nil
}

func (f *ticketFake) AddTicketMessage(_ context.Context, m TicketMessage) error {
	f.messages = append(f.messages, m)
	if t, ok := f.tickets[m.TicketID]; ok && m.Direction == TicketOut && t.FirstResponseAt.IsZero() {
		t.FirstResponseAt = m.At
	}
	return nil
}

func (f *ticketFake) TicketOfMessage(_ context.Context, chatID int64, messageID int) (int64, error) {
	if id, _, ok := TicketRefID(f.refs[[2]int64{chatID, int64(messageID)}]); ok {
		return id, nil
	}
	for _, m := range f.messages {
		if m.ChatID == chatID && m.MessageID == messageID && (m.Direction == TicketOut || m.Direction == TicketNote) {
			return m.TicketID, nil
		}
	}
	return 0, ErrNotFound
}

func (f *ticketFake) MessageRef(_ context.Context, chatID int64, messageID int) (string, error) {
	if ref, ok := f.refs[[2]int64{chatID, int64(messageID)}]; ok {
		return ref, nil
	}
	return "", ErrNotFound
}

// sent records that the bot's message messageID in chatID carries ref.
func (f *ticketFake) sent(chatID int64, messageID int, ref string) {
	if f.refs == nil {
		f.refs = map[[2]int64]string{}
	}
	f.refs[[2]int64{chatID, int64(messageID)}] = ref
}

func (f *ticketFake) RecordPoskoVisit(_ context.Context, v PoskoVisit) (int64, error) {
	v.ID = int64(len(f.visits) + 1)
	f.visits = append(f.visits, v)
	return v.ID, nil
}

func (f *ticketFake) PoskoVisitsSince(_ context.Context, since time.Time) (int, error) {
	n := 0
	for _, v := range f.visits {
		if !v.At.Before(since) {
			n++
		}
	}
	return n, nil
}

func (f *ticketFake) SetBanned(_ context.Context, userID int64, banned bool, _ string, _ Actor) error {
	if f.banned == nil {
		f.banned = map[int64]bool{}
	}
	f.banned[userID] = banned
	return nil
}

func (f *ticketFake) IsBanned(_ context.Context, userID int64) (bool, error) {
	return f.banned[userID], nil
}

func (f *ticketFake) LinkedSatker(_ context.Context, chatID int64) (string, string, bool, error) {
	l, ok := f.links[chatID]
	return l[0], l[1], ok, nil
}
