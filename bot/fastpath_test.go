package bot

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"posko/storage/postgres"
)

func TestSenderSubmitKeepsOrderThrough429(t *testing.T) {
	f := newSenderFixture(t, SenderOptions{Concurrency: 4, PollInterval: time.Hour})
	f.start(t)
	reads := f.outbox.readCount()
	const a, b = 1001, 1002
	words := []string{"satu", "dua", "tiga", "empat", "lima", "enam"}
	f.limiter.hook = func(n int) {
		if n == 3 { // a send while both chats have more queued behind
			f.srv.FailNext("sendMessage", 1, 429, 1)
		}
	}
	for i := 0; i < len(words); i += 2 { // as three updates per chat commit
		f.sender.Submit(f.outbox.add(send(a, words[i]), send(a, words[i+1])))
		f.sender.Submit(f.outbox.add(send(b, words[i]), send(b, words[i+1])))
	}
	waitUntil(t, "every row sent", f.outbox.settled)

	for _, chat := range []int64{a, b} {
		if got := texts(f.srv.Messages(chat)); !slices.Equal(got, words) {
			t.Errorf("chat %d got %q, want %q", chat, got, words)
		}
	}
	if got := counterValue(t, f.metrics.TooManyRequests); got != 1 {
		t.Errorf("TooManyRequests = %v, want 1", got)
	}
	if got := f.outbox.readCount(); got != reads {
		t.Errorf("DueOutbox read %d more times; the fast path must not read the outbox", got-reads)
	}
	sentOnce(t, f, a, b)
}

func TestSenderSubmitRacingRoundsSendsOnce(t *testing.T) {
	t.Run("round reads rows about to be submitted", func(t *testing.T) {
		f := newSenderFixture(t, SenderOptions{PollInterval: time.Hour})
		f.start(t)
		var pending []postgres.OutboxRow
		var mu sync.Mutex
		// The worker's Submit lands while a round is reading the same rows.
		f.outbox.onRead = func([]postgres.OutboxRow) {
			mu.Lock()
			rows := pending
			pending = nil
			mu.Unlock()
			f.sender.Submit(rows)
		}
		for i := range 20 {
			rows := f.outbox.add(send(int64(i%4+1), fmt.Sprintf("pesan %d", i)))
			mu.Lock()
			pending = append(pending, rows...)
			mu.Unlock()
			f.sender.Kick()
			time.Sleep(time.Millisecond)
		}
		f.sender.Kick()
		waitUntil(t, "every row sent", f.outbox.settled)
		sentOnce(t, f, 1, 2, 3, 4)
	})
	t.Run("submit arrives after a round delivered the rows", func(t *testing.T) {
		f := newSenderFixture(t, SenderOptions{PollInterval: time.Hour})
		f.start(t)
		rows := f.outbox.add(send(5, "a"), send(5, "b"), send(6, "c"))
		f.sender.Kick()
		waitUntil(t, "every row sent", f.outbox.settled)
		f.sender.Submit(rows) // late: the worker stalled between commit and Submit
		f.sender.Submit(f.outbox.add(send(5, "d")))
		waitUntil(t, "the new row sent", f.outbox.settled)
		if got := texts(f.srv.Messages(5)); !slices.Equal(got, []string{"a", "b", "d"}) {
			t.Errorf("chat 5 got %q, want a b d", got)
		}
		sentOnce(t, f, 5, 6)
	})
	t.Run("concurrent submits and rounds", func(t *testing.T) {
		f := newSenderFixture(t, SenderOptions{PollInterval: time.Millisecond, FlushInterval: 3 * time.Millisecond})
		f.start(t)
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 50 {
					f.sender.Submit(f.outbox.add(send(int64(w*3+i%3+10), fmt.Sprintf("w%d-%d", w, i))))
					f.sender.Kick()
				}
			}()
		}
		wg.Wait()
		waitUntil(t, "every row sent", f.outbox.settled)
		for chat := int64(10); chat < 22; chat++ {
			got := texts(f.srv.Messages(chat))
			if !slices.IsSortedFunc(got, func(x, y string) int { return cmpSuffix(x) - cmpSuffix(y) }) {
				t.Errorf("chat %d out of order: %q", chat, got)
			}
		}
		sentOnce(t, f, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21)
	})
}

func TestSenderSubmitToBlockedChat(t *testing.T) {
	f := newSenderFixture(t, SenderOptions{PollInterval: time.Hour})
	f.start(t)
	f.srv.BlockChat(2001)
	f.sender.Submit(f.outbox.add(send(2001, "halo"), send(2001, "apa kabar")))
	waitUntil(t, "both rows failed", f.outbox.settled)
	// Known blocked: a later row goes through a round, which fails it.
	f.sender.Submit(f.outbox.add(send(2001, "masih diblokir")))
	waitUntil(t, "the third row failed", f.outbox.settled)
	for id := int64(1); id <= 3; id++ {
		if r := f.outbox.row(id); r.state != "failed" || r.reason != "blocked" {
			t.Errorf("row %d: %s %q, want failed as blocked", id, r.state, r.reason)
		}
	}
	if got := len(requestsTo(f.srv, "sendMessage", 2001)); got != 1 {
		t.Errorf("%d sends to the blocked chat, want 1", got)
	}
	// The user unblocks and writes again: the database forgets the block.
	f.srv.UnblockChat(2001)
	f.outbox.mu.Lock()
	delete(f.outbox.blocked, 2001)
	f.outbox.mu.Unlock()
	f.sender.Submit(f.outbox.add(send(2001, "selamat datang kembali")))
	waitUntil(t, "the fourth row settled", f.outbox.settled)
	if got := texts(f.srv.Messages(2001)); !slices.Equal(got, []string{"selamat datang kembali"}) {
		t.Errorf("chat got %q, want the message after the unblock", got)
	}
	// And the fast path is back for it once a round finds nothing more.
	waitUntil(t, "the chat back on the fast path", func() bool {
		f.sender.mu.Lock()
		defer f.sender.mu.Unlock()
		return !f.sender.dbOnly[2001] && !f.sender.blocked[2001]
	})
	reads := f.outbox.readCount()
	f.sender.Submit(f.outbox.add(send(2001, "lagi")))
	waitUntil(t, "the fifth row sent", f.outbox.settled)
	if f.outbox.readCount() != reads {
		t.Errorf("rows of an unblocked chat still go through rounds")
	}
}

func TestSenderSubmitOutsideRunLeavesRowsToTheFirstRound(t *testing.T) {
	f := newSenderFixture(t, SenderOptions{PollInterval: time.Hour})
	rows := f.outbox.add(send(3, "sebelum mulai"))
	f.sender.Submit(rows) // the worker committed before the sender started
	f.start(t)
	waitUntil(t, "the row sent", f.outbox.settled)
	f.sender.Submit(rows) // and a repeat after the round took it
	f.stop()

	// Leading again later: memory starts afresh, the database decides.
	f.outbox.add(send(3, "setelah mulai lagi"))
	f.start(t)
	waitUntil(t, "the second row sent", f.outbox.settled)
	if got := texts(f.srv.Messages(3)); !slices.Equal(got, []string{"sebelum mulai", "setelah mulai lagi"}) {
		t.Errorf("chat got %q, want each row once", got)
	}
}
