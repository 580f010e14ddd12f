// Package backoffice does the work officers ask for in chat that is too long
// for an update's transaction: importing a satker map or Digipay transactions
// from a CSV/XLSX file, and building the KPPN's report (summary, chart and
// workbook). A command stores a job (conversation.Job) with the update; the
// runner claims it in PostgreSQL, does it, and queues the result messages
// through the outbox in the same transaction that marks the job done, so a
// result is sent once even when a runner dies half-way (the job is claimed
// again after its lease and done again: imports are idempotent).
package backoffice

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"posko/conversation"
)

// Store is what the runner needs of storage; *postgres.DB satisfies it.
type Store interface {
	ClaimJob(ctx context.Context, owner string, lease time.Duration) (conversation.Job, bool, error)
	FinishJob(ctx context.Context, id int64, out []conversation.Outgoing, failure string) error
	ImportSatkers(ctx context.Context, rows []conversation.SatkerRow, defaultKPPN string, by conversation.Actor) (added, updated, unchanged int, err error)
	ImportTransactions(ctx context.Context, rows []conversation.TransactionRow, by conversation.Actor) (added, duplicates int, rejected []conversation.RowProblem, err error)
	Report(ctx context.Context, kppnCode string, now time.Time) (conversation.Report, error)
}

// Downloader fetches a file a user sent; *bot.Fetcher satisfies it.
type Downloader interface {
	Download(ctx context.Context, fileID string, size int64) ([]byte, error)
}

// Options tunes a Runner.
type Options struct {
	Owner       string           // this process, recorded on claimed jobs
	Lease       time.Duration    // how long a claim holds before another runner may take the job (default 5 min)
	Poll        time.Duration    // how often to look for jobs (default 1 s)
	MaxAttempts int              // attempts before a job whose file cannot be fetched is failed (default 5)
	Now         func() time.Time // the clock (default time.Now)
}

// Runner claims and does jobs until its context ends.
type Runner struct {
	store Store
	files Downloader
	log   *slog.Logger
	opt   Options
	kick  chan struct{}
}

// New returns a Runner.
func New(store Store, files Downloader, logger *slog.Logger, opt Options) *Runner {
	if opt.Lease <= 0 {
		opt.Lease = 5 * time.Minute
	}
	if opt.Poll <= 0 {
		opt.Poll = time.Second
	}
	if opt.MaxAttempts <= 0 {
		opt.MaxAttempts = 5
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Runner{store: store, files: files, log: logger, opt: opt, kick: make(chan struct{}, 1)}
}

// Kick tells the runner a job may be waiting. It never blocks.
func (r *Runner) Kick() {
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

// Run does jobs until ctx is done, then returns nil.
func (r *Runner) Run(ctx context.Context) error {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-r.kick:
		case <-timer.C:
		}
		for ctx.Err() == nil {
			did, err := r.RunOnce(ctx)
			if err != nil && ctx.Err() == nil {
				r.log.ErrorContext(ctx, "back-office job", slog.Any("err", err))
			}
			if !did || err != nil {
				break
			}
		}
		timer.Reset(r.opt.Poll)
	}
}

// errRetry marks a failure worth another attempt (a download or the
// database): the job is left claimed and taken again after its lease.
var errRetry = errors.New("retry later")

// RunOnce claims one job and does it; did is false when none was waiting.
func (r *Runner) RunOnce(ctx context.Context) (did bool, err error) {
	j, ok, err := r.store.ClaimJob(ctx, r.opt.Owner, r.opt.Lease)
	if err != nil || !ok {
		return false, err
	}
	log := r.log.With(slog.Int64("job", j.ID), slog.String("kind", j.Kind))
	start := time.Now()
	out, failure, err := r.do(ctx, j)
	if err != nil && j.Attempts >= r.opt.MaxAttempts && ctx.Err() == nil {
		// It kept failing: give up, and tell the officer rather than retry forever.
		log.ErrorContext(ctx, "back-office job failed for good", slog.Int("attempts", j.Attempts), slog.Any("err", err))
		out, failure, err = []conversation.Outgoing{reply(j, conversation.TextJobFailed)}, err.Error(), nil
	}
	if err != nil {
		// Left claimed: the lease runs out and the job is tried again.
		return true, fmt.Errorf("job %d (%s): %w", j.ID, j.Kind, err)
	}
	if err := r.store.FinishJob(ctx, j.ID, out, failure); err != nil {
		return true, fmt.Errorf("finish job %d: %w", j.ID, err)
	}
	log.InfoContext(ctx, "back-office job done", slog.Duration("took", time.Since(start)), slog.Bool("failed", failure != ""))
	return true, nil
}

// do runs job j: its result messages, or why it failed for good (failure,
// with a message to the officer in out), or an error to try again later.
func (r *Runner) do(ctx context.Context, j conversation.Job) (out []conversation.Outgoing, failure string, err error) {
	switch j.Kind {
	case conversation.JobImportSatker, conversation.JobImportTx:
		return r.importJob(ctx, j)
	case conversation.JobReport, conversation.JobWeeklyReport:
		return r.reportJob(ctx, j)
	}
	return nil, "unknown job kind " + j.Kind, nil
}

// reply is a result message to the chat that asked, replying to its message.
func reply(j conversation.Job, text string) conversation.Outgoing {
	return conversation.Outgoing{Kind: conversation.OutSend, ChatID: j.ChatID, ThreadID: j.ThreadID, ReplyTo: j.ReplyTo, Text: text}
}
