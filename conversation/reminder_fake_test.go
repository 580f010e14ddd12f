package conversation

import (
	"context"
	"fmt"
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

	tracks   []string         // every TrackForm call: "<chat> <flow> <at RFC3339>"
	trackErr error            // TrackForm fails with it when set
	pausedBy map[string]Actor // who paused or resumed each satker last
	asked    []string         // every RemindersOn call: "<kppn> <day RFC3339>"
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

func (f *reminderFake) PauseReminders(_ context.Context, code string, paused bool, by Actor) error {
	if f.paused == nil {
		f.paused = map[string]bool{}
	}
	f.paused[code] = paused
	if f.pausedBy == nil {
		f.pausedBy = map[string]Actor{}
	}
	f.pausedBy[code] = by
	return nil
}

func (f *reminderFake) RemindersOn(_ context.Context, kppnCode string, day time.Time) ([]ReminderCount, error) {
	f.asked = append(f.asked, kppnCode+" "+day.Format(time.RFC3339))
	return f.counts, nil
}

func (f *reminderFake) TrackForm(_ context.Context, chatID int64, flow string, at time.Time) error {
	if f.trackErr != nil {
		return f.trackErr
	}
	f.tracks = append(f.tracks, fmt.Sprintf("%d %s %s", chatID, flow, at.Format(time.RFC3339)))
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
