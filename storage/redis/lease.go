package redis

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// releaseTimeout bounds the release of a lease after its holder's context
// ended, so a stopping replica hands over quickly without hanging.
const releaseTimeout = 2 * time.Second

// acquireScript takes the lease if it is free, or extends it if the owner
// already holds it. KEYS[1] lease; ARGV: owner, TTL in ms.
var acquireScript = goredis.NewScript(`
local cur = redis.call('GET', KEYS[1])
if cur == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if cur then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`)

// renewScript extends the lease only if the owner holds it.
var renewScript = goredis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`)

// releaseScript deletes the lease only if the owner holds it.
var releaseScript = goredis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`)

// Lease is a lease in Redis held by at most one owner at a time, such as the
// leader lease that lets one replica poll Telegram and run the workers. It
// expires ttl after its last renewal, so a dead holder loses it.
type Lease struct {
	rdb   goredis.UniversalClient
	key   string
	owner string
	ttl   time.Duration
}

// NewLease returns the lease kept at key (already prefixed by the caller) for
// owner, a token unique to this process (e.g. hostname plus a random suffix).
func NewLease(rdb goredis.UniversalClient, key, owner string, ttl time.Duration) *Lease {
	return &Lease{rdb: rdb, key: key, owner: owner, ttl: ttl}
}

// Acquire takes the lease if it is free and reports whether this owner holds
// it now; when the owner already holds it, it is extended.
func (l *Lease) Acquire(ctx context.Context) (bool, error) {
	n, err := acquireScript.Run(ctx, l.rdb, []string{l.key}, l.owner, l.ttl.Milliseconds()).Int()
	if err != nil {
		return false, fmt.Errorf("acquire lease %s: %w", l.key, err)
	}
	return n == 1, nil
}

// Renew extends the lease and reports whether this owner still holds it.
func (l *Lease) Renew(ctx context.Context) (bool, error) {
	n, err := renewScript.Run(ctx, l.rdb, []string{l.key}, l.owner, l.ttl.Milliseconds()).Int()
	if err != nil {
		return false, fmt.Errorf("renew lease %s: %w", l.key, err)
	}
	return n == 1, nil
}

// Release gives the lease up if this owner holds it, so another can take it
// at once instead of waiting for it to expire.
func (l *Lease) Release(ctx context.Context) error {
	if err := releaseScript.Run(ctx, l.rdb, []string{l.key}, l.owner).Err(); err != nil {
		return fmt.Errorf("release lease %s: %w", l.key, err)
	}
	return nil
}

// Hold runs run whenever this owner holds the lease, until ctx is done. It
// tries to acquire the lease every ttl/3; once held, it renews it every ttl/3
// and cancels run's context as soon as a renewal fails or finds the lease
// taken, so run must stop promptly when its context is done. After run returns
// the lease is released and Hold tries again (after ttl/3). Hold returns nil
// when ctx is done.
func (l *Lease) Hold(ctx context.Context, logger *slog.Logger, run func(ctx context.Context)) error {
	if l.ttl < 3*time.Millisecond {
		return fmt.Errorf("hold lease %s: ttl %v too short", l.key, l.ttl)
	}
	interval := l.ttl / 3
	for ctx.Err() == nil {
		ok, err := l.Acquire(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			logger.WarnContext(ctx, "lease not acquired", slog.String("lease", l.key), slog.Any("err", err))
		case ok:
			logger.InfoContext(ctx, "lease acquired", slog.String("lease", l.key))
			l.runHeld(ctx, logger, interval, run)
		}
		if !sleep(ctx, interval) {
			break
		}
	}
	return nil
}

// runHeld calls run with a context cancelled when the lease is lost, keeps
// the lease renewed meanwhile, and releases it once run returns.
func (l *Lease) runHeld(ctx context.Context, logger *slog.Logger, interval time.Duration, run func(ctx context.Context)) {
	runCtx, cancel := context.WithCancel(ctx)
	renewed := make(chan struct{})
	go func() {
		defer close(renewed)
		defer cancel()
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-runCtx.Done():
				return
			case <-t.C:
			}
			ok, err := l.Renew(runCtx)
			if runCtx.Err() != nil {
				return
			}
			if err != nil || !ok {
				logger.WarnContext(ctx, "lease lost", slog.String("lease", l.key), slog.Any("err", err))
				return
			}
		}
	}()
	run(runCtx)
	cancel()
	<-renewed

	rctx, rcancel := context.WithTimeout(context.WithoutCancel(ctx), releaseTimeout)
	defer rcancel()
	if err := l.Release(rctx); err != nil {
		logger.WarnContext(ctx, "lease not released", slog.String("lease", l.key), slog.Any("err", err))
		return
	}
	logger.InfoContext(ctx, "lease released", slog.String("lease", l.key))
}

// sleep waits for d and reports false if ctx ended first.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
