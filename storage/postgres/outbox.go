package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"posko/conversation"
)

// OutboxRow is one message waiting in the outbox.
type OutboxRow struct {
	ID       int64
	Msg      conversation.Outgoing // Msg.ChatID already resolved through recorded group migrations
	Attempts int                   // delivery attempts so far
	Blocked  bool                  // the chat is marked blocked: do not send, fail the row as "blocked"
	// PartsSent is how many parts of a message delivered as several calls
	// (a split text, a file then the rest of its text) reached Telegram
	// before the attempt that rescheduled it failed: a retry resumes there.
	PartsSent int
	// AvailableAt is when a row queued to wait is due (a gathering media
	// group, conversation.Outgoing.Gather); zero when it was due at once.
	AvailableAt time.Time
}

// Sent records that an outbox row was delivered as Telegram message MessageID
// (0 when the call returns no message, e.g. answerCallbackQuery).
type Sent struct {
	ID        int64
	MessageID int
}

// outboxChannel is the NOTIFY channel that wakes the sender.
const outboxChannel = "posko_outbox"

// Enqueue queues messages produced outside an update (cron jobs, reminders)
// in one transaction and wakes the sender.
func (db *DB) Enqueue(ctx context.Context, out ...conversation.Outgoing) error {
	if len(out) == 0 {
		return nil
	}
	b := &pgx.Batch{}
	if err := queueOutgoing(b, out); err != nil {
		return fmt.Errorf("enqueue: %w", err)
	}
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil {
		return fmt.Errorf("enqueue %d messages: %w", len(out), err)
	}
	return nil
}

// perChatDue is how many rows of one chat DueOutbox reads at a time.
const perChatDue = 10

// DueOutbox returns up to limit messages that are due (not sent, not failed,
// available now), in id order. Msg.ChatID is the chat's current id after
// recorded group migrations; Blocked reports that the chat blocked the bot.
func (db *DB) DueOutbox(ctx context.Context, limit int, skip ...int64) ([]OutboxRow, error) {
	// The rows waiting for a retry are gathered once, per chat its first one,
	// rather than probed per due row: a correlated NOT EXISTS was planned as a
	// scan of every pending row per due row (quadratic under load). At most
	// perChatDue rows of one chat are read, and the chats in skip (being
	// delivered already) not at all, so one busy chat cannot fill the batch
	// and keep every other chat waiting.
	if skip == nil {
		skip = []int64{}
	}
	rows, err := db.pool.Query(ctx, `
		WITH waiting AS MATERIALIZED (
		  SELECT chat_id, min(id) AS first_id FROM outbox
		  WHERE sent_at IS NULL AND failed_at IS NULL AND available_at > now()
		  GROUP BY chat_id),
		due AS (
		  SELECT o.id, COALESCE(m.to_chat, o.chat_id) AS chat_id,
		         row_number() OVER (PARTITION BY COALESCE(m.to_chat, o.chat_id) ORDER BY o.id) AS n
		  FROM outbox o
		  LEFT JOIN waiting w ON w.chat_id = o.chat_id
		  LEFT JOIN chat_migrations m ON m.from_chat = o.chat_id
		  WHERE o.sent_at IS NULL AND o.failed_at IS NULL AND o.available_at <= now()
		    AND (w.first_id IS NULL OR o.id < w.first_id) -- an earlier row waits: keep the chat's order
		    AND COALESCE(m.to_chat, o.chat_id) <> ALL($2::bigint[]))
		SELECT o.id, o.payload, o.attempts, o.parts_sent, d.chat_id, c.blocked_at IS NOT NULL
		FROM due d
		JOIN outbox o ON o.id = d.id
		LEFT JOIN chats c ON c.chat_id = d.chat_id
		WHERE d.n <= $3
		ORDER BY o.id
		LIMIT $1`, limit, skip, perChatDue)
	if err != nil {
		return nil, fmt.Errorf("due outbox: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (OutboxRow, error) {
		var (
			row     OutboxRow
			payload []byte
			chatID  int64
		)
		if err := r.Scan(&row.ID, &payload, &row.Attempts, &row.PartsSent, &chatID, &row.Blocked); err != nil {
			return row, err
		}
		if err := json.Unmarshal(payload, &row.Msg); err != nil {
			return row, fmt.Errorf("decode outbox row %d: %w", row.ID, err)
		}
		row.Msg.ChatID = chatID
		return row, nil
	})
	if err != nil {
		return nil, fmt.Errorf("due outbox: %w", err)
	}
	return out, nil
}

// PendingChat is a chat that has messages neither delivered nor failed.
type PendingChat struct {
	ChatID int64 // the chat's current id after recorded group migrations
	// WaitsUntil is when the last of its rescheduled messages is due again;
	// zero when none of its messages waits for a retry.
	WaitsUntil time.Time
}

// PendingChats returns, in one read, every chat with messages neither
// delivered nor failed. The sender reads it when it starts, to keep those
// chats' new messages behind the old ones (left by a previous process, or
// beyond its first read).
func (db *DB) PendingChats(ctx context.Context) ([]PendingChat, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT COALESCE(m.to_chat, o.chat_id) AS chat_id,
		       max(o.available_at) FILTER (WHERE o.available_at > now())
		FROM outbox o
		LEFT JOIN chat_migrations m ON m.from_chat = o.chat_id
		WHERE o.sent_at IS NULL AND o.failed_at IS NULL
		GROUP BY 1
		ORDER BY 1`)
	if err != nil {
		return nil, fmt.Errorf("pending chats: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (PendingChat, error) {
		var (
			c     PendingChat
			until *time.Time
		)
		if err := r.Scan(&c.ChatID, &until); err != nil {
			return c, err
		}
		if until != nil {
			c.WaitsUntil = *until
		}
		return c, nil
	})
	if err != nil {
		return nil, fmt.Errorf("pending chats: %w", err)
	}
	return out, nil
}

// MarkSent records that the rows were delivered, with Telegram's message ids,
// in one statement. A delivered row with a Ref and a message id is also
// recorded in message_refs (see SentMessageID, TicketOfMessage), which
// outlives the pruned outbox rows.
func (db *DB) MarkSent(ctx context.Context, sent []Sent) error {
	if len(sent) == 0 {
		return nil
	}
	ids := make([]int64, len(sent))
	msgIDs := make([]int64, len(sent))
	for i, s := range sent {
		ids[i], msgIDs[i] = s.ID, int64(s.MessageID)
	}
	// A generated file (the pre-filled form carries NIK and NIP in full) is
	// dropped from the payload once delivered: Telegram holds the copy the
	// user got, and the outbox need not keep personal data for 30 days.
	// A message lives in the chat it was delivered to: the row's chat after
	// recorded migrations, as DueOutbox resolved it. Two rows of one batch
	// can name the same message (a message and an edit of it): the later
	// row's ref wins, as it would in two batches.
	_, err := db.pool.Exec(ctx, `
		WITH marked AS (
		  UPDATE outbox o SET sent_at = now(), message_id = NULLIF(s.message_id, 0),
		    payload = CASE WHEN o.payload ? 'upload' THEN o.payload - 'upload' ELSE o.payload END
		  FROM unnest($1::bigint[], $2::bigint[]) AS s(id, message_id)
		  WHERE o.id = s.id
		  RETURNING o.id, o.chat_id, o.message_id, o.ref, o.sent_at)
		INSERT INTO message_refs (chat_id, message_id, ref, sent_at)
		SELECT DISTINCT ON (1, 2) COALESCE(m.to_chat, k.chat_id), k.message_id, k.ref, k.sent_at
		FROM marked k LEFT JOIN chat_migrations m ON m.from_chat = k.chat_id
		WHERE k.ref IS NOT NULL AND k.message_id IS NOT NULL
		ORDER BY 1, 2, k.id DESC
		ON CONFLICT (chat_id, message_id) DO UPDATE SET ref = excluded.ref, sent_at = excluded.sent_at`, ids, msgIDs)
	if err != nil {
		return fmt.Errorf("mark %d outbox rows sent: %w", len(sent), err)
	}
	return nil
}

// RetryLater reschedules row id for at after a failed attempt, recording
// that its first partsSent parts were delivered (see OutboxRow.PartsSent).
func (db *DB) RetryLater(ctx context.Context, id int64, at time.Time, partsSent int, reason string) error {
	_, err := db.pool.Exec(ctx, `
		UPDATE outbox SET attempts = attempts + 1, available_at = $2, last_error = $3,
		       parts_sent = GREATEST(parts_sent, $4)
		WHERE id = $1`, id, at, reason, partsSent)
	if err != nil {
		return fmt.Errorf("reschedule outbox row %d: %w", id, err)
	}
	return nil
}

// MarkFailed gives up on row id for good.
func (db *DB) MarkFailed(ctx context.Context, id int64, reason string) error {
	_, err := db.pool.Exec(ctx, `UPDATE outbox SET failed_at = now(), last_error = $2 WHERE id = $1`, id, reason)
	if err != nil {
		return fmt.Errorf("fail outbox row %d: %w", id, err)
	}
	return nil
}

// SentMessageID returns the Telegram message_id recorded for the latest
// delivered message queued with Outgoing.Ref ref (or recorded with
// RecordRef), or ErrNotFound. It reads message_refs, so it still answers
// after the outbox row was pruned.
func (db *DB) SentMessageID(ctx context.Context, ref string) (int, error) {
	var id int
	err := db.pool.QueryRow(ctx, `
		SELECT message_id FROM message_refs WHERE ref = $1
		ORDER BY sent_at DESC, message_id DESC LIMIT 1`, ref).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("sent message id of %q: %w", ref, interpretError(err))
	}
	return id, nil
}

// OutboxPending counts the messages not yet delivered nor failed.
func (db *DB) OutboxPending(ctx context.Context) (int64, error) {
	var n int64
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count pending outbox: %w", err)
	}
	return n, nil
}

// PruneOutbox deletes messages delivered or failed more than olderThan ago
// (pending ones are never deleted) and returns how many were deleted.
func (db *DB) PruneOutbox(ctx context.Context, olderThan time.Duration) (int64, error) {
	tag, err := db.pool.Exec(ctx, `
		DELETE FROM outbox
		WHERE created_at < now() - $1::interval
		  AND (sent_at < now() - $1::interval OR failed_at < now() - $1::interval)`, olderThan)
	if err != nil {
		return 0, fmt.Errorf("prune outbox: %w", err)
	}
	return tag.RowsAffected(), nil
}
