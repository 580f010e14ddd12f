package conversation

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The states of a help ticket, in Indonesian because askers and officers
// read them in /status, on the staff card and in /tiket.
const (
	TicketOpen   = "terbuka"  // waiting for an officer
	TicketTaken  = "diproses" // an officer took it ("Ambil")
	TicketBank   = "eskalasi" // the bank is involved ("Eskalasi bank"); the deadline still counts
	TicketClosed = "selesai"  // closed by the asker ("Masalah selesai") or an officer ("Selesai")
)

// TicketActive lists the states of a ticket that is not closed.
var TicketActive = []string{TicketOpen, TicketTaken, TicketBank}

// The directions of a ticket's messages.
const (
	TicketIn   = "in"   // the asker wrote (copied to the staff group)
	TicketOut  = "out"  // an officer wrote (copied to the asker)
	TicketNote = "note" // an officer's internal note (/catatan), never sent to the asker
	TicketEdit = "edit" // the asker edited an earlier message (shown to staff as an edit)
)

// Ticket is one help request (procedure 1.d-1.f of the service standard).
type Ticket struct {
	ID         int64
	Number     string // "TKT-000123"
	ChatID     int64  // the asker's private chat
	UserID     int64
	UserName   string
	Username   string
	SatkerCode string // 6 digits; may be "" when the asker had none to give
	SatkerName string
	Category   string
	Text       string // the first description
	Files      []File // the first attachments

	Status      string
	Deadline    time.Time // 1 working day after it was opened
	TakenBy     int64     // the officer who took it, or acted on it last
	TakenByName string
	BankName    string // set by "Eskalasi bank"
	BankRef     string
	EscalatedAt time.Time
	// FirstResponseAt is when an officer's first message to the asker was
	// taken (the 1-working-day service level is measured on it).
	FirstResponseAt time.Time
	ClosedAt        time.Time
	ClosedBy        string // "penanya" (the asker) or the officer's name
	Rating          int    // 1-4, 0 while not rated
	RatingComment   string
	RatedAt         time.Time
	CreatedAt       time.Time
	UpdatedAt       time.Time
	Messages        int // messages exchanged after the first description (in and out)
}

// Active reports whether the ticket is not closed.
func (t Ticket) Active() bool { return t.Status != TicketClosed && t.Status != "" }

// TicketMessage is one message of a ticket, kept so replies, edits and
// notes find their ticket after a restart (never only in memory).
type TicketMessage struct {
	TicketID  int64
	Direction string // TicketIn, TicketOut, TicketNote, TicketEdit
	ChatID    int64  // where the message was written: the asker's chat (in, edit) or the staff group (out, note)
	MessageID int    // its message_id there
	UserID    int64
	UserName  string
	Kind      Kind   // KindText, KindPhoto, KindDocument, ...
	Text      string // text or caption (a note's text)
	Files     []File
	At        time.Time
}

// PoskoVisit is an assistance given face to face at the Posko Digipay,
// recorded by an officer with /posko so reports count both channels.
type PoskoVisit struct {
	ID         int64
	SatkerCode string
	SatkerName string // from the map, "" when unmapped
	Topic      string
	By         Actor
	At         time.Time
}

// TicketStore keeps help tickets. Every method runs inside the update's
// transaction.
type TicketStore interface {
	// OpenTicket stores a new ticket (ID and Number are assigned) and
	// returns it as stored; ErrDuplicate when the chat has an active ticket
	// already. Attachments are kept by file_id only: Telegram holds them.
	OpenTicket(ctx context.Context, t Ticket) (Ticket, error)
	// Ticket returns ticket id, locked for this transaction; ErrNotFound.
	Ticket(ctx context.Context, id int64) (Ticket, error)
	// TicketByNumber returns the ticket with the number ("TKT-000123"), locked.
	TicketByNumber(ctx context.Context, number string) (Ticket, error)
	// ActiveTicketOf returns the chat's active ticket; ErrNotFound when none.
	ActiveTicketOf(ctx context.Context, chatID int64) (Ticket, error)
	// TicketsOf lists the chat's tickets, newest first, at most limit.
	TicketsOf(ctx context.Context, chatID int64, limit int) ([]Ticket, error)
	// ActiveTickets lists every active ticket, the earliest deadline first.
	ActiveTickets(ctx context.Context) ([]Ticket, error)
	// ChangeTicket moves ticket id from one of the states in from to to
	// (to may equal the current state), applying change to the stored
	// ticket, and records an audit row; ErrStale when its state is not in
	// from.
	ChangeTicket(ctx context.Context, id int64, from []string, to string, by Actor, change func(*Ticket)) (Ticket, error)
	// AddTicketMessage records a message of a ticket. An officer's message
	// (TicketOut) sets the ticket's FirstResponseAt when it has none.
	AddTicketMessage(ctx context.Context, m TicketMessage) error
	// TicketOfMessage finds the ticket a staff-group message belongs to: a
	// message the bot sent under a ref of the ticket (see TicketRefID), or
	// an officer's message recorded with AddTicketMessage; ErrNotFound.
	TicketOfMessage(ctx context.Context, chatID int64, messageID int) (int64, error)
	// MessageRef returns the Outgoing.Ref of the message the bot sent as
	// messageID in chatID (a forum topic's thread id for an OutTopic);
	// ErrNotFound when it sent none under a ref there.
	MessageRef(ctx context.Context, chatID int64, messageID int) (string, error)
	// RecordPoskoVisit stores a face-to-face assistance and returns its id.
	RecordPoskoVisit(ctx context.Context, v PoskoVisit) (int64, error)
	// PoskoVisitsSince counts the face-to-face assistances recorded since.
	PoskoVisitsSince(ctx context.Context, since time.Time) (int, error)
	// SetBanned bans (or, with banned false, unbans) a user from the help
	// desk, with an audit row.
	SetBanned(ctx context.Context, userID int64, banned bool, reason string, by Actor) error
	// IsBanned reports whether the user is banned from the help desk.
	IsBanned(ctx context.Context, userID int64) (bool, error)
	// LinkedSatker returns the satker the chat is linked to (an approved
	// admin registration, an invitation, an officer's approval); ok is
	// false when none.
	LinkedSatker(ctx context.Context, chatID int64) (code, name string, ok bool, err error)
}

// TicketNumber is the number askers and officers quote for ticket id.
func TicketNumber(id int64) string { return fmt.Sprintf("TKT-%06d", id) }

// ParseTicketNumber returns the id in "TKT-000123" (any case, leading zeros optional).
func ParseTicketNumber(s string) (int64, bool) {
	rest, ok := strings.CutPrefix(strings.ToUpper(strings.TrimSpace(s)), "TKT-")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil && id > 0
}

// The refs of a ticket's messages (Outgoing.Ref): ticket:<id>:<what>.
// TicketRefID reads the id back, so a reply to any of them finds the ticket.

// TicketTopicRef names ticket id's forum topic in the staff group.
func TicketTopicRef(id int64) string { return fmt.Sprintf("ticket:%d:topic", id) }

// TicketCardRef names ticket id's header card in the staff group.
func TicketCardRef(id int64) string { return fmt.Sprintf("ticket:%d:card", id) }

// ticketInRef names the staff group's copy of the asker's message messageID.
func ticketInRef(id int64, messageID int) string {
	return fmt.Sprintf("ticket:%d:in:%d", id, messageID)
}

// ticketOutRef names the asker's copy of the officer's message messageID.
func ticketOutRef(id int64, messageID int) string {
	return fmt.Sprintf("ticket:%d:out:%d", id, messageID)
}

// ticketRef names any other message of ticket id (prompts, notices).
func ticketRef(id int64, what string) string { return fmt.Sprintf("ticket:%d:%s", id, what) }

// TicketRefID returns the ticket id of a ticket ref ("ticket:<id>:..."),
// and the rest after the id.
func TicketRefID(ref string) (id int64, rest string, ok bool) {
	after, found := strings.CutPrefix(ref, "ticket:")
	if !found {
		return 0, "", false
	}
	idText, rest, _ := strings.Cut(after, ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	return id, rest, err == nil && id > 0
}
