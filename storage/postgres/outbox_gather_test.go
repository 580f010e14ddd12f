package postgres

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"posko/conversation"
)

// albumItem is one item of an album copied to the staff group, gathering
// under key.
func albumItem(chat int64, key string, files ...string) conversation.Outgoing {
	o := conversation.Outgoing{Kind: conversation.OutMediaGroup, ChatID: chat, Gather: key, Text: "album"}
	for _, f := range files {
		o.Files = append(o.Files, conversation.File{ID: f, Photo: true})
	}
	return o
}

// queueVia handles one update that queues out and returns its Result.
func queueVia(t *testing.T, db *DB, chat int64, out ...conversation.Outgoing) Result {
	t.Helper()
	results, err := db.ProcessUpdates(context.Background(), []Item{{UpdateID: updateIDs.Add(1), ChatID: chat,
		Fn: func(context.Context, conversation.Tx) ([]byte, []conversation.Outgoing, error) { return nil, out, nil }}})
	if err != nil || results[0].Err != nil {
		t.Fatalf("ProcessUpdates: %v, %v", err, results[0].Err)
	}
	return results[0]
}

// gatherRows returns the file ids of chat's pending rows gathering under
// key, per row in id order.
func gatherRows(t *testing.T, db *DB, chat int64, key string) [][]string {
	t.Helper()
	rows, err := db.Pool().Query(context.Background(), `
		SELECT ARRAY(SELECT f->>'id' FROM jsonb_array_elements(payload->'files') f) FROM outbox
		WHERE chat_id = $1 AND gather = $2 AND sent_at IS NULL ORDER BY id`, chat, key)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		var ids []string
		if err := rows.Scan(&ids); err != nil {
			t.Fatal(err)
		}
		out = append(out, ids)
	}
	return out
}

func TestGatherMergesAnAlbum(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	const key = "ticket:1:album:777"

	before := time.Now()
	first := queueVia(t, db, staffChat, albumItem(staffChat, key, "p1"))
	if len(first.Outbox) != 1 {
		t.Fatalf("first item: %d outbox rows, want 1", len(first.Outbox))
	}
	row := first.Outbox[0]
	if row.ID == 0 || row.Msg.ChatID != staffChat || row.Blocked {
		t.Errorf("first item's row %+v", row)
	}
	if wait := row.AvailableAt.Sub(before); wait < conversation.GatherWindow-100*time.Millisecond || wait > conversation.GatherWindow+5*time.Second {
		t.Errorf("AvailableAt is %v after queueing, want about %v", wait, conversation.GatherWindow)
	}
	second := queueVia(t, db, staffChat, albumItem(staffChat, key, "p2"), send(staffChat, "teks setelah album"))
	if len(second.Outbox) != 1 || second.Outbox[0].Msg.Text != "teks setelah album" {
		t.Errorf("second update's rows %+v, want only its text (the photo joined the album)", second.Outbox)
	}
	if got := gatherRows(t, db, staffChat, key); len(got) != 1 || !slices.Equal(got[0], []string{"p1", "p2"}) {
		t.Errorf("gathering rows %q, want one with p1 p2", got)
	}
	// Another chat and another key gather apart.
	queueVia(t, db, staffChat-1, albumItem(staffChat-1, key, "q1"))
	queueVia(t, db, staffChat, albumItem(staffChat, key+"x", "r1"))
	if got := gatherRows(t, db, staffChat, key); len(got) != 1 || len(got[0]) != 2 {
		t.Errorf("gathering rows after other chats and keys %q", got)
	}

	t.Run("the chat waits for the album", func(t *testing.T) {
		if err := db.Enqueue(ctx, send(staffChat-2, "chat lain")); err != nil {
			t.Fatal(err)
		}
		if got := dueTexts(t, db); !slices.Equal(got, []string{"chat lain"}) {
			t.Errorf("due while gathering = %q, want only the other chat's text", got)
		}
		pending, err := db.PendingChats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range pending {
			if c.ChatID == staffChat && c.WaitsUntil.Before(row.AvailableAt.Add(-time.Millisecond)) {
				t.Errorf("the chat waits until %v, want at least %v", c.WaitsUntil, row.AvailableAt)
			}
		}
		if _, err := db.Pool().Exec(ctx, `UPDATE outbox SET available_at = now() - interval '1 second' WHERE gather IS NOT NULL`); err != nil {
			t.Fatal(err)
		}
		rows, err := db.DueOutbox(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rows {
			if r.Msg.ChatID == staffChat {
				got = append(got, fmt.Sprintf("%s/%d", r.Msg.Text, len(r.Msg.Files)))
			}
		}
		want := []string{"album/2", "teks setelah album/0", "album/1"}
		if !slices.Equal(got, want) {
			t.Errorf("due once the window passed = %q, want %q (the album with both photos, then the text)", got, want)
		}
	})
}

func TestGatherLimits(t *testing.T) {
	ctx := context.Background()
	const key = "album"

	t.Run("the 11th file starts a new row", func(t *testing.T) {
		db := newDB(t)
		for i := range 11 {
			queueVia(t, db, 1, albumItem(1, key, fmt.Sprintf("f%d", i)))
		}
		got := gatherRows(t, db, 1, key)
		if len(got) != 2 || len(got[0]) != 10 || !slices.Equal(got[1], []string{"f10"}) {
			t.Errorf("rows %q, want 10 files then f10", got)
		}
	})
	t.Run("an item that would overflow the row starts a new one", func(t *testing.T) {
		db := newDB(t)
		queueVia(t, db, 1, albumItem(1, key, "a", "b", "c", "d", "e", "f", "g", "h", "i"))
		queueVia(t, db, 1, albumItem(1, key, "j", "k"))
		queueVia(t, db, 1, albumItem(1, key, "l"))
		got := gatherRows(t, db, 1, key)
		if len(got) != 2 || len(got[0]) != 9 || !slices.Equal(got[1], []string{"j", "k", "l"}) {
			t.Errorf("rows %q, want 9 files, then j k l (new items join the newest row)", got)
		}
	})
	t.Run("a row past its window or about to be due is not merged into", func(t *testing.T) {
		db := newDB(t)
		for _, until := range []string{"now() - interval '1 second'", "clock_timestamp() + interval '100 milliseconds'"} {
			if _, err := db.Pool().Exec(ctx, `DELETE FROM outbox`); err != nil {
				t.Fatal(err)
			}
			queueVia(t, db, 1, albumItem(1, key, "old"))
			if _, err := db.Pool().Exec(ctx, `UPDATE outbox SET available_at = `+until); err != nil {
				t.Fatal(err)
			}
			r := queueVia(t, db, 1, albumItem(1, key, "new"))
			if len(r.Outbox) != 1 {
				t.Errorf("available_at %s: the item queued no row of its own", until)
			}
			if got := gatherRows(t, db, 1, key); len(got) != 2 {
				t.Errorf("available_at %s: rows %q, want the old and a new one", until, got)
			}
		}
	})
	t.Run("a delivered row is not merged into", func(t *testing.T) {
		db := newDB(t)
		r := queueVia(t, db, 1, albumItem(1, key, "sent"))
		if err := db.MarkSent(ctx, []Sent{{ID: r.Outbox[0].ID, MessageID: 5}}); err != nil {
			t.Fatal(err)
		}
		queueVia(t, db, 1, albumItem(1, key, "next"))
		if got := gatherRows(t, db, 1, key); len(got) != 1 || !slices.Equal(got[0], []string{"next"}) {
			t.Errorf("pending rows %q, want next alone", got)
		}
	})
	t.Run("Enqueue gathers too", func(t *testing.T) {
		db := newDB(t)
		if err := db.Enqueue(ctx, albumItem(1, key, "e1"), albumItem(1, key, "e2"), send(1, "teks")); err != nil {
			t.Fatal(err)
		}
		if got := gatherRows(t, db, 1, key); len(got) != 1 || !slices.Equal(got[0], []string{"e1", "e2"}) {
			t.Errorf("rows %q, want one with e1 e2", got)
		}
		if n := count(t, db, `SELECT count(*) FROM outbox`); n != 2 {
			t.Errorf("%d outbox rows, want the album and the text", n)
		}
	})
}
