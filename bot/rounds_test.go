package bot

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"
)

func TestSenderBusyGroupDoesNotStarveOtherChats(t *testing.T) {
	f := newSenderFixture(t, SenderOptions{Batch: 100})
	const groupChatID = -100777
	f.sender.limiter = slowLimiter{chat: groupChatID, delay: 20 * time.Millisecond}
	for i := range 120 {
		f.outbox.add(send(groupChatID, fmt.Sprintf("kartu %d", i)))
	}
	f.outbox.add(send(7, "balasan untuk pengguna"))
	f.run(t, func() bool { return f.outbox.row(121).state == "sent" })
	if n := len(f.srv.Messages(groupChatID)); n > 10 {
		t.Errorf("the user's reply waited for %d of the group's 120 messages", n)
	}
}

// gateLimiter holds every send to the chats in gated until open is closed.
type gateLimiter struct {
	gated map[int64]bool
	open  chan struct{}
}

func (l gateLimiter) Wait(ctx context.Context, chatID int64) error {
	if !l.gated[chatID] {
		return nil
	}
	select {
	case <-l.open:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// TestSenderAfterRestartKeepsOrderBehindOldRows: rows a previous process
// left in the outbox go out before a new row submitted for the same chat,
// and the chat is back on the fast path once they are gone.
func TestSenderAfterRestartKeepsOrderBehindOldRows(t *testing.T) {
	const chat = 42
	tests := []struct {
		name         string
		rescheduled  bool // the old row waits for a retry
		whilePriming bool // the new row is submitted while Run reads the pending chats
		backlog      bool // the first round's read (Batch 5) ends before the old row
	}{
		{name: "a rescheduled row waits in the database", rescheduled: true},
		{name: "submitted while the sender reads the pending chats", rescheduled: true, whilePriming: true},
		{name: "the backlog is beyond the first round", backlog: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newSenderFixture(t, SenderOptions{PollInterval: 10 * time.Millisecond})
			gate := gateLimiter{gated: map[int64]bool{}, open: make(chan struct{})}
			if tt.backlog {
				f.sender.opt.Batch = 5
				f.sender.limiter = gate
				for c := int64(1); c <= 5; c++ { // the first round's rows, held at the limiter
					f.outbox.add(send(c, "antrean"))
					gate.gated[c] = true
				}
			}
			old := f.outbox.add(send(chat, "lama"))
			if tt.rescheduled {
				if err := f.outbox.RetryLater(context.Background(), old[0].ID, time.Now().Add(300*time.Millisecond), 0, "network"); err != nil {
					t.Fatal(err)
				}
			}
			submit := func() { f.sender.Submit(f.outbox.add(send(chat, "baru"))) }
			if tt.whilePriming {
				f.outbox.onPending = submit
			}
			f.start(t)
			if !tt.whilePriming {
				submit()
			}
			if tt.backlog {
				time.Sleep(20 * time.Millisecond) // let a wrongly fast new row show
				close(gate.open)
			}
			waitUntil(t, "every row sent", f.outbox.settled)
			if got := texts(f.srv.Messages(chat)); !slices.Equal(got, []string{"lama", "baru"}) {
				t.Errorf("chat got %q, want the old row then the new one", got)
			}
			sentOnce(t, f, chat)
			waitUntil(t, "the chat back on the fast path", func() bool {
				f.sender.mu.Lock()
				defer f.sender.mu.Unlock()
				_, held := f.sender.held[chat]
				return !f.sender.dbOnly[chat] && !held
			})
		})
	}
}
