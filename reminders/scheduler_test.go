package reminders

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"
)

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestSchedulerRecoversPanicsAndStopsWithContext(t *testing.T) {
	jakarta, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		t.Fatal(err)
	}
	s := NewScheduler(jakarta, discard())
	var runs atomic.Int32
	var sawCtx atomic.Bool
	err = s.Add("@every 1s", "flaky", func(ctx context.Context) error {
		sawCtx.Store(ctx.Err() == nil)
		if runs.Add(1) == 1 {
			panic("first run fails")
		}
		return errors.New("a failing job is logged, not fatal")
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Add("not a spec", "broken", func(context.Context) error { return nil }); err == nil {
		t.Error("Add accepted a malformed spec")
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Run(ctx); close(done) }()
	deadline := time.Now().Add(5 * time.Second)
	for runs.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	<-done
	if runs.Load() < 2 {
		t.Fatalf("job ran %d times; a panic must not stop later runs", runs.Load())
	}
	if !sawCtx.Load() {
		t.Error("the job got a cancelled context while the scheduler ran")
	}
}

type fakePruner struct {
	processed, outbox time.Duration
	err               error
}

func (f *fakePruner) PruneProcessed(_ context.Context, d time.Duration) (int64, error) {
	f.processed = d
	return 3, f.err
}

func (f *fakePruner) PruneOutbox(_ context.Context, d time.Duration) (int64, error) {
	f.outbox = d
	return 2, nil
}

func TestHousekeeping(t *testing.T) {
	p := &fakePruner{}
	if err := Housekeeping(p, discard())(context.Background()); err != nil {
		t.Fatal(err)
	}
	if p.processed != KeepProcessed || p.outbox != KeepOutbox {
		t.Errorf("pruned with %v and %v, want %v and %v", p.processed, p.outbox, KeepProcessed, KeepOutbox)
	}
	if KeepProcessed < 24*time.Hour {
		t.Errorf("markers kept %v: Telegram redelivers for up to 24 hours", KeepProcessed)
	}
	p = &fakePruner{err: errors.New("connection refused")}
	if err := Housekeeping(p, discard())(context.Background()); err == nil {
		t.Error("a failing prune was not reported")
	}
}
