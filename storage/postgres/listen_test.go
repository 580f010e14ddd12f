package postgres

import (
	"context"
	"testing"
	"time"
)

func TestListenOutbox(t *testing.T) {
	db := newDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	kicks := make(chan struct{}, 16)
	done := make(chan error, 1)
	go func() { done <- db.ListenOutbox(ctx, func() { kicks <- struct{}{} }) }()

	wait := func(what string) {
		t.Helper()
		select {
		case <-kicks:
		case <-time.After(10 * time.Second):
			t.Fatalf("no notify call %s", what)
		}
	}
	wait("when listening started")

	if err := db.Enqueue(context.Background(), send(42, "Pengingat")); err != nil {
		t.Fatalf("Enqueue: %v", err)
	}
	wait("after Enqueue")

	t.Run("reconnects after losing its connection", func(t *testing.T) {
		_, err := db.Pool().Exec(context.Background(),
			`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN posko_outbox' AND pid <> pg_backend_pid()`)
		if err != nil {
			t.Fatalf("terminate listener: %v", err)
		}
		wait("after reconnecting")
		if err := db.Enqueue(context.Background(), send(42, "Lagi")); err != nil {
			t.Fatalf("Enqueue: %v", err)
		}
		wait("after Enqueue on the new connection")
	})

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("ListenOutbox returned %v on cancel, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("ListenOutbox did not return after cancel")
	}
}
