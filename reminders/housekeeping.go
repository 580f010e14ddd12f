package reminders

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// Pruner deletes what is no longer needed: the "update handled" markers
// older than Telegram's redelivery window, and delivered outbox messages.
type Pruner interface {
	PruneProcessed(ctx context.Context, olderThan time.Duration) (int64, error)
	PruneOutbox(ctx context.Context, olderThan time.Duration) (int64, error)
}

// Retention of housekeeping: Telegram redelivers an update for at most 24
// hours, so markers are kept for two days; delivered or failed outbox rows
// are kept 30 days for support questions ("did the bot send it?").
const (
	KeepProcessed = 48 * time.Hour
	KeepOutbox    = 30 * 24 * time.Hour
)

// Housekeeping returns the nightly clean-up job.
func Housekeeping(p Pruner, logger *slog.Logger) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		markers, err := p.PruneProcessed(ctx, KeepProcessed)
		if err != nil {
			return fmt.Errorf("prune processed updates: %w", err)
		}
		rows, err := p.PruneOutbox(ctx, KeepOutbox)
		if err != nil {
			return fmt.Errorf("prune outbox: %w", err)
		}
		logger.Info("housekeeping done", slog.Int64("markers", markers), slog.Int64("outbox_rows", rows))
		return nil
	}
}
