package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"posko/conversation"
)

func send(chatID int64, text string) conversation.Outgoing {
	return conversation.Outgoing{Kind: conversation.OutSend, ChatID: chatID, Text: text}
}

func dueTexts(t *testing.T, db *DB) []string {
	t.Helper()
	rows, err := db.DueOutbox(context.Background(), 100)
	if err != nil {
		t.Fatalf("DueOutbox: %v", err)
	}
	var texts []string
	for _, r := range rows {
		texts = append(texts, r.Msg.Text)
	}
	return texts
}

func TestDueOutbox(t *testing.T) {
	ctx := context.Background()

	t.Run("in id order, limited", func(t *testing.T) {
		db := newDB(t)
		if err := db.Enqueue(ctx, send(1, "a"), send(2, "b"), send(1, "c")); err != nil {
			t.Fatalf("Enqueue: %v", err)
		}
		if got := dueTexts(t, db); !slices.Equal(got, []string{"a", "b", "c"}) {
			t.Errorf("due = %q, want a b c", got)
		}
		rows, err := db.DueOutbox(ctx, 2)
		if err != nil || len(rows) != 2 || rows[0].ID >= rows[1].ID {
			t.Errorf("DueOutbox(2) = %+v, %v; want the first two in id order", rows, err)
		}
	})

	t.Run("rescheduled rows wait until available", func(t *testing.T) {
		db := newDB(t)
		if err := db.Enqueue(ctx, send(1, "later"), send(2, "now")); err != nil {
			t.Fatalf("Enqueue: %v", err)
		}
		rows, _ := db.DueOutbox(ctx, 10)
		if err := db.RetryLater(ctx, rows[0].ID, time.Now().Add(time.Hour), 0, "502 Bad Gateway"); err != nil {
			t.Fatalf("RetryLater: %v", err)
		}
		if got := dueTexts(t, db); !slices.Equal(got, []string{"now"}) {
			t.Errorf("due = %q, want only now", got)
		}
		if err := db.RetryLater(ctx, rows[0].ID, time.Now().Add(-time.Second), 0, "502 Bad Gateway"); err != nil {
			t.Fatalf("RetryLater: %v", err)
		}
		again, _ := db.DueOutbox(ctx, 10)
		if len(again) != 2 || again[0].Attempts != 2 {
			t.Errorf("after second retry: %+v, want the row back with 2 attempts", again)
		}
		var lastErr string
		_ = db.Pool().QueryRow(ctx, `SELECT last_error FROM outbox WHERE id = $1`, rows[0].ID).Scan(&lastErr)
		if lastErr != "502 Bad Gateway" {
			t.Errorf("last_error = %q", lastErr)
		}
	})

	t.Run("blocked chat is flagged", func(t *testing.T) {
		db := newDB(t)
		if err := db.MarkBlocked(ctx, 1); err != nil {
			t.Fatalf("MarkBlocked: %v", err)
		}
		if err := db.Enqueue(ctx, send(1, "blocked"), send(2, "open")); err != nil {
			t.Fatalf("Enqueue: %v", err)
		}
		rows, err := db.DueOutbox(ctx, 10)
		if err != nil || len(rows) != 2 {
			t.Fatalf("DueOutbox = %+v, %v", rows, err)
		}
		if !rows[0].Blocked || rows[1].Blocked {
			t.Errorf("Blocked = %v, %v; want true, false", rows[0].Blocked, rows[1].Blocked)
		}
	})

	t.Run("migrated groups resolve to the newest id", func(t *testing.T) {
		db := newDB(t)
		if err := db.MigrateChat(ctx, -1, -1001); err != nil {
			t.Fatalf("MigrateChat: %v", err)
		}
		// Queued for the old id after the migration (a flow that still had it).
		if err := db.Enqueue(ctx, send(-1, "to old id")); err != nil {
			t.Fatalf("Enqueue: %v", err)
		}
		if err := db.MigrateChat(ctx, -1001, -1002); err != nil {
			t.Fatalf("MigrateChat: %v", err)
		}
		if err := db.MarkBlocked(ctx, -1002); err != nil {
			t.Fatalf("MarkBlocked: %v", err)
		}
		rows, err := db.DueOutbox(ctx, 10)
		if err != nil || len(rows) != 1 {
			t.Fatalf("DueOutbox = %+v, %v", rows, err)
		}
		if rows[0].Msg.ChatID != -1002 || !rows[0].Blocked {
			t.Errorf("row = %+v, want chat -1002, blocked", rows[0])
		}
	})
}

func TestOutboxMarks(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	card := send(1, "card")
	card.Ref = "request:7:card"
	if err := db.Enqueue(ctx, card, send(1, "toast"), send(2, "bad")); err != nil {
		t.Fatalf("Enqueue: %v", err)
	}
	rows, _ := db.DueOutbox(ctx, 10)
	if len(rows) != 3 {
		t.Fatalf("due rows = %d, want 3", len(rows))
	}
	if _, err := db.SentMessageID(ctx, "request:7:card"); !errors.Is(err, ErrNotFound) {
		t.Errorf("SentMessageID before sending: err = %v, want ErrNotFound", err)
	}
	if err := db.MarkSent(ctx, []Sent{{ID: rows[0].ID, MessageID: 555}, {ID: rows[1].ID}}); err != nil {
		t.Fatalf("MarkSent: %v", err)
	}
	if err := db.MarkFailed(ctx, rows[2].ID, "Bad Request: chat not found"); err != nil {
		t.Fatalf("MarkFailed: %v", err)
	}

	t.Run("sent and failed rows are no longer due", func(t *testing.T) {
		if got := dueTexts(t, db); len(got) != 0 {
			t.Errorf("due = %q, want none", got)
		}
		if n, err := db.OutboxPending(ctx); err != nil || n != 0 {
			t.Errorf("OutboxPending = %d, %v; want 0", n, err)
		}
	})
	t.Run("message id recorded under its ref", func(t *testing.T) {
		id, err := db.SentMessageID(ctx, "request:7:card")
		if err != nil || id != 555 {
			t.Errorf("SentMessageID = %d, %v; want 555", id, err)
		}
		if n := count(t, db, `SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL`); n != 2 {
			t.Errorf("sent rows = %d, want 2", n)
		}
	})
	t.Run("failure reason recorded", func(t *testing.T) {
		if n := count(t, db, `SELECT count(*) FROM outbox WHERE failed_at IS NOT NULL AND last_error = 'Bad Request: chat not found'`); n != 1 {
			t.Errorf("failed rows = %d, want 1", n)
		}
	})
	t.Run("unknown ref", func(t *testing.T) {
		if _, err := db.SentMessageID(ctx, "nope"); !errors.Is(err, ErrNotFound) {
			t.Errorf("err = %v, want ErrNotFound", err)
		}
	})
}

func TestPruneOutbox(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	if err := db.Enqueue(ctx, send(1, "sent old"), send(1, "failed old"), send(1, "pending old"), send(1, "sent new")); err != nil {
		t.Fatalf("Enqueue: %v", err)
	}
	rows, _ := db.DueOutbox(ctx, 10)
	if err := db.MarkSent(ctx, []Sent{{ID: rows[0].ID, MessageID: 1}, {ID: rows[3].ID, MessageID: 2}}); err != nil {
		t.Fatalf("MarkSent: %v", err)
	}
	if err := db.MarkFailed(ctx, rows[1].ID, "blocked"); err != nil {
		t.Fatalf("MarkFailed: %v", err)
	}
	_, err := db.Pool().Exec(ctx, `
		UPDATE outbox SET created_at = now() - interval '10 days',
			sent_at = sent_at - interval '10 days', failed_at = failed_at - interval '10 days'
		WHERE id = ANY($1)`, []int64{rows[0].ID, rows[1].ID, rows[2].ID})
	if err != nil {
		t.Fatalf("backdate: %v", err)
	}
	n, err := db.PruneOutbox(ctx, 7*24*time.Hour)
	if err != nil || n != 2 {
		t.Fatalf("PruneOutbox = %d, %v; want 2", n, err)
	}
	var left []string
	r, _ := db.Pool().Query(ctx, `SELECT payload->>'text' FROM outbox ORDER BY id`)
	for r.Next() {
		var s string
		_ = r.Scan(&s)
		left = append(left, s)
	}
	if !slices.Equal(left, []string{"pending old", "sent new"}) {
		t.Errorf("left = %q, want pending old, sent new", left)
	}
}

func TestDueOutboxHoldsRowsBehindARescheduledOne(t *testing.T) {
	db := newDB(t)
	ctx := context.Background()
	if err := db.Enqueue(ctx, send(1, "a1"), send(2, "b1"), send(1, "a2"), send(1, "a3")); err != nil {
		t.Fatal(err)
	}
	rows, err := db.DueOutbox(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	// a1 failed with a network error and waits a minute: a2 and a3 must wait
	// behind it (after a restart too), while chat 2 goes on.
	if err := db.RetryLater(ctx, rows[0].ID, time.Now().Add(time.Minute), 0, "network"); err != nil {
		t.Fatal(err)
	}
	if got := dueTexts(t, db); !slices.Equal(got, []string{"b1"}) {
		t.Errorf("due = %v, want only the other chat's row", got)
	}
	if err := db.RetryLater(ctx, rows[0].ID, time.Now().Add(-time.Second), 0, "network"); err != nil {
		t.Fatal(err)
	}
	if got := dueTexts(t, db); !slices.Equal(got, []string{"a1", "b1", "a2", "a3"}) {
		t.Errorf("due after the retry time = %v, want every row in id order", got)
	}
}

func TestDueOutboxKeepsRowsBeforeARescheduledOne(t *testing.T) {
	db := newDB(t)
	ctx := context.Background()
	if err := db.Enqueue(ctx, send(1, "a1"), send(1, "a2"), send(1, "a3")); err != nil {
		t.Fatal(err)
	}
	rows, err := db.DueOutbox(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	// Only rows behind the waiting one are held; the one before it is due.
	if err := db.RetryLater(ctx, rows[1].ID, time.Now().Add(time.Minute), 0, "network"); err != nil {
		t.Fatal(err)
	}
	if got := dueTexts(t, db); !slices.Equal(got, []string{"a1"}) {
		t.Errorf("due = %v, want only the row before the waiting one", got)
	}
}

func TestDueOutboxSkipsBusyChatsAndCapsEachChat(t *testing.T) {
	db := newDB(t)
	ctx := context.Background()
	var out []conversation.Outgoing
	for i := range 25 {
		out = append(out, send(-100, fmt.Sprintf("grup %d", i))) // a busy staff group
	}
	out = append(out, send(7, "pribadi"), send(8, "lain"))
	if err := db.Enqueue(ctx, out...); err != nil {
		t.Fatal(err)
	}
	rows, err := db.DueOutbox(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	perChat := map[int64]int{}
	for _, r := range rows {
		perChat[r.Msg.ChatID]++
	}
	if perChat[-100] != perChatDue || perChat[7] != 1 || perChat[8] != 1 {
		t.Errorf("rows per chat = %v, want the group capped at %d and the others present", perChat, perChatDue)
	}
	if got := dueTexts(t, db); got[0] != "grup 0" || got[perChatDue-1] != fmt.Sprintf("grup %d", perChatDue-1) {
		t.Errorf("the group's rows are not its first ones in order: %v", got)
	}
	rows, err = db.DueOutbox(ctx, 100, -100, 8)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Msg.Text != "pribadi" {
		t.Errorf("DueOutbox skipping the busy chats = %+v, want only chat 7's row", rows)
	}
}

func TestRetryLaterRecordsPartsSent(t *testing.T) {
	db := newDB(t)
	ctx := context.Background()
	if err := db.Enqueue(ctx, send(1, "panjang")); err != nil {
		t.Fatal(err)
	}
	rows, err := db.DueOutbox(ctx, 10)
	if err != nil || len(rows) != 1 || rows[0].PartsSent != 0 {
		t.Fatalf("DueOutbox = %+v, %v; want one row with no parts sent", rows, err)
	}
	// Part 1 of 3 was delivered, then part 2 failed; a later attempt that
	// fails before sending anything must not forget part 1.
	if err := db.RetryLater(ctx, rows[0].ID, time.Now().Add(-time.Second), 1, "network"); err != nil {
		t.Fatal(err)
	}
	if err := db.RetryLater(ctx, rows[0].ID, time.Now().Add(-time.Second), 0, "network"); err != nil {
		t.Fatal(err)
	}
	rows, err = db.DueOutbox(ctx, 10)
	if err != nil || len(rows) != 1 || rows[0].PartsSent != 1 || rows[0].Attempts != 2 {
		t.Fatalf("DueOutbox after the retries = %+v, %v; want parts sent 1 after 2 attempts", rows, err)
	}
}

func TestPendingChats(t *testing.T) {
	db := newDB(t)
	ctx := context.Background()
	if err := db.Enqueue(ctx,
		send(1, "due"), send(2, "sent"), send(3, "failed"),
		send(4, "retry in an hour"), send(4, "retry in two hours"), send(4, "behind them"),
		send(5, "retry passed"), send(-1, "to the old group id")); err != nil {
		t.Fatal(err)
	}
	rows, err := db.DueOutbox(ctx, 100)
	if err != nil || len(rows) != 8 {
		t.Fatalf("DueOutbox = %d rows, %v; want 8", len(rows), err)
	}
	if err := db.MarkSent(ctx, []Sent{{ID: rows[1].ID, MessageID: 10}}); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkFailed(ctx, rows[2].ID, "bad request"); err != nil {
		t.Fatal(err)
	}
	hour := time.Now().Add(time.Hour)
	for _, r := range []struct {
		id int64
		at time.Time
	}{{rows[3].ID, hour}, {rows[4].ID, hour.Add(time.Hour)}, {rows[6].ID, time.Now().Add(-time.Minute)}} {
		if err := db.RetryLater(ctx, r.id, r.at, 0, "network"); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.MigrateChat(ctx, -1, -1001); err != nil {
		t.Fatal(err)
	}

	got, err := db.PendingChats(ctx)
	if err != nil {
		t.Fatalf("PendingChats: %v", err)
	}
	var ids []int64
	waits := map[int64]time.Time{}
	for _, c := range got {
		ids = append(ids, c.ChatID)
		waits[c.ChatID] = c.WaitsUntil
	}
	if want := []int64{-1001, 1, 4, 5}; !slices.Equal(ids, want) {
		t.Errorf("pending chats = %v, want %v (neither sent nor failed ones; the group under its new id)", ids, want)
	}
	if w := waits[4]; w.Sub(hour.Add(time.Hour)).Abs() > time.Second {
		t.Errorf("chat 4 waits until %v, want its last retry time %v", w, hour.Add(time.Hour))
	}
	for _, chat := range []int64{-1001, 1, 5} {
		if w := waits[chat]; !w.IsZero() {
			t.Errorf("chat %d waits until %v, want zero: nothing of it waits for a retry", chat, w)
		}
	}
}

func TestMarkSentDropsGeneratedFiles(t *testing.T) {
	db := newDB(t)
	ctx := context.Background()
	doc := conversation.Outgoing{Kind: conversation.OutDocument, ChatID: 7, Text: "Formulir",
		Upload: &conversation.Upload{Name: "form.pdf", Data: []byte("%PDF NIK 1673011503850003")}}
	if err := db.Enqueue(ctx, doc, send(7, "berikutnya")); err != nil {
		t.Fatal(err)
	}
	rows, err := db.DueOutbox(ctx, 10)
	if err != nil || len(rows) != 2 || rows[0].Msg.Upload == nil {
		t.Fatalf("due = %+v, %v", rows, err)
	}
	if err := db.MarkSent(ctx, []Sent{{ID: rows[0].ID, MessageID: 55}, {ID: rows[1].ID, MessageID: 56}}); err != nil {
		t.Fatal(err)
	}
	var uploads, texts int
	err = db.Pool().QueryRow(ctx, `SELECT count(*) FILTER (WHERE payload ? 'upload'), count(*) FILTER (WHERE payload->>'text' <> '') FROM outbox`).Scan(&uploads, &texts)
	if err != nil || uploads != 0 || texts != 2 {
		t.Errorf("after sending: %d payloads keep the file, %d keep their text (%v); want 0 and 2", uploads, texts, err)
	}
}

func TestMarkSentRecordsRefs(t *testing.T) {
	db := newDB(t)
	ctx := context.Background()
	withRef := func(chat int64, ref string) conversation.Outgoing {
		o := send(chat, ref)
		o.Ref = ref
		return o
	}
	edit := withRef(-100, "ticket:1:card")
	edit.Kind, edit.MessageID = conversation.OutEdit, 70
	if err := db.Enqueue(ctx, withRef(-100, "ticket:1:card"), send(-100, "no ref"), withRef(-100, "answer"),
		edit, withRef(-1, "ticket:2:card")); err != nil {
		t.Fatal(err)
	}
	if err := db.MigrateChat(ctx, -1, -1001); err != nil {
		t.Fatal(err)
	}
	rows, err := db.DueOutbox(ctx, 10)
	if err != nil || len(rows) != 5 {
		t.Fatalf("due = %d rows, %v", len(rows), err)
	}
	// The card and its edit share message 70 in one batch; the answer call
	// returned no message.
	if err := db.MarkSent(ctx, []Sent{{ID: rows[0].ID, MessageID: 70}, {ID: rows[1].ID, MessageID: 71},
		{ID: rows[2].ID}, {ID: rows[3].ID, MessageID: 70}, {ID: rows[4].ID, MessageID: 5}}); err != nil {
		t.Fatalf("MarkSent: %v", err)
	}
	var got []string
	r, err := db.Pool().Query(ctx, `SELECT chat_id || '/' || message_id || ' ' || ref FROM message_refs ORDER BY chat_id, message_id`)
	if err != nil {
		t.Fatal(err)
	}
	for r.Next() {
		var s string
		if err := r.Scan(&s); err != nil {
			t.Fatal(err)
		}
		got = append(got, s)
	}
	want := []string{"-1001/5 ticket:2:card", "-100/70 ticket:1:card"}
	if !slices.Equal(got, want) {
		t.Errorf("message_refs = %q, want %q (refs with a message id, in the chat they were delivered to)", got, want)
	}
	if _, err := db.Pool().Exec(ctx, `DELETE FROM outbox`); err != nil {
		t.Fatal(err)
	}
	if id, err := db.SentMessageID(ctx, "ticket:1:card"); err != nil || id != 70 {
		t.Errorf("SentMessageID after the outbox was pruned = %d, %v; want 70", id, err)
	}
	if _, err := db.SentMessageID(ctx, "answer"); !errors.Is(err, ErrNotFound) {
		t.Errorf("SentMessageID of a row delivered without a message: %v, want ErrNotFound", err)
	}

	t.Run("the latest message under a ref", func(t *testing.T) {
		if err := db.Enqueue(ctx, withRef(-100, "ticket:1:card")); err != nil {
			t.Fatal(err)
		}
		rows, err := db.DueOutbox(ctx, 10)
		if err != nil || len(rows) != 1 {
			t.Fatalf("due = %d rows, %v", len(rows), err)
		}
		if err := db.MarkSent(ctx, []Sent{{ID: rows[0].ID, MessageID: 90}}); err != nil {
			t.Fatal(err)
		}
		if id, err := db.SentMessageID(ctx, "ticket:1:card"); err != nil || id != 90 {
			t.Errorf("SentMessageID = %d, %v; want the card sent again, 90", id, err)
		}
	})
}
