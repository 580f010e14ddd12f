package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"posko/conversation"
)

// The help desk's other records (issue 4): users banned from it, the
// assistance given face to face at the Posko, and the satker an asker's
// chat speaks for.

// SetBanned bans (or, with banned false, unbans) a user from the help desk,
// with an audit row "helpdesk.banned" or "helpdesk.unbanned". Banning a
// banned user again replaces the reason; unbanning one who is not banned
// changes nothing but is audited all the same.
func (s *txStore) SetBanned(ctx context.Context, userID int64, banned bool, reason string, by conversation.Actor) error {
	if err := s.begin(ctx); err != nil {
		return fmt.Errorf("ban user %d: %w", userID, err)
	}
	detail, err := json.Marshal(map[string]any{"reason": reason})
	if err != nil {
		return fmt.Errorf("ban user %d: audit detail: %w", userID, err)
	}
	b := &pgx.Batch{}
	action := "helpdesk.unbanned"
	if banned {
		action = "helpdesk.banned"
		b.Queue(`
			INSERT INTO helpdesk_bans (user_id, reason, banned_by, banned_by_name) VALUES ($1, $2, $3, $4)
			ON CONFLICT (user_id) DO UPDATE SET reason = excluded.reason, banned_by = excluded.banned_by,
				banned_by_name = excluded.banned_by_name, banned_at = now()`, userID, reason, by.UserID, by.Name)
	} else {
		b.Queue(`DELETE FROM helpdesk_bans WHERE user_id = $1`, userID)
	}
	b.Queue(`INSERT INTO audit_log (actor_id, chat_id, action, subject, detail) VALUES ($1, $2, $3, $4, $5)`,
		by.UserID, by.ChatID, action, "user:"+strconv.FormatInt(userID, 10), string(detail))
	if err := s.tx.SendBatch(ctx, b).Close(); err != nil {
		s.fail(err)
		return fmt.Errorf("ban user %d: %w", userID, interpretError(err))
	}
	return nil
}

// IsBanned reports whether the user is banned from the help desk.
func (s *txStore) IsBanned(ctx context.Context, userID int64) (bool, error) {
	if err := s.begin(ctx); err != nil {
		return false, fmt.Errorf("is user %d banned: %w", userID, err)
	}
	var banned bool
	err := s.tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM helpdesk_bans WHERE user_id = $1)`, userID).Scan(&banned)
	if err != nil {
		s.fail(err)
		return false, fmt.Errorf("is user %d banned: %w", userID, err)
	}
	return banned, nil
}

// RecordPoskoVisit stores a face-to-face assistance (a zero At is now) with
// an audit row "posko.visit", and returns its id. SatkerName is not stored:
// the map holds it.
func (s *txStore) RecordPoskoVisit(ctx context.Context, v conversation.PoskoVisit) (int64, error) {
	if v.At.IsZero() {
		v.At = time.Now()
	}
	detail, err := json.Marshal(map[string]any{"satker": v.SatkerCode, "topic": v.Topic})
	if err != nil {
		return 0, fmt.Errorf("record posko visit: audit detail: %w", err)
	}
	if err := s.begin(ctx); err != nil {
		return 0, fmt.Errorf("record posko visit: %w", err)
	}
	var id int64
	err = s.tx.QueryRow(ctx, `
		WITH ins AS (
		  INSERT INTO posko_visits (satker_code, topic, actor_id, actor_name, chat_id, at)
		  VALUES ($1, $2, $3, $4, $5, $6) RETURNING id),
		audit AS (
		  INSERT INTO audit_log (at, actor_id, chat_id, action, subject, detail)
		  SELECT $6, $3, $5, 'posko.visit', 'posko_visit:' || ins.id, $7 FROM ins)
		SELECT id FROM ins`,
		v.SatkerCode, v.Topic, v.By.UserID, v.By.Name, v.By.ChatID, v.At, string(detail)).Scan(&id)
	if err != nil {
		s.fail(err)
		return 0, fmt.Errorf("record posko visit: %w", interpretError(err))
	}
	return id, nil
}

// PoskoVisitsSince counts the face-to-face assistances recorded at or
// after since.
func (s *txStore) PoskoVisitsSince(ctx context.Context, since time.Time) (int, error) {
	if err := s.begin(ctx); err != nil {
		return 0, fmt.Errorf("count posko visits: %w", err)
	}
	var n int
	if err := s.tx.QueryRow(ctx, `SELECT count(*) FROM posko_visits WHERE at >= $1`, since).Scan(&n); err != nil {
		s.fail(err)
		return 0, fmt.Errorf("count posko visits: %w", err)
	}
	return n, nil
}

// LinkedSatker returns the satker the chat is linked to (see satker_links),
// the latest link first; ok is false when it has none.
func (s *txStore) LinkedSatker(ctx context.Context, chatID int64) (code, name string, ok bool, err error) {
	if err := s.begin(ctx); err != nil {
		return "", "", false, fmt.Errorf("linked satker of chat %d: %w", chatID, err)
	}
	err = s.tx.QueryRow(ctx, `
		SELECT l.kode_satker, s.name FROM satker_links l JOIN satkers s ON s.kode_satker = l.kode_satker
		WHERE l.chat_id = $1 ORDER BY l.linked_at DESC, l.id DESC LIMIT 1`, chatID).Scan(&code, &name)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return "", "", false, nil
	case err != nil:
		s.fail(err)
		return "", "", false, fmt.Errorf("linked satker of chat %d: %w", chatID, err)
	}
	return code, name, true, nil
}
