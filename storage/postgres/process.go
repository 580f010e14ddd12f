package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"posko/conversation"
)

// HandleFunc handles one update inside its transaction: domain changes go
// through tx; it returns the chat's state after the update (opaque bytes,
// stored with the marker) and the messages to queue, in order.
type HandleFunc func(ctx context.Context, tx conversation.Tx) (state []byte, out []conversation.Outgoing, err error)

// ProcessUpdate handles update updateID of chat chatID exactly once. In one
// transaction it calls fn, queues fn's messages, records the update as
// handled together with the returned state, and clears the chat's blocked
// mark (the user wrote again). If the update was handled before, fn is not
// called and the state stored then is returned with replayed true. An error
// from fn rolls everything back and is returned wrapped.
func (db *DB) ProcessUpdate(ctx context.Context, updateID, chatID int64, fn HandleFunc) (state []byte, replayed bool, err error) {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("process update %d: begin: %w", updateID, err)
	}
	// Rollback after Commit is a no-op.
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()

	stored, found, err := processedState(ctx, tx, updateID)
	if err != nil {
		return nil, false, fmt.Errorf("process update %d: %w", updateID, err)
	}
	if found {
		return stored, true, nil
	}

	state, out, err := fn(ctx, &txStore{tx: tx})
	if err != nil {
		return nil, false, fmt.Errorf("process update %d: handle: %w", updateID, err)
	}

	// Everything else goes to the server in one round trip. The marker comes
	// first: a replica handling the same update concurrently makes it fail
	// before anything else is written.
	b := &pgx.Batch{}
	b.Queue(`INSERT INTO processed_updates (update_id, chat_id, state) VALUES ($1, $2, $3)`, updateID, chatID, state)
	b.Queue(`UPDATE chats SET blocked_at = NULL, updated_at = now() WHERE chat_id = $1 AND blocked_at IS NOT NULL`, chatID)
	if err := queueOutgoing(b, out); err != nil {
		return nil, false, fmt.Errorf("process update %d: %w", updateID, err)
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		if isUniqueViolation(err) {
			return db.replayAfterRace(ctx, updateID)
		}
		return nil, false, fmt.Errorf("process update %d: store: %w", updateID, err)
	}
	if err := tx.Commit(ctx); err != nil {
		if isUniqueViolation(err) {
			return db.replayAfterRace(ctx, updateID)
		}
		return nil, false, fmt.Errorf("process update %d: commit: %w", updateID, err)
	}
	return state, false, nil
}

// replayAfterRace returns the state stored by the replica that handled
// updateID at the same time as we did and committed first.
func (db *DB) replayAfterRace(ctx context.Context, updateID int64) ([]byte, bool, error) {
	stored, found, err := processedState(ctx, db.pool, updateID)
	if err != nil {
		return nil, false, fmt.Errorf("process update %d: reread after conflict: %w", updateID, err)
	}
	if !found {
		return nil, false, fmt.Errorf("process update %d: marker conflict but no marker: %w", updateID, ErrNotFound)
	}
	return stored, true, nil
}

// querier is what pgx.Tx, *pgxpool.Pool and *pgx.Conn have in common.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// processedState returns the state stored for updateID, and whether the
// update was handled at all.
func processedState(ctx context.Context, q querier, updateID int64) ([]byte, bool, error) {
	var state []byte
	err := q.QueryRow(ctx, `SELECT state FROM processed_updates WHERE update_id = $1`, updateID).Scan(&state)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("look up marker: %w", err)
	}
	return state, true, nil
}

// queueOutgoing adds the inserts of out, in order, and one notification to
// the sender when there is anything to send.
func queueOutgoing(b *pgx.Batch, out []conversation.Outgoing) error {
	for i := range out {
		payload, err := json.Marshal(&out[i])
		if err != nil {
			return fmt.Errorf("encode outgoing %d: %w", i, err)
		}
		var ref *string
		if out[i].Ref != "" {
			ref = &out[i].Ref
		}
		b.Queue(`INSERT INTO outbox (chat_id, ref, payload) VALUES ($1, $2, $3)`, out[i].ChatID, ref, string(payload))
	}
	if len(out) > 0 {
		b.Queue(`SELECT pg_notify('` + outboxChannel + `', '')`)
	}
	return nil
}

// PruneProcessed deletes the markers of updates handled more than olderThan
// ago (they only matter while Telegram or the inbox may still redeliver the
// update) and returns how many were deleted.
func (db *DB) PruneProcessed(ctx context.Context, olderThan time.Duration) (int64, error) {
	tag, err := db.pool.Exec(ctx, `DELETE FROM processed_updates WHERE processed_at < now() - $1::interval`, olderThan)
	if err != nil {
		return 0, fmt.Errorf("prune processed updates: %w", err)
	}
	return tag.RowsAffected(), nil
}
