package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"posko/conversation"
)

// HandleFunc handles one update inside its transaction: domain changes go
// through tx; it returns the chat's state after the update (opaque bytes,
// stored with the marker) and the messages to queue, in order. In a group
// (ProcessUpdates) the transaction is shared and the HandleFuncs run one
// after another, so a HandleFunc must not wait on anything slow; tx undoes
// only its own writes when it fails.
type HandleFunc func(ctx context.Context, tx conversation.Tx) (state []byte, out []conversation.Outgoing, err error)

// ProcessUpdate handles update updateID of chat chatID exactly once. In one
// transaction it calls fn, queues fn's messages, records the update as
// handled together with the returned state, and clears the chat's blocked
// mark (the user wrote again). If the update was handled before, fn is not
// called and the state stored then is returned with replayed true. An error
// from fn rolls everything back and is returned wrapped. It is a group of
// one for ProcessUpdates.
func (db *DB) ProcessUpdate(ctx context.Context, updateID, chatID int64, fn HandleFunc) (state []byte, replayed bool, err error) {
	results, err := db.ProcessUpdates(ctx, []Item{{UpdateID: updateID, ChatID: chatID, Fn: fn}})
	if err != nil {
		return nil, false, fmt.Errorf("process update %d: %w", updateID, err)
	}
	r := results[0]
	if r.Err != nil {
		return nil, false, r.Err
	}
	return r.State, r.Replayed, nil
}

// queueOutgoing adds the inserts of out, in order, and one notification to
// the sender when there is anything to send. A gathering message may join
// a pending row instead (see queueGatherRow); the results are not read.
func queueOutgoing(b *pgx.Batch, out []conversation.Outgoing) error {
	for i := range out {
		payload, err := json.Marshal(&out[i])
		if err != nil {
			return fmt.Errorf("encode outgoing %d: %w", i, err)
		}
		if out[i].Gather != "" {
			queueGatherRow(b, &out[i], string(payload))
			continue
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
