package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"posko/conversation"
	"posko/storage/postgres"
)

// fakeOutbox is an in-memory Outbox that behaves like the PostgreSQL one.
type fakeOutbox struct {
	mu        sync.Mutex
	rows      []*fakeRow
	blocked   map[int64]bool
	migrated  [][2]int64
	reads     int                             // DueOutbox calls
	markSent  [][]int64                       // the ids of each MarkSent call
	markErrs  int                             // MarkSent calls still to fail
	onRead    func(rows []postgres.OutboxRow) // called by DueOutbox with its result, unlocked
	onPending func()                          // called by PendingChats before it reads, unlocked
	refs      map[string]int                  // RecordRef: message ids by ref, newer than any row's
	recorded  []recordedRef                   // the RecordRef calls
}

// recordedRef is one RecordRef call.
type recordedRef struct {
	chatID    int64
	messageID int
	ref       string
}

type fakeRow struct {
	postgres.OutboxRow
	due       time.Time
	state     string // "pending", "sent", "failed"
	reason    string
	messageID int
}

func newFakeOutbox() *fakeOutbox {
	return &fakeOutbox{blocked: map[int64]bool{}, refs: map[string]int{}}
}

// add queues msgs and returns their rows, as a committed transaction would.
func (o *fakeOutbox) add(msgs ...conversation.Outgoing) []postgres.OutboxRow {
	return o.addAt(time.Time{}, msgs...)
}

// addAt queues msgs due at at (zero: at once), as a transaction queueing a
// gathering media group would.
func (o *fakeOutbox) addAt(at time.Time, msgs ...conversation.Outgoing) []postgres.OutboxRow {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []postgres.OutboxRow
	for _, m := range msgs {
		r := &fakeRow{OutboxRow: postgres.OutboxRow{ID: int64(len(o.rows) + 1), Msg: m, AvailableAt: at}, state: "pending", due: at}
		o.rows = append(o.rows, r)
		out = append(out, r.OutboxRow)
	}
	return out
}

// rowsOf returns the rows queued for chatID, oldest first.
func (o *fakeOutbox) rowsOf(chatID int64) []fakeRow {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []fakeRow
	for _, r := range o.rows {
		if r.Msg.ChatID == chatID {
			out = append(out, *r)
		}
	}
	return out
}

func (o *fakeOutbox) Enqueue(_ context.Context, msgs ...conversation.Outgoing) error {
	o.add(msgs...)
	return nil
}

// recordedRefs returns the RecordRef calls so far.
func (o *fakeOutbox) recordedRefs() []recordedRef {
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.recorded)
}

func (o *fakeOutbox) RecordRef(_ context.Context, chatID int64, messageID int, ref string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.refs[ref] = messageID
	o.recorded = append(o.recorded, recordedRef{chatID: chatID, messageID: messageID, ref: ref})
	return nil
}

func (o *fakeOutbox) row(id int64) fakeRow {
	o.mu.Lock()
	defer o.mu.Unlock()
	return *o.rows[id-1]
}

// settled reports whether every row is sent or failed.
func (o *fakeOutbox) settled() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, r := range o.rows {
		if r.state == "pending" {
			return false
		}
	}
	return true
}

func (o *fakeOutbox) DueOutbox(_ context.Context, limit int, skip ...int64) ([]postgres.OutboxRow, error) {
	out := o.due(limit, skip)
	o.mu.Lock()
	onRead := o.onRead
	o.mu.Unlock()
	if onRead != nil {
		onRead(out)
	}
	return out, nil
}

func (o *fakeOutbox) due(limit int, skip []int64) []postgres.OutboxRow {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.reads++
	var out []postgres.OutboxRow
	for _, r := range o.rows {
		if r.state == "pending" && !r.due.After(time.Now()) && len(out) < limit && !slices.Contains(skip, r.Msg.ChatID) {
			row := r.OutboxRow
			row.Blocked = o.blocked[row.Msg.ChatID]
			out = append(out, row)
		}
	}
	return out
}

func (o *fakeOutbox) readCount() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.reads
}

func (o *fakeOutbox) MarkSent(_ context.Context, sent []postgres.Sent) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.markErrs > 0 {
		o.markErrs--
		return errors.New("connection refused")
	}
	var ids []int64
	for _, s := range sent {
		ids = append(ids, s.ID)
	}
	o.markSent = append(o.markSent, ids)
	for _, s := range sent {
		o.rows[s.ID-1].state, o.rows[s.ID-1].messageID = "sent", s.MessageID
	}
	return nil
}

func (o *fakeOutbox) RetryLater(_ context.Context, id int64, at time.Time, partsSent int, reason string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	r := o.rows[id-1]
	r.Attempts++
	r.PartsSent = max(r.PartsSent, partsSent)
	r.due, r.reason = at, reason
	return nil
}

func (o *fakeOutbox) MarkFailed(_ context.Context, id int64, reason string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.rows[id-1].state, o.rows[id-1].reason = "failed", reason
	return nil
}

func (o *fakeOutbox) MarkBlocked(_ context.Context, chatID int64) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.blocked[chatID] = true
	return nil
}

func (o *fakeOutbox) PendingChats(_ context.Context) ([]postgres.PendingChat, error) {
	o.mu.Lock()
	onPending := o.onPending
	o.mu.Unlock()
	if onPending != nil {
		onPending()
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	index := map[int64]int{}
	var out []postgres.PendingChat
	for _, r := range o.rows {
		if r.state != "pending" {
			continue
		}
		i, ok := index[r.Msg.ChatID]
		if !ok {
			i = len(out)
			index[r.Msg.ChatID] = i
			out = append(out, postgres.PendingChat{ChatID: r.Msg.ChatID})
		}
		if r.due.After(time.Now()) && r.due.After(out[i].WaitsUntil) {
			out[i].WaitsUntil = r.due
		}
	}
	return out, nil
}

func (o *fakeOutbox) MigrateChat(_ context.Context, from, to int64) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.migrated = append(o.migrated, [2]int64{from, to})
	for _, r := range o.rows {
		if r.state == "pending" && r.Msg.ChatID == from {
			r.Msg.ChatID = to
		}
	}
	return nil
}

func (o *fakeOutbox) SentMessageID(_ context.Context, ref string) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if id, ok := o.refs[ref]; ok {
		return id, nil
	}
	for i := len(o.rows) - 1; i >= 0; i-- {
		if r := o.rows[i]; r.Msg.Ref == ref && r.state == "sent" && r.messageID != 0 {
			return r.messageID, nil
		}
	}
	return 0, fmt.Errorf("sent message id of %q: %w", ref, postgres.ErrNotFound)
}
