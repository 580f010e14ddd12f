package postgres

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"posko/conversation"
	"posko/reminders"
)

// The days reminders are sent on in these tests (WIB).
var (
	reminderDay1 = time.Date(2026, 11, 2, 9, 0, 0, 0, wib)
	reminderDay2 = reminderDay1.AddDate(0, 0, 7)
	reminderDay3 = reminderDay2.AddDate(0, 0, 7)
)

// linkChats links each chat to the satker, in role ppk (the first as admin).
func linkChats(t *testing.T, db *DB, code string, chats ...int64) {
	t.Helper()
	inTx(t, db, func(tx conversation.Tx) error {
		for i, c := range chats {
			role := conversation.RolePPK
			if i == 0 {
				role = conversation.RoleAdmin
			}
			err := tx.LinkChat(context.Background(), conversation.SatkerLink{SatkerCode: code, ChatID: c, UserID: c,
				Role: role, Via: conversation.ViaInvitation, LinkedAt: reminderDay1.Add(time.Duration(i) * time.Minute)})
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// reminderSend is a reminder about stage to chat.
func reminderSend(code, stage string, chat int64) reminders.Send {
	return reminders.Send{SatkerCode: code, Stage: stage, ChatID: chat,
		Message: conversation.Outgoing{Kind: conversation.OutSend, ChatID: chat, Text: "Pengingat " + code + " " + stage}}
}

// sendReminders sends and checks the counts.
func sendReminders(t *testing.T, db *DB, day time.Time, wantSent, wantSkipped int, sends ...reminders.Send) {
	t.Helper()
	sent, skipped, err := db.SendReminders(context.Background(), day, sends)
	if err != nil {
		t.Fatal(err)
	}
	if sent != wantSent || skipped != wantSkipped {
		t.Errorf("SendReminders = %d sent, %d skipped; want %d, %d", sent, skipped, wantSent, wantSkipped)
	}
}

// rc is a ReminderCount.
func rc(stage, status string, n int) conversation.ReminderCount {
	return conversation.ReminderCount{Stage: stage, Status: status, Count: n}
}

func TestRemindersOn(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	mapSatkers(t, db, "070", "400001", "400002")
	mapSatkers(t, db, "071", "500001")
	if err := db.MarkBlocked(ctx, 9002); err != nil {
		t.Fatal(err)
	}
	sendReminders(t, db, reminderDay1, 4, 1,
		reminderSend("400001", conversation.StageAdmin, 9001),
		reminderSend("400001", conversation.StageAdmin, 9002),
		reminderSend("400001", conversation.StageAdmin, 9003),
		reminderSend("400002", conversation.StageVendor, 9004),
		reminderSend("500001", conversation.StageAdmin, 9005))
	sendReminders(t, db, reminderDay2, 1, 0, reminderSend("400001", conversation.StageAdmin, 9001))
	// The outbox gave up on the reminder to 9003.
	var id int64
	if err := db.Pool().QueryRow(ctx, `SELECT o.id FROM outbox o JOIN reminders r ON o.ref = 'reminder:' || r.id
		WHERE r.chat_id = 9003`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkFailed(ctx, id, "blocked"); err != nil {
		t.Fatal(err)
	}
	on := func(kppn string, day time.Time) []conversation.ReminderCount {
		var got []conversation.ReminderCount
		inTx(t, db, func(tx conversation.Tx) (err error) {
			got, err = tx.RemindersOn(ctx, kppn, day)
			return err
		})
		return got
	}
	tests := []struct {
		name string
		kppn string
		day  time.Time
		want []conversation.ReminderCount
	}{
		{"KPPN 070", "070", reminderDay1, []conversation.ReminderCount{
			rc(conversation.StageAdmin, conversation.ReminderSent, 1),
			rc(conversation.StageAdmin, conversation.ReminderSkipped, 1),
			rc(conversation.StageAdmin, conversation.ReminderFailed, 1),
			rc(conversation.StageVendor, conversation.ReminderSent, 1),
		}},
		{"late that day, in UTC", "070", reminderDay1.Add(14 * time.Hour).UTC(), []conversation.ReminderCount{
			rc(conversation.StageAdmin, conversation.ReminderSent, 1),
			rc(conversation.StageAdmin, conversation.ReminderSkipped, 1),
			rc(conversation.StageAdmin, conversation.ReminderFailed, 1),
			rc(conversation.StageVendor, conversation.ReminderSent, 1),
		}},
		{"KPPN 071", "071", reminderDay1, []conversation.ReminderCount{
			rc(conversation.StageAdmin, conversation.ReminderSent, 1),
		}},
		{"every KPPN", "", reminderDay1, []conversation.ReminderCount{
			rc(conversation.StageAdmin, conversation.ReminderSent, 2),
			rc(conversation.StageAdmin, conversation.ReminderSkipped, 1),
			rc(conversation.StageAdmin, conversation.ReminderFailed, 1),
			rc(conversation.StageVendor, conversation.ReminderSent, 1),
		}},
		{"another day", "070", reminderDay2, []conversation.ReminderCount{
			rc(conversation.StageAdmin, conversation.ReminderSent, 1),
		}},
		{"a day without reminders", "070", reminderDay1.AddDate(0, 0, 1), nil},
		{"malformed KPPN", "70", reminderDay1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := on(tt.kppn, tt.day); !reflect.DeepEqual(got, tt.want) && (len(got) > 0 || len(tt.want) > 0) {
				t.Errorf("RemindersOn = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestAnswerReminder(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	mapSatkers(t, db, "070", "400001", "400002")
	admin := conversation.StageAdmin
	sendReminders(t, db, reminderDay1, 2, 0, reminderSend("400001", admin, 9001), reminderSend("400002", admin, 9002))
	sendReminders(t, db, reminderDay2, 1, 0, reminderSend("400001", admin, 9001))
	paused := reminderSend("400001", admin, 9001)
	paused.Skip = "paused"
	sendReminders(t, db, reminderDay3, 0, 1, paused)
	var day2ID int64
	if err := db.Pool().QueryRow(ctx, `SELECT id FROM reminders WHERE chat_id = 9001 AND day = '2026-11-09'`).Scan(&day2ID); err != nil {
		t.Fatal(err)
	}
	answer := func(code string, chat int64, ans string, at time.Time) (conversation.Reminder, error) {
		var (
			r   conversation.Reminder
			err error
		)
		inTx(t, db, func(tx conversation.Tx) error {
			r, err = tx.AnswerReminder(ctx, code, admin, chat, ans, at)
			// The update's transaction stays usable whatever the answer.
			_, serr := tx.Satker(ctx, "400001")
			return serr
		})
		return r, err
	}
	at := reminderDay3.Add(2 * time.Hour)

	r, err := answer("400001", 9001, conversation.ReminderDone, at)
	if err != nil {
		t.Fatal(err)
	}
	if r.ID != day2ID || r.SatkerCode != "400001" || r.Stage != admin || r.ChatID != 9001 ||
		r.Status != conversation.ReminderSent || r.Answer != conversation.ReminderDone || !r.AnsweredAt.Equal(at) || r.At.IsZero() {
		t.Errorf("answered %+v, want the reminder of the 9th (id %d), the latest sent", r, day2ID)
	}
	if n := count(t, db, `SELECT count(*) FROM reminders WHERE id = $1 AND answer = 'done' AND answered_at = $2`, day2ID, at); n != 1 {
		t.Error("the answer is not stored")
	}
	if n := count(t, db, `SELECT count(*) FROM satkers WHERE kode_satker = '400001' AND last_contact_at = $1`, at); n != 1 {
		t.Error("the answer is not the satker's last contact")
	}

	t.Run("answered before", func(t *testing.T) {
		r, err := answer("400001", 9001, conversation.ReminderLater, at.Add(time.Minute))
		if !errors.Is(err, conversation.ErrStale) {
			t.Fatalf("second answer error = %v, want ErrStale", err)
		}
		if r.ID != day2ID || r.Answer != conversation.ReminderDone || !r.AnsweredAt.Equal(at) {
			t.Errorf("second answer returned %+v, want the first answer", r)
		}
		if n := count(t, db, `SELECT count(*) FROM reminder_snoozes`); n != 0 {
			t.Error("a refused answer snoozed the stage")
		}
	})
	t.Run("no reminder", func(t *testing.T) {
		for _, code := range []string{"400002", "499999", "4000"} {
			if _, err := answer(code, 9001, conversation.ReminderDone, at); !errors.Is(err, conversation.ErrNotFound) {
				t.Errorf("answer about %s error = %v, want ErrNotFound", code, err)
			}
		}
	})
	t.Run("unknown answer", func(t *testing.T) {
		if _, err := answer("400002", 9002, "maybe", at); err == nil || errors.Is(err, conversation.ErrNotFound) {
			t.Errorf("unknown answer error = %v", err)
		}
	})
	t.Run("later snoozes the stage for a week", func(t *testing.T) {
		if _, err := answer("400002", 9002, conversation.ReminderLater, at); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, `SELECT count(*) FROM reminder_snoozes WHERE kode_satker = '400002' AND stage = 'admin'
			AND snoozed_until = $1 AND chat_id = 9002`, at.AddDate(0, 0, 7)); n != 1 {
			t.Error("the stage is not snoozed until a week after the answer")
		}
	})
}

func TestPauseReminders(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	mapSatkers(t, db, "070", "400001")
	pause := func(paused bool) error {
		return updateErr(db, func(tx conversation.Tx) error { return tx.PauseReminders(ctx, "400001", paused, officer) })
	}
	history := func() int {
		return count(t, db, `SELECT count(*) FROM progress_history WHERE kode_satker = '400001' AND what = 'reminders'
			AND actor_id = 42 AND actor_name = 'Budi' AND chat_id = $1`, staffChat)
	}
	for range 2 {
		if err := pause(true); err != nil {
			t.Fatal(err)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM reminder_pauses WHERE kode_satker = '400001' AND paused_by = 42
		AND paused_by_name = 'Budi'`); n != 1 {
		t.Error("the pause and its officer are not stored")
	}
	if n := history(); n != 1 {
		t.Errorf("%d history rows after pausing twice, want 1", n)
	}
	sendReminders(t, db, reminderDay1, 0, 1, reminderSend("400001", conversation.StageAdmin, 9001))
	if n := count(t, db, `SELECT count(*) FROM reminders WHERE status = 'skipped' AND skip_reason = 'paused'`); n != 1 {
		t.Error("the reminder of a paused satker is not recorded as skipped (paused)")
	}

	if err := pause(false); err != nil {
		t.Fatal(err)
	}
	if n := count(t, db, `SELECT count(*) FROM reminder_pauses`); n != 0 {
		t.Error("resumed reminders are still paused")
	}
	if n := count(t, db, `SELECT count(*) FROM progress_history WHERE what = 'reminders' AND detail->>'paused' = 'false'`); n != 1 || history() != 2 {
		t.Error("the resume is not in the history")
	}
	sendReminders(t, db, reminderDay2, 1, 0, reminderSend("400001", conversation.StageAdmin, 9001))

	for _, code := range []string{"499999", "40000"} {
		err := updateErr(db, func(tx conversation.Tx) error { return tx.PauseReminders(ctx, code, true, officer) })
		if !errors.Is(err, conversation.ErrNotFound) {
			t.Errorf("pause %s error = %v, want ErrNotFound", code, err)
		}
	}
}
