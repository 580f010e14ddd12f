package postgres

import (
	"context"
	"testing"
)

func TestBlocked(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	for _, step := range []struct {
		name  string
		do    func() error
		chat  int64
		block bool
	}{
		{"unknown chat", nil, 1, false},
		{"marked", func() error { return db.MarkBlocked(ctx, 1) }, 1, true},
		{"marked twice", func() error { return db.MarkBlocked(ctx, 1) }, 1, true},
		{"other chat untouched", nil, 2, false},
		{"user wrote again", func() error { _, _, err := db.ProcessUpdate(ctx, 9, 1, noMessages); return err }, 1, false},
	} {
		t.Run(step.name, func(t *testing.T) {
			if step.do != nil {
				if err := step.do(); err != nil {
					t.Fatalf("%s: %v", step.name, err)
				}
			}
			got, err := db.IsBlocked(ctx, step.chat)
			if err != nil || got != step.block {
				t.Errorf("IsBlocked(%d) = %v, %v; want %v", step.chat, got, err, step.block)
			}
		})
	}
}

func TestMigrateChat(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	if err := db.Enqueue(ctx, send(-5, "sent"), send(-5, "pending"), send(-6, "other")); err != nil {
		t.Fatalf("Enqueue: %v", err)
	}
	rows, _ := db.DueOutbox(ctx, 10)
	if err := db.MarkSent(ctx, []Sent{{ID: rows[0].ID, MessageID: 10}}); err != nil {
		t.Fatalf("MarkSent: %v", err)
	}
	if err := db.MigrateChat(ctx, -5, -1005); err != nil {
		t.Fatalf("MigrateChat: %v", err)
	}
	for _, tc := range []struct {
		name string
		text string
		chat int64
	}{
		{"pending row moved", "pending", -1005},
		{"delivered row keeps its history", "sent", -5},
		{"other chat untouched", "other", -6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if n := count(t, db, `SELECT count(*) FROM outbox WHERE payload->>'text' = $1 AND chat_id = $2`, tc.text, tc.chat); n != 1 {
				t.Errorf("row %q not in chat %d", tc.text, tc.chat)
			}
		})
	}
	t.Run("a cycle is refused", func(t *testing.T) {
		if err := db.MigrateChat(ctx, -1005, -5); err == nil {
			t.Error("MigrateChat back to the old id succeeded, want an error")
		}
	})
}
