package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"posko/conversation"
)

// Item is one update to handle in a group commit.
type Item struct {
	UpdateID, ChatID int64
	Fn               HandleFunc
}

// Result is what became of one Item of a group commit.
type Result struct {
	State    []byte // the state stored with the update's marker (the earlier one when Replayed)
	Replayed bool   // the update was handled before: Fn was not called
	// Outbox is the rows queued for this update, with their ids, in order
	// (nil when Replayed). A gathering message merged into a pending row
	// (conversation.Outgoing.Gather) has no row of its own, so no entry.
	Outbox []OutboxRow
	Err    error // Fn failed (only this item's writes were rolled back), or the whole group failed
}

// maxGroupRetries bounds how often ProcessUpdates starts a group again after
// a marker conflict (another replica stored one of its updates first) or a
// write that PostgreSQL refused for one item.
const maxGroupRetries = 3

// ProcessUpdates handles several updates (of different chats) in one
// transaction, so they share one COMMIT and its fsync. Updates handled
// before are replayed: Fn is not called and the stored state is returned.
// Every other Fn runs in turn; its first write opens a savepoint, so an Fn
// that fails loses only its own writes and gets Result.Err while the rest of
// the group is stored. Markers, outbox rows and the clearing of blocked marks
// go to the server in one batch, then the group commits once.
//
// The returned error reports a failure of the whole group (connection lost,
// commit refused): every unfinished item then carries it in Result.Err and
// nothing of the group is stored. An Fn may be called again when the group
// has to start over (a marker conflict with another replica, or one item's
// writes refused by PostgreSQL: that item alone then fails).
func (db *DB) ProcessUpdates(ctx context.Context, items []Item) ([]Result, error) {
	results := make([]Result, len(items))
	todo := make([]int, len(items)) // indices of items not yet settled
	for i := range todo {
		todo[i] = i
	}
	for attempt := 0; ; attempt++ {
		group := make([]Item, len(todo))
		for k, i := range todo {
			group[k] = items[i]
		}
		got, culprit, err := db.processGroup(ctx, group)
		if err == nil {
			for k, i := range todo {
				results[i] = got[k]
			}
			return results, nil
		}
		switch {
		case attempt < maxGroupRetries && isUniqueViolation(err):
			// Another replica committed one of these updates first: it
			// is a replay now.
			continue
		case attempt < maxGroupRetries && culprit >= 0 && len(todo) > 1:
			// PostgreSQL refused what one item queued: fail that item
			// alone and store the others.
			results[todo[culprit]] = Result{Err: err}
			todo = slices.Delete(todo, culprit, culprit+1)
			continue
		}
		for _, i := range todo {
			results[i] = Result{Err: err}
		}
		return results, err
	}
}

// handled is an item whose Fn succeeded, waiting to be stored.
type handled struct {
	index    int // in the group
	payloads []string
	out      []conversation.Outgoing
}

// processGroup runs one attempt of ProcessUpdates. When the batch fails on a
// statement that belongs to one item alone, culprit is that item's index in
// items (else -1).
func (db *DB) processGroup(ctx context.Context, items []Item) (results []Result, culprit int, err error) {
	culprit = -1
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return nil, -1, fmt.Errorf("process %d updates: begin: %w", len(items), err)
	}
	// Rollback after Commit is a no-op.
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()

	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.UpdateID
	}
	stored, err := processedStates(ctx, tx, ids)
	if err != nil {
		return nil, -1, fmt.Errorf("process %d updates: %w", len(items), err)
	}

	results = make([]Result, len(items))
	var todo []handled
	fresh := map[int64]int{} // update id → index of the item handling it in this group
	for i, it := range items {
		if state, ok := stored[it.UpdateID]; ok {
			plain, err := db.openState(it.UpdateID, state)
			results[i] = Result{State: plain, Replayed: true, Err: err}
			continue
		}
		if j, ok := fresh[it.UpdateID]; ok {
			// The same update twice in one group: the second is a replay.
			results[i] = Result{State: results[j].State, Replayed: true}
			continue
		}
		h, state, err := db.runItem(ctx, tx, i, it)
		if err != nil {
			if errors.Is(err, errGroup) {
				return nil, -1, err
			}
			results[i].Err = err
			continue
		}
		results[i].State = state
		fresh[it.UpdateID] = i
		todo = append(todo, h)
	}
	if len(todo) == 0 {
		return results, -1, nil // nothing to keep: the deferred rollback ends the transaction
	}

	if culprit, err := db.storeHandled(ctx, tx, items, todo, results); err != nil {
		return nil, culprit, fmt.Errorf("process %d updates: store: %w", len(items), err)
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, -1, fmt.Errorf("process %d updates: commit: %w", len(items), err)
	}
	return results, -1, nil
}

// errGroup marks an error that ends the whole group's transaction.
var errGroup = errors.New("group transaction failed")

// runItem calls the Fn of item i and encodes what it queued. An error wraps
// errGroup when the transaction itself is lost; otherwise the item's writes
// are rolled back to its savepoint and the error is the item's own.
func (db *DB) runItem(ctx context.Context, tx pgx.Tx, i int, it Item) (handled, []byte, error) {
	s := &txStore{tx: tx, savepoint: fmt.Sprintf("item_%d", i), key: db.documentKey}
	state, out, err := it.Fn(ctx, s)
	if err == nil && s.failed != nil {
		// The Fn went on after a write failed: the transaction cannot
		// continue past that write, so the update cannot be stored.
		err = fmt.Errorf("handler ignored a failed write: %w", s.failed)
	}
	var payloads []string
	if err == nil {
		payloads, err = encodeOutgoing(out)
	}
	if err != nil {
		if rerr := s.rollback(ctx); rerr != nil {
			return handled{}, nil, fmt.Errorf("%w: update %d: %w", errGroup, it.UpdateID, rerr)
		}
		return handled{}, nil, fmt.Errorf("process update %d: handle: %w", it.UpdateID, err)
	}
	return handled{index: i, payloads: payloads, out: out}, state, nil
}

// storeHandled sends, in one batch, the markers of the handled items (first,
// so that a replica storing the same update concurrently fails before
// anything else is written), the clearing of their chats' blocked marks and
// their outbox rows, and fills in each item's Result.Outbox. When a statement
// that belongs to one item fails, culprit is that item's index.
func (db *DB) storeHandled(ctx context.Context, tx pgx.Tx, items []Item, todo []handled, results []Result) (culprit int, err error) {
	var (
		updateIDs = make([]int64, len(todo))
		chatIDs   = make([]int64, len(todo))
		states    = make([][]byte, len(todo))
		owners    []int // per queued outbox insert, the index of its item
	)
	b := &pgx.Batch{}
	for k, h := range todo {
		updateIDs[k] = items[h.index].UpdateID
		chatIDs[k] = items[h.index].ChatID
		states[k] = db.sealState(updateIDs[k], results[h.index].State)
	}
	b.Queue(`INSERT INTO processed_updates (update_id, chat_id, state)
		SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bytea[])`, updateIDs, chatIDs, states)
	b.Queue(`UPDATE chats SET blocked_at = NULL, updated_at = now()
		WHERE chat_id = ANY($1) AND blocked_at IS NOT NULL`, chatIDs)
	for _, h := range todo {
		for m := range h.out {
			queueOutboxRow(b, &h.out[m], h.payloads[m])
			owners = append(owners, h.index)
		}
	}
	// No pg_notify here: the worker hands committed rows to the sender in
	// memory (WorkerOptions.Committed); NOTIFY is for rows queued by other
	// means (Enqueue), which would otherwise wait for the sender's poll.

	br := tx.SendBatch(ctx, b)
	defer br.Close()
	if _, err := br.Exec(); err != nil {
		return -1, fmt.Errorf("markers: %w", err)
	}
	if _, err := br.Exec(); err != nil {
		return -1, fmt.Errorf("clear blocked marks: %w", err)
	}
	n := 0
	for _, h := range todo {
		rows := make([]OutboxRow, 0, len(h.out))
		for m := range h.out {
			rows = append(rows, OutboxRow{Msg: h.out[m]})
			merged, err := readOutboxRow(br, &rows[len(rows)-1])
			if err != nil {
				if Rejected(err) {
					culprit = owners[n]
				} else {
					culprit = -1
				}
				return culprit, fmt.Errorf("outbox row %d of update %d: %w", m, items[h.index].UpdateID, err)
			}
			n++
			if merged {
				rows = rows[:len(rows)-1]
			}
		}
		results[h.index].Outbox = rows
	}
	if err := br.Close(); err != nil {
		return -1, fmt.Errorf("outbox rows: %w", err)
	}
	return -1, nil
}

// queueOutboxRow adds the insert of one outgoing message, returning its id,
// the chat it goes to after recorded group migrations and whether that chat
// is marked blocked, as DueOutbox would report them. A gathering message
// (o.Gather) is queued by queueGatherRow instead; readOutboxRow reads
// either.
func queueOutboxRow(b *pgx.Batch, o *conversation.Outgoing, payload string) {
	if o.Gather != "" {
		queueGatherRow(b, o, payload)
		return
	}
	var ref *string
	if o.Ref != "" {
		ref = &o.Ref
	}
	b.Queue(`
		WITH ins AS (
		  INSERT INTO outbox (chat_id, ref, payload) VALUES ($1, $2, $3) RETURNING id, chat_id),
		dest AS (
		  SELECT ins.id, COALESCE(m.to_chat, ins.chat_id) AS chat_id
		  FROM ins LEFT JOIN chat_migrations m ON m.from_chat = ins.chat_id)
		SELECT dest.id, dest.chat_id, c.blocked_at IS NOT NULL
		FROM dest LEFT JOIN chats c ON c.chat_id = dest.chat_id`,
		o.ChatID, ref, payload)
}

// readOutboxRow reads into row the result of the statement queueOutboxRow
// queued for row.Msg. merged reports a gathering message that joined a
// pending row: its statement returns no row.
func readOutboxRow(br pgx.BatchResults, row *OutboxRow) (merged bool, err error) {
	if row.Msg.Gather == "" {
		return false, br.QueryRow().Scan(&row.ID, &row.Msg.ChatID, &row.Blocked)
	}
	err = br.QueryRow().Scan(&row.ID, &row.Msg.ChatID, &row.Blocked, &row.AvailableAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return true, nil
	}
	return false, err
}

// encodeOutgoing returns the outbox payload of each message of out.
func encodeOutgoing(out []conversation.Outgoing) ([]string, error) {
	payloads := make([]string, len(out))
	for i := range out {
		b, err := json.Marshal(&out[i])
		if err != nil {
			return nil, fmt.Errorf("encode outgoing %d: %w", i, err)
		}
		payloads[i] = string(b)
	}
	return payloads, nil
}

// processedStates returns the stored state of each of ids that was handled
// already.
func processedStates(ctx context.Context, tx pgx.Tx, ids []int64) (map[int64][]byte, error) {
	rows, err := tx.Query(ctx, `SELECT update_id, state FROM processed_updates WHERE update_id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("look up markers: %w", err)
	}
	stored := map[int64][]byte{}
	var (
		id    int64
		state []byte
	)
	_, err = pgx.ForEachRow(rows, []any{&id, &state}, func() error {
		stored[id] = state
		state = nil // each row's state in a slice of its own
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("look up markers: %w", err)
	}
	return stored, nil
}
