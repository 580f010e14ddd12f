package bot

import (
	"testing"
	"time"

	"posko/storage/postgres"
)

func TestSenderCoalescesMarks(t *testing.T) {
	t.Run("flushed in batches", func(t *testing.T) {
		f := newSenderFixture(t, SenderOptions{PollInterval: time.Hour, FlushInterval: time.Hour, FlushBatch: 5})
		f.outbox.markErrs = 2 // the database is down for a moment
		f.start(t)
		var rows []postgres.OutboxRow
		for i := range 10 {
			rows = append(rows, f.outbox.add(send(int64(i+1), "halo"))...)
		}
		f.sender.Submit(rows)
		waitUntil(t, "every row sent", f.outbox.settled)
		f.outbox.mu.Lock()
		calls := f.outbox.markSent
		f.outbox.mu.Unlock()
		if len(calls) >= 10 {
			t.Errorf("%d MarkSent calls for 10 rows, want them coalesced", len(calls))
		}
		n := 0
		for _, c := range calls {
			n += len(c)
		}
		if n != 10 {
			t.Errorf("MarkSent recorded %d rows, want 10", n)
		}
	})
	t.Run("delivered, not yet recorded, not read again", func(t *testing.T) {
		f := newSenderFixture(t, SenderOptions{PollInterval: time.Hour, FlushInterval: time.Hour, FlushBatch: 1000})
		f.start(t)
		rows := f.outbox.add(send(1, "a"), send(1, "b"), send(2, "c"))
		f.sender.Submit(rows)
		waitUntil(t, "three messages delivered", func() bool { return len(f.srv.Requests("sendMessage")) == 3 })
		// Marks wait for the flusher; rounds read the rows as still due.
		for range 3 {
			reads := f.outbox.readCount()
			f.sender.Kick()
			waitUntil(t, "a round", func() bool { return f.outbox.readCount() > reads })
		}
		time.Sleep(20 * time.Millisecond) // let a wrongly started delivery show
		if got := len(f.srv.Requests("sendMessage")); got != 3 {
			t.Errorf("%d sends, want 3: a round delivered a row again", got)
		}
		if f.outbox.settled() {
			t.Fatal("rows recorded sent before the flush; the test shows nothing")
		}
		f.stop() // stopping records what was delivered
		sentOnce(t, f, 1, 2)
	})
}
