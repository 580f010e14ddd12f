package postgres

import (
	"context"
	"errors"
	"testing"
)

func TestAudit(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	err := db.Audit(ctx, AuditEntry{ActorID: 9, ChatID: -100, Action: "complaint.closed", Subject: "complaint:3",
		Detail: map[string]string{"note": "selesai"}})
	if err != nil {
		t.Fatalf("Audit: %v", err)
	}
	if err := db.Audit(ctx, AuditEntry{Action: "housekeeping"}); err != nil {
		t.Fatalf("Audit without detail: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE actor_id = 9 AND chat_id = -100 AND action = 'complaint.closed'
		AND subject = 'complaint:3' AND detail->>'note' = 'selesai'`); n != 1 {
		t.Errorf("audit row not stored as given")
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action = 'housekeeping' AND detail IS NULL`); n != 1 {
		t.Errorf("audit row without detail not stored")
	}
}

func TestInterpretError(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	_, err := db.Pool().Exec(ctx, `INSERT INTO chat_migrations (from_chat, to_chat) VALUES (1, 2), (1, 3)`)
	for _, tc := range []struct {
		name string
		err  error
		want error
	}{
		{"unique violation", err, ErrDuplicate},
		{"no rows", db.Pool().QueryRow(ctx, `SELECT 1 WHERE false`).Scan(new(int)), ErrNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := interpretError(tc.err)
			if !errors.Is(got, tc.want) {
				t.Errorf("interpretError(%v) = %v, want %v", tc.err, got, tc.want)
			}
			if !errors.Is(got, tc.err) {
				t.Errorf("the driver error is no longer in the chain")
			}
		})
	}
}
