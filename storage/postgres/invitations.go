package postgres

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"posko/conversation"
)

// Invitation links (t.me/<bot>?start=<token>) a satker's admin generates for
// its users. Only the token's SHA-256 is stored.

// tokenHash is the key an invitation is stored under.
func tokenHash(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// CreateInvitation stores inv, its token hashed (a zero CreatedAt is now),
// with a progress_history row "invitation" by its creator. ErrNotFound when
// the satker is unknown, ErrDuplicate when the token was stored before.
func (s *txStore) CreateInvitation(ctx context.Context, inv conversation.Invitation) error {
	switch {
	case !digits(inv.SatkerCode, 6):
		return fmt.Errorf("create invitation for satker %q: %w", inv.SatkerCode, ErrNotFound)
	case inv.Token == "" || inv.Role == "" || inv.ExpiresAt.IsZero():
		return fmt.Errorf("create invitation for satker %s: token, role and expiry are required", inv.SatkerCode)
	}
	if inv.CreatedAt.IsZero() {
		inv.CreatedAt = time.Now()
	}
	detail, err := historyDetail(map[string]any{"role": inv.Role, "expires_at": inv.ExpiresAt})
	if err != nil {
		return fmt.Errorf("create invitation for satker %s: %w", inv.SatkerCode, err)
	}
	if err := s.begin(ctx); err != nil {
		return fmt.Errorf("create invitation for satker %s: %w", inv.SatkerCode, err)
	}
	var known, stored bool
	err = s.tx.QueryRow(ctx, `
		WITH sat AS (SELECT kode_satker FROM satkers WHERE kode_satker = $2),
		ins AS (
		  INSERT INTO invitations (token_hash, kode_satker, role, created_by, created_by_name, created_chat,
		    created_at, expires_at)
		  SELECT $1, kode_satker, $3, $4, $5, $6, $7, $8 FROM sat
		  ON CONFLICT (token_hash) DO NOTHING
		  RETURNING kode_satker),
		hist AS (
		  INSERT INTO progress_history (kode_satker, what, detail, actor_id, actor_name, chat_id, at)
		  SELECT kode_satker, 'invitation', $9, $4, $5, $6, $7 FROM ins)
		SELECT EXISTS (SELECT 1 FROM sat), EXISTS (SELECT 1 FROM ins)`,
		tokenHash(inv.Token), inv.SatkerCode, inv.Role, inv.CreatedBy.UserID, inv.CreatedBy.Name,
		inv.CreatedBy.ChatID, inv.CreatedAt, inv.ExpiresAt, detail).Scan(&known, &stored)
	switch {
	case err != nil:
		s.fail(err)
		return fmt.Errorf("create invitation for satker %s: %w", inv.SatkerCode, interpretError(err))
	case !known:
		return fmt.Errorf("create invitation for satker %s: %w", inv.SatkerCode, ErrNotFound)
	case !stored:
		return fmt.Errorf("create invitation for satker %s: token stored before: %w", inv.SatkerCode, ErrDuplicate)
	}
	return nil
}

// RedeemInvitation uses the invitation with token for the chat at at (now
// when zero) and links the chat to its satker in its role (via
// "invitation"), in the update's transaction. It returns the invitation
// (its Token is token) with ErrNotFound when no invitation has the token,
// ErrUsed when it was used before (by any chat), or ErrExpired when at is
// not before its expiry; then nothing changes.
func (s *txStore) RedeemInvitation(ctx context.Context, token string, chatID, userID int64, at time.Time) (conversation.Invitation, error) {
	if at.IsZero() {
		at = time.Now()
	}
	if err := s.begin(ctx); err != nil {
		return conversation.Invitation{}, fmt.Errorf("redeem invitation: %w", err)
	}
	hash := tokenHash(token)
	inv := conversation.Invitation{Token: token}
	var usedAt *time.Time
	// Locked, so of two chats redeeming one link at once exactly one wins.
	err := s.tx.QueryRow(ctx, `
		SELECT kode_satker, role, created_by, created_by_name, created_chat, created_at, expires_at, used_at
		FROM invitations WHERE token_hash = $1 FOR UPDATE`, hash).Scan(&inv.SatkerCode, &inv.Role,
		&inv.CreatedBy.UserID, &inv.CreatedBy.Name, &inv.CreatedBy.ChatID, &inv.CreatedAt, &inv.ExpiresAt, &usedAt)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return conversation.Invitation{}, fmt.Errorf("redeem invitation: %w", ErrNotFound)
	case err != nil:
		s.fail(err)
		return conversation.Invitation{}, fmt.Errorf("redeem invitation: %w", err)
	case usedAt != nil:
		return inv, fmt.Errorf("redeem invitation for satker %s: %w", inv.SatkerCode, conversation.ErrUsed)
	case !at.Before(inv.ExpiresAt):
		return inv, fmt.Errorf("redeem invitation for satker %s: %w", inv.SatkerCode, conversation.ErrExpired)
	}
	_, err = s.tx.Exec(ctx, `UPDATE invitations SET used_at = $2, used_chat = $3, used_user = $4 WHERE token_hash = $1`,
		hash, at, chatID, userID)
	if err != nil {
		s.fail(err)
		return conversation.Invitation{}, fmt.Errorf("redeem invitation for satker %s: %w", inv.SatkerCode, err)
	}
	err = s.LinkChat(ctx, conversation.SatkerLink{SatkerCode: inv.SatkerCode, ChatID: chatID, UserID: userID,
		Role: inv.Role, Via: conversation.ViaInvitation, LinkedAt: at})
	if err != nil {
		return conversation.Invitation{}, fmt.Errorf("redeem invitation: %w", err)
	}
	return inv, nil
}
