package redis

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/go-redis/redis_rate/v10"
	goredis "github.com/redis/go-redis/v9"
)

// groupBurst is how many messages a group may receive back to back before
// the per-minute pace applies; Telegram tolerates short bursts.
const groupBurst = 3

// Limits are Telegram's sending limits for one bot. A zero field means
// unlimited.
type Limits struct {
	GlobalPerSecond  int // messages per second to all chats together
	PrivatePerSecond int // messages per second to one private chat (chat id > 0)
	PrivateBurst     int // messages a private chat may receive back to back (at least 1)
	GroupPerMinute   int // messages per minute to one group or channel (chat id < 0), in bursts of up to 3
}

// DefaultLimits returns the limits Telegram documents: about 30 messages per
// second in all, about one per second per private chat with short bursts, and
// 20 per minute per group.
func DefaultLimits() Limits {
	return Limits{GlobalPerSecond: 30, PrivatePerSecond: 1, PrivateBurst: 3, GroupPerMinute: 20}
}

// Limiter paces outgoing messages so that all replicas together keep within
// Telegram's limits (GCRA in Redis, with go-redis/redis_rate).
type Limiter struct {
	rl      *redis_rate.Limiter
	global  redis_rate.Limit
	private redis_rate.Limit
	group   redis_rate.Limit
}

// NewLimiter returns a limiter keeping its counters under prefix+"rate:".
func NewLimiter(rdb goredis.UniversalClient, prefix string, limits Limits) *Limiter {
	l := &Limiter{rl: redis_rate.NewLimiter(prefixedScripter{rdb: rdb, prefix: prefix})}
	if limits.GlobalPerSecond > 0 {
		l.global = globalLimit(limits.GlobalPerSecond)
	}
	if limits.PrivatePerSecond > 0 {
		l.private = redis_rate.Limit{Rate: limits.PrivatePerSecond, Period: time.Second, Burst: max(limits.PrivateBurst, 1)}
	}
	if limits.GroupPerMinute > 0 {
		l.group = redis_rate.Limit{Rate: limits.GroupPerMinute, Period: time.Minute, Burst: min(groupBurst, limits.GroupPerMinute)}
	}
	return l
}

// Wait blocks until one message to chatID is allowed by both the chat's limit
// and the global one, and takes it from both. The chat's limit is checked
// first, so waiting for one busy chat does not use up the global budget that
// other chats could use meanwhile. It returns ctx's error if ctx ends first.
func (l *Limiter) Wait(ctx context.Context, chatID int64) error {
	chatKey, chatLimit := "chat:"+strconv.FormatInt(chatID, 10), l.private
	if chatID < 0 {
		chatLimit = l.group
	}
	if err := l.wait(ctx, chatKey, chatLimit); err != nil {
		return fmt.Errorf("wait for chat %d limit: %w", chatID, err)
	}
	if err := l.wait(ctx, "global", l.global); err != nil {
		return fmt.Errorf("wait for global limit: %w", err)
	}
	return nil
}

// globalLimit paces the whole bot a little under perSecond so that no
// one-second window holds more than perSecond messages. GCRA allows a burst
// on top of the rate: with redis_rate.PerSecond(n) a broadcast after a pause
// sends n at once and then n per second, up to 2n in its first second, which
// Telegram answers with 429s. A small burst (1 at 30/s) and a rate lowered by
// the burst and a margin for timing jitter (28/s at 30/s, 285/s at 300/s)
// keep every window within the limit at over 90 % of it.
func globalLimit(perSecond int) redis_rate.Limit {
	burst := max(1, perSecond/30)
	rate := max(1, perSecond-burst-max(1, perSecond/60))
	return redis_rate.Limit{Rate: rate, Period: time.Second, Burst: burst}
}

// wait blocks until limit allows one more event under key.
func (l *Limiter) wait(ctx context.Context, key string, limit redis_rate.Limit) error {
	if limit.IsZero() {
		return nil
	}
	for {
		res, err := l.rl.Allow(ctx, key, limit)
		if err != nil {
			return err
		}
		if res.Allowed > 0 {
			return nil
		}
		if !sleep(ctx, res.RetryAfter) {
			return ctx.Err()
		}
	}
}
