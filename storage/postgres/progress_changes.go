package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"posko/conversation"
)

// Changes of a satker's progress, through the update's transaction. Each
// writes a progress_history row in the same statement: what changed, who
// changed it, when, and from which chat.

// historyDetail encodes the detail of a progress_history row.
func historyDetail(d map[string]any) (string, error) {
	b, err := json.Marshal(d)
	if err != nil {
		return "", fmt.Errorf("history detail: %w", err)
	}
	return string(b), nil
}

// SaveSatkerUser records (or replaces) the satker's user in u.Role, its
// email in lower case; a zero u.At is now. It returns ErrDuplicate when the
// email or the name (in any case) belongs to another role of the satker,
// storing nothing and leaving the update's transaction usable.
// Recording the last of the five roles reaches stage pengguna at u.At.
func (s *txStore) SaveSatkerUser(ctx context.Context, code string, u conversation.SatkerUser, by conversation.Actor) error {
	u.Name, u.Email = strings.TrimSpace(u.Name), strings.ToLower(strings.TrimSpace(u.Email))
	switch {
	case !digits(code, 6):
		return fmt.Errorf("save user of satker %q: %w", code, ErrNotFound)
	case !slices.Contains(conversation.UserRoles(), u.Role):
		return fmt.Errorf("save user of satker %s: unknown role %q", code, u.Role)
	case u.Name == "" || u.Email == "":
		return fmt.Errorf("save %s of satker %s: name and email are required", u.Role, code)
	}
	if u.At.IsZero() {
		u.At = time.Now()
	}
	detail, err := historyDetail(map[string]any{"role": u.Role, "name": u.Name, "email": u.Email})
	if err != nil {
		return fmt.Errorf("save %s of satker %s: %w", u.Role, code, err)
	}
	if err := s.begin(ctx); err != nil {
		return fmt.Errorf("save %s of satker %s: %w", u.Role, code, err)
	}
	// The satker's row is locked first, in a statement of its own, so that
	// the check below sees what a concurrent save committed: checking, not
	// a unique violation, keeps the update's transaction usable.
	var one int
	err = s.tx.QueryRow(ctx, `SELECT 1 FROM satkers WHERE kode_satker = $1 FOR UPDATE`, code).Scan(&one)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return fmt.Errorf("save %s of satker %s: %w", u.Role, code, ErrNotFound)
	case err != nil:
		s.fail(err)
		return fmt.Errorf("save %s of satker %s: %w", u.Role, code, err)
	}
	var dupRole *string
	err = s.tx.QueryRow(ctx, `
		WITH dup AS (
		  SELECT role FROM satker_users
		  WHERE kode_satker = $1 AND role <> $2 AND (lower(email) = lower($3) OR lower(name) = lower($4))
		  LIMIT 1),
		saved AS (
		  INSERT INTO satker_users (kode_satker, role, name, email, at)
		  SELECT $1, $2, $4, $3, $5 WHERE NOT EXISTS (SELECT 1 FROM dup)
		  ON CONFLICT (kode_satker, role) DO UPDATE SET name = excluded.name, email = excluded.email, at = excluded.at
		  RETURNING role),
		stage AS (
		  UPDATE satkers SET users_at = $5, updated_at = now()
		  WHERE kode_satker = $1 AND users_at IS NULL AND EXISTS (SELECT 1 FROM saved)
		    AND (SELECT count(*) FROM satker_users WHERE kode_satker = $1 AND role <> $2) = $6),
		hist AS (
		  INSERT INTO progress_history (kode_satker, what, detail, actor_id, actor_name, chat_id, at)
		  SELECT $1, 'user', $7, $8, $9, $10, $5 FROM saved)
		SELECT (SELECT role FROM dup)`,
		code, u.Role, u.Email, u.Name, u.At, len(conversation.UserRoles())-1, detail,
		by.UserID, by.Name, by.ChatID).Scan(&dupRole)
	if err != nil {
		s.fail(err)
		return fmt.Errorf("save %s of satker %s: %w", u.Role, code, interpretError(err))
	}
	if dupRole != nil {
		return fmt.Errorf("save %s of satker %s: the name or email is the %s's: %w", u.Role, code, *dupRole, ErrDuplicate)
	}
	return nil
}

// SetVendors records that the satker registered n vendors; the first n > 0
// reaches stage vendor (now). ErrNotFound when the satker is unknown.
func (s *txStore) SetVendors(ctx context.Context, code string, n int, by conversation.Actor) error {
	switch {
	case !digits(code, 6):
		return fmt.Errorf("set vendors of satker %q: %w", code, ErrNotFound)
	case n < 0:
		return fmt.Errorf("set vendors of satker %s: %d vendors", code, n)
	}
	detail, err := historyDetail(map[string]any{"vendors": n})
	if err != nil {
		return fmt.Errorf("set vendors of satker %s: %w", code, err)
	}
	return s.changeSatker(ctx, "set vendors of satker "+code, `
		WITH upd AS (
		  UPDATE satkers SET vendors = $2, updated_at = now(),
		    vendor_at = CASE WHEN $2 > 0 THEN COALESCE(vendor_at, now()) ELSE vendor_at END
		  WHERE kode_satker = $1 RETURNING kode_satker),
		hist AS (
		  INSERT INTO progress_history (kode_satker, what, detail, actor_id, actor_name, chat_id)
		  SELECT kode_satker, 'vendors', $3, $4, $5, $6 FROM upd)
		SELECT count(*) FROM upd`, code, n, detail, by.UserID, by.Name, by.ChatID)
}

// SetStage marks stage reached at at (now when zero) or, with done false,
// not reached, as an officer says with /set. Counts are left alone.
func (s *txStore) SetStage(ctx context.Context, code, stage string, done bool, at time.Time, by conversation.Actor) error {
	column, ok := stageColumns[stage]
	switch {
	case !digits(code, 6):
		return fmt.Errorf("set stage of satker %q: %w", code, ErrNotFound)
	case !ok:
		return fmt.Errorf("set stage of satker %s: unknown stage %q", code, stage)
	}
	if at.IsZero() {
		at = time.Now()
	}
	var when *time.Time
	if done {
		when = &at
	}
	detail, err := historyDetail(map[string]any{"stage": stage, "done": done, "at": when})
	if err != nil {
		return fmt.Errorf("set stage of satker %s: %w", code, err)
	}
	return s.changeSatker(ctx, "set stage "+stage+" of satker "+code, `
		WITH upd AS (
		  UPDATE satkers SET `+column+` = $2, updated_at = now()
		  WHERE kode_satker = $1 RETURNING kode_satker),
		hist AS (
		  INSERT INTO progress_history (kode_satker, what, detail, actor_id, actor_name, chat_id)
		  SELECT kode_satker, 'stage', $3, $4, $5, $6 FROM upd)
		SELECT count(*) FROM upd`, code, when, detail, by.UserID, by.Name, by.ChatID)
}

// RecordFollowUp logs a one-on-one follow-up with the satker at at (now
// when zero), which becomes its last contact unless a later one is known.
func (s *txStore) RecordFollowUp(ctx context.Context, code, note string, by conversation.Actor, at time.Time) error {
	if !digits(code, 6) {
		return fmt.Errorf("record follow-up of satker %q: %w", code, ErrNotFound)
	}
	if at.IsZero() {
		at = time.Now()
	}
	detail, err := historyDetail(map[string]any{"note": note})
	if err != nil {
		return fmt.Errorf("record follow-up of satker %s: %w", code, err)
	}
	return s.changeSatker(ctx, "record follow-up of satker "+code, `
		WITH upd AS (
		  UPDATE satkers SET last_contact_at = GREATEST(last_contact_at, $2)
		  WHERE kode_satker = $1 RETURNING kode_satker),
		f AS (
		  INSERT INTO follow_ups (kode_satker, note, actor_id, actor_name, chat_id, at)
		  SELECT kode_satker, $3, $4, $5, $6, $2 FROM upd),
		hist AS (
		  INSERT INTO progress_history (kode_satker, what, detail, actor_id, actor_name, chat_id, at)
		  SELECT kode_satker, 'follow_up', $7, $4, $5, $6, $2 FROM upd)
		SELECT count(*) FROM upd`, code, at, note, by.UserID, by.Name, by.ChatID, detail)
}

// changeSatker runs a change of one satker whose statement returns how many
// satker it changed: ErrNotFound when none.
func (s *txStore) changeSatker(ctx context.Context, what, query string, args ...any) error {
	if err := s.begin(ctx); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	var n int
	if err := s.tx.QueryRow(ctx, query, args...).Scan(&n); err != nil {
		s.fail(err)
		return fmt.Errorf("%s: %w", what, interpretError(err))
	}
	if n == 0 {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return nil
}

// MarkContacted records that the satker were contacted at at (a reminder
// sent outside an update, by the scheduler): it becomes their last contact
// unless a later one is known, with a progress_history row "reminder" each.
// Unknown codes are skipped.
func (db *DB) MarkContacted(ctx context.Context, codes []string, at time.Time, note string) error {
	codes = slices.DeleteFunc(slices.Clone(codes), func(c string) bool { return !digits(c, 6) })
	if len(codes) == 0 {
		return nil
	}
	detail, err := historyDetail(map[string]any{"note": note})
	if err != nil {
		return fmt.Errorf("mark %d satker contacted: %w", len(codes), err)
	}
	_, err = db.pool.Exec(ctx, `
		WITH upd AS (
		  UPDATE satkers SET last_contact_at = GREATEST(last_contact_at, $2)
		  WHERE kode_satker = ANY ($1::char(6)[]) RETURNING kode_satker)
		INSERT INTO progress_history (kode_satker, what, detail, at)
		SELECT kode_satker, 'reminder', $3, $2 FROM upd`, codes, at, detail)
	if err != nil {
		return fmt.Errorf("mark %d satker contacted: %w", len(codes), err)
	}
	return nil
}
