package bot

import (
	"context"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"posko/conversation"
	"posko/storage/postgres"
)

// groupStore records the update ids of each group it stores.
type groupStore struct {
	UpdateStore
	mu     sync.Mutex
	groups [][]int64
}

func (g *groupStore) ProcessUpdates(ctx context.Context, items []postgres.Item) ([]postgres.Result, error) {
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.UpdateID
	}
	g.mu.Lock()
	g.groups = append(g.groups, ids)
	g.mu.Unlock()
	return g.UpdateStore.ProcessUpdates(ctx, items)
}

// groupOf returns the group that stored update id first.
func (g *groupStore) groupOf(id int64) []int64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, grp := range g.groups {
		if slices.Contains(grp, id) {
			return grp
		}
	}
	return nil
}

// loadWatch records which chats' states were loaded.
type loadWatch struct {
	StateStore
	loaded sync.Map
}

func (l *loadWatch) Load(ctx context.Context, chat int64) (conversation.State, error) {
	st, err := l.StateStore.Load(ctx, chat)
	l.loaded.Store(chat, true)
	return st, err
}

// chatsInOtherLanes returns n chat ids whose lanes differ from each other's
// and from avoid's.
func chatsInOtherLanes(avoid int64, n, lanes int) []int64 {
	used := map[int]bool{laneOf(avoid, lanes): true}
	var chats []int64
	for c := avoid + 1; len(chats) < n; c++ {
		if l := laneOf(c, lanes); !used[l] {
			used[l] = true
			chats = append(chats, c)
		}
	}
	return chats
}

func TestWorkerCommitsUpdatesOfSeveralChatsTogether(t *testing.T) {
	r := newRig(t)
	entered := make(chan struct{})
	release := make(chan struct{})
	h := &echo{block: func(u conversation.Update) {
		if u.Text == "gate" {
			close(entered)
			<-release // holds the committer: the other lanes' updates queue up
		}
	}}
	store := &groupStore{UpdateStore: r.db}
	states := &loadWatch{StateStore: r.states}
	const lanes = 8
	runWorkerWith(t, r, h, store, states, "w1", func(o *WorkerOptions) { o.Lanes = lanes })

	const gate = 500
	chats := chatsInOtherLanes(gate, 4, lanes)
	r.push(t, 1, gate, "gate")
	<-entered
	texts := []string{"satu", "boom", "racun", "dua"}
	for i, chat := range chats {
		r.push(t, int64(10+i), chat, texts[i])
	}
	eventually(t, "every other lane holding its update", func() bool {
		for _, chat := range chats {
			if _, ok := states.loaded.Load(chat); !ok {
				return false
			}
		}
		return true
	})
	time.Sleep(100 * time.Millisecond) // from loading its state to queuing for the committer
	close(release)

	want := map[int64]string{
		gate:     "echo: gate",
		chats[0]: "echo: satu",
		chats[1]: "terjadi gangguan", // panicked: rolled back, apology
		chats[2]: "terjadi gangguan", // failed every time: given up, apology
		chats[3]: "echo: dua",
	}
	for chat, text := range want {
		eventually(t, "chat answered", func() bool { return len(r.outbox(t, chat)) == 1 })
		if got := r.outbox(t, chat); !strings.Contains(got[0], text) {
			t.Errorf("chat %d outbox = %q, want %q", chat, got, text)
		}
	}
	if grp := store.groupOf(10); !slices.Contains(grp, 13) || !slices.Contains(grp, 11) {
		t.Errorf("update 10 was stored in group %v, want it with the other queued updates 11 and 13", grp)
	}
	var complaints int
	if err := r.db.Pool().QueryRow(context.Background(), "SELECT count(*) FROM complaints").Scan(&complaints); err != nil {
		t.Fatal(err)
	}
	if complaints != 0 {
		t.Errorf("complaints = %d, want the panicking update's write rolled back", complaints)
	}
	for _, chat := range []int64{chats[0], chats[3]} {
		if got := h.order(chat); len(got) != 1 {
			t.Errorf("chat %d handled %v, want once", chat, got)
		}
	}
	eventually(t, "every entry acknowledged", func() bool { n, _ := r.inbox.Pending(context.Background()); return n == 0 })
}

func TestWorkerHandsCommittedRowsOnOncePerUpdate(t *testing.T) {
	r := newRig(t)
	var (
		mu     sync.Mutex
		rows   = map[int64][]postgres.OutboxRow{} // per chat, in the order handed on
		calls  int
		queued atomic.Int32
	)
	committed := func(rs []postgres.OutboxRow) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		for _, row := range rs {
			rows[row.Msg.ChatID] = append(rows[row.Msg.ChatID], row)
		}
	}
	// The first state save fails: update 11 is retried and found replayed.
	states := &flakyStates{StateStore: r.states, fails: 1}
	runWorkerWith(t, r, &echo{}, nil, states, "w1", func(o *WorkerOptions) {
		o.Committed = committed
		o.Queued = func() { queued.Add(1) }
	})
	r.push(t, 11, 8, "satu")
	r.push(t, 12, 8, "dua")
	r.push(t, 13, 9, "boom")
	eventually(t, "every entry acknowledged", func() bool {
		n, _ := r.inbox.Pending(context.Background())
		return n == 0 && len(r.outbox(t, 8)) == 2 && len(r.outbox(t, 9)) == 1
	})

	mu.Lock()
	defer mu.Unlock()
	if calls != 3 {
		t.Errorf("Committed called %d times, want once per handled update (3)", calls)
	}
	for _, chat := range []int64{8, 9} {
		var ids []int64
		var texts []string
		for _, row := range rows[chat] {
			ids = append(ids, row.ID)
			texts = append(texts, row.Msg.Text)
		}
		var tableIDs []int64
		q, err := r.db.Pool().Query(context.Background(), "SELECT id FROM outbox WHERE chat_id = $1 ORDER BY id", chat)
		if err != nil {
			t.Fatal(err)
		}
		for q.Next() {
			var id int64
			if err := q.Scan(&id); err != nil {
				t.Fatal(err)
			}
			tableIDs = append(tableIDs, id)
		}
		q.Close()
		if !slices.Equal(ids, tableIDs) || !slices.Equal(texts, r.outbox(t, chat)) {
			t.Errorf("chat %d: handed on %v %q, table has %v %q", chat, ids, texts, tableIDs, r.outbox(t, chat))
		}
	}
	if n := queued.Load(); n != 0 {
		t.Errorf("Queued called %d times although Committed is set", n)
	}
}
