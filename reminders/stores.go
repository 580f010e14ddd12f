package reminders

import (
	"context"
	"time"

	"posko/conversation"
	"posko/workdays"
)

// What the scheduled jobs need of storage; *postgres.DB satisfies all of
// them. Every "Send" method claims in PostgreSQL before it queues: a row
// with a unique key per reminder (satker, stage, chat, day), per alert
// (kind, id, threshold), per nudge (chat, form touched at) or per weekly
// report (KPPN, week) is inserted in the same transaction that queues the
// message through the outbox, so two replicas running the same job send
// each message once.

// Calendar gives the working-day calendar (office hours and holidays).
type Calendar interface {
	Calendar(ctx context.Context) (*workdays.Calendar, error)
}

// Candidate is a satker still at a stage, with the chats linked to it and
// the history of its reminders about that stage.
type Candidate struct {
	Satker conversation.SatkerProgress
	Stage  string                    // its first missing stage
	Chats  []conversation.SatkerLink // the chats linked to it
	// Blocked lists the chats (of Chats) that blocked the bot.
	Blocked map[int64]bool
	// LastAt is when its last reminder about Stage was sent or skipped;
	// zero when none.
	LastAt time.Time
	// Ignored counts its reminders about Stage sent in a row without an answer.
	Ignored      int
	SnoozedUntil time.Time // "Ingatkan lagi minggu depan" until then
	Paused       bool      // an officer paused its reminders
}

// Send is one reminder to queue, or to record as skipped (Skip set: "blocked",
// "paused").
type Send struct {
	SatkerCode string
	Stage      string
	ChatID     int64
	Skip       string
	Message    conversation.Outgoing // when not skipped
}

// LaggingStore is what the lagging-satker job needs.
type LaggingStore interface {
	Calendar
	// ReminderCandidates lists every mapped satker managing UP that has
	// not reached a stage, with its first missing stage.
	ReminderCandidates(ctx context.Context) ([]Candidate, error)
	// SendReminders records and queues sends for day (WIB date): each is
	// claimed by (satker, stage, chat, day); a send claimed before (by
	// another replica, or an earlier run the same day) is left out.
	SendReminders(ctx context.Context, day time.Time, sends []Send) (sent, skipped int, err error)
}

// SLAAlert is one service-level alert to the staff group.
type SLAAlert struct {
	Item      conversation.SLAItem
	Threshold string // conversation.SLANear or SLAPast
	Message   conversation.Outgoing
}

// SLAStore is what the service-level watch needs.
type SLAStore interface {
	Calendar
	// SLAItems lists the registrations not yet decided and the active
	// tickets whose deadline is before until.
	SLAItems(ctx context.Context, until time.Time) ([]conversation.SLAItem, error)
	// SendSLAAlerts queues the alerts not sent before (claimed by kind, id
	// and threshold) and returns how many were new.
	SendSLAAlerts(ctx context.Context, alerts []SLAAlert) (int, error)
}

// OpenForm is a form a user left unfinished.
type OpenForm struct {
	ChatID    int64
	Flow      string
	TouchedAt time.Time
}

// Nudge is the one message sent about an unfinished form.
type Nudge struct {
	Form    OpenForm
	Message conversation.Outgoing
}

// FormStore is what the unfinished-forms job needs.
type FormStore interface {
	Calendar
	// StaleForms lists forms last touched between from and before and not
	// nudged since, at most limit. Older forms are gone with the chat's
	// state and are not listed.
	StaleForms(ctx context.Context, from, before time.Time, limit int) ([]OpenForm, error)
	// SendNudges claims each form (still open, same TouchedAt, not nudged)
	// and queues its nudge; returns how many were sent.
	SendNudges(ctx context.Context, nudges []Nudge) (int, error)
}

// WeeklyStore is what the weekly report needs.
type WeeklyStore interface {
	Calendar
	// KPPNs lists the KPPN with their staff groups.
	KPPNs(ctx context.Context) ([]conversation.KPPN, error)
	// QueueWeeklyReports queues a report job per KPPN for the week (ISO
	// "2026-W48"), once per KPPN and week; returns how many were new.
	QueueWeeklyReports(ctx context.Context, week string, jobs []conversation.Job) (int, error)
}
