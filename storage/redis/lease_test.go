package redis_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"posko/storage/redis"
)

// discardLogger is a logger for tests that do not look at the log.
func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// call fails the test unless op returns want and no error.
func call(t *testing.T, name string, op func(context.Context) (bool, error), want bool) {
	t.Helper()
	got, err := op(t.Context())
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if got != want {
		t.Errorf("%s = %v, want %v", name, got, want)
	}
}

func TestLeaseMutualExclusion(t *testing.T) {
	rdb, prefix := newClient(t)
	key := prefix + "leader"
	a := redis.NewLease(rdb, key, "replica-a", 10*time.Second)
	b := redis.NewLease(rdb, key, "replica-b", 10*time.Second)

	call(t, "a.Acquire", a.Acquire, true)
	call(t, "b.Acquire while a holds it", b.Acquire, false)
	call(t, "a.Acquire again (extends)", a.Acquire, true)
	call(t, "b.Renew of a lease it does not hold", b.Renew, false)
	if err := b.Release(t.Context()); err != nil {
		t.Fatalf("b.Release: %v", err)
	}
	if owner := rdb.Get(t.Context(), key).Val(); owner != "replica-a" {
		t.Fatalf("after b.Release the owner is %q, want replica-a", owner)
	}
	call(t, "a.Renew", a.Renew, true)
	if err := a.Release(t.Context()); err != nil {
		t.Fatalf("a.Release: %v", err)
	}
	call(t, "b.Acquire after a released", b.Acquire, true)
	call(t, "a.Renew after losing it", a.Renew, false)
}

func TestLeaseTakeoverAfterTTL(t *testing.T) {
	rdb, prefix := newClient(t)
	key := prefix + "leader"
	a := redis.NewLease(rdb, key, "replica-a", 200*time.Millisecond)
	b := redis.NewLease(rdb, key, "replica-b", 10*time.Second)

	call(t, "a.Acquire", a.Acquire, true)
	if ttl := rdb.PTTL(t.Context(), key).Val(); ttl <= 0 || ttl > 200*time.Millisecond {
		t.Errorf("lease TTL = %v, want (0, 200ms]", ttl)
	}
	call(t, "b.Acquire before expiry", b.Acquire, false)
	time.Sleep(400 * time.Millisecond) // a died: it renews no more
	call(t, "b.Acquire after expiry", b.Acquire, true)
	call(t, "a.Renew after the takeover", a.Renew, false)
}

func TestLeaseHoldCancelsRunWhenStolen(t *testing.T) {
	rdb, prefix := newClient(t)
	key := prefix + "leader"
	l := redis.NewLease(rdb, key, "replica-a", 300*time.Millisecond)

	ctx, stop := context.WithCancel(t.Context())
	defer stop()
	started, lost := make(chan struct{}), make(chan struct{})
	runs := 0
	done := make(chan error, 1)
	go func() {
		done <- l.Hold(ctx, discardLogger(), func(runCtx context.Context) {
			runs++
			if runs > 1 {
				<-runCtx.Done()
				return
			}
			close(started)
			<-runCtx.Done()
			close(lost)
		})
	}()

	waitFor(t, started, "run to start")
	if owner := rdb.Get(t.Context(), key).Val(); owner != "replica-a" {
		t.Fatalf("owner while run runs = %q, want replica-a", owner)
	}
	if err := rdb.Set(t.Context(), key, "thief", time.Minute).Err(); err != nil {
		t.Fatalf("steal lease: %v", err)
	}
	waitFor(t, lost, "run's context to be cancelled")

	stop()
	if err := <-done; err != nil {
		t.Errorf("Hold = %v, want nil", err)
	}
	if owner := rdb.Get(t.Context(), key).Val(); owner != "thief" {
		t.Errorf("owner after Hold = %q, want thief (never released by the loser)", owner)
	}
	if runs != 1 {
		t.Errorf("run called %d times, want 1 (the thief keeps the lease)", runs)
	}
}

func TestLeaseHoldReleasesOnStop(t *testing.T) {
	rdb, prefix := newClient(t)
	key := prefix + "leader"
	l := redis.NewLease(rdb, key, "replica-a", 10*time.Second)

	ctx, stop := context.WithCancel(t.Context())
	started := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- l.Hold(ctx, discardLogger(), func(runCtx context.Context) {
			close(started)
			<-runCtx.Done()
		})
	}()
	waitFor(t, started, "run to start")
	stop()
	if err := <-done; err != nil {
		t.Errorf("Hold = %v, want nil", err)
	}
	if n := rdb.Exists(t.Context(), key).Val(); n != 0 {
		t.Errorf("lease still held after Hold returned")
	}
}

// waitFor fails the test if ch is not closed within a generous time.
func waitFor(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
}

func TestLeaseHoldWaitsForTheHolder(t *testing.T) {
	rdb, prefix := newClient(t)
	key := prefix + "leader"
	other := redis.NewLease(rdb, key, "replica-b", 10*time.Second)
	call(t, "b.Acquire", other.Acquire, true)

	l := redis.NewLease(rdb, key, "replica-a", 300*time.Millisecond)
	ctx, stop := context.WithCancel(t.Context())
	defer stop()
	started := make(chan struct{})
	owners := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- l.Hold(ctx, discardLogger(), func(runCtx context.Context) {
			owners <- rdb.Get(runCtx, key).Val()
			close(started)
			<-runCtx.Done()
		})
	}()

	time.Sleep(250 * time.Millisecond) // several acquire attempts while b holds it
	select {
	case <-started:
		t.Fatal("run started while another replica held the lease")
	default:
	}
	if err := other.Release(t.Context()); err != nil {
		t.Fatalf("b.Release: %v", err)
	}
	waitFor(t, started, "run to start after the holder released")
	if owner := <-owners; owner != "replica-a" {
		t.Errorf("owner while run runs = %q, want replica-a", owner)
	}
	stop()
	if err := <-done; err != nil {
		t.Errorf("Hold = %v, want nil", err)
	}
}
