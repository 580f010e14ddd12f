package postgres

import (
	"context"
	"reflect"
	"sync"
	"testing"
	"time"

	"posko/conversation"
	"posko/reminders"
)

func TestSLAItems(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	mapSatkers(t, db, "070", "400001")
	now := time.Date(2026, 11, 3, 14, 0, 0, 0, wib)
	for _, q := range []string{`
		INSERT INTO registrations (id, number, chat_id, user_id, satker_code, satker_name, satker_known, admin_name,
		  admin_nip, admin_nik, kpa_nip, status, deadline, taken_by_name, submitted_at)
		SELECT id, 'REG-00000' || id, 1, 1, code, name, true, 'Rina', '\x00', '\x00', '\x00', status,
		  $1::timestamptz + hours * interval '1 hour', taken, $1::timestamptz - interval '1 day'
		FROM (VALUES (1, '400001', '', 'diajukan', -2, ''), (2, '409876', 'KEMENAG', 'diproses', 1, 'Budi'),
		  (3, '400001', '', 'selesai', -5, ''), (4, '400001', '', 'ditolak', -5, ''),
		  (5, '400001', '', 'diajukan', 5, '')) AS v(id, code, name, status, hours, taken)`, `
		INSERT INTO tickets (id, number, chat_id, user_id, satker_code, satker_name, text, status, deadline, taken_by_name)
		SELECT id, 'TKT-00000' || id, id, id, code, name, '\x00', status, $1::timestamptz + hours * interval '1 hour', taken
		FROM (VALUES (1, '', '', 'terbuka', 0.5, ''), (2, '400001', '', 'eskalasi', -1, 'Sari'),
		  (3, '400001', '', 'selesai', -3, ''), (4, '400001', 'SATKER LAMA', 'diproses', 9, '')) AS v(id, code, name, status, hours, taken)`,
	} {
		if _, err := db.Pool().Exec(ctx, q, now); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.SLAItems(ctx, now.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	want := []conversation.SLAItem{
		{Kind: conversation.SLARegistration, ID: 1, Number: "REG-000001", SatkerCode: "400001", SatkerName: "SATKER 400001", Deadline: now.Add(-2 * time.Hour), TakenByName: "", Status: "diajukan"},
		{Kind: conversation.SLATicket, ID: 2, Number: "TKT-000002", SatkerCode: "400001", SatkerName: "SATKER 400001", Deadline: now.Add(-time.Hour), TakenByName: "Sari", Status: "eskalasi"},
		{Kind: conversation.SLATicket, ID: 1, Number: "TKT-000001", SatkerCode: "", SatkerName: "", Deadline: now.Add(30 * time.Minute), TakenByName: "", Status: "terbuka"},
		{Kind: conversation.SLARegistration, ID: 2, Number: "REG-000002", SatkerCode: "409876", SatkerName: "KEMENAG", Deadline: now.Add(time.Hour), TakenByName: "Budi", Status: "diproses"},
	}
	if len(got) != len(want) {
		t.Fatalf("SLAItems = %+v, want %+v", got, want)
	}
	for i := range want {
		g := got[i]
		g.Deadline, want[i].Deadline = g.Deadline.UTC(), want[i].Deadline.UTC()
		if !reflect.DeepEqual(g, want[i]) {
			t.Errorf("item %d = %+v, want %+v", i, g, want[i])
		}
	}
}

// slaAlert is an alert about item id of kind.
func slaAlert(kind string, id int64, threshold string) reminders.SLAAlert {
	return reminders.SLAAlert{Item: conversation.SLAItem{Kind: kind, ID: id}, Threshold: threshold,
		Message: conversation.Outgoing{Kind: conversation.OutSend, ChatID: staffChat, Text: kind + " " + threshold}}
}

func TestSendSLAAlerts(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	send := func(want int, alerts ...reminders.SLAAlert) {
		t.Helper()
		n, err := db.SendSLAAlerts(ctx, alerts)
		if err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Errorf("SendSLAAlerts = %d new, want %d", n, want)
		}
	}
	reg, ticket := conversation.SLARegistration, conversation.SLATicket
	near, past := conversation.SLANear, conversation.SLAPast
	send(3, slaAlert(reg, 1, near), slaAlert(ticket, 1, near), slaAlert(ticket, 1, past), slaAlert(ticket, 1, past))
	if n := count(t, db, `SELECT count(*) FROM outbox WHERE chat_id = $1`, staffChat); n != 3 {
		t.Errorf("%d alerts queued, want 3", n)
	}
	send(1, slaAlert(reg, 1, near), slaAlert(ticket, 1, near), slaAlert(reg, 1, past))
	if n := count(t, db, `SELECT count(*) FROM outbox WHERE payload->>'text' = 'registration past'`); n != 1 {
		t.Errorf("%d past alerts of the registration queued, want 1", n)
	}

	t.Run("two replicas", func(t *testing.T) {
		var alerts []reminders.SLAAlert
		for id := range int64(30) {
			alerts = append(alerts, slaAlert(ticket, 100+id, near), slaAlert(reg, 100+id, past))
		}
		var (
			wg   sync.WaitGroup
			n    [2]int
			errs [2]error
		)
		for i := range 2 {
			wg.Go(func() { n[i], errs[i] = db.SendSLAAlerts(ctx, alerts) })
		}
		wg.Wait()
		if errs[0] != nil || errs[1] != nil || n[0]+n[1] != len(alerts) {
			t.Errorf("the replicas sent %d + %d (%v, %v), want %d in all", n[0], n[1], errs[0], errs[1], len(alerts))
		}
		if n := count(t, db, `SELECT count(*) FROM outbox`); n != 4+len(alerts) {
			t.Errorf("%d outbox rows, want %d", n, 4+len(alerts))
		}
	})
	t.Run("unknown threshold", func(t *testing.T) {
		if _, err := db.SendSLAAlerts(ctx, []reminders.SLAAlert{slaAlert(reg, 1, "soon")}); err == nil {
			t.Error("an alert with an unknown threshold was accepted")
		}
	})
}
