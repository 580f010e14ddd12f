package reminders

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"posko/conversation"
	"posko/workdays"
)

// DefaultWarnBefore is how long before its deadline a request is "near".
const DefaultWarnBefore = 2 * time.Hour

// SLAWatch is the job (every 15 minutes) that posts to the staff group the
// registration requests and help tickets nearing or past their
// 1-working-day deadline, naming the officer who took them. Each item is
// alerted once per threshold: the store claims (kind, id, threshold), so a
// later run, or another replica, does not post it again.
type SLAWatch struct {
	Store SLAStore
	// GroupChatID is the staff group the alerts go to; 0 turns the watch off.
	GroupChatID int64
	// WarnBefore is how long before the deadline an item is near;
	// DefaultWarnBefore when zero.
	WarnBefore time.Duration
	Logger     *slog.Logger
	// Now returns the current time; time.Now when nil.
	Now func() time.Time
	// Message builds one alert; conversation.SLAAlert when nil.
	Message func(groupChatID int64, item conversation.SLAItem, threshold string, now time.Time, cal *workdays.Calendar) conversation.Outgoing
}

// Run is the job, for Scheduler.Add.
func (j *SLAWatch) Run(ctx context.Context) error {
	if j.GroupChatID == 0 {
		return nil
	}
	cal, err := j.Store.Calendar(ctx)
	if err != nil {
		return fmt.Errorf("service-level watch: %w", err)
	}
	now := nowFunc(j.Now)().In(cal.Location())
	warn := j.WarnBefore
	if warn <= 0 {
		warn = DefaultWarnBefore
	}
	items, err := j.Store.SLAItems(ctx, now.Add(warn))
	if err != nil {
		return fmt.Errorf("service-level watch: %w", err)
	}
	if len(items) == 0 {
		return nil
	}
	message := j.Message
	if message == nil {
		message = slaAlert
	}
	alerts := make([]SLAAlert, 0, len(items))
	for _, it := range items {
		threshold := conversation.SLANear
		if !it.Deadline.After(now) {
			threshold = conversation.SLAPast
		}
		alerts = append(alerts, SLAAlert{Item: it, Threshold: threshold, Message: message(j.GroupChatID, it, threshold, now, cal)})
	}
	n, err := j.Store.SendSLAAlerts(ctx, alerts)
	if err != nil {
		return fmt.Errorf("service-level watch: %w", err)
	}
	if n > 0 {
		logger(j.Logger).Info("service-level alerts posted", slog.Int("new", n), slog.Int("items", len(items)))
	}
	return nil
}
