package conversation

import (
	"context"
	"time"
)

// Reminders and follow-up by cron (issue 7): what the domain keeps of them.
// The jobs themselves are package reminders; the texts and the buttons a
// reminded satker presses are here.

// The answers to a reminder (the buttons under it).
const (
	ReminderDone  = "done"  // "Sudah": the stage is reported reached
	ReminderHelp  = "help"  // "Butuh bantuan": a help ticket is opened
	ReminderLater = "later" // "Ingatkan lagi minggu depan": snoozed for a week
)

// The outcomes of a reminder, as recorded.
const (
	ReminderSent    = "sent"    // queued to the outbox (its delivery is the outbox's)
	ReminderSkipped = "skipped" // not sent: the chat blocked the bot, or reminders are paused
	ReminderFailed  = "failed"  // the outbox gave up on it (blocked at delivery, refused)
)

// Reminder is one reminder sent (or skipped) to one chat of a satker.
type Reminder struct {
	ID         int64
	SatkerCode string
	Stage      string
	ChatID     int64
	Status     string
	At         time.Time
	AnsweredAt time.Time
	Answer     string
}

// ReminderStore keeps what the reminded answer, the pauses officers set, and
// the forms users leave unfinished. Every method runs inside the update's
// transaction.
type ReminderStore interface {
	// AnswerReminder records the chat's answer to its latest reminder about
	// the satker's stage (once: when it was answered already it returns it
	// with ErrStale; ErrNotFound when the chat got none) and, for
	// ReminderLater, snoozes the satker's stage for a week from at.
	AnswerReminder(ctx context.Context, code, stage string, chatID int64, answer string, at time.Time) (Reminder, error)
	// PauseReminders stops (paused true) or resumes reminders for a satker.
	PauseReminders(ctx context.Context, code string, paused bool, by Actor) error
	// RemindersOn summarises the reminders of a KPPN's satker on day (WIB):
	// counts by stage and outcome.
	RemindersOn(ctx context.Context, kppnCode string, day time.Time) ([]ReminderCount, error)
	// TrackForm records that the chat has form flow open, last touched at
	// (a form left for a day gets one nudge); untrack with flow "".
	TrackForm(ctx context.Context, chatID int64, flow string, at time.Time) error
}

// ReminderCount is how many reminders of one stage had one outcome.
type ReminderCount struct {
	Stage  string
	Status string
	Count  int
}

// SLAItem is a request with a 1-working-day deadline the service-level
// watch looks at: an Admin Satker registration or a help ticket, not decided.
type SLAItem struct {
	Kind        string // SLARegistration or SLATicket
	ID          int64
	Number      string // REG-000123, TKT-000123
	SatkerCode  string
	SatkerName  string
	Deadline    time.Time
	TakenByName string // the officer who took it, "" while nobody did
	Status      string
}

// The kinds of SLAItem, and the thresholds the watch alerts on (once each).
const (
	SLARegistration = "registration"
	SLATicket       = "ticket"
	SLANear         = "near" // the deadline is close (SLA_WARN_BEFORE)
	SLAPast         = "past" // the deadline passed
)

// ScheduledJob is a scheduled job as /pengingat shows it.
type ScheduledJob struct {
	Name string    // e.g. "Pengingat satker"
	Next time.Time // its next run
}
