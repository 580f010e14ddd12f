package postgres

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// ListenOutbox calls notify whenever messages are queued (LISTEN on a
// dedicated connection, outside the pool). It also calls notify each time it
// starts listening, since messages may have been queued while it was not.
// On connection errors it reconnects with backoff. It returns nil when ctx is
// done.
func (db *DB) ListenOutbox(ctx context.Context, notify func()) error {
	const (
		minBackoff = 100 * time.Millisecond
		maxBackoff = 10 * time.Second
	)
	backoff := minBackoff
	for {
		listened, err := db.listenOnce(ctx, notify)
		if ctx.Err() != nil {
			return nil
		}
		if listened {
			backoff = minBackoff
		}
		db.logger.WarnContext(ctx, "outbox listener lost its connection; reconnecting",
			slog.Any("err", err), slog.Duration("backoff", backoff))
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, maxBackoff)
	}
}

// listenOnce listens until the connection fails or ctx is done. listened
// reports whether LISTEN succeeded.
func (db *DB) listenOnce(ctx context.Context, notify func()) (listened bool, err error) {
	conn, err := pgx.ConnectConfig(ctx, db.pool.Config().ConnConfig.Copy())
	if err != nil {
		return false, fmt.Errorf("listen: connect: %w", err)
	}
	defer func() {
		closeCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = conn.Close(closeCtx)
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+outboxChannel); err != nil {
		return false, fmt.Errorf("listen: %w", err)
	}
	notify()
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return true, fmt.Errorf("listen: wait: %w", err)
		}
		notify()
	}
}
