package postgres

import (
	"context"
	"testing"
	"time"

	"posko/conversation"
)

func TestHelpdeskBans(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	officer := conversation.Actor{UserID: 42, Name: "Budi", ChatID: staffChat}
	banned := func(user int64) bool {
		t.Helper()
		var b bool
		inTx(t, db, func(tx conversation.Tx) (err error) {
			b, err = tx.IsBanned(ctx, user)
			return err
		})
		return b
	}
	setBanned := func(user int64, ban bool, reason string) {
		t.Helper()
		inTx(t, db, func(tx conversation.Tx) error { return tx.SetBanned(ctx, user, ban, reason, officer) })
	}

	if banned(500) {
		t.Fatal("banned before any ban")
	}
	setBanned(500, true, "spam")
	setBanned(500, true, "spam berulang") // again: the reason is replaced
	if !banned(500) || banned(501) {
		t.Errorf("after the ban: 500 banned %v, 501 banned %v", banned(500), banned(501))
	}
	if n := count(t, db, `SELECT count(*) FROM helpdesk_bans WHERE user_id = 500 AND reason = 'spam berulang'
		AND banned_by = 42 AND banned_by_name = 'Budi'`); n != 1 {
		t.Errorf("%d ban rows with the latest reason, want 1", n)
	}
	setBanned(500, false, "")
	if banned(500) {
		t.Error("still banned after the unban")
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE subject = 'user:500' AND actor_id = 42 AND chat_id = $1
		AND action IN ('helpdesk.banned', 'helpdesk.unbanned')`, staffChat); n != 3 {
		t.Errorf("%d audit rows, want 3 (two bans, one unban)", n)
	}
}

func TestPoskoVisits(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	officer := conversation.Actor{UserID: 42, Name: "Budi", ChatID: staffChat}
	now := time.Now()
	var ids []int64
	for _, at := range []time.Time{now.Add(-48 * time.Hour), now.Add(-time.Hour), {}} {
		inTx(t, db, func(tx conversation.Tx) error {
			id, err := tx.RecordPoskoVisit(ctx, conversation.PoskoVisit{SatkerCode: "409876", Topic: "reset password",
				By: officer, At: at})
			ids = append(ids, id)
			return err
		})
	}
	if ids[0] <= 0 || ids[1] <= ids[0] || ids[2] <= ids[1] {
		t.Errorf("ids %v, want increasing", ids)
	}
	var since, all int
	inTx(t, db, func(tx conversation.Tx) (err error) {
		if since, err = tx.PoskoVisitsSince(ctx, now.Add(-24*time.Hour)); err != nil {
			return err
		}
		all, err = tx.PoskoVisitsSince(ctx, time.Time{})
		return err
	})
	if since != 2 || all != 3 {
		t.Errorf("visits in the last day %d, all %d; want 2 and 3", since, all)
	}
	if n := count(t, db, `SELECT count(*) FROM posko_visits WHERE satker_code = '409876' AND topic = 'reset password'
		AND actor_id = 42 AND actor_name = 'Budi' AND chat_id = $1`, staffChat); n != 3 {
		t.Errorf("%d visits stored with their officer, want 3", n)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action = 'posko.visit' AND actor_id = 42`); n != 3 {
		t.Errorf("%d audit rows, want 3", n)
	}
	t.Run("a malformed satker code is refused", func(t *testing.T) {
		_, _, err := db.ProcessUpdate(ctx, updateIDs.Add(1), staffChat, func(ctx context.Context, tx conversation.Tx) ([]byte, []conversation.Outgoing, error) {
			_, err := tx.RecordPoskoVisit(ctx, conversation.PoskoVisit{SatkerCode: "40987x", By: officer})
			return nil, nil, err
		})
		if err == nil {
			t.Error("stored a visit of satker 40987x")
		}
	})
}

func TestLinkedSatker(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	for _, s := range []Satker{{Code: "409876", Name: "KEMENAG LUBUKLINGGAU"}, {Code: "409877", Name: "KEMENAG MUSI RAWAS"}} {
		if err := db.UpsertSatker(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	linked := func(chat int64) (code, name string, ok bool) {
		t.Helper()
		inTx(t, db, func(tx conversation.Tx) (err error) {
			code, name, ok, err = tx.LinkedSatker(ctx, chat)
			return err
		})
		return code, name, ok
	}
	if code, _, ok := linked(regChat); ok {
		t.Errorf("a chat without links is linked to %s", code)
	}
	inTx(t, db, func(tx conversation.Tx) error {
		return tx.MarkAdminRegistered(ctx, "409876", regChat, regUser, time.Now().Add(-time.Hour))
	})
	if code, name, ok := linked(regChat); !ok || code != "409876" || name != "KEMENAG LUBUKLINGGAU" {
		t.Errorf("LinkedSatker = %s %q %v, want 409876 with its name", code, name, ok)
	}
	inTx(t, db, func(tx conversation.Tx) error {
		return tx.MarkAdminRegistered(ctx, "409877", regChat, regUser, time.Now())
	})
	if code, _, _ := linked(regChat); code != "409877" {
		t.Errorf("LinkedSatker = %s, want the latest link 409877", code)
	}
	if _, _, ok := linked(regChat + 1); ok {
		t.Error("another chat is linked")
	}
}
