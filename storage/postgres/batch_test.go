package postgres

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"

	"github.com/jackc/pgx/v5"

	"posko/conversation"
	"posko/storage/postgres/pgtest"
)

// answer is a HandleFunc that stores nothing and queues texts to chat.
func answer(calls *int, state string, chat int64, texts ...string) HandleFunc {
	return func(ctx context.Context, tx conversation.Tx) ([]byte, []conversation.Outgoing, error) {
		*calls++
		var out []conversation.Outgoing
		for _, t := range texts {
			out = append(out, send(chat, t))
		}
		return []byte(state), out, nil
	}
}

// saveThenFail saves a complaint for chat, then fails with err.
func saveThenFail(calls *int, chat int64, err error) HandleFunc {
	return func(ctx context.Context, tx conversation.Tx) ([]byte, []conversation.Outgoing, error) {
		*calls++
		if _, serr := tx.SaveComplaint(ctx, conversation.Complaint{ChatID: chat, Text: "must be rolled back"}); serr != nil {
			return nil, nil, serr
		}
		return nil, []conversation.Outgoing{send(chat, "never queued")}, err
	}
}

// outboxIDs returns the ids and texts of chat's outbox rows, in id order.
func outboxIDs(t *testing.T, db *DB, chat int64) (ids []int64, texts []string) {
	t.Helper()
	rows, err := db.Pool().Query(context.Background(), `SELECT id, payload->>'text' FROM outbox WHERE chat_id = $1 ORDER BY id`, chat)
	if err != nil {
		t.Fatal(err)
	}
	var (
		id   int64
		text string
	)
	if _, err := pgx.ForEachRow(rows, []any{&id, &text}, func() error {
		ids = append(ids, id)
		texts = append(texts, text)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return ids, texts
}

func resultIDs(r Result) (ids []int64, texts []string) {
	for _, row := range r.Outbox {
		ids = append(ids, row.ID)
		texts = append(texts, row.Msg.Text)
	}
	return ids, texts
}

func TestProcessUpdates(t *testing.T) {
	ctx := context.Background()

	t.Run("mix of new, replayed, failing and panicking updates", func(t *testing.T) {
		db := newDB(t)
		var old, newA, failing, panicking, newB, complaint int
		if _, _, err := db.ProcessUpdate(ctx, 10, 1, answer(&old, `{"old":1}`, 1, "first time")); err != nil {
			t.Fatalf("first handling: %v", err)
		}
		boom := errors.New("handler failed")
		panicked := errors.New("handler panicked")
		results, err := db.ProcessUpdates(ctx, []Item{
			{UpdateID: 10, ChatID: 1, Fn: answer(&old, `{"old":2}`, 1, "again")}, // handled before
			{UpdateID: 20, ChatID: 2, Fn: answer(&newA, `{"a":1}`, 2, "a1", "a2")},
			{UpdateID: 30, ChatID: 3, Fn: saveThenFail(&failing, 3, boom)},
			{UpdateID: 40, ChatID: 4, Fn: saveThenFail(&panicking, 4, panicked)},
			{UpdateID: 50, ChatID: 5, Fn: answer(&newB, `{"b":1}`, 5, "b1")},
			{UpdateID: 60, ChatID: 6, Fn: complaintHandler(&complaint, `{"c":1}`)},
		})
		if err != nil {
			t.Fatalf("ProcessUpdates: %v", err)
		}
		if old != 1 || newA != 1 || failing != 1 || panicking != 1 || newB != 1 || complaint != 1 {
			t.Errorf("calls old %d a %d failing %d panicking %d b %d complaint %d; want the replayed one not called, each other once",
				old, newA, failing, panicking, newB, complaint)
		}
		if r := results[0]; !r.Replayed || string(r.State) != `{"old":1}` || r.Err != nil || r.Outbox != nil {
			t.Errorf("replayed result = %+v, want the first state, replayed, no rows", r)
		}
		if r := results[2]; !errors.Is(r.Err, boom) || r.Replayed || r.Outbox != nil {
			t.Errorf("failing result = %+v, want its error", r)
		}
		if r := results[3]; !errors.Is(r.Err, panicked) {
			t.Errorf("panicking result = %+v, want its error", r)
		}
		for i, want := range map[int]string{1: `{"a":1}`, 4: `{"b":1}`, 5: `{"c":1}`} {
			if r := results[i]; r.Err != nil || r.Replayed || string(r.State) != want {
				t.Errorf("result %d = %+v, want state %s stored", i, r, want)
			}
		}
		// Each handled update's rows come back with the ids the table holds.
		for _, c := range []struct {
			result int
			chat   int64
			texts  []string
		}{{1, 2, []string{"a1", "a2"}}, {4, 5, []string{"b1"}}} {
			ids, texts := outboxIDs(t, db, c.chat)
			gotIDs, gotTexts := resultIDs(results[c.result])
			if !slices.Equal(texts, c.texts) || !slices.Equal(gotTexts, c.texts) || !slices.Equal(gotIDs, ids) {
				t.Errorf("chat %d: table %v %q, result %v %q; want %q with the same ids", c.chat, ids, texts, gotIDs, gotTexts, c.texts)
			}
		}
		// Only the complaint of the successful update is kept, and its
		// number is the one the staff card quotes.
		if n := count(t, db, `SELECT count(*) FROM complaints`); n != 1 {
			t.Errorf("complaints = %d, want only the successful update's", n)
		}
		kept := count(t, db, `SELECT id FROM complaints WHERE chat_id = 42`)
		if rows := results[5].Outbox; len(rows) != 2 || rows[1].Msg.ChatID != -100500 || rows[1].Msg.Text != "Pengaduan baru #"+strconv.Itoa(kept) {
			t.Errorf("complaint rows = %+v, want the staff card for complaint #%d", rows, kept)
		}
		if n := count(t, db, `SELECT count(*) FROM outbox WHERE chat_id IN (3, 4)`); n != 0 {
			t.Errorf("failed updates queued %d rows, want 0", n)
		}
		var markers []int64
		rows, err := db.Pool().Query(ctx, `SELECT update_id FROM processed_updates ORDER BY update_id`)
		if err != nil {
			t.Fatal(err)
		}
		if markers, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(markers, []int64{10, 20, 50, 60}) {
			t.Errorf("markers = %v, want 10 20 50 60 (failed updates unmarked, to be retried)", markers)
		}
		if n := count(t, db, `SELECT count(*) FROM outbox WHERE chat_id = 1`); n != 1 {
			t.Errorf("replayed update queued again: %d rows for chat 1, want 1", n)
		}
	})

	t.Run("a handler that ignores a failed write fails alone", func(t *testing.T) {
		db := newDB(t)
		var a, b int
		ignoring := func(ctx context.Context, tx conversation.Tx) ([]byte, []conversation.Outgoing, error) {
			// An invalid byte sequence: PostgreSQL refuses the row.
			_, _ = tx.SaveComplaint(ctx, conversation.Complaint{ChatID: 2, Text: "\xff\xfe"})
			return []byte("{}"), []conversation.Outgoing{send(2, "saved?")}, nil
		}
		results, err := db.ProcessUpdates(ctx, []Item{
			{UpdateID: 1, ChatID: 1, Fn: answer(&a, "{}", 1, "before")},
			{UpdateID: 2, ChatID: 2, Fn: ignoring},
			{UpdateID: 3, ChatID: 3, Fn: answer(&b, "{}", 3, "after")},
		})
		if err != nil {
			t.Fatalf("ProcessUpdates: %v", err)
		}
		if results[1].Err == nil || !Rejected(results[1].Err) {
			t.Errorf("ignoring handler's result = %+v, want a rejected write", results[1])
		}
		if results[0].Err != nil || results[2].Err != nil {
			t.Errorf("other results = %v, %v; want both stored", results[0].Err, results[2].Err)
		}
		if got := dueTexts(t, db); !slices.Equal(got, []string{"before", "after"}) {
			t.Errorf("queued = %q, want before, after", got)
		}
	})

	t.Run("a message PostgreSQL refuses fails only its update", func(t *testing.T) {
		db := newDB(t)
		var a, bad, b int
		results, err := db.ProcessUpdates(ctx, []Item{
			{UpdateID: 1, ChatID: 1, Fn: answer(&a, "{}", 1, "ok 1")},
			{UpdateID: 2, ChatID: 2, Fn: answer(&bad, "{}", 2, "NUL \x00 is not valid in jsonb")},
			{UpdateID: 3, ChatID: 3, Fn: answer(&b, "{}", 3, "ok 3")},
		})
		if err != nil {
			t.Fatalf("ProcessUpdates: %v", err)
		}
		if !Rejected(results[1].Err) {
			t.Errorf("refused update's result = %+v, want a rejected write", results[1])
		}
		if results[0].Err != nil || results[2].Err != nil || len(results[0].Outbox) != 1 || len(results[2].Outbox) != 1 {
			t.Errorf("results = %+v, want the other two stored", results)
		}
		if got := dueTexts(t, db); !slices.Equal(got, []string{"ok 1", "ok 3"}) {
			t.Errorf("queued = %q, want ok 1, ok 3", got)
		}
		if n := count(t, db, `SELECT count(*) FROM processed_updates WHERE update_id = 2`); n != 0 {
			t.Errorf("refused update marked handled")
		}
	})

	t.Run("rows report the migrated chat and its blocked mark", func(t *testing.T) {
		db := newDB(t)
		if err := db.MigrateChat(ctx, -5, -1005); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkBlocked(ctx, 9); err != nil {
			t.Fatal(err)
		}
		var calls int
		results, err := db.ProcessUpdates(ctx, []Item{{UpdateID: 1, ChatID: 7, Fn: func(context.Context, conversation.Tx) ([]byte, []conversation.Outgoing, error) {
			calls++
			return []byte("{}"), []conversation.Outgoing{send(7, "to the user"), send(-5, "to the old group"), send(9, "to a blocked chat")}, nil
		}}})
		if err != nil || results[0].Err != nil {
			t.Fatalf("ProcessUpdates: %v %v", err, results[0].Err)
		}
		due, err := db.DueOutbox(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		got := results[0].Outbox
		if len(got) != len(due) {
			t.Fatalf("result rows %+v, due rows %+v", got, due)
		}
		for i := range due {
			if got[i].ID != due[i].ID || got[i].Msg.ChatID != due[i].Msg.ChatID || got[i].Blocked != due[i].Blocked || got[i].Msg.Text != due[i].Msg.Text {
				t.Errorf("row %d = %+v, want it as DueOutbox reports it: %+v", i, got[i], due[i])
			}
		}
		if got[1].Msg.ChatID != -1005 || !got[2].Blocked || got[0].Blocked {
			t.Errorf("rows = %+v, want the group migrated and chat 9 blocked", got)
		}
	})

	t.Run("a lost connection fails the whole group", func(t *testing.T) {
		db := newDB(t)
		var a int
		results, err := db.ProcessUpdates(ctx, []Item{
			{UpdateID: 1, ChatID: 1, Fn: answer(&a, "{}", 1, "lost")},
			{UpdateID: 2, ChatID: 2, Fn: func(ctx context.Context, tx conversation.Tx) ([]byte, []conversation.Outgoing, error) {
				// Kill this transaction's backend, as a crashed server would.
				var pid int
				if err := tx.(*txStore).tx.QueryRow(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
					return nil, nil, err
				}
				if _, err := db.Pool().Exec(ctx, `SELECT pg_terminate_backend($1)`, pid); err != nil {
					return nil, nil, err
				}
				return []byte("{}"), nil, nil
			}},
		})
		if err == nil {
			t.Fatal("ProcessUpdates succeeded on a killed connection")
		}
		for i, r := range results {
			if r.Err == nil || Rejected(r.Err) {
				t.Errorf("result %d err = %v, want the connection failure (not a rejection)", i, r.Err)
			}
		}
		if n := count(t, db, `SELECT count(*) FROM processed_updates`); n != 0 {
			t.Errorf("markers = %d after a failed group, want 0", n)
		}
	})
}

func TestProcessedStateIsSealedWithTheDocumentKey(t *testing.T) {
	key := bytes.Repeat([]byte{7}, 32)
	url := pgtest.New(t)
	ctx := context.Background()
	db, err := Open(ctx, url, WithDocumentKey(key))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	if err := Migrate(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	state := []byte(`{"v":3,"form":{"answers":{"nik_admin":{"value":"1673011503850003"}}}}`)
	fn := func(context.Context, conversation.Tx) ([]byte, []conversation.Outgoing, error) {
		return state, nil, nil
	}
	if _, _, err := db.ProcessUpdate(ctx, 71, 5, fn); err != nil {
		t.Fatal(err)
	}
	var plain int
	if err := db.Pool().QueryRow(ctx, `SELECT count(*) FROM processed_updates WHERE position('1673011503850003'::bytea in state) > 0`).Scan(&plain); err != nil || plain != 0 {
		t.Errorf("NIK in plain text in %d markers (%v)", plain, err)
	}
	got, replayed, err := db.ProcessUpdate(ctx, 71, 5, fn)
	if err != nil || !replayed || !bytes.Equal(got, state) {
		t.Errorf("replay = %s, %v, %v; want the state as handled", got, replayed, err)
	}
}
