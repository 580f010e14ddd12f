package reminders

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"posko/conversation"
)

// Unfinished forms: a user who left a form for a day gets one nudge.
const (
	// StaleAfter is how long a form lies untouched before its nudge.
	StaleAfter = 24 * time.Hour
	// KeptFor is how long a form left alone can still be continued: the
	// conversation state is kept 7 days, so an older form is gone and is
	// not nudged.
	KeptFor = 6 * 24 * time.Hour
	// nudgeBatch bounds the forms one run nudges; the rest wait an hour.
	nudgeBatch = 500
)

// FormNudges is the hourly job that nudges the users who left a form
// unfinished for StaleAfter, once per form, in office hours on working days
// (a nudge at night would be noise; the form waits until morning). The
// store claims each form (still open, not touched since, not nudged), so a
// form the user continued meanwhile, or one another replica nudged, is left
// out.
type FormNudges struct {
	Store FormStore
	// Nudge builds the nudge for a chat's open form; ok false when the flow
	// has none (it is then not nudged). (*conversation.Engine).FormNudge.
	Nudge  func(chatID int64, flow string) (conversation.Outgoing, bool)
	Logger *slog.Logger
	// Now returns the current time; time.Now when nil.
	Now func() time.Time
}

// Run is the job, for Scheduler.Add.
func (j *FormNudges) Run(ctx context.Context) error {
	if j.Nudge == nil {
		return fmt.Errorf("unfinished forms: no Nudge to build the messages")
	}
	cal, err := j.Store.Calendar(ctx)
	if err != nil {
		return fmt.Errorf("unfinished forms: %w", err)
	}
	now := nowFunc(j.Now)().In(cal.Location())
	if !cal.InOfficeHours(now) {
		return nil
	}
	forms, err := j.Store.StaleForms(ctx, now.Add(-KeptFor), now.Add(-StaleAfter), nudgeBatch)
	if err != nil {
		return fmt.Errorf("unfinished forms: %w", err)
	}
	var nudges []Nudge
	for _, f := range forms {
		msg, ok := j.Nudge(f.ChatID, f.Flow)
		if !ok {
			continue
		}
		msg.ChatID = f.ChatID
		nudges = append(nudges, Nudge{Form: f, Message: msg})
	}
	if len(nudges) == 0 {
		return nil
	}
	n, err := j.Store.SendNudges(ctx, nudges)
	if err != nil {
		return fmt.Errorf("unfinished forms: %w", err)
	}
	logger(j.Logger).Info("unfinished forms nudged", slog.Int("sent", n), slog.Int("stale", len(forms)))
	return nil
}
