package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"posko/conversation"
)

// KPPN offices and their staff groups. A group that became a supergroup is
// found under its new id (chat_migrations).

// bindLockClass is the first key of the advisory lock BindGroup holds on a
// chat, so that two binds of one group run one after the other.
const bindLockClass = 7005

// KPPNOfGroup returns the KPPN whose staff group is chatID (or a group that
// migrated to chatID); ok false when none.
func (s *txStore) KPPNOfGroup(ctx context.Context, chatID int64) (conversation.KPPN, bool, error) {
	if err := s.begin(ctx); err != nil {
		return conversation.KPPN{}, false, fmt.Errorf("KPPN of group %d: %w", chatID, err)
	}
	k := conversation.KPPN{GroupChatID: chatID}
	err := s.tx.QueryRow(ctx, `
		SELECT code, name FROM kppns
		WHERE group_chat_id = $1 OR group_chat_id IN (SELECT from_chat FROM chat_migrations WHERE to_chat = $1)
		ORDER BY group_chat_id = $1 DESC, code LIMIT 1`, chatID).Scan(&k.Code, &k.Name)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return conversation.KPPN{}, false, nil
	case err != nil:
		s.fail(err)
		return conversation.KPPN{}, false, fmt.Errorf("KPPN of group %d: %w", chatID, err)
	}
	return k, true, nil
}

// BindGroup makes chatID the staff group of KPPN code, creating the KPPN
// (with no name) when unknown. The group is unbound from any other KPPN,
// and the KPPN's previous group loses it. An audit row "kppn.bound" records
// who bound it, from where, and the KPPN it was moved from.
func (s *txStore) BindGroup(ctx context.Context, code string, chatID int64, by conversation.Actor) error {
	if !digits(code, 3) {
		return fmt.Errorf("bind group %d to KPPN %q: the code is not 3 digits", chatID, code)
	}
	if err := s.begin(ctx); err != nil {
		return fmt.Errorf("bind group %d to KPPN %s: %w", chatID, code, err)
	}
	// Each statement on its own, in order: the unique group_chat_id must be
	// free before it is set, and a concurrent bind of the same group waits.
	if _, err := s.tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2::bigint::text))`, bindLockClass, chatID); err != nil {
		s.fail(err)
		return fmt.Errorf("bind group %d to KPPN %s: lock: %w", chatID, code, err)
	}
	rows, err := s.tx.Query(ctx, `
		UPDATE kppns SET group_chat_id = NULL
		WHERE (group_chat_id = $2 OR group_chat_id IN (SELECT from_chat FROM chat_migrations WHERE to_chat = $2))
		  AND code <> $1
		RETURNING code`, code, chatID)
	if err != nil {
		s.fail(err)
		return fmt.Errorf("bind group %d to KPPN %s: %w", chatID, code, err)
	}
	movedFrom, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		s.fail(err)
		return fmt.Errorf("bind group %d to KPPN %s: %w", chatID, code, err)
	}
	detail, err := historyDetail(map[string]any{"group": chatID, "moved_from": movedFrom})
	if err != nil {
		return fmt.Errorf("bind group %d to KPPN %s: %w", chatID, code, err)
	}
	_, err = s.tx.Exec(ctx, `
		WITH up AS (
		  INSERT INTO kppns (code, group_chat_id, bound_by, bound_at) VALUES ($1, $2, $3, now())
		  ON CONFLICT (code) DO UPDATE SET group_chat_id = excluded.group_chat_id, bound_by = excluded.bound_by,
		    bound_at = excluded.bound_at
		  RETURNING code)
		INSERT INTO audit_log (actor_id, chat_id, action, subject, detail)
		SELECT $3, $4, 'kppn.bound', 'kppn:' || code, $5 FROM up`, code, chatID, by.UserID, by.ChatID, detail)
	if err != nil {
		s.fail(err)
		return fmt.Errorf("bind group %d to KPPN %s: %w", chatID, code, interpretError(err))
	}
	return nil
}

// KPPNs lists the known KPPN by code, each with its group's current id (0
// when no group is bound).
func (db *DB) KPPNs(ctx context.Context) ([]conversation.KPPN, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT k.code, k.name, COALESCE(m.to_chat, k.group_chat_id, 0)
		FROM kppns k LEFT JOIN chat_migrations m ON m.from_chat = k.group_chat_id
		ORDER BY k.code`)
	if err != nil {
		return nil, fmt.Errorf("KPPNs: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (conversation.KPPN, error) {
		var k conversation.KPPN
		err := r.Scan(&k.Code, &k.Name, &k.GroupChatID)
		return k, err
	})
	if err != nil {
		return nil, fmt.Errorf("KPPNs: %w", err)
	}
	return list, nil
}
