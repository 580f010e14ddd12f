// Package reminders runs the bot's scheduled jobs with robfig/cron/v3: the
// reminders to lagging satker (Lagging, paced by Policy), the service-level
// watch (SLAWatch), the nudges about unfinished forms (FormNudges), the
// weekly report (WeeklyReport) and the housekeeping of the inbox markers and
// the outbox. The jobs decide what to send; the stores (stores.go) claim
// each message in PostgreSQL as they queue it, so a job run twice, or on two
// replicas, sends it once. Jobs run in Asia/Jakarta time. See
// docs/reminders.md.
package reminders

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/robfig/cron/v3"
)

// Scheduler runs named jobs on cron specs. A panicking job is recovered and
// logged; a job still running when its next turn comes is skipped.
type Scheduler struct {
	cron   *cron.Cron
	logger *slog.Logger
	ctx    context.Context
}

// NewScheduler returns a Scheduler in loc (Asia/Jakarta for the KPPN).
func NewScheduler(loc *time.Location, logger *slog.Logger) *Scheduler {
	cl := cronLogger{logger}
	// Recover must sit inside SkipIfStillRunning: that wrapper hands its
	// "running" token back only when the job returns, so a panic escaping to
	// an outer Recover would leave the job skipped forever.
	c := cron.New(cron.WithLocation(loc), cron.WithChain(cron.SkipIfStillRunning(cl), cron.Recover(cl)), cron.WithLogger(cl))
	return &Scheduler{cron: c, logger: logger, ctx: context.Background()}
}

// Add schedules job under name on spec (five fields: minute hour day month weekday).
func (s *Scheduler) Add(spec, name string, job func(ctx context.Context) error) error {
	_, err := s.cron.AddFunc(spec, func() {
		start := time.Now()
		if err := job(s.ctx); err != nil {
			s.logger.Error("scheduled job failed", slog.String("job", name), slog.Any("err", err))
			return
		}
		s.logger.Debug("scheduled job done", slog.String("job", name), slog.Duration("took", time.Since(start)))
	})
	if err != nil {
		return fmt.Errorf("schedule %s (%q): %w", name, spec, err)
	}
	return nil
}

// Run starts the jobs and blocks until ctx is done, then waits for running
// jobs to finish. Jobs get ctx, so they stop early on shutdown.
func (s *Scheduler) Run(ctx context.Context) error {
	s.ctx = ctx
	s.cron.Start()
	<-ctx.Done()
	<-s.cron.Stop().Done()
	return nil
}

// cronLogger adapts slog to cron's logger.
type cronLogger struct{ l *slog.Logger }

func (c cronLogger) Info(msg string, kv ...any) { c.l.Debug("cron: "+msg, kv...) }
func (c cronLogger) Error(err error, msg string, kv ...any) {
	c.l.Error("cron: "+msg, append(kv, "err", err)...)
}
