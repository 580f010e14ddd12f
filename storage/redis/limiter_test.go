package redis_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"posko/storage/redis"
)

// timedWait returns how long one Wait for chatID took, failing on an error.
func timedWait(t *testing.T, l *redis.Limiter, chatID int64) time.Duration {
	t.Helper()
	start := time.Now()
	if err := l.Wait(t.Context(), chatID); err != nil {
		t.Fatalf("Wait(%d): %v", chatID, err)
	}
	return time.Since(start)
}

func TestLimiterWait(t *testing.T) {
	// Bounds are generous: these assert which call waits for its chat's
	// limit and which does not, not how fast Redis is.
	const waited, notDelayed = 500 * time.Millisecond, 300 * time.Millisecond
	tests := []struct {
		name     string
		limits   redis.Limits
		chats    []int64 // waited for in order; the last one is measured
		wantWait bool
	}{
		{name: "first message to a chat", limits: redis.Limits{GlobalPerSecond: 1000, PrivatePerSecond: 1, PrivateBurst: 1},
			chats: []int64{1}, wantWait: false},
		{name: "second message to the same chat", limits: redis.Limits{GlobalPerSecond: 1000, PrivatePerSecond: 1, PrivateBurst: 1},
			chats: []int64{1, 1}, wantWait: true},
		{name: "another chat is not delayed", limits: redis.Limits{GlobalPerSecond: 1000, PrivatePerSecond: 1, PrivateBurst: 1},
			chats: []int64{1, 2}, wantWait: false},
		{name: "burst of three to one chat", limits: redis.Limits{GlobalPerSecond: 1000, PrivatePerSecond: 1, PrivateBurst: 3},
			chats: []int64{1, 1, 1}, wantWait: false},
		{name: "fourth message after a burst of three", limits: redis.Limits{GlobalPerSecond: 1000, PrivatePerSecond: 1, PrivateBurst: 3},
			chats: []int64{1, 1, 1, 1}, wantWait: true},
		{name: "group past its burst", limits: redis.Limits{GlobalPerSecond: 1000, GroupPerMinute: 60},
			chats: []int64{-100, -100, -100, -100}, wantWait: true},
		{name: "group limit does not apply to private chats", limits: redis.Limits{GlobalPerSecond: 1000, GroupPerMinute: 60},
			chats: []int64{7, 7, 7, 7}, wantWait: false},
		{name: "global limit across chats", limits: redis.Limits{GlobalPerSecond: 1},
			chats: []int64{1, 2}, wantWait: true},
		{name: "unlimited", limits: redis.Limits{},
			chats: []int64{1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1}, wantWait: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rdb, prefix := newClient(t)
			l := redis.NewLimiter(rdb, prefix, tt.limits)
			last := len(tt.chats) - 1
			for _, c := range tt.chats[:last] {
				timedWait(t, l, c)
			}
			d := timedWait(t, l, tt.chats[last])
			if tt.wantWait && d < waited {
				t.Errorf("Wait took %v, want it to wait for the limit (≥ %v)", d, waited)
			}
			if !tt.wantWait && d >= notDelayed {
				t.Errorf("Wait took %v, want no delay (< %v)", d, notDelayed)
			}
		})
	}
}

func TestLimiterWaitHonoursContext(t *testing.T) {
	rdb, prefix := newClient(t)
	l := redis.NewLimiter(rdb, prefix, redis.Limits{PrivatePerSecond: 1, PrivateBurst: 1})
	if err := l.Wait(t.Context(), 1); err != nil {
		t.Fatalf("first Wait: %v", err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if err := l.Wait(ctx, 1); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Wait past the deadline = %v, want context.DeadlineExceeded", err)
	}
}

func TestLimiterKeysUnderPrefix(t *testing.T) {
	rdb, prefix := newClient(t)
	l := redis.NewLimiter(rdb, prefix, redis.DefaultLimits())
	if err := l.Wait(t.Context(), 12345); err != nil {
		t.Fatalf("Wait: %v", err)
	}
	keys, err := rdb.Keys(t.Context(), "*"+strings.TrimSuffix(prefix, ":")+"*").Result()
	if err != nil {
		t.Fatalf("Keys: %v", err)
	}
	want := map[string]bool{prefix + "rate:chat:12345": true, prefix + "rate:global": true}
	if len(keys) != len(want) {
		t.Errorf("keys = %v, want %v", keys, want)
	}
	for _, k := range keys {
		if !want[k] {
			t.Errorf("unexpected key %q (every key must start with the prefix)", k)
		}
	}
}

func TestDefaultLimits(t *testing.T) {
	want := redis.Limits{GlobalPerSecond: 30, PrivatePerSecond: 1, PrivateBurst: 3, GroupPerMinute: 20}
	if got := redis.DefaultLimits(); got != want {
		t.Errorf("DefaultLimits() = %+v, want %+v", got, want)
	}
}
