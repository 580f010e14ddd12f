package postgres

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"posko/conversation"
)

func TestInvitations(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	mapSatkers(t, db, "070", "409876")
	admin := conversation.Actor{UserID: regUser, Name: "Rina", ChatID: regChat}
	created := time.Date(2026, 11, 1, 9, 0, 0, 0, wib)
	invite := func(token, role string) conversation.Invitation {
		t.Helper()
		inv := conversation.Invitation{Token: token, SatkerCode: "409876", Role: role, CreatedBy: admin,
			CreatedAt: created, ExpiresAt: created.Add(72 * time.Hour)}
		inTx(t, db, func(tx conversation.Tx) error { return tx.CreateInvitation(ctx, inv) })
		return inv
	}
	redeem := func(token string, chat int64, at time.Time) (conversation.Invitation, error) {
		var (
			inv    conversation.Invitation
			redErr error
		)
		inTx(t, db, func(tx conversation.Tx) error {
			inv, redErr = tx.RedeemInvitation(ctx, token, chat, chat, at)
			return nil
		})
		return inv, redErr
	}
	invite("tok-bendahara-Zx81", conversation.RoleBendahara)
	invite("tok-ppk-Qw02", conversation.RolePPK)

	if n := count(t, db, `SELECT count(*) FROM invitations WHERE token_hash = sha256('tok-bendahara-Zx81'::bytea)
		AND created_by = $1 AND created_by_name = 'Rina' AND created_chat = $2 AND used_at IS NULL`, regUser, regChat); n != 1 {
		t.Errorf("the invitation is not stored under its token's SHA-256 with its creator")
	}
	if n := count(t, db, `SELECT count(*) FROM invitations WHERE position('tok-'::bytea IN token_hash) > 0`); n != 0 {
		t.Error("a token is stored in clear")
	}
	if n := count(t, db, `SELECT count(*) FROM progress_history WHERE what = 'invitation' AND actor_id = $1
		AND detail->>'role' = 'bendahara' AND NOT detail::text LIKE '%tok-%'`, regUser); n != 1 {
		t.Errorf("%d invitation history rows (without the token), want 1", n)
	}

	t.Run("redeemed", func(t *testing.T) {
		inv, err := redeem("tok-bendahara-Zx81", 811, created.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if inv.SatkerCode != "409876" || inv.Role != conversation.RoleBendahara || inv.CreatedBy != admin ||
			!inv.ExpiresAt.Equal(created.Add(72*time.Hour)) || inv.Token != "tok-bendahara-Zx81" {
			t.Errorf("redeemed invitation = %+v", inv)
		}
		if n := count(t, db, `SELECT count(*) FROM satker_links WHERE chat_id = 811 AND user_id = 811
			AND kode_satker = '409876' AND role = 'bendahara' AND via = 'invitation'`); n != 1 {
			t.Error("the chat is not linked as the Bendahara via the invitation")
		}
		if n := count(t, db, `SELECT count(*) FROM invitations WHERE used_chat = 811 AND used_user = 811 AND used_at = $1`,
			created.Add(time.Hour)); n != 1 {
			t.Error("the invitation is not marked used by chat 811")
		}
	})
	t.Run("used twice", func(t *testing.T) {
		for _, chat := range []int64{811, 812} {
			inv, err := redeem("tok-bendahara-Zx81", chat, created.Add(2*time.Hour))
			if !errors.Is(err, conversation.ErrUsed) || inv.SatkerCode != "409876" {
				t.Errorf("chat %d: %+v, %v; want ErrUsed with the invitation", chat, inv, err)
			}
		}
		if n := count(t, db, `SELECT count(*) FROM satker_links WHERE chat_id = 812`); n != 0 {
			t.Error("chat 812 got linked through a used invitation")
		}
	})
	t.Run("expired", func(t *testing.T) {
		_, err := redeem("tok-ppk-Qw02", 813, created.Add(72*time.Hour))
		if !errors.Is(err, conversation.ErrExpired) {
			t.Errorf("redeemed at its expiry: %v, want ErrExpired", err)
		}
		if n := count(t, db, `SELECT count(*) FROM satker_links WHERE chat_id = 813`) +
			count(t, db, `SELECT count(*) FROM invitations WHERE used_at IS NOT NULL`); n != 1 {
			t.Error("an expired invitation linked the chat or was marked used")
		}
	})
	t.Run("unknown token", func(t *testing.T) {
		if _, err := redeem("409876", 814, created); !errors.Is(err, conversation.ErrNotFound) {
			t.Errorf("a kode satker typed as a token: %v, want ErrNotFound", err)
		}
	})
	t.Run("two chats at once", func(t *testing.T) {
		invite("tok-race", conversation.RolePemesan)
		var (
			wg   sync.WaitGroup
			errs [2]error
		)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = updateErr(db, func(tx conversation.Tx) error {
					_, err := tx.RedeemInvitation(ctx, "tok-race", int64(820+i), int64(820+i), created)
					return err
				})
			}()
		}
		wg.Wait()
		if (errs[0] == nil) == (errs[1] == nil) || (!errors.Is(errs[0], conversation.ErrUsed) && !errors.Is(errs[1], conversation.ErrUsed)) {
			t.Errorf("errors %v; want one success and one ErrUsed", errs)
		}
		if n := count(t, db, `SELECT count(*) FROM satker_links WHERE role = 'pemesan'`); n != 1 {
			t.Errorf("%d chats linked as Pemesan, want 1", n)
		}
	})
	t.Run("refused", func(t *testing.T) {
		err := updateErr(db, func(tx conversation.Tx) error {
			bad := conversation.Invitation{Token: "tok-x", SatkerCode: "123456", Role: conversation.RolePPK,
				ExpiresAt: created.Add(time.Hour)}
			if err := tx.CreateInvitation(ctx, bad); !errors.Is(err, conversation.ErrNotFound) {
				t.Errorf("invitation for an unknown satker: %v, want ErrNotFound", err)
			}
			bad.SatkerCode, bad.Token = "409876", "tok-ppk-Qw02"
			if err := tx.CreateInvitation(ctx, bad); !errors.Is(err, conversation.ErrDuplicate) {
				t.Errorf("a token stored twice: %v, want ErrDuplicate", err)
			}
			bad.Token, bad.ExpiresAt = "tok-y", time.Time{}
			if err := tx.CreateInvitation(ctx, bad); err == nil {
				t.Error("an invitation without expiry was stored")
			}
			return tx.CreateInvitation(ctx, conversation.Invitation{Token: "tok-z", SatkerCode: "409876",
				Role: conversation.RolePenerima, ExpiresAt: created.Add(time.Hour)})
		})
		if err != nil {
			t.Fatalf("the update failed after refused invitations: %v", err)
		}
	})
}
