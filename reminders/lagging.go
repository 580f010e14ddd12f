package reminders

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"posko/conversation"
)

// SkipBlocked is the Skip of a reminder not sent because the chat blocked
// the bot.
const SkipBlocked = "blocked"

// laggingBatch is how many sends one SendReminders call records: each
// batch is one transaction, so the sender starts delivering the first
// thousands while the rest are still being queued, and a failure halfway
// loses nothing already claimed.
const laggingBatch = 500

// Lagging is the daily job that reminds satker still at a stage: every
// chat linked to a satker that is Due gets a stage-specific reminder with
// the next step and its buttons ("Sudah", "Butuh bantuan", "Ingatkan lagi
// minggu depan"). It runs only in office hours on working days. Each send
// is claimed in PostgreSQL per (satker, stage, chat, day), so two replicas
// running it together send each reminder once.
type Lagging struct {
	Store  LaggingStore
	Policy Policy
	Logger *slog.Logger
	// Now returns the current time; time.Now when nil.
	Now func() time.Time
	// Message builds the reminder to one linked chat;
	// conversation.StageReminder when nil.
	Message func(p conversation.SatkerProgress, stage string, l conversation.SatkerLink) conversation.Outgoing
}

// Run is the job, for Scheduler.Add.
func (j *Lagging) Run(ctx context.Context) error {
	cal, err := j.Store.Calendar(ctx)
	if err != nil {
		return fmt.Errorf("lagging satker: %w", err)
	}
	now := nowFunc(j.Now)().In(cal.Location())
	if !cal.InOfficeHours(now) {
		logger(j.Logger).Debug("lagging satker: office closed, no reminders", slog.Time("now", now))
		return nil
	}
	candidates, err := j.Store.ReminderCandidates(ctx)
	if err != nil {
		return fmt.Errorf("lagging satker: %w", err)
	}
	message := j.Message
	if message == nil {
		message = stageReminder
	}
	var sends []Send
	followUp := 0
	for _, c := range candidates {
		if !j.Policy.Due(c, now) {
			continue
		}
		if j.Policy.FollowUp(c) {
			followUp++
		}
		seen := make(map[int64]bool, len(c.Chats))
		for _, l := range c.Chats {
			if seen[l.ChatID] {
				continue // a chat holding two roles gets one reminder, for its first
			}
			seen[l.ChatID] = true
			s := Send{SatkerCode: c.Satker.Code, Stage: c.Stage, ChatID: l.ChatID}
			if c.Blocked[l.ChatID] {
				s.Skip = SkipBlocked
			} else {
				s.Message = message(c.Satker, c.Stage, l)
				s.Message.ChatID = l.ChatID
			}
			sends = append(sends, s)
		}
	}
	day := cal.DateOf(now).At(0, 0, cal.Location())
	sent, skipped := 0, 0
	for len(sends) > 0 {
		batch := sends[:min(laggingBatch, len(sends))]
		sends = sends[len(batch):]
		n, k, err := j.Store.SendReminders(ctx, day, batch)
		sent, skipped = sent+n, skipped+k
		if err != nil {
			return fmt.Errorf("lagging satker: %d sent, %d skipped before: %w", sent, skipped, err)
		}
	}
	logger(j.Logger).Info("lagging satker reminded", slog.Int("candidates", len(candidates)),
		slog.Int("sent", sent), slog.Int("skipped", skipped), slog.Int("follow_up", followUp))
	return nil
}

// nowFunc is now, or time.Now when nil.
func nowFunc(now func() time.Time) func() time.Time {
	if now == nil {
		return time.Now
	}
	return now
}

// logger is l, or a logger that drops everything when nil.
func logger(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.New(slog.DiscardHandler)
	}
	return l
}
