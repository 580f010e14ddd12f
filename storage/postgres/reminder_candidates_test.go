package postgres

import (
	"context"
	"slices"
	"testing"
	"time"

	"posko/conversation"
	"posko/reminders"
)

func TestReminderCandidates(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	// 400001 is at admin, 400002 at pengguna, 400003 at vendor, 400004 at
	// transaksi; 400005 reached every stage, 400006 does not manage UP and
	// 409999 is only seen in a registration: none of those is a candidate.
	mapSatkers(t, db, "070", "400001", "400002", "400003", "400004", "400005", "400006")
	if _, err := db.Pool().Exec(ctx, `
		UPDATE satkers SET admin_registered_at = now() WHERE kode_satker > '400001';
		UPDATE satkers SET users_at = now() WHERE kode_satker > '400002';
		UPDATE satkers SET vendor_at = now() WHERE kode_satker > '400003';
		UPDATE satkers SET tx_at = now() WHERE kode_satker = '400005';
		UPDATE satkers SET manages_up = false WHERE kode_satker = '400006';
		UPDATE satkers SET created_at = '2026-01-01' WHERE kode_satker = '400004'`); err != nil {
		t.Fatal(err)
	}
	inTx(t, db, func(tx conversation.Tx) error {
		return tx.MarkAdminRegistered(ctx, "409999", regChat, regUser, time.Now())
	})
	linkChats(t, db, "400001", 9001, 9002, 9003)
	if err := db.MarkBlocked(ctx, 9002); err != nil {
		t.Fatal(err)
	}
	candidates := func() map[string]reminders.Candidate {
		t.Helper()
		list, err := db.ReminderCandidates(ctx)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]reminders.Candidate{}
		var order []string
		for _, c := range list {
			m[c.Satker.Code] = c
			order = append(order, c.Satker.Code)
		}
		if want := []string{"400004", "400001", "400002", "400003"}; !slices.Equal(order, want) {
			t.Errorf("candidates %v, want %v (the oldest in the map first)", order, want)
		}
		return m
	}
	ignored := func(want int) {
		t.Helper()
		c := candidates()["400001"]
		if c.Ignored != want || c.Satker.IgnoredReminders != want {
			t.Errorf("400001 ignored %d (satker %d), want %d", c.Ignored, c.Satker.IgnoredReminders, want)
		}
		p := readProgress(t, db, "400001")
		if p.IgnoredReminders != want {
			t.Errorf("Satker: 400001 ignored %d, want %d", p.IgnoredReminders, want)
		}
		inTx(t, db, func(tx conversation.Tx) error {
			// Lagging at vendor counts the reminders of its first missing stage, admin.
			list, err := tx.Lagging(ctx, "070", conversation.StageVendor, 0)
			for _, p := range list {
				if p.Code == "400001" && p.IgnoredReminders != want {
					t.Errorf("Lagging: 400001 ignored %d, want %d", p.IgnoredReminders, want)
				}
			}
			return err
		})
	}

	m := candidates()
	stages := map[string]string{"400001": conversation.StageAdmin, "400002": conversation.StageUsers,
		"400003": conversation.StageVendor, "400004": conversation.StageTx}
	for code, stage := range stages {
		if c := m[code]; c.Stage != stage || c.Satker.Next() != stage || c.Satker.KPPNCode != "070" ||
			!c.LastAt.IsZero() || c.Ignored != 0 || !c.SnoozedUntil.IsZero() || c.Paused {
			t.Errorf("candidate %s = %+v, want at %s with no history", code, c, stage)
		}
	}
	c := m["400001"]
	if len(c.Chats) != 3 || c.Chats[0].ChatID != 9001 || c.Chats[0].Role != conversation.RoleAdmin ||
		c.Chats[1].ChatID != 9002 || c.Chats[2].ChatID != 9003 || c.Chats[2].Role != conversation.RolePPK ||
		c.Chats[0].SatkerCode != "400001" || c.Chats[0].SatkerName != "SATKER 400001" || c.Chats[0].KPPNCode != "070" ||
		c.Chats[0].UserID != 9001 || c.Chats[0].Via != conversation.ViaInvitation || !c.Chats[0].LinkedAt.Equal(reminderDay1) {
		t.Errorf("chats of 400001 = %+v", c.Chats)
	}
	if len(c.Blocked) != 1 || !c.Blocked[9002] {
		t.Errorf("blocked chats of 400001 = %v, want 9002", c.Blocked)
	}
	if len(m["400002"].Chats) != 0 || m["400002"].Blocked != nil {
		t.Errorf("chats of 400002 = %+v, want none", m["400002"].Chats)
	}

	admin := conversation.StageAdmin
	t.Run("ignored counts days, not chats", func(t *testing.T) {
		before := time.Now()
		sendReminders(t, db, reminderDay1, 2, 1, reminderSend("400001", admin, 9001),
			reminderSend("400001", admin, 9002), reminderSend("400001", admin, 9003))
		if c := candidates()["400001"]; c.LastAt.Before(before.Add(-time.Second)) {
			t.Errorf("last reminder at %v, want about now", c.LastAt)
		}
		ignored(1)
		sendReminders(t, db, reminderDay2, 2, 0, reminderSend("400001", admin, 9001), reminderSend("400001", admin, 9003))
		// Reminders about another stage do not count.
		sendReminders(t, db, reminderDay3, 1, 0, reminderSend("400001", conversation.StageVendor, 9001))
		ignored(2)
	})
	t.Run("an answer starts the count again", func(t *testing.T) {
		inTx(t, db, func(tx conversation.Tx) error {
			_, err := tx.AnswerReminder(ctx, "400001", admin, 9003, conversation.ReminderHelp, reminderDay2.Add(time.Hour))
			return err
		})
		ignored(0) // 9001 left the 9th unanswered, but 9003 answered that day
		sendReminders(t, db, reminderDay3, 1, 0, reminderSend("400001", admin, 9001))
		ignored(1)
	})
	t.Run("snoozed", func(t *testing.T) {
		sendReminders(t, db, reminderDay1, 1, 0, reminderSend("400002", conversation.StageUsers, 9101))
		at := reminderDay1.Add(3 * time.Hour)
		inTx(t, db, func(tx conversation.Tx) error {
			_, err := tx.AnswerReminder(ctx, "400002", conversation.StageUsers, 9101, conversation.ReminderLater, at)
			return err
		})
		c := candidates()["400002"]
		if !c.SnoozedUntil.Equal(at.AddDate(0, 0, 7)) || c.Ignored != 0 || c.LastAt.IsZero() {
			t.Errorf("snoozed candidate = %+v, want snoozed until %v", c, at.AddDate(0, 0, 7))
		}
	})
	t.Run("paused", func(t *testing.T) {
		inTx(t, db, func(tx conversation.Tx) error { return tx.PauseReminders(ctx, "400003", true, officer) })
		m := candidates()
		if !m["400003"].Paused || m["400004"].Paused {
			t.Errorf("paused: 400003 %v, 400004 %v; want only 400003", m["400003"].Paused, m["400004"].Paused)
		}
	})
}
