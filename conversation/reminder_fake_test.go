package conversation

import (
	"context"
	"time"
)

// reminderFake is the in-memory ReminderStore of fakeTx.
type reminderFake struct {
	reminders map[int64]*Reminder
	snoozed   map[string]time.Time // "<code> <stage>" → until
	paused    map[string]bool
	forms     map[int64]string // chat → open flow
	formsAt   map[int64]time.Time
	counts    []ReminderCount
}

// addReminder records a reminder as the lagging job would have sent it.
func (f *reminderFake) addReminder(r Reminder) {
	if f.reminders == nil {
		f.reminders = map[int64]*Reminder{}
	}
	f.reminders[r.ID] = &r
}

func (f *reminderFake) AnswerReminder(_ context.Context, code, stage string, chatID int64, answer string, at time.Time) (Reminder, error) {
	var r *Reminder
	for _, x := range f.reminders {
		if x.SatkerCode == code && x.Stage == stage && x.ChatID == chatID && (r == nil || x.ID > r.ID) {
			r = x
		}
	}
	if r == nil {
		return Reminder{}, ErrNotFound
	}
	if !r.AnsweredAt.IsZero() {
		return *r, ErrStale
	}
	r.AnsweredAt, r.Answer = at, answer
	if answer == ReminderLater {
		if f.snoozed == nil {
			f.snoozed = map[string]time.Time{}
		}
		f.snoozed[r.SatkerCode+" "+r.Stage] = at.AddDate(0, 0, 7)
	}
	return *r, nil
}

func (f *reminderFake) PauseReminders(_ context.Context, code string, paused bool, _ Actor) error {
	if f.paused == nil {
		f.paused = map[string]bool{}
	}
	f.paused[code] = paused
	return nil
}

func (f *reminderFake) RemindersOn(_ context.Context, _ string, _ time.Time) ([]ReminderCount, error) {
	return f.counts, nil
}

func (f *reminderFake) TrackForm(_ context.Context, chatID int64, flow string, at time.Time) error {
	if f.forms == nil {
		f.forms, f.formsAt = map[int64]string{}, map[int64]time.Time{}
	}
	if flow == "" {
		delete(f.forms, chatID)
		delete(f.formsAt, chatID)
		return nil
	}
	f.forms[chatID], f.formsAt[chatID] = flow, at
	return nil
}
