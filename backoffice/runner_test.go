package backoffice

import (
	"context"
	"testing"
	"time"

	"posko/conversation"
)

func TestRunDoesJobsUntilCancelled(t *testing.T) {
	store := &fakeStore{satkerAdded: 3}
	files := &fakeFiles{files: map[string][]byte{"BQAC-map": []byte(satkerCSV)}}
	for id := int64(1); id <= 3; id++ {
		store.jobs = append(store.jobs, importJob(id, conversation.JobImportSatker, "BQAC-map", "peta.csv"))
	}
	// A long poll: the queued jobs are done at once, the one added later
	// only because of Kick.
	r := New(store, files, nil, Options{Owner: "test", Poll: time.Hour, Now: func() time.Time { return testNow }})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()

	waitFinished(t, store, 3)
	store.mu.Lock()
	store.jobs = append(store.jobs, importJob(4, conversation.JobImportSatker, "BQAC-map", "peta.csv"))
	store.mu.Unlock()
	r.Kick()
	calls := waitFinished(t, store, 4)
	for i, c := range calls {
		if c.id != int64(i+1) || c.failure != "" || len(c.out) != 1 {
			t.Errorf("finish %d: job %d, failure %q, %d messages; want job %d done with its result", i, c.id, c.failure, len(c.out), i+1)
		}
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run returned %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after its context was cancelled")
	}
	if n := len(store.finishedCalls()); n != 4 {
		t.Errorf("%d jobs finished, want 4", n)
	}
}

func TestKickNeverBlocks(t *testing.T) {
	r := New(&fakeStore{}, &fakeFiles{}, nil, Options{})
	for range 10 {
		r.Kick() // nobody runs: the second and later kicks are dropped
	}
	if len(r.kick) != 1 {
		t.Errorf("%d kicks pending, want 1", len(r.kick))
	}
}

// waitFinished waits until the store has n finished jobs and returns them.
func waitFinished(t *testing.T, s *fakeStore, n int) []finishCall {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		calls := s.finishedCalls()
		if len(calls) >= n {
			return calls
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d jobs finished after 10 s, want %d", len(calls), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
