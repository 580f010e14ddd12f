package postgres

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"posko/conversation"
)

func TestVendorInvitation(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	mapSatkers(t, db, "070", "409876")
	created := time.Date(2026, 11, 2, 9, 0, 0, 0, wib)
	pp := conversation.Actor{UserID: 3301, Name: "Joko Susilo", ChatID: 3301}
	invite := func(token string, expires time.Time) conversation.VendorInvitation {
		return conversation.VendorInvitation{Token: token, SatkerCode: "409876", CreatedBy: pp,
			CreatedAt: created, ExpiresAt: expires}
	}
	week := created.Add(7 * 24 * time.Hour)
	inTx(t, db, func(tx conversation.Tx) error {
		if err := tx.CreateVendorInvitation(ctx, invite("tok-fresh", week)); err != nil {
			return err
		}
		return tx.CreateVendorInvitation(ctx, invite("tok-short", created.Add(time.Hour)))
	})
	redeem := func(token string, chat int64, at time.Time) (conversation.VendorInvitation, error) {
		var (
			inv conversation.VendorInvitation
			err error
		)
		inTx(t, db, func(tx conversation.Tx) error {
			inv, err = tx.RedeemVendorInvitation(ctx, token, chat, at)
			return nil // the refusals below must leave the update's transaction usable
		})
		return inv, err
	}

	t.Run("only the token's hash is stored", func(t *testing.T) {
		var row []byte
		if err := db.Pool().QueryRow(ctx, `SELECT convert_to(i::text, 'UTF8') FROM vendor_invitations i
			WHERE token_hash = $1`, tokenHash("tok-fresh")).Scan(&row); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(row, []byte("tok-fresh")) {
			t.Error("the token is stored in clear")
		}
	})
	t.Run("redeemed once", func(t *testing.T) {
		at := created.Add(time.Hour)
		inv, err := redeem("tok-fresh", 8001, at)
		if err != nil {
			t.Fatalf("redeem: %v", err)
		}
		if inv.Token != "tok-fresh" || inv.SatkerCode != "409876" || inv.CreatedBy != pp ||
			!inv.CreatedAt.Equal(created) || !inv.ExpiresAt.Equal(week) {
			t.Errorf("redeemed %+v, want the invitation as created", inv)
		}
		if n := count(t, db, `SELECT count(*) FROM vendor_invitations WHERE token_hash = $1 AND used_chat = 8001
			AND used_at = $2`, tokenHash("tok-fresh"), at); n != 1 {
			t.Error("the use is not recorded with its chat and time")
		}
	})
	t.Run("refused", func(t *testing.T) {
		tests := []struct {
			name  string
			token string
			chat  int64
			at    time.Time
			want  error
		}{
			{"used twice by the same chat", "tok-fresh", 8001, created.Add(2 * time.Hour), conversation.ErrUsed},
			{"used by another chat", "tok-fresh", 8002, created.Add(2 * time.Hour), conversation.ErrUsed},
			{"expired", "tok-short", 8003, created.Add(2 * time.Hour), conversation.ErrExpired},
			{"at the very expiry", "tok-short", 8003, created.Add(time.Hour), conversation.ErrExpired},
			{"unknown token", "tok-none", 8003, created, conversation.ErrNotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				inv, err := redeem(tt.token, tt.chat, tt.at)
				if !errors.Is(err, tt.want) {
					t.Fatalf("redeem: %v, want %v", err, tt.want)
				}
				if tt.want != conversation.ErrNotFound && inv.SatkerCode != "409876" {
					t.Errorf("refused invitation %+v, want its satker told", inv)
				}
			})
		}
		if n := count(t, db, `SELECT count(*) FROM vendor_invitations WHERE used_at IS NOT NULL`); n != 1 {
			t.Errorf("%d invitations used, want 1", n)
		}
		if n := count(t, db, `SELECT count(*) FROM vendor_invitations WHERE used_chat <> 8001`); n != 0 {
			t.Error("a refused redemption changed the invitation")
		}
	})
	t.Run("create refused", func(t *testing.T) {
		unknown := invite("tok-other", week)
		unknown.SatkerCode = "409999"
		tests := []struct {
			name string
			inv  conversation.VendorInvitation
			want error
		}{
			{"unknown satker", unknown, conversation.ErrNotFound},
			{"token stored before", invite("tok-fresh", week), conversation.ErrDuplicate},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var err error
				inTx(t, db, func(tx conversation.Tx) error {
					err = tx.CreateVendorInvitation(ctx, tt.inv)
					return nil
				})
				if !errors.Is(err, tt.want) {
					t.Errorf("create: %v, want %v", err, tt.want)
				}
			})
		}
		if n := count(t, db, `SELECT count(*) FROM vendor_invitations`); n != 2 {
			t.Errorf("%d invitations stored, want 2", n)
		}
	})
}
