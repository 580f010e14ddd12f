package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"

	"posko/conversation"
	"posko/storage/postgres"
	"posko/storage/redis"
)

// Inbox is the durable inbox the worker consumes.
type Inbox interface {
	Read(ctx context.Context, consumer string, count int, block time.Duration) ([]redis.InboxEntry, error)
	Reclaim(ctx context.Context, consumer string) ([]redis.InboxEntry, error)
	Ack(ctx context.Context, streamIDs ...string) error
	Pending(ctx context.Context) (int64, error)
}

// StateStore keeps each chat's conversation state.
type StateStore interface {
	Load(ctx context.Context, chatID int64) (conversation.State, error)
	Save(ctx context.Context, chatID int64, st conversation.State) (conversation.State, error)
}

// UpdateStore runs the handling of a group of updates in one database
// transaction (each update's writes kept or rolled back on its own) and
// remembers that they were handled.
type UpdateStore interface {
	ProcessUpdates(ctx context.Context, items []postgres.Item) ([]postgres.Result, error)
}

// Handler is the conversation engine.
type Handler interface {
	Handle(ctx context.Context, tx conversation.Tx, st conversation.State, u conversation.Update) (conversation.State, []conversation.Outgoing, error)
	Failure(u conversation.Update) []conversation.Outgoing
}

// ChatMarker records that a chat blocked the bot.
type ChatMarker interface {
	MarkBlocked(ctx context.Context, chatID int64) error
}

// WorkerOptions tunes the Worker; zero values take the defaults.
type WorkerOptions struct {
	Consumer    string        // consumer name in the inbox group (unique per process)
	BotUsername string        // to recognise "/cmd@thisbot" in groups
	Lanes       int           // parallel lanes; one chat always maps to the same lane (default 32)
	Batch       int           // entries read per XREADGROUP (default 128)
	Block       time.Duration // how long one read waits for new entries (default 1s)
	MaxBackoff  time.Duration // longest wait between retries of a failing update (default 5s)
	// MaxGroup is the most updates committed in one transaction (default
	// 64). A group also never holds more than Lanes updates (one per lane).
	// Above 64 updates that write, PostgreSQL's per-transaction cache of
	// subtransactions (one savepoint each) overflows and slows other
	// sessions' snapshots.
	MaxGroup int
	// GiveUpAfter is how many times the handler may fail on an update, or
	// PostgreSQL reject its effects, before the worker records it as handled
	// with an apology to the user, so one update that always fails cannot
	// stall its lane (default 5). Outages (storage unreachable) do not count:
	// the update waits in the inbox until storage returns.
	GiveUpAfter int
	// Chats records a private chat that blocked the bot (my_chat_member
	// "kicked"); nil to ignore such updates.
	Chats ChatMarker
	// Committed is called once per handled (not replayed) update, as soon
	// as its transaction committed, with the outbox rows it queued in order
	// (possibly none), from the update's lane: one chat's calls come in the
	// chat's order. It must not block for long.
	Committed func(rows []postgres.OutboxRow)
	// Queued is called, when Committed is nil, after a handled update queued
	// outgoing messages (wakes the sender).
	Queued func()
	// Now returns the current time; time.Now when nil.
	Now func() time.Time
}

// Worker feeds inbox entries to the Handler: one chat's updates strictly in
// order, different chats in parallel, each acknowledged only after its
// effects are stored. The lanes' updates are stored in groups, one
// transaction per group, by a single committer (committer.go).
type Worker struct {
	inbox   Inbox
	states  StateStore
	updates UpdateStore
	handler Handler
	metrics *Metrics
	logger  *slog.Logger
	opt     WorkerOptions
}

// NewWorker returns a Worker.
func NewWorker(inbox Inbox, states StateStore, updates UpdateStore, handler Handler, metrics *Metrics, logger *slog.Logger, opt WorkerOptions) *Worker {
	if opt.Consumer == "" {
		opt.Consumer = "posko"
	}
	if opt.Lanes <= 0 {
		opt.Lanes = 32
	}
	if opt.MaxGroup <= 0 {
		opt.MaxGroup = 64
	}
	if opt.Batch <= 0 {
		opt.Batch = 128
	}
	if opt.Block <= 0 {
		opt.Block = time.Second
	}
	if opt.MaxBackoff <= 0 {
		opt.MaxBackoff = 5 * time.Second
	}
	if opt.GiveUpAfter <= 0 {
		opt.GiveUpAfter = 5
	}
	if opt.Queued == nil {
		opt.Queued = func() {}
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Worker{inbox: inbox, states: states, updates: updates, handler: handler, metrics: metrics, logger: logger, opt: opt}
}

// Run consumes the inbox until ctx is done. It first takes over the entries
// a previous consumer left unacknowledged (a crashed process), then reads new
// ones. Entries still queued in lanes when ctx ends stay pending in the inbox
// and are reclaimed by the next Run.
func (w *Worker) Run(ctx context.Context) error {
	requests := make(chan commitRequest, w.opt.Lanes)
	commit := func(ctx context.Context, it postgres.Item) postgres.Result {
		return submit(ctx, requests, it)
	}
	lanes := make([]chan redis.InboxEntry, w.opt.Lanes)
	var wg sync.WaitGroup
	wg.Go(func() { w.committer(ctx, requests) })
	for i := range lanes {
		lanes[i] = make(chan redis.InboxEntry, w.opt.Batch)
		wg.Add(1)
		go func(ch <-chan redis.InboxEntry) {
			defer wg.Done()
			w.lane(ctx, ch, commit)
		}(lanes[i])
	}
	defer func() {
		for _, ch := range lanes {
			close(ch)
		}
		wg.Wait()
	}()
	dispatch := func(entries []redis.InboxEntry) bool {
		for _, e := range entries {
			select {
			case lanes[laneOf(e.ChatID, len(lanes))] <- e:
			case <-ctx.Done():
				return false
			}
		}
		return true
	}

	var orphans []redis.InboxEntry
	err := w.retry(ctx, "reclaim inbox", func() (err error) {
		orphans, err = w.inbox.Reclaim(ctx, w.opt.Consumer)
		return err
	})
	if err != nil {
		return nil // ctx done
	}
	if len(orphans) > 0 {
		w.logger.Info("reclaimed unacknowledged updates", slog.Int("count", len(orphans)))
	}
	if !dispatch(orphans) {
		return nil
	}
	go w.watchPending(ctx)
	for ctx.Err() == nil {
		var entries []redis.InboxEntry
		err := w.retry(ctx, "read inbox", func() (err error) {
			entries, err = w.inbox.Read(ctx, w.opt.Consumer, w.opt.Batch, w.opt.Block)
			return err
		})
		if err != nil || !dispatch(entries) {
			return nil
		}
	}
	return nil
}

// laneOf maps a chat to a lane, so that one chat's updates are serialised.
func laneOf(chatID int64, lanes int) int {
	h := fnv.New32a()
	var b [8]byte
	for i := range b {
		b[i] = byte(chatID >> (8 * i))
	}
	h.Write(b[:])
	return int(h.Sum32() % uint32(lanes))
}

func (w *Worker) lane(ctx context.Context, entries <-chan redis.InboxEntry, commit commitFunc) {
	for e := range entries {
		if ctx.Err() != nil {
			continue // drain without handling: the entries stay pending in the inbox
		}
		start := time.Now()
		failures := 0 // failures that retrying cannot fix; outages do not count
		err := w.retry(ctx, "handle update", func() error {
			err := w.process(ctx, e, failures >= w.opt.GiveUpAfter, commit)
			if errors.Is(err, errHandler) || postgres.Rejected(err) {
				failures++
			}
			return err
		})
		if err != nil {
			continue
		}
		w.metrics.UpdatesProcessed.Inc()
		w.metrics.HandlingSeconds.Observe(time.Since(start).Seconds())
	}
}

// retry calls fn until it succeeds or ctx is done, backing off between
// failures. It returns ctx's error when it gave up.
func (w *Worker) retry(ctx context.Context, what string, fn func() error) error {
	backoff := 50 * time.Millisecond
	for {
		err := fn()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		w.metrics.UpdatesFailed.Inc()
		w.logger.Warn(what+" failed; retrying", slog.Any("err", err), slog.Duration("backoff", backoff))
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, w.opt.MaxBackoff)
	}
}

// errHandler marks an error the handler returned (as opposed to storage
// being unreachable before or after it).
var errHandler = errors.New("handler failed")

// errPanicked marks a handling attempt whose handler panicked; its
// transaction is rolled back and the user gets the Failure messages instead.
var errPanicked = errors.New("handler panicked")

// process handles one inbox entry end to end. A returned error is a fault
// (storage unreachable): the entry stays unacknowledged and is retried. With
// giveUp the handler is not run: the update is recorded as handled with the
// state unchanged and an apology to the user.
func (w *Worker) process(ctx context.Context, e redis.InboxEntry, giveUp bool, commit commitFunc) error {
	tu, err := decodeUpdate(e.Data)
	if err != nil || e.ChatID == 0 {
		// Nothing we can answer (malformed, or an update type without a chat).
		return w.ack(ctx, e)
	}
	u := toDomain(tu, w.opt.BotUsername, w.opt.Now())
	st, err := w.states.Load(ctx, e.ChatID)
	if errors.Is(err, redis.ErrCorruptState) {
		w.logger.Warn("unreadable conversation state replaced by a fresh one", slog.Int64("chat", e.ChatID))
	} else if err != nil {
		return fmt.Errorf("load state of chat %d: %w", e.ChatID, err)
	}
	if u.ID != 0 && st.LastUpdateID == u.ID {
		return w.ack(ctx, e) // applied already; only the acknowledgement was lost
	}
	// An update older than the state (webhook deliveries may arrive out of
	// order) is still handled, unless its marker says it already was.
	if giveUp {
		w.logger.Error("update keeps failing; recording it as handled with an apology",
			slog.Int64("chat", e.ChatID), slog.Int64("update", u.ID))
	}

	// The handler runs in the committer's transaction, with the updates
	// other lanes submitted meanwhile; its writes are kept or rolled back on
	// their own.
	res := commit(ctx, postgres.Item{UpdateID: u.ID, ChatID: e.ChatID, Fn: func(ctx context.Context, tx conversation.Tx) ([]byte, []conversation.Outgoing, error) {
		if giveUp {
			return nil, nil, errPanicked // take the apology path below
		}
		next, out, err := w.handle(ctx, tx, st, u)
		if errors.Is(err, errPanicked) {
			return nil, nil, err
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %w", errHandler, err)
		}
		return w.marshalState(next, st, u), out, nil
	}})
	if errors.Is(res.Err, errPanicked) {
		// The handler's changes are rolled back; record the update as handled
		// with the state unchanged and tell the user calmly.
		res = commit(ctx, postgres.Item{UpdateID: u.ID, ChatID: e.ChatID, Fn: func(context.Context, conversation.Tx) ([]byte, []conversation.Outgoing, error) {
			return w.marshalState(st, st, u), w.handler.Failure(u), nil
		}})
	}
	if res.Err != nil {
		return fmt.Errorf("process update %d: %w", u.ID, res.Err)
	}
	stateJSON, replayed := res.State, res.Replayed
	if !replayed {
		// Only now, once: a retry of what follows finds the update replayed.
		w.committed(res.Outbox)
	}

	if replayed && st.LastUpdateID > u.ID {
		return w.ack(ctx, e) // an old repeat: the state has moved on since
	}
	if !replayed && isBlockedBy(tu) && w.opt.Chats != nil {
		if err := w.opt.Chats.MarkBlocked(ctx, e.ChatID); err != nil {
			return fmt.Errorf("mark chat %d blocked: %w", e.ChatID, err)
		}
	}
	var next conversation.State
	if err := json.Unmarshal(stateJSON, &next); err != nil {
		return fmt.Errorf("decode stored state of update %d: %w", u.ID, err)
	}
	next.Version = st.Version // compare-and-set against the state we loaded
	if _, err := w.states.Save(ctx, e.ChatID, next); err != nil {
		if !errors.Is(err, conversation.ErrConflict) {
			return fmt.Errorf("save state of chat %d: %w", e.ChatID, err)
		}
		// Another writer changed this chat's state meanwhile (only possible
		// when two replicas believed they led). Its state wins; our update's
		// effects are committed and recorded, so nothing is done twice.
		w.logger.Warn("conversation state changed concurrently; keeping the newer state",
			slog.Int64("chat", e.ChatID), slog.Int64("update", u.ID))
	}
	return w.ack(ctx, e)
}

// committed hands a handled update's outbox rows on for delivery.
func (w *Worker) committed(rows []postgres.OutboxRow) {
	if w.opt.Committed != nil {
		w.opt.Committed(rows)
		return
	}
	if len(rows) > 0 {
		w.opt.Queued()
	}
}

func (w *Worker) marshalState(next, prev conversation.State, u conversation.Update) []byte {
	next.Version = prev.Version
	next.LastUpdateID = max(prev.LastUpdateID, u.ID)
	next.UpdatedAt = w.opt.Now()
	b, err := json.Marshal(next)
	if err != nil {
		// conversation.State holds only plain data; this cannot happen.
		panic(fmt.Sprintf("marshal conversation state: %v", err))
	}
	return b
}

// handle calls the Handler, turning a panic into errPanicked.
func (w *Worker) handle(ctx context.Context, tx conversation.Tx, st conversation.State, u conversation.Update) (next conversation.State, out []conversation.Outgoing, err error) {
	defer func() {
		if r := recover(); r != nil {
			w.metrics.HandlerPanics.Inc()
			// Only the panic's type: its value may quote what the user typed.
			w.logger.Error("handler panicked", slog.Int64("chat", u.ChatID), slog.Int64("update", u.ID),
				slog.String("panic_type", fmt.Sprintf("%T", r)), slog.String("stack", string(debug.Stack())))
			err = errPanicked
		}
	}()
	return w.handler.Handle(ctx, tx, st, u)
}

func (w *Worker) ack(ctx context.Context, e redis.InboxEntry) error {
	if err := w.inbox.Ack(ctx, e.StreamID); err != nil {
		return fmt.Errorf("ack inbox entry %s: %w", e.StreamID, err)
	}
	return nil
}

// watchPending keeps the inbox-pending gauge current.
func (w *Worker) watchPending(ctx context.Context) {
	t := time.NewTicker(5 * time.Second)
	defer t.Stop()
	for {
		if n, err := w.inbox.Pending(ctx); err == nil {
			w.metrics.InboxPending.Set(float64(n))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// isBlockedBy reports an update saying that a user blocked the bot in their
// private chat.
func isBlockedBy(u *models.Update) bool {
	m := u.MyChatMember
	return m != nil && m.Chat.Type == models.ChatTypePrivate && m.NewChatMember.Type == models.ChatMemberTypeBanned
}
