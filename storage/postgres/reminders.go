package postgres

import (
	"context"
	"errors"
	"time"

	"posko/conversation"
	"posko/reminders"
)

// errRemindersTODO marks the reminder storage being written.
var errRemindersTODO = errors.New("reminders: not implemented yet")

func (s *txStore) AnswerReminder(ctx context.Context, code, stage string, chatID int64, answer string, at time.Time) (conversation.Reminder, error) {
	return conversation.Reminder{}, errRemindersTODO
}
func (s *txStore) PauseReminders(ctx context.Context, code string, paused bool, by conversation.Actor) error {
	return errRemindersTODO
}
func (s *txStore) RemindersOn(ctx context.Context, kppnCode string, day time.Time) ([]conversation.ReminderCount, error) {
	return nil, errRemindersTODO
}
func (s *txStore) TrackForm(ctx context.Context, chatID int64, flow string, at time.Time) error {
	return nil // not tracked until the reminder storage exists
}

// The scheduled jobs' storage (package reminders declares what it needs).

// ReminderCandidates lists every mapped satker managing UP that has not
// reached a stage, with its first missing stage, its linked chats and the
// history of its reminders about that stage.
func (db *DB) ReminderCandidates(ctx context.Context) ([]reminders.Candidate, error) {
	return nil, errRemindersTODO
}

// SendReminders records and queues the sends for day, each claimed by
// (satker, stage, chat, day).
func (db *DB) SendReminders(ctx context.Context, day time.Time, sends []reminders.Send) (sent, skipped int, err error) {
	return 0, 0, errRemindersTODO
}

// SLAItems lists undecided registrations and active tickets due before until.
func (db *DB) SLAItems(ctx context.Context, until time.Time) ([]conversation.SLAItem, error) {
	return nil, errRemindersTODO
}

// SendSLAAlerts queues the alerts not sent before.
func (db *DB) SendSLAAlerts(ctx context.Context, alerts []reminders.SLAAlert) (int, error) {
	return 0, errRemindersTODO
}

// StaleForms lists forms left before before and not nudged since.
func (db *DB) StaleForms(ctx context.Context, before time.Time, limit int) ([]reminders.OpenForm, error) {
	return nil, errRemindersTODO
}

// SendNudges claims the forms and queues their nudges.
func (db *DB) SendNudges(ctx context.Context, nudges []reminders.Nudge) (int, error) {
	return 0, errRemindersTODO
}

// QueueWeeklyReports queues a report job per KPPN for week, once.
func (db *DB) QueueWeeklyReports(ctx context.Context, week string, jobs []conversation.Job) (int, error) {
	return 0, errRemindersTODO
}
