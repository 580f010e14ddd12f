package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// AuditEntry is one line of the audit log: who did what to which subject.
type AuditEntry struct {
	At      time.Time // when; now when zero
	ActorID int64     // Telegram user id of the officer or user who acted; 0 for the bot itself
	ChatID  int64     // where it happened; 0 when not in a chat
	Action  string    // what was done, e.g. "complaint.closed"
	Subject string    // what it was done to, e.g. "complaint:42"
	Detail  any       // optional details, stored as JSON; never NIK, NIP, tokens or document contents
}

// Audit appends e to the audit log.
func (db *DB) Audit(ctx context.Context, e AuditEntry) error {
	var detail *string
	if e.Detail != nil {
		b, err := json.Marshal(e.Detail)
		if err != nil {
			return fmt.Errorf("audit %s: encode detail: %w", e.Action, err)
		}
		s := string(b)
		detail = &s
	}
	at := e.At
	if at.IsZero() {
		at = time.Now()
	}
	_, err := db.pool.Exec(ctx, `
		INSERT INTO audit_log (at, actor_id, chat_id, action, subject, detail)
		VALUES ($1, $2, $3, $4, $5, $6)`, at, e.ActorID, e.ChatID, e.Action, e.Subject, detail)
	if err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, interpretError(err))
	}
	return nil
}
