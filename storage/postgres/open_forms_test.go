package postgres

import (
	"context"
	"sync"
	"testing"
	"time"

	"posko/conversation"
	"posko/reminders"
)

func TestOpenForms(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, wib)
	track := func(chat int64, flow string, at time.Time) {
		t.Helper()
		inTx(t, db, func(tx conversation.Tx) error { return tx.TrackForm(ctx, chat, flow, at) })
	}
	stale := func(before time.Time, limit int) []reminders.OpenForm {
		t.Helper()
		list, err := db.StaleForms(ctx, before.Add(-30*24*time.Hour), before, limit)
		if err != nil {
			t.Fatal(err)
		}
		return list
	}
	nudge := func(forms []reminders.OpenForm) []reminders.Nudge {
		var list []reminders.Nudge
		for _, f := range forms {
			list = append(list, reminders.Nudge{Form: f,
				Message: conversation.Outgoing{Kind: conversation.OutSend, Text: "Lanjutkan " + f.Flow}})
		}
		return list
	}
	sendNudges := func(nudges []reminders.Nudge, want int) {
		t.Helper()
		n, err := db.SendNudges(ctx, nudges)
		if err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Errorf("SendNudges = %d, want %d", n, want)
		}
	}

	track(1, "registration", t0.Add(time.Hour))
	track(2, "ticket", t0)
	track(3, "registration", t0.Add(30*time.Hour)) // recent
	track(4, "ticket", t0)
	track(4, "", t0.Add(time.Hour)) // finished
	track(2, "ticket", t0)          // the same touch again
	forms := stale(t0.Add(24*time.Hour), 0)
	if len(forms) != 2 || forms[0].ChatID != 2 || forms[0].Flow != "ticket" || !forms[0].TouchedAt.Equal(t0) ||
		forms[1].ChatID != 1 || forms[1].Flow != "registration" {
		t.Fatalf("stale forms = %+v, want chats 2 then 1", forms)
	}
	if l := stale(t0.Add(24*time.Hour), 1); len(l) != 1 || l[0].ChatID != 2 {
		t.Errorf("stale forms, at most 1 = %+v", l)
	}

	// Chat 1 comes back to its form before the nudge goes out.
	track(1, "registration", t0.Add(2*time.Hour))
	sendNudges(nudge(forms), 1)
	if n := count(t, db, `SELECT count(*) FROM outbox WHERE chat_id = 2 AND payload->>'text' = 'Lanjutkan ticket'`); n != 1 {
		t.Errorf("%d nudges queued to chat 2, want 1", n)
	}
	if n := count(t, db, `SELECT count(*) FROM outbox WHERE chat_id = 1`); n != 0 {
		t.Error("chat 1 was nudged about a form it touched since")
	}
	sendNudges(nudge(forms), 0)

	forms = stale(t0.Add(48*time.Hour), 0)
	if len(forms) != 2 || forms[0].ChatID != 1 || !forms[0].TouchedAt.Equal(t0.Add(2*time.Hour)) || forms[1].ChatID != 3 {
		t.Fatalf("stale forms later = %+v, want chats 1 and 3 (2 was nudged)", forms)
	}

	t.Run("two replicas", func(t *testing.T) {
		var (
			wg   sync.WaitGroup
			n    [2]int
			errs [2]error
		)
		for i := range 2 {
			wg.Go(func() { n[i], errs[i] = db.SendNudges(ctx, nudge(forms)) })
		}
		wg.Wait()
		if errs[0] != nil || errs[1] != nil || n[0]+n[1] != 2 {
			t.Errorf("the replicas nudged %d + %d (%v, %v), want 2 in all", n[0], n[1], errs[0], errs[1])
		}
		if n := count(t, db, `SELECT count(*) FROM outbox`); n != 3 {
			t.Errorf("%d nudges queued in all, want 3", n)
		}
	})
	t.Run("touched again after the nudge", func(t *testing.T) {
		track(2, "ticket", t0.Add(50*time.Hour))
		if n := count(t, db, `SELECT count(*) FROM open_forms WHERE chat_id = 2 AND nudged_at IS NULL`); n != 1 {
			t.Error("a new touch did not clear the nudge")
		}
		if l := stale(t0.Add(80*time.Hour), 0); len(l) != 1 || l[0].ChatID != 2 {
			t.Errorf("stale forms = %+v, want chat 2 left again", l)
		}
	})
}

func TestStaleFormsLeaveOutFormsPastTheirState(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, wib)
	for chat, age := range map[int64]time.Duration{901: 2 * 24 * time.Hour, 902: 9 * 24 * time.Hour} {
		inTx(t, db, func(tx conversation.Tx) error { return tx.TrackForm(ctx, chat, "bantuan", t0.Add(-age)) })
	}
	list, err := db.StaleForms(ctx, t0.Add(-6*24*time.Hour), t0.Add(-24*time.Hour), 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].ChatID != 901 {
		t.Errorf("stale forms %+v, want only chat 901 (902's state is gone)", list)
	}
}
