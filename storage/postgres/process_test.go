package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"posko/conversation"
)

// complaintHandler saves one complaint and answers with two messages.
func complaintHandler(calls *int, state string) HandleFunc {
	return func(ctx context.Context, tx conversation.Tx) ([]byte, []conversation.Outgoing, error) {
		*calls++
		id, err := tx.SaveComplaint(ctx, conversation.Complaint{
			ChatID: 42, UserID: 7, UserName: "Budi Santoso", Category: "layanan",
			Text: "Antrean terlalu lama", Contact: "+6281234567890",
			Files: []conversation.File{{ID: "file-1", Name: "bukti.pdf"}},
		})
		if err != nil {
			return nil, nil, err
		}
		return []byte(state), []conversation.Outgoing{
			{Kind: conversation.OutSend, ChatID: 42, Text: "Pengaduan Anda telah kami terima.", Ref: "complaint-card"},
			{Kind: conversation.OutSend, ChatID: -100500, Text: "Pengaduan baru #" + strconv.FormatInt(id, 10)},
		}, nil
	}
}

func TestProcessUpdate(t *testing.T) {
	ctx := context.Background()

	t.Run("stores complaint, outbox rows and marker together", func(t *testing.T) {
		db := newDB(t)
		calls := 0
		state, replayed, err := db.ProcessUpdate(ctx, 1001, 42, complaintHandler(&calls, `{"v":1}`))
		if err != nil {
			t.Fatalf("ProcessUpdate: %v", err)
		}
		if replayed || string(state) != `{"v":1}` || calls != 1 {
			t.Errorf("got state %q replayed %v calls %d, want {\"v\":1} false 1", state, replayed, calls)
		}
		var c struct {
			chatID, userID                int64
			name, category, text, contact string
			files                         []conversation.File
		}
		err = db.Pool().QueryRow(ctx, `SELECT chat_id, user_id, user_name, category, text, contact, files FROM complaints`).
			Scan(&c.chatID, &c.userID, &c.name, &c.category, &c.text, &c.contact, &c.files)
		if err != nil {
			t.Fatalf("read complaint: %v", err)
		}
		if c.chatID != 42 || c.userID != 7 || c.name != "Budi Santoso" || c.text != "Antrean terlalu lama" ||
			c.contact != "+6281234567890" || len(c.files) != 1 || c.files[0].ID != "file-1" {
			t.Errorf("stored complaint = %+v", c)
		}
		due, err := db.DueOutbox(ctx, 10)
		if err != nil {
			t.Fatalf("DueOutbox: %v", err)
		}
		var texts []string
		for _, r := range due {
			texts = append(texts, r.Msg.Text)
		}
		want := []string{"Pengaduan Anda telah kami terima.", "Pengaduan baru #1"}
		if !slices.Equal(texts, want) {
			t.Errorf("queued texts = %q, want %q", texts, want)
		}
		if len(due) == 2 && (due[0].Msg.Ref != "complaint-card" || due[1].Msg.ChatID != -100500) {
			t.Errorf("queued messages lost fields: %+v", due)
		}
		if n := count(t, db, `SELECT count(*) FROM processed_updates WHERE update_id = 1001 AND chat_id = 42`); n != 1 {
			t.Errorf("markers = %d, want 1", n)
		}
	})

	t.Run("same update again is replayed without calling fn", func(t *testing.T) {
		db := newDB(t)
		calls := 0
		if _, _, err := db.ProcessUpdate(ctx, 1001, 42, complaintHandler(&calls, `{"v":1}`)); err != nil {
			t.Fatalf("first: %v", err)
		}
		state, replayed, err := db.ProcessUpdate(ctx, 1001, 42, complaintHandler(&calls, `{"v":2}`))
		if err != nil {
			t.Fatalf("second: %v", err)
		}
		if !replayed || string(state) != `{"v":1}` {
			t.Errorf("got state %q replayed %v, want the first state replayed", state, replayed)
		}
		if calls != 1 {
			t.Errorf("fn called %d times, want 1", calls)
		}
		if n := count(t, db, `SELECT count(*) FROM outbox`); n != 2 {
			t.Errorf("outbox rows = %d, want 2", n)
		}
		if n := count(t, db, `SELECT count(*) FROM complaints`); n != 1 {
			t.Errorf("complaints = %d, want 1", n)
		}
	})

	t.Run("error from fn stores nothing", func(t *testing.T) {
		db := newDB(t)
		boom := errors.New("boom")
		_, _, err := db.ProcessUpdate(ctx, 1001, 42, func(ctx context.Context, tx conversation.Tx) ([]byte, []conversation.Outgoing, error) {
			if _, err := tx.SaveComplaint(ctx, conversation.Complaint{ChatID: 42, Text: "x"}); err != nil {
				return nil, nil, err
			}
			return nil, nil, boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v, want it to wrap boom", err)
		}
		for _, table := range []string{"complaints", "outbox", "processed_updates"} {
			if n := count(t, db, `SELECT count(*) FROM `+table); n != 0 {
				t.Errorf("%s has %d rows after a failed update, want 0", table, n)
			}
		}
		calls := 0
		if _, replayed, err := db.ProcessUpdate(ctx, 1001, 42, complaintHandler(&calls, "{}")); err != nil || replayed || calls != 1 {
			t.Errorf("retry after failure: replayed %v calls %d err %v, want a fresh handling", replayed, calls, err)
		}
	})

	t.Run("message from a blocked chat clears the mark", func(t *testing.T) {
		db := newDB(t)
		if err := db.MarkBlocked(ctx, 42); err != nil {
			t.Fatalf("MarkBlocked: %v", err)
		}
		if _, _, err := db.ProcessUpdate(ctx, 5, 42, noMessages); err != nil {
			t.Fatalf("ProcessUpdate: %v", err)
		}
		if blocked, err := db.IsBlocked(ctx, 42); err != nil || blocked {
			t.Errorf("IsBlocked = %v, %v; want false", blocked, err)
		}
	})

	t.Run("two replicas handling the same update at once", func(t *testing.T) {
		db := newDB(t)
		var inFn sync.WaitGroup
		inFn.Add(2)
		var mu sync.Mutex
		calls := 0
		fn := func(ctx context.Context, tx conversation.Tx) ([]byte, []conversation.Outgoing, error) {
			mu.Lock()
			calls++
			n := calls
			mu.Unlock()
			inFn.Done()
			inFn.Wait() // both are past the replay check before either stores
			b, _ := json.Marshal(n)
			return b, []conversation.Outgoing{{Kind: conversation.OutSend, ChatID: 42, Text: "Halo"}}, nil
		}
		type result struct {
			state    string
			replayed bool
			err      error
		}
		results := make([]result, 2)
		var wg sync.WaitGroup
		for i := range results {
			wg.Go(func() {
				s, r, err := db.ProcessUpdate(ctx, 77, 42, fn)
				results[i] = result{string(s), r, err}
			})
		}
		wg.Wait()
		fresh := 0
		for _, r := range results {
			if r.err != nil {
				t.Fatalf("ProcessUpdate: %v", r.err)
			}
			if !r.replayed {
				fresh++
			}
		}
		if fresh != 1 || results[0].state != results[1].state {
			t.Errorf("results = %+v, want one fresh, one replayed, same state", results)
		}
		if n := count(t, db, `SELECT count(*) FROM outbox`); n != 1 {
			t.Errorf("outbox rows = %d, want 1", n)
		}
	})
}

func noMessages(context.Context, conversation.Tx) ([]byte, []conversation.Outgoing, error) {
	return []byte("{}"), nil, nil
}

func TestPruneProcessed(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	for id := range int64(3) {
		if _, _, err := db.ProcessUpdate(ctx, id+1, 42, noMessages); err != nil {
			t.Fatalf("ProcessUpdate: %v", err)
		}
	}
	if _, err := db.Pool().Exec(ctx, `UPDATE processed_updates SET processed_at = now() - interval '26 hours' WHERE update_id IN (1, 2)`); err != nil {
		t.Fatalf("backdate: %v", err)
	}
	n, err := db.PruneProcessed(ctx, 25*time.Hour)
	if err != nil || n != 2 {
		t.Fatalf("PruneProcessed = %d, %v; want 2", n, err)
	}
	if left := count(t, db, `SELECT count(*) FROM processed_updates WHERE update_id = 3`); left != 1 {
		t.Errorf("recent marker pruned")
	}
}
