package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"posko/conversation"
)

func TestLinkChat(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	mapSatkers(t, db, "070", "409876", "409877")
	t0 := time.Date(2026, 11, 1, 9, 0, 0, 0, wib)
	link := func(chat int64, code, role, via string, at time.Time) error {
		var err error
		inTx(t, db, func(tx conversation.Tx) error {
			err = tx.LinkChat(ctx, conversation.SatkerLink{SatkerCode: code, ChatID: chat, UserID: chat, Role: role,
				Via: via, LinkedAt: at})
			return nil
		})
		return err
	}
	for _, l := range []struct {
		chat            int64
		code, role, via string
		at              time.Time
	}{
		{801, "409876", conversation.RoleAdmin, conversation.ViaRegistration, t0},
		{801, "409877", conversation.RolePPK, conversation.ViaOfficer, t0.Add(time.Hour)},
		{802, "409876", conversation.RoleBendahara, conversation.ViaInvitation, t0.Add(2 * time.Hour)},
		{801, "409876", conversation.RoleAdmin, conversation.ViaOfficer, t0.Add(3 * time.Hour)}, // again: kept as it was
	} {
		if err := link(l.chat, l.code, l.role, l.via, l.at); err != nil {
			t.Fatalf("link %d to %s: %v", l.chat, l.code, err)
		}
	}
	var of, ofSatker []conversation.SatkerLink
	inTx(t, db, func(tx conversation.Tx) (err error) {
		if of, err = tx.LinksOf(ctx, 801); err != nil {
			return err
		}
		ofSatker, err = tx.LinksOfSatker(ctx, "409876")
		return err
	})
	if len(of) != 2 || of[0].SatkerCode != "409877" || of[0].Role != conversation.RolePPK || of[0].SatkerName != "SATKER 409877" ||
		of[0].KPPNCode != "070" || of[1].SatkerCode != "409876" || of[1].Via != conversation.ViaRegistration ||
		!of[1].LinkedAt.Equal(t0) || of[1].UserID != 801 {
		t.Errorf("LinksOf(801) = %+v, want 409877 then 409876 (newest first), the first link kept", of)
	}
	if len(ofSatker) != 2 || ofSatker[0].ChatID != 801 || ofSatker[1].ChatID != 802 ||
		ofSatker[1].Role != conversation.RoleBendahara || ofSatker[1].Via != conversation.ViaInvitation {
		t.Errorf("LinksOfSatker(409876) = %+v", ofSatker)
	}
	if n := count(t, db, `SELECT count(*) FROM progress_history WHERE what = 'link'`); n != 3 {
		t.Errorf("%d link history rows, want 3 (the repeated link writes none)", n)
	}
	if n := count(t, db, `SELECT count(*) FROM progress_history WHERE what = 'link' AND kode_satker = '409876'
		AND chat_id = 802 AND actor_id = 802 AND detail->>'via' = 'invitation' AND detail->>'role' = 'bendahara'`); n != 1 {
		t.Errorf("the invitation's link history row is missing")
	}
	t.Run("approved by an officer", func(t *testing.T) {
		inTx(t, db, func(tx conversation.Tx) error {
			return tx.LinkChat(ctx, conversation.SatkerLink{SatkerCode: "409877", ChatID: 804, UserID: 804,
				Role: conversation.RolePemesan, Via: conversation.ViaOfficer, LinkedAt: t0,
				By: conversation.Actor{UserID: 7001, Name: "Budi Santoso", ChatID: -1009001}})
		})
		if n := count(t, db, `SELECT count(*) FROM progress_history WHERE what = 'link' AND kode_satker = '409877'
			AND actor_id = 7001 AND actor_name = 'Budi Santoso' AND chat_id = -1009001 AND detail->>'user' = '804'`); n != 1 {
			t.Errorf("the officer's approval is not in the history")
		}
	})
	t.Run("refused", func(t *testing.T) {
		if err := link(803, "123456", conversation.RolePPK, conversation.ViaOfficer, t0); !errors.Is(err, conversation.ErrNotFound) {
			t.Errorf("link to an unknown satker: %v, want ErrNotFound", err)
		}
		if err := link(803, "409876", conversation.RolePPK, "typed", t0); err == nil {
			t.Error("a link by an unknown way was stored")
		}
		if err := link(803, "409876", "", conversation.ViaOfficer, t0); err == nil {
			t.Error("a link without a role was stored")
		}
		if n := count(t, db, `SELECT count(*) FROM satker_links WHERE chat_id = 803`); n != 0 {
			t.Errorf("%d links of chat 803 stored", n)
		}
	})
	t.Run("a chat with no link", func(t *testing.T) {
		inTx(t, db, func(tx conversation.Tx) error {
			list, err := tx.LinksOf(ctx, 999)
			if len(list) != 0 {
				t.Errorf("LinksOf(999) = %+v", list)
			}
			return err
		})
	})
}
