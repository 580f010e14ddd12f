package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"posko/conversation"
)

// Invitation links (t.me/<bot>?start=vnd_<token>) a satker's Pejabat
// Pengadaan gives to a vendor. Only the token's SHA-256 is stored
// (tokenHash, as for the satker's own invitations).

// CreateVendorInvitation stores inv, its token hashed (a zero CreatedAt is
// now). ErrNotFound when the satker is unknown, ErrDuplicate when the token
// was stored before; either way nothing is stored and the update's
// transaction stays usable.
func (s *txStore) CreateVendorInvitation(ctx context.Context, inv conversation.VendorInvitation) error {
	switch {
	case !digits(inv.SatkerCode, 6):
		return fmt.Errorf("create vendor invitation for satker %q: %w", inv.SatkerCode, ErrNotFound)
	case inv.Token == "" || inv.ExpiresAt.IsZero():
		return fmt.Errorf("create vendor invitation for satker %s: token and expiry are required", inv.SatkerCode)
	}
	if inv.CreatedAt.IsZero() {
		inv.CreatedAt = time.Now()
	}
	if err := s.begin(ctx); err != nil {
		return fmt.Errorf("create vendor invitation for satker %s: %w", inv.SatkerCode, err)
	}
	var known, stored bool
	err := s.tx.QueryRow(ctx, `
		WITH sat AS (SELECT kode_satker FROM satkers WHERE kode_satker = $2),
		ins AS (
		  INSERT INTO vendor_invitations (token_hash, satker_code, created_by, created_by_name, created_chat,
		    created_at, expires_at)
		  SELECT $1, kode_satker, $3, $4, $5, $6, $7 FROM sat
		  ON CONFLICT (token_hash) DO NOTHING
		  RETURNING satker_code)
		SELECT EXISTS (SELECT 1 FROM sat), EXISTS (SELECT 1 FROM ins)`,
		tokenHash(inv.Token), inv.SatkerCode, inv.CreatedBy.UserID, inv.CreatedBy.Name, inv.CreatedBy.ChatID,
		inv.CreatedAt, inv.ExpiresAt).Scan(&known, &stored)
	switch {
	case err != nil:
		s.fail(err)
		return fmt.Errorf("create vendor invitation for satker %s: %w", inv.SatkerCode, interpretError(err))
	case !known:
		return fmt.Errorf("create vendor invitation for satker %s: %w", inv.SatkerCode, ErrNotFound)
	case !stored:
		return fmt.Errorf("create vendor invitation for satker %s: token stored before: %w", inv.SatkerCode, ErrDuplicate)
	}
	return nil
}

// RedeemVendorInvitation uses the invitation with token for the vendor's
// chat at at (now when zero). It returns the invitation (its Token is
// token) with ErrNotFound when no invitation has the token, ErrUsed when it
// was used before (by any chat), or ErrExpired when at is not before its
// expiry; then nothing changes. The invitation is locked, so of two chats
// redeeming one link at once exactly one wins.
func (s *txStore) RedeemVendorInvitation(ctx context.Context, token string, chatID int64, at time.Time) (conversation.VendorInvitation, error) {
	if at.IsZero() {
		at = time.Now()
	}
	if err := s.begin(ctx); err != nil {
		return conversation.VendorInvitation{}, fmt.Errorf("redeem vendor invitation: %w", err)
	}
	hash := tokenHash(token)
	inv := conversation.VendorInvitation{Token: token}
	var usedAt *time.Time
	err := s.tx.QueryRow(ctx, `
		SELECT satker_code, created_by, created_by_name, created_chat, created_at, expires_at, used_at
		FROM vendor_invitations WHERE token_hash = $1 FOR UPDATE`, hash).Scan(&inv.SatkerCode,
		&inv.CreatedBy.UserID, &inv.CreatedBy.Name, &inv.CreatedBy.ChatID, &inv.CreatedAt, &inv.ExpiresAt, &usedAt)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return conversation.VendorInvitation{}, fmt.Errorf("redeem vendor invitation: %w", ErrNotFound)
	case err != nil:
		s.fail(err)
		return conversation.VendorInvitation{}, fmt.Errorf("redeem vendor invitation: %w", err)
	case usedAt != nil:
		return inv, fmt.Errorf("redeem vendor invitation for satker %s: %w", inv.SatkerCode, conversation.ErrUsed)
	case !at.Before(inv.ExpiresAt):
		return inv, fmt.Errorf("redeem vendor invitation for satker %s: %w", inv.SatkerCode, conversation.ErrExpired)
	}
	_, err = s.tx.Exec(ctx, `UPDATE vendor_invitations SET used_at = $2, used_chat = $3 WHERE token_hash = $1`,
		hash, at, chatID)
	if err != nil {
		s.fail(err)
		return conversation.VendorInvitation{}, fmt.Errorf("redeem vendor invitation for satker %s: %w", inv.SatkerCode, err)
	}
	return inv, nil
}
