package postgres

import (
	"context"
	"fmt"
)

// MarkBlocked records that the chat blocked the bot (Telegram answered 403).
// The mark is cleared when the user writes again (see ProcessUpdate).
func (db *DB) MarkBlocked(ctx context.Context, chatID int64) error {
	_, err := db.pool.Exec(ctx, `
		INSERT INTO chats (chat_id, blocked_at, updated_at) VALUES ($1, now(), now())
		ON CONFLICT (chat_id) DO UPDATE SET blocked_at = now(), updated_at = now()`, chatID)
	if err != nil {
		return fmt.Errorf("mark chat %d blocked: %w", chatID, err)
	}
	return nil
}

// IsBlocked reports whether the chat is marked blocked.
func (db *DB) IsBlocked(ctx context.Context, chatID int64) (bool, error) {
	var blocked bool
	err := db.pool.QueryRow(ctx,
		`SELECT EXISTS (SELECT 1 FROM chats WHERE chat_id = $1 AND blocked_at IS NOT NULL)`, chatID).Scan(&blocked)
	if err != nil {
		return false, fmt.Errorf("is chat %d blocked: %w", chatID, err)
	}
	return blocked, nil
}

// MigrateChat records that group from became supergroup to, and moves the
// messages still waiting for from to to. Chains (a→b, later b→c) are kept
// flat, so every recorded old id points at the newest one. message_refs is
// left alone: a message id belongs to the chat it was sent in, and the
// messages delivered to the old group keep their ids there (Telegram does
// not carry them over to the supergroup).
func (db *DB) MigrateChat(ctx context.Context, from, to int64) error {
	if from == to {
		return nil
	}
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("migrate chat %d: begin: %w", from, err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()

	// If to itself was migrated already, point at where it went.
	var final int64
	if err := tx.QueryRow(ctx,
		`SELECT COALESCE((SELECT to_chat FROM chat_migrations WHERE from_chat = $1), $1)`, to).Scan(&final); err != nil {
		return fmt.Errorf("migrate chat %d: resolve %d: %w", from, to, err)
	}
	if final == from {
		return fmt.Errorf("migrate chat %d to %d: would make a cycle", from, to)
	}
	steps := []struct {
		name string
		sql  string
	}{
		{"repoint older migrations", `UPDATE chat_migrations SET to_chat = $2 WHERE to_chat = $1`},
		{"record migration", `
			INSERT INTO chat_migrations (from_chat, to_chat) VALUES ($1, $2)
			ON CONFLICT (from_chat) DO UPDATE SET to_chat = EXCLUDED.to_chat, migrated_at = now()`},
		{"move pending messages", `
			UPDATE outbox SET chat_id = $2
			WHERE chat_id = $1 AND sent_at IS NULL AND failed_at IS NULL`},
	}
	for _, s := range steps {
		if _, err := tx.Exec(ctx, s.sql, from, final); err != nil {
			return fmt.Errorf("migrate chat %d: %s: %w", from, s.name, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("migrate chat %d: commit: %w", from, err)
	}
	return nil
}
