package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"posko/conversation"
)

// Help tickets (issue 4), stored through the update's transaction. The text
// an asker types (the description, the rating's comment) is sealed with
// DOCUMENT_KEY before it reaches the table, as registrations seal NIK.

// ticketAAD binds a sealed column of ticket id to its row and column: a
// value copied to another row or column does not open.
func ticketAAD(id int64, column string) []byte {
	return []byte("posko:ticket:" + strconv.FormatInt(id, 10) + ":" + column)
}

// ticketRow is a tickets row as stored.
type ticketRow struct {
	ID              int64      `db:"id"`
	Number          string     `db:"number"`
	ChatID          int64      `db:"chat_id"`
	UserID          int64      `db:"user_id"`
	UserName        string     `db:"user_name"`
	Username        string     `db:"username"`
	SatkerCode      string     `db:"satker_code"`
	SatkerName      string     `db:"satker_name"`
	Category        string     `db:"category"`
	Text            []byte     `db:"text"`
	Files           []byte     `db:"files"`
	Status          string     `db:"status"`
	Deadline        time.Time  `db:"deadline"`
	TakenBy         int64      `db:"taken_by"`
	TakenByName     string     `db:"taken_by_name"`
	BankName        string     `db:"bank_name"`
	BankRef         string     `db:"bank_ref"`
	EscalatedAt     *time.Time `db:"escalated_at"`
	FirstResponseAt *time.Time `db:"first_response_at"`
	ClosedAt        *time.Time `db:"closed_at"`
	ClosedBy        string     `db:"closed_by"`
	Rating          int        `db:"rating"`
	RatingComment   []byte     `db:"rating_comment"`
	RatedAt         *time.Time `db:"rated_at"`
	Messages        int        `db:"messages"`
	CreatedAt       time.Time  `db:"created_at"`
	UpdatedAt       time.Time  `db:"updated_at"`
}

const ticketColumns = `id, number, chat_id, user_id, user_name, username, satker_code, satker_name, category,
	text, files, status, deadline, taken_by, taken_by_name, bank_name, bank_ref, escalated_at, first_response_at,
	closed_at, closed_by, rating, rating_comment, rated_at, messages, created_at, updated_at`

// OpenTicket stores t as a new ticket: its id and number are assigned, its
// status is terbuka, a zero CreatedAt is now and a zero Deadline 1 working
// day after it. An audit row records the opening. When the chat has an
// active ticket already it stores nothing and returns ErrDuplicate, and the
// update's transaction stays usable (the flow may add to that ticket).
func (s *txStore) OpenTicket(ctx context.Context, t conversation.Ticket) (conversation.Ticket, error) {
	if s.key == nil {
		return conversation.Ticket{}, fmt.Errorf("open ticket: %w", ErrNoDocumentKey)
	}
	if t.CreatedAt.IsZero() {
		t.CreatedAt = time.Now()
	}
	if t.Deadline.IsZero() {
		cal, err := s.Calendar(ctx)
		if err != nil {
			return conversation.Ticket{}, fmt.Errorf("open ticket: %w", err)
		}
		t.Deadline = cal.Deadline(t.CreatedAt, 1)
	}
	if err := s.begin(ctx); err != nil {
		return conversation.Ticket{}, fmt.Errorf("open ticket: %w", err)
	}
	if err := s.tx.QueryRow(ctx, `SELECT nextval('ticket_ids')`).Scan(&t.ID); err != nil {
		s.fail(err)
		return conversation.Ticket{}, fmt.Errorf("open ticket: %w", err)
	}
	t.Number = conversation.TicketNumber(t.ID)
	t.Status = conversation.TicketOpen
	row, err := newTicketRow(s.key, t)
	if err != nil {
		return conversation.Ticket{}, fmt.Errorf("open ticket %s: %w", t.Number, err)
	}
	detail, err := ticketDetail(t, "")
	if err != nil {
		return conversation.Ticket{}, fmt.Errorf("open ticket %s: %w", t.Number, err)
	}
	// ON CONFLICT on the partial index rather than a unique violation: a
	// failed statement would leave the whole update unusable.
	err = s.tx.QueryRow(ctx, `
		WITH ins AS (
		  INSERT INTO tickets (`+ticketColumns+`)
		  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
		          $21, $22, $23, $24, $25, $26, $26)
		  ON CONFLICT (chat_id) WHERE status <> 'selesai' DO NOTHING
		  RETURNING id, updated_at),
		audit AS (
		  INSERT INTO audit_log (actor_id, chat_id, action, subject, detail)
		  SELECT $27, $3, 'ticket.' || $12, $2, $28 FROM ins)
		SELECT updated_at FROM ins`,
		row.ID, row.Number, row.ChatID, row.UserID, row.UserName, row.Username, row.SatkerCode, row.SatkerName,
		row.Category, row.Text, string(row.Files), row.Status, row.Deadline, row.TakenBy, row.TakenByName,
		row.BankName, row.BankRef, row.EscalatedAt, row.FirstResponseAt, row.ClosedAt, row.ClosedBy, row.Rating,
		row.RatingComment, row.RatedAt, row.Messages, row.CreatedAt, t.UserID, detail).Scan(&t.UpdatedAt)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return conversation.Ticket{}, fmt.Errorf("open ticket: chat %d has an active ticket: %w", t.ChatID, ErrDuplicate)
	case err != nil:
		s.fail(err)
		return conversation.Ticket{}, fmt.Errorf("open ticket %s: %w", t.Number, interpretError(err))
	}
	return t, nil
}

// Ticket returns ticket id, locked (FOR UPDATE) until the update's
// transaction ends; ErrNotFound when there is none.
func (s *txStore) Ticket(ctx context.Context, id int64) (conversation.Ticket, error) {
	t, err := s.oneTicket(ctx, `WHERE id = $1 FOR UPDATE`, id)
	if err != nil {
		return conversation.Ticket{}, fmt.Errorf("ticket %d: %w", id, err)
	}
	return t, nil
}

// TicketByNumber returns the ticket with the number, locked like Ticket.
// The number is read as ParseTicketNumber reads it ("tkt-123" finds
// TKT-000123).
func (s *txStore) TicketByNumber(ctx context.Context, number string) (conversation.Ticket, error) {
	id, ok := conversation.ParseTicketNumber(number)
	if !ok {
		return conversation.Ticket{}, fmt.Errorf("ticket %q: %w", number, ErrNotFound)
	}
	t, err := s.oneTicket(ctx, `WHERE number = $1 FOR UPDATE`, conversation.TicketNumber(id))
	if err != nil {
		return conversation.Ticket{}, fmt.Errorf("ticket %s: %w", number, err)
	}
	return t, nil
}

// ActiveTicketOf returns the chat's active ticket (not locked); ErrNotFound
// when it has none.
func (s *txStore) ActiveTicketOf(ctx context.Context, chatID int64) (conversation.Ticket, error) {
	t, err := s.oneTicket(ctx, `WHERE chat_id = $1 AND status <> 'selesai'`, chatID)
	if err != nil {
		return conversation.Ticket{}, fmt.Errorf("active ticket of chat %d: %w", chatID, err)
	}
	return t, nil
}

// TicketsOf lists the chat's tickets, newest first, at most limit.
func (s *txStore) TicketsOf(ctx context.Context, chatID int64, limit int) ([]conversation.Ticket, error) {
	list, err := s.tickets(ctx, `WHERE chat_id = $1 ORDER BY id DESC LIMIT $2`, chatID, limit)
	if err != nil {
		return nil, fmt.Errorf("tickets of chat %d: %w", chatID, err)
	}
	return list, nil
}

// ActiveTickets lists every active ticket, the earliest deadline first.
func (s *txStore) ActiveTickets(ctx context.Context) ([]conversation.Ticket, error) {
	list, err := s.tickets(ctx, `WHERE status <> 'selesai' ORDER BY deadline, id`)
	if err != nil {
		return nil, fmt.Errorf("active tickets: %w", err)
	}
	return list, nil
}

// ChangeTicket locks ticket id, checks that its status is one of from (else
// it returns the ticket as it is, with ErrStale), applies change, sets the
// status to and writes the whole ticket back (its id, number and creation
// time excepted), with an audit row "ticket.<to>" ("ticket.edited" when the
// status stays). Two transactions changing one ticket run one after the
// other, so of two officers pressing "Ambil" at once exactly one wins.
func (s *txStore) ChangeTicket(ctx context.Context, id int64, from []string, to string, by conversation.Actor, change func(*conversation.Ticket)) (conversation.Ticket, error) {
	t, err := s.oneTicket(ctx, `WHERE id = $1 FOR UPDATE`, id)
	if err != nil {
		return conversation.Ticket{}, fmt.Errorf("change ticket %d: %w", id, err)
	}
	if !slices.Contains(from, t.Status) {
		return t, fmt.Errorf("change ticket %s: it is %s: %w", t.Number, t.Status, conversation.ErrStale)
	}
	prev := t.Status
	if change != nil {
		change(&t)
	}
	t.ID, t.Status = id, to
	row, err := newTicketRow(s.key, t)
	if err != nil {
		return conversation.Ticket{}, fmt.Errorf("change ticket %s: %w", t.Number, err)
	}
	detail, err := ticketDetail(t, prev)
	if err != nil {
		return conversation.Ticket{}, fmt.Errorf("change ticket %s: %w", t.Number, err)
	}
	action := "ticket." + to
	if prev == to {
		action = "ticket.edited"
	}
	err = s.tx.QueryRow(ctx, `
		WITH upd AS (
		  UPDATE tickets SET chat_id = $2, user_id = $3, user_name = $4, username = $5, satker_code = $6,
		    satker_name = $7, category = $8, text = $9, files = $10, status = $11, deadline = $12, taken_by = $13,
		    taken_by_name = $14, bank_name = $15, bank_ref = $16, escalated_at = $17, first_response_at = $18,
		    closed_at = $19, closed_by = $20, rating = $21, rating_comment = $22, rated_at = $23, messages = $24,
		    updated_at = now()
		  WHERE id = $1 RETURNING number, updated_at),
		audit AS (
		  INSERT INTO audit_log (actor_id, chat_id, action, subject, detail)
		  SELECT $25, $26, $27, upd.number, $28 FROM upd)
		SELECT updated_at FROM upd`,
		id, row.ChatID, row.UserID, row.UserName, row.Username, row.SatkerCode, row.SatkerName, row.Category,
		row.Text, string(row.Files), row.Status, row.Deadline, row.TakenBy, row.TakenByName, row.BankName,
		row.BankRef, row.EscalatedAt, row.FirstResponseAt, row.ClosedAt, row.ClosedBy, row.Rating,
		row.RatingComment, row.RatedAt, row.Messages, by.UserID, by.ChatID, action, detail).Scan(&t.UpdatedAt)
	if err != nil {
		s.fail(err)
		return conversation.Ticket{}, fmt.Errorf("change ticket %s: %w", t.Number, interpretError(err))
	}
	return t, nil
}

// oneTicket reads the ticket the clause selects.
func (s *txStore) oneTicket(ctx context.Context, clause string, args ...any) (conversation.Ticket, error) {
	if s.key == nil {
		return conversation.Ticket{}, ErrNoDocumentKey
	}
	row, err := oneRow[ticketRow](ctx, s, `SELECT `+ticketColumns+` FROM tickets `+clause, args...)
	if err != nil {
		return conversation.Ticket{}, err
	}
	return row.ticket(s.key)
}

// tickets reads the tickets the clause selects, in its order.
func (s *txStore) tickets(ctx context.Context, clause string, args ...any) ([]conversation.Ticket, error) {
	if s.key == nil {
		return nil, ErrNoDocumentKey
	}
	if err := s.begin(ctx); err != nil {
		return nil, err
	}
	rows, err := s.tx.Query(ctx, `SELECT `+ticketColumns+` FROM tickets `+clause, args...)
	if err != nil {
		s.fail(err)
		return nil, err
	}
	stored, err := pgx.CollectRows(rows, pgx.RowToStructByName[ticketRow])
	if err != nil {
		s.fail(err)
		return nil, err
	}
	list := make([]conversation.Ticket, len(stored))
	for i := range stored {
		if list[i], err = stored[i].ticket(s.key); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// ticketDetail is the audit detail of a ticket's move from status from ("",
// when it is opened): never the asker's text.
func ticketDetail(t conversation.Ticket, from string) (string, error) {
	d := map[string]any{"number": t.Number, "from": from, "to": t.Status, "satker": t.SatkerCode,
		"category": t.Category}
	if t.Rating > 0 {
		d["rating"] = t.Rating
	}
	b, err := json.Marshal(d)
	if err != nil {
		return "", fmt.Errorf("audit detail: %w", err)
	}
	return string(b), nil
}
