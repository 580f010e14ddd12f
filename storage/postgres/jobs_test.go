package postgres

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"posko/conversation"
)

// queueJob stores j through an update and returns its id.
func queueJob(t *testing.T, db *DB, j conversation.Job) int64 {
	t.Helper()
	var id int64
	inTx(t, db, func(tx conversation.Tx) (err error) {
		id, err = tx.QueueJob(context.Background(), j)
		return err
	})
	return id
}

func TestQueueAndClaimJob(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	if _, ok, err := db.ClaimJob(ctx, "runner-1", time.Minute); ok || err != nil {
		t.Fatalf("ClaimJob on no jobs = %v, %v", ok, err)
	}
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, wib)
	want := conversation.Job{Kind: conversation.JobImportSatker, KPPNCode: "070", ChatID: staffChat, ThreadID: 7,
		ReplyTo: 99, File: &conversation.File{ID: "BQAC-map", UniqueID: "AgAD-map", Name: "peta.xlsx", Size: 20480},
		By: officer, At: at}
	want.ID = queueJob(t, db, want)
	report := queueJob(t, db, conversation.Job{Kind: conversation.JobReport, KPPNCode: "070", ChatID: staffChat, By: officer})

	got, ok, err := db.ClaimJob(ctx, "runner-1", time.Minute)
	if err != nil || !ok {
		t.Fatalf("ClaimJob = %v, %v", ok, err)
	}
	if got.ID != want.ID || got.Kind != want.Kind || got.KPPNCode != "070" || got.ChatID != staffChat ||
		got.ThreadID != 7 || got.ReplyTo != 99 || got.File == nil || *got.File != *want.File || got.By != officer ||
		!got.At.Equal(at) || got.Attempts != 1 {
		t.Errorf("claimed %+v (file %+v), want %+v", got, got.File, want)
	}
	if n := count(t, db, `SELECT count(*) FROM jobs WHERE id = $1 AND status = 'running' AND owner = 'runner-1'
		AND attempts = 1 AND lease_until > now() + interval '50 seconds'`, want.ID); n != 1 {
		t.Error("the claimed job is not running under runner-1's lease")
	}
	second, ok, err := db.ClaimJob(ctx, "runner-2", time.Minute)
	if err != nil || !ok || second.ID != report || second.File != nil {
		t.Errorf("second claim = %+v, %v, %v; want the report job, no file", second, ok, err)
	}
	if _, ok, _ := db.ClaimJob(ctx, "runner-2", time.Minute); ok {
		t.Error("a job under a running lease was claimed")
	}

	t.Run("a lease that ran out is claimed again", func(t *testing.T) {
		if _, err := db.Pool().Exec(ctx, `UPDATE jobs SET lease_until = now() - interval '1 second' WHERE id = $1`, want.ID); err != nil {
			t.Fatal(err)
		}
		again, ok, err := db.ClaimJob(ctx, "runner-3", time.Minute)
		if err != nil || !ok || again.ID != want.ID || again.Attempts != 2 {
			t.Fatalf("claim after the lease = %+v, %v, %v", again, ok, err)
		}
		if n := count(t, db, `SELECT count(*) FROM jobs WHERE id = $1 AND owner = 'runner-3' AND attempts = 2`, want.ID); n != 1 {
			t.Error("the job was not taken over by runner-3 on its second attempt")
		}
	})
	t.Run("a finished job is not claimed", func(t *testing.T) {
		if err := db.FinishJob(ctx, want.ID, nil, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Pool().Exec(ctx, `UPDATE jobs SET lease_until = now() - interval '1 second'`); err != nil {
			t.Fatal(err)
		}
		j, ok, _ := db.ClaimJob(ctx, "runner-4", time.Minute)
		if !ok || j.ID != report {
			t.Errorf("claimed %+v, %v; want only the report job (its lease ran out)", j, ok)
		}
	})
}

func TestClaimJobConcurrently(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	const jobs = 20
	for range jobs {
		queueJob(t, db, conversation.Job{Kind: conversation.JobReport, KPPNCode: "070", ChatID: staffChat})
	}
	var (
		mu      sync.Mutex
		claimed = map[int64]string{}
		wg      sync.WaitGroup
	)
	for _, owner := range []string{"runner-a", "runner-b"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				j, ok, err := db.ClaimJob(ctx, owner, time.Minute)
				if err != nil {
					t.Error(err)
					return
				}
				if !ok {
					return
				}
				mu.Lock()
				if other, dup := claimed[j.ID]; dup {
					t.Errorf("job %d claimed by %s and %s", j.ID, other, owner)
				}
				claimed[j.ID] = owner
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(claimed) != jobs {
		t.Errorf("%d jobs claimed, want %d", len(claimed), jobs)
	}
	if n := count(t, db, `SELECT count(*) FROM jobs WHERE attempts = 1 AND status = 'running'`); n != jobs {
		t.Errorf("%d jobs claimed exactly once, want %d", n, jobs)
	}
}

func TestFinishJob(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	id := queueJob(t, db, conversation.Job{Kind: conversation.JobReport, KPPNCode: "070", ChatID: staffChat})
	never := queueJob(t, db, conversation.Job{Kind: conversation.JobReport, KPPNCode: "070", ChatID: staffChat})
	if j, ok, err := db.ClaimJob(ctx, "runner-1", time.Minute); err != nil || !ok || j.ID != id {
		t.Fatalf("claim = %+v, %v, %v", j, ok, err)
	}
	out := []conversation.Outgoing{send(staffChat, "Laporan KPPN 070"), send(staffChat, "Rincian terlampir")}

	notified := make(chan struct{}, 10)
	listenCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() { _ = db.ListenOutbox(listenCtx, func() { notified <- struct{}{} }) }()
	select {
	case <-notified: // listening
	case <-time.After(10 * time.Second):
		t.Fatal("the listener did not start")
	}

	for range 2 {
		if err := db.FinishJob(ctx, id, out, ""); err != nil {
			t.Fatalf("FinishJob: %v", err)
		}
	}
	if got := dueTexts(t, db); len(got) != 2 || got[0] != "Laporan KPPN 070" || got[1] != "Rincian terlampir" {
		t.Errorf("queued %q, want the two result messages once", got)
	}
	select {
	case <-notified:
	case <-time.After(10 * time.Second):
		t.Error("the sender was not woken")
	}
	if n := count(t, db, `SELECT count(*) FROM jobs WHERE id = $1 AND status = 'done' AND finished_at IS NOT NULL
		AND error = ''`, id); n != 1 {
		t.Error("the job is not done")
	}

	t.Run("failed", func(t *testing.T) {
		failed := queueJob(t, db, conversation.Job{Kind: conversation.JobImportTx, ChatID: staffChat})
		if _, err := db.Pool().Exec(ctx, `UPDATE jobs SET status = 'running' WHERE id = $1`, failed); err != nil {
			t.Fatal(err)
		}
		if err := db.FinishJob(ctx, failed, []conversation.Outgoing{send(staffChat, "Berkas tidak terbaca")}, "not a CSV"); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, `SELECT count(*) FROM jobs WHERE id = $1 AND status = 'failed' AND error = 'not a CSV'`, failed); n != 1 {
			t.Error("the job is not failed with its reason")
		}
		if got := dueTexts(t, db); len(got) != 3 {
			t.Errorf("queued %q, want the failure message added", got)
		}
	})
	t.Run("never claimed or unknown", func(t *testing.T) {
		if err := db.FinishJob(ctx, never, out, ""); !errors.Is(err, conversation.ErrStale) {
			t.Errorf("FinishJob of a queued job: %v, want ErrStale", err)
		}
		if err := db.FinishJob(ctx, 999999, out, ""); !errors.Is(err, conversation.ErrNotFound) {
			t.Errorf("FinishJob of an unknown job: %v, want ErrNotFound", err)
		}
		if got := dueTexts(t, db); len(got) != 3 {
			t.Errorf("queued %q, want nothing more", got)
		}
	})
}
