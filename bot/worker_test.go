package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"posko/conversation"
	"posko/storage/postgres"
	"posko/storage/postgres/pgtest"
	"posko/storage/redis"
	"posko/storage/redis/redistest"
)

// rig is a real inbox, state store and database for one test.
type rig struct {
	inbox  *redis.Inbox
	states *redis.StateStore
	db     *postgres.DB
}

func newRig(t *testing.T) rig {
	t.Helper()
	ctx := context.Background()
	db, err := postgres.Open(ctx, pgtest.New(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	if err := postgres.Migrate(ctx, db, discardLogger()); err != nil {
		t.Fatal(err)
	}
	url, prefix := redistest.New(t)
	rdb, err := redis.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rdb.Close() })
	inbox := redis.NewInbox(rdb, prefix)
	if err := inbox.Init(ctx); err != nil {
		t.Fatal(err)
	}
	return rig{inbox: inbox, states: redis.NewStateStore(rdb, prefix, time.Hour), db: db}
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// push appends a private text message from chat to the inbox.
func (r rig) push(t *testing.T, updateID, chat int64, text string) {
	t.Helper()
	raw := fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"date":1764000000,"chat":{"id":%d,"type":"private"},"from":{"id":%d,"is_bot":false,"first_name":"Uji"},"text":%q}}`,
		updateID, updateID, chat, chat, text)
	added, err := r.inbox.Append(context.Background(), updateID, chat, []byte(raw))
	if err != nil || !added {
		t.Fatalf("append update %d: added=%v err=%v", updateID, added, err)
	}
}

// outbox returns the texts queued for chat, in order.
func (r rig) outbox(t *testing.T, chat int64) []string {
	t.Helper()
	rows, err := r.db.Pool().Query(context.Background(),
		"SELECT payload->>'text' FROM outbox WHERE chat_id = $1 ORDER BY id", chat)
	if err != nil {
		t.Fatal(err)
	}
	texts, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return texts
}

// echo is a Handler that answers "echo: <text>", counts the messages of
// each chat in its state and records the order it saw them in.
type echo struct {
	mu    sync.Mutex
	seen  map[int64][]string
	block func(u conversation.Update) // called before handling, may block or panic
}

func (h *echo) Handle(ctx context.Context, tx conversation.Tx, st conversation.State, u conversation.Update) (conversation.State, []conversation.Outgoing, error) {
	if h.block != nil {
		h.block(u)
	}
	if err := ctx.Err(); err != nil {
		return st, nil, err
	}
	if u.Text == "racun" {
		return st, nil, errors.New("violates check constraint") // fails every time
	}
	if u.Text == "boom" {
		if _, err := tx.SaveComplaint(ctx, conversation.Complaint{ChatID: u.ChatID, Text: "must be rolled back", CreatedAt: time.Now()}); err != nil {
			return st, nil, err
		}
		panic("boom")
	}
	h.mu.Lock()
	if h.seen == nil {
		h.seen = map[int64][]string{}
	}
	h.seen[u.ChatID] = append(h.seen[u.ChatID], u.Text)
	h.mu.Unlock()
	if st.Form == nil {
		st.Form = &conversation.FormState{Flow: "count"}
	}
	st.Form.Step++
	return st, []conversation.Outgoing{{Kind: conversation.OutSend, ChatID: u.ChatID, Text: "echo: " + u.Text}}, nil
}

func (h *echo) Failure(u conversation.Update) []conversation.Outgoing {
	return []conversation.Outgoing{{Kind: conversation.OutSend, ChatID: u.ChatID, Text: "Maaf, terjadi gangguan. Silakan coba lagi."}}
}

func (h *echo) order(chat int64) []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.seen[chat]...)
}

// runWorker runs a worker until the returned stop is called.
func runWorker(t *testing.T, r rig, h Handler, store UpdateStore, states StateStore, consumer string) (stop func()) {
	t.Helper()
	return runWorkerWith(t, r, h, store, states, consumer, nil)
}

// runWorkerWith is runWorker with options changed by tune (when not nil).
func runWorkerWith(t *testing.T, r rig, h Handler, store UpdateStore, states StateStore, consumer string, tune func(*WorkerOptions)) (stop func()) {
	t.Helper()
	if store == nil {
		store = r.db
	}
	if states == nil {
		states = r.states
	}
	ctx, cancel := context.WithCancel(context.Background())
	opt := WorkerOptions{
		Consumer: consumer, Lanes: 4, Block: 50 * time.Millisecond, MaxBackoff: 50 * time.Millisecond, Chats: r.db,
	}
	if tune != nil {
		tune(&opt)
	}
	w := NewWorker(r.inbox, states, store, h, NewMetrics(), discardLogger(), opt)
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Run(ctx)
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			<-done
		})
	}
	t.Cleanup(stop)
	return stop
}

// eventually polls cond until it holds or fails the test after 10 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestWorkerKeepsOrderPerChat(t *testing.T) {
	r := newRig(t)
	h := &echo{block: func(u conversation.Update) {
		if u.ID%3 == 0 {
			time.Sleep(2 * time.Millisecond) // let lanes interleave
		}
	}}
	runWorker(t, r, h, nil, nil, "w1")
	var want = map[int64][]string{}
	for i := int64(1); i <= 60; i++ {
		chat := 100 + i%3
		text := fmt.Sprintf("m%d", i)
		r.push(t, i, chat, text)
		want[chat] = append(want[chat], text)
	}
	for chat, texts := range want {
		eventually(t, "all updates of a chat handled", func() bool { return len(r.outbox(t, chat)) == len(texts) })
		if got := h.order(chat); strings.Join(got, ",") != strings.Join(texts, ",") {
			t.Errorf("chat %d handled in order %v, want %v", chat, got, texts)
		}
		st, err := r.states.Load(context.Background(), chat)
		if err != nil {
			t.Fatal(err)
		}
		if st.Form == nil || st.Form.Step != len(texts) || st.LastUpdateID == 0 {
			t.Errorf("chat %d state = %+v, want step %d", chat, st.Form, len(texts))
		}
	}
	pending, err := r.inbox.Pending(context.Background())
	if err != nil || pending != 0 {
		t.Errorf("inbox pending = %d (%v), want 0 after acknowledgement", pending, err)
	}
}

func TestWorkerKilledMidUpdateHandlesItOnceAfterRestart(t *testing.T) {
	r := newRig(t)
	entered := make(chan struct{})
	first := &echo{block: func(u conversation.Update) {
		close(entered)
		time.Sleep(300 * time.Millisecond) // the process is killed meanwhile
	}}
	stop := runWorker(t, r, first, nil, nil, "crashed")
	r.push(t, 1, 7, "halo")
	<-entered
	stop() // context cancelled without drain, in the middle of the update

	if got := r.outbox(t, 7); len(got) != 0 {
		t.Fatalf("outbox after the crash = %v, want nothing committed", got)
	}
	second := &echo{}
	runWorker(t, r, second, nil, nil, "restarted")
	eventually(t, "the update handled after restart", func() bool { return len(r.outbox(t, 7)) == 1 })
	time.Sleep(200 * time.Millisecond)
	if got := r.outbox(t, 7); len(got) != 1 || got[0] != "echo: halo" {
		t.Errorf("outbox = %v, want one echo", got)
	}
	if got := second.order(7); len(got) != 1 {
		t.Errorf("restarted worker handled %v, want the update once", got)
	}
}

// flakyStates fails the first Save: the crash window between the database
// commit and the state write.
type flakyStates struct {
	StateStore
	mu    sync.Mutex
	fails int
}

func (f *flakyStates) Save(ctx context.Context, chat int64, st conversation.State) (conversation.State, error) {
	f.mu.Lock()
	if f.fails > 0 {
		f.fails--
		f.mu.Unlock()
		return st, errors.New("redis: connection reset")
	}
	f.mu.Unlock()
	return f.StateStore.Save(ctx, chat, st)
}

func TestWorkerRepairsStateAfterCommitWithoutDoingTwice(t *testing.T) {
	r := newRig(t)
	h := &echo{}
	runWorker(t, r, h, nil, &flakyStates{StateStore: r.states, fails: 1}, "w1")
	r.push(t, 11, 8, "satu")
	r.push(t, 12, 8, "dua")
	eventually(t, "both updates handled", func() bool { return len(r.outbox(t, 8)) == 2 })
	if got := r.outbox(t, 8); strings.Join(got, "|") != "echo: satu|echo: dua" {
		t.Errorf("outbox = %v, want each update answered once, in order", got)
	}
	st, err := r.states.Load(context.Background(), 8)
	if err != nil {
		t.Fatal(err)
	}
	if st.LastUpdateID != 12 || st.Form == nil || st.Form.Step != 2 {
		t.Errorf("state = last %d form %+v, want last 12 and step 2", st.LastUpdateID, st.Form)
	}
}

// downStore fails like an unreachable database until up is closed.
type downStore struct {
	UpdateStore
	up    chan struct{}
	calls sync.Map
}

func (d *downStore) ProcessUpdates(ctx context.Context, items []postgres.Item) ([]postgres.Result, error) {
	select {
	case <-d.up:
		return d.UpdateStore.ProcessUpdates(ctx, items)
	default:
		for _, it := range items {
			d.calls.Store(it.UpdateID, true)
		}
		return nil, errors.New("dial tcp 127.0.0.1:5432: connect: connection refused")
	}
}

func TestWorkerRetriesWhileDatabaseIsDown(t *testing.T) {
	r := newRig(t)
	store := &downStore{UpdateStore: r.db, up: make(chan struct{})}
	runWorker(t, r, &echo{}, store, nil, "w1")
	r.push(t, 21, 9, "tolong")
	eventually(t, "a failed attempt", func() bool { _, ok := store.calls.Load(int64(21)); return ok })
	if n, _ := r.inbox.Pending(context.Background()); n != 1 {
		t.Errorf("inbox pending while the database is down = %d, want 1", n)
	}
	time.Sleep(500 * time.Millisecond) // many more failed attempts than GiveUpAfter: an outage must not count
	close(store.up)
	eventually(t, "the update handled once the database is back", func() bool { return len(r.outbox(t, 9)) == 1 })
	if got := r.outbox(t, 9); got[0] != "echo: tolong" {
		t.Errorf("answer after the outage = %q, want the real answer, not an apology", got[0])
	}
	eventually(t, "the entry acknowledged", func() bool { n, _ := r.inbox.Pending(context.Background()); return n == 0 })
}

func TestWorkerRecoversPanicRollsBackAndApologises(t *testing.T) {
	r := newRig(t)
	runWorker(t, r, &echo{}, nil, nil, "w1")
	r.push(t, 31, 10, "boom")
	r.push(t, 32, 10, "lagi")
	eventually(t, "both updates answered", func() bool { return len(r.outbox(t, 10)) == 2 })
	got := r.outbox(t, 10)
	if !strings.Contains(got[0], "terjadi gangguan") || got[1] != "echo: lagi" {
		t.Errorf("outbox = %v, want the apology then the next answer", got)
	}
	var complaints int
	if err := r.db.Pool().QueryRow(context.Background(), "SELECT count(*) FROM complaints").Scan(&complaints); err != nil {
		t.Fatal(err)
	}
	if complaints != 0 {
		t.Errorf("complaints stored = %d, want the panicking update's changes rolled back", complaints)
	}
}

func TestWorkerSkipsUpdateAlreadyApplied(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	// The state says update 41 was applied; only its acknowledgement was lost.
	if _, err := r.states.Save(ctx, 11, conversation.State{LastUpdateID: 41}); err != nil {
		t.Fatal(err)
	}
	h := &echo{}
	runWorker(t, r, h, nil, nil, "w1")
	r.push(t, 41, 11, "lama")
	r.push(t, 42, 11, "baru")
	eventually(t, "the new update answered", func() bool { return len(r.outbox(t, 11)) == 1 })
	if got := h.order(11); len(got) != 1 || got[0] != "baru" {
		t.Errorf("handled %v, want only the update not yet applied", got)
	}
}

func TestWorkerHandlesAnOlderUpdateArrivingLate(t *testing.T) {
	r := newRig(t)
	h := &echo{}
	runWorker(t, r, h, nil, nil, "w1")
	r.push(t, 101, 12, "baru") // webhook deliveries may overtake each other
	eventually(t, "the newer update answered", func() bool { return len(r.outbox(t, 12)) == 1 })
	r.push(t, 100, 12, "lama")
	eventually(t, "the older update answered too", func() bool { return len(r.outbox(t, 12)) == 2 })
	st, err := r.states.Load(context.Background(), 12)
	if err != nil || st.LastUpdateID != 101 {
		t.Errorf("state last update = %d (%v), want it to stay 101", st.LastUpdateID, err)
	}
}

func TestWorkerGivesUpOnAnUpdateThatAlwaysFails(t *testing.T) {
	r := newRig(t)
	runWorker(t, r, &echo{}, nil, nil, "w1")
	r.push(t, 51, 13, "racun")
	r.push(t, 52, 13, "sehat")
	eventually(t, "the apology and the next answer", func() bool { return len(r.outbox(t, 13)) == 2 })
	got := r.outbox(t, 13)
	if !strings.Contains(got[0], "terjadi gangguan") || got[1] != "echo: sehat" {
		t.Errorf("outbox = %v, want the apology, then the lane moving on", got)
	}
}

func TestWorkerMarksChatBlockedWhenUserBlocksTheBot(t *testing.T) {
	r := newRig(t)
	runWorker(t, r, &echo{}, nil, nil, "w1")
	raw := `{"update_id":61,"my_chat_member":{"chat":{"id":14,"type":"private","first_name":"A"},"from":{"id":14,"is_bot":false,"first_name":"A"},"date":1,` +
		`"old_chat_member":{"status":"member","user":{"id":1,"is_bot":true,"first_name":"P"}},"new_chat_member":{"status":"kicked","user":{"id":1,"is_bot":true,"first_name":"P"},"until_date":0}}}`
	if _, err := r.inbox.Append(context.Background(), 61, 14, []byte(raw)); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the chat marked blocked", func() bool {
		ok, err := r.db.IsBlocked(context.Background(), 14)
		return err == nil && ok
	})
	r.push(t, 62, 14, "halo lagi") // the user unblocked the bot and writes again
	eventually(t, "the mark cleared", func() bool {
		ok, err := r.db.IsBlocked(context.Background(), 14)
		return err == nil && !ok
	})
}
