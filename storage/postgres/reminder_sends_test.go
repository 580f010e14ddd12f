package postgres

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"posko/conversation"
	"posko/reminders"
)

func TestSendReminders(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	mapSatkers(t, db, "070", "400001", "400002")
	linkChats(t, db, "400001", 9001, 9002)
	if err := db.MarkBlocked(ctx, 9002); err != nil {
		t.Fatal(err)
	}
	noChat := reminderSend("400002", conversation.StageAdmin, 9003)
	noChat.Message.ChatID = 0
	paused := reminderSend("400002", conversation.StageAdmin, 9004)
	paused.Skip = "paused"
	sends := []reminders.Send{
		reminderSend("400001", conversation.StageAdmin, 9001),
		reminderSend("400001", conversation.StageAdmin, 9002), // blocked: the store skips it
		noChat, paused,
		reminderSend("499999", conversation.StageAdmin, 9005), // not in the map: left out
	}
	sendReminders(t, db, reminderDay1, 2, 2, sends...)

	type row struct {
		Code, Stage, Status, Reason string
		Chat                        int64
		Day                         string
		Queued                      int
	}
	rows := func() []row {
		t.Helper()
		rs, err := db.Pool().Query(ctx, `
			SELECT r.kode_satker, r.stage, r.status, r.skip_reason, r.chat_id, r.day::text,
			  (SELECT count(*) FROM outbox o WHERE o.ref = 'reminder:' || r.id AND o.chat_id = r.chat_id
			     AND o.payload->>'text' = 'Pengingat ' || r.kode_satker || ' ' || r.stage)
			FROM reminders r ORDER BY r.day, r.kode_satker, r.chat_id`)
		if err != nil {
			t.Fatal(err)
		}
		var out []row
		for rs.Next() {
			var r row
			if err := rs.Scan(&r.Code, &r.Stage, &r.Status, &r.Reason, &r.Chat, &r.Day, &r.Queued); err != nil {
				t.Fatal(err)
			}
			out = append(out, r)
		}
		return out
	}
	want := []row{
		{"400001", "admin", "sent", "", 9001, "2026-11-02", 1},
		{"400001", "admin", "skipped", "blocked", 9002, "2026-11-02", 0},
		{"400002", "admin", "sent", "", 9003, "2026-11-02", 1},
		{"400002", "admin", "skipped", "paused", 9004, "2026-11-02", 0},
	}
	if got := rows(); !reflect.DeepEqual(got, want) {
		t.Errorf("reminders = %+v, want %+v", got, want)
	}
	if n := count(t, db, `SELECT count(*) FROM outbox`); n != 2 {
		t.Errorf("%d outbox rows, want 2 (the sent reminders)", n)
	}

	t.Run("the same day again sends nothing", func(t *testing.T) {
		late := reminderDay1.Add(14 * time.Hour).UTC() // 23:00 WIB, still the 2nd
		sendReminders(t, db, late, 0, 0, sends...)
		if n := count(t, db, `SELECT count(*) FROM outbox`); n != 2 {
			t.Errorf("%d outbox rows, want still 2", n)
		}
	})
	t.Run("the next day sends again", func(t *testing.T) {
		next := reminderDay1.Add(15 * time.Hour) // 00:00 WIB on the 3rd
		sendReminders(t, db, next, 1, 0, sends[0], sends[0])
		if n := count(t, db, `SELECT count(*) FROM reminders WHERE day = '2026-11-03' AND chat_id = 9001`); n != 1 {
			t.Errorf("%d reminders of the 3rd to chat 9001, want 1", n)
		}
	})
	t.Run("unknown stage", func(t *testing.T) {
		if _, _, err := db.SendReminders(ctx, reminderDay1, []reminders.Send{reminderSend("400001", "lunas", 9001)}); err == nil {
			t.Error("a reminder about an unknown stage was accepted")
		}
	})
}

// TestSendRemindersTwoReplicas runs the same sends in two goroutines, in
// opposite orders, as two replicas firing the same job: each reminder is
// recorded and queued once.
func TestSendRemindersTwoReplicas(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	var sends []reminders.Send
	for i := range 40 {
		code := fmt.Sprintf("%06d", 400_000+i)
		mapSatkers(t, db, "070", code)
		for c := range 3 {
			sends = append(sends, reminderSend(code, conversation.StageAdmin, int64(10_000+i*10+c)))
		}
	}
	reversed := slices.Clone(sends)
	slices.Reverse(reversed)
	for round := range 5 {
		day := reminderDay1.AddDate(0, 0, round)
		var (
			wg   sync.WaitGroup
			sent [2]int
			errs [2]error
		)
		for i, list := range [][]reminders.Send{sends, reversed} {
			wg.Go(func() { sent[i], _, errs[i] = db.SendReminders(ctx, day, list) })
		}
		wg.Wait()
		if errs[0] != nil || errs[1] != nil {
			t.Fatalf("round %d: %v, %v", round, errs[0], errs[1])
		}
		if sent[0]+sent[1] != len(sends) {
			t.Errorf("round %d: the replicas sent %d + %d, want %d in all", round, sent[0], sent[1], len(sends))
		}
	}
	if n := count(t, db, `SELECT count(*) FROM outbox`); n != 5*len(sends) {
		t.Errorf("%d outbox rows, want %d", n, 5*len(sends))
	}
	if n := count(t, db, `SELECT count(DISTINCT ref) FROM outbox WHERE ref LIKE 'reminder:%'`); n != 5*len(sends) {
		t.Errorf("%d distinct reminder refs queued, want %d", n, 5*len(sends))
	}
}
