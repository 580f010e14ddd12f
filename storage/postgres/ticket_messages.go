package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"posko/conversation"
	"posko/sealed"
)

// ticketMessageAAD binds a ticket message's sealed text to its ticket and
// to the message it copies: it does not open on another row.
func ticketMessageAAD(m conversation.TicketMessage) []byte {
	return []byte("posko:ticket:" + strconv.FormatInt(m.TicketID, 10) + ":message:" + m.Direction + ":" +
		strconv.FormatInt(m.ChatID, 10) + ":" + strconv.Itoa(m.MessageID))
}

// AddTicketMessage records a message of a ticket, its text sealed. A
// message of the asker or an officer (TicketIn, TicketOut) counts in the
// ticket's Messages, and the first officer's message (TicketOut) sets its
// FirstResponseAt. A zero At is now.
func (s *txStore) AddTicketMessage(ctx context.Context, m conversation.TicketMessage) error {
	if s.key == nil {
		return fmt.Errorf("add message to ticket %d: %w", m.TicketID, ErrNoDocumentKey)
	}
	if m.At.IsZero() {
		m.At = time.Now()
	}
	files, err := encodeFiles(m.Files)
	if err != nil {
		return fmt.Errorf("add message to ticket %d: %w", m.TicketID, err)
	}
	text := sealed.Seal(s.key, []byte(m.Text), ticketMessageAAD(m))
	if err := s.begin(ctx); err != nil {
		return fmt.Errorf("add message to ticket %d: %w", m.TicketID, err)
	}
	_, err = s.tx.Exec(ctx, `
		WITH ins AS (
		  INSERT INTO ticket_messages (ticket_id, direction, chat_id, message_id, user_id, user_name, kind, text, files, at)
		  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		  RETURNING ticket_id)
		UPDATE tickets t SET messages = t.messages + 1, updated_at = now(),
		  first_response_at = CASE WHEN $2 = 'out' THEN COALESCE(t.first_response_at, $10) ELSE t.first_response_at END
		FROM ins WHERE t.id = ins.ticket_id AND $2 IN ('in', 'out')`,
		m.TicketID, m.Direction, m.ChatID, m.MessageID, m.UserID, m.UserName, int16(m.Kind), text, string(files), m.At)
	if err != nil {
		s.fail(err)
		return fmt.Errorf("add message to ticket %d: %w", m.TicketID, interpretError(err))
	}
	return nil
}

// TicketOfMessage finds the ticket a message of chatID belongs to: one the
// bot sent there under a ticket's ref (conversation.TicketRefID), else an
// officer's message or note recorded with AddTicketMessage; ErrNotFound
// when neither.
func (s *txStore) TicketOfMessage(ctx context.Context, chatID int64, messageID int) (int64, error) {
	if err := s.begin(ctx); err != nil {
		return 0, fmt.Errorf("ticket of message %d in chat %d: %w", messageID, chatID, err)
	}
	var (
		ref      *string
		recorded *int64
	)
	err := s.tx.QueryRow(ctx, `
		SELECT (SELECT ref FROM message_refs WHERE chat_id = $1 AND message_id = $2),
		       (SELECT ticket_id FROM ticket_messages WHERE chat_id = $1 AND message_id = $2
		          AND direction IN ('out', 'note') ORDER BY id DESC LIMIT 1)`, chatID, messageID).Scan(&ref, &recorded)
	if err != nil {
		s.fail(err)
		return 0, fmt.Errorf("ticket of message %d in chat %d: %w", messageID, chatID, err)
	}
	if ref != nil {
		if id, _, ok := conversation.TicketRefID(*ref); ok {
			return id, nil
		}
	}
	if recorded != nil {
		return *recorded, nil
	}
	return 0, fmt.Errorf("ticket of message %d in chat %d: %w", messageID, chatID, ErrNotFound)
}

// MessageRef returns the Outgoing.Ref of the bot's message messageID in
// chatID (a forum topic's thread id for an OutTopic); ErrNotFound when it
// sent none under a ref there.
func (s *txStore) MessageRef(ctx context.Context, chatID int64, messageID int) (string, error) {
	if err := s.begin(ctx); err != nil {
		return "", fmt.Errorf("ref of message %d in chat %d: %w", messageID, chatID, err)
	}
	var ref string
	err := s.tx.QueryRow(ctx, `SELECT ref FROM message_refs WHERE chat_id = $1 AND message_id = $2`,
		chatID, messageID).Scan(&ref)
	if err != nil {
		if !errors.Is(err, pgx.ErrNoRows) {
			s.fail(err)
		}
		return "", fmt.Errorf("ref of message %d in chat %d: %w", messageID, chatID, interpretError(err))
	}
	return ref, nil
}

// RecordRef records that the bot's message messageID in chatID carries ref
// (a forum topic the sender created again after the first was deleted), as
// MarkSent does for the rows it marks.
func (db *DB) RecordRef(ctx context.Context, chatID int64, messageID int, ref string) error {
	_, err := db.pool.Exec(ctx, `
		INSERT INTO message_refs (chat_id, message_id, ref) VALUES ($1, $2, $3)
		ON CONFLICT (chat_id, message_id) DO UPDATE SET ref = excluded.ref, sent_at = excluded.sent_at`,
		chatID, messageID, ref)
	if err != nil {
		return fmt.Errorf("record ref %q of message %d in chat %d: %w", ref, messageID, chatID, err)
	}
	return nil
}
