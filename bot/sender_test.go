package bot

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"posko/bot/telegramtest"
	"posko/conversation"
)

// countingLimiter never waits; it counts calls per chat and can run a hook
// before the nth call.
type countingLimiter struct {
	mu    sync.Mutex
	total int
	calls map[int64]int
	hook  func(n int)
}

func (l *countingLimiter) Wait(_ context.Context, chatID int64) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.calls == nil {
		l.calls = map[int64]int{}
	}
	l.total++
	l.calls[chatID]++
	if l.hook != nil {
		l.hook(l.total)
	}
	return nil
}

func (l *countingLimiter) count(chatID int64) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.calls[chatID]
}

type senderFixture struct {
	srv     *telegramtest.Server
	outbox  *fakeOutbox
	limiter *countingLimiter
	metrics *Metrics
	sender  *Sender
	stop    func() // stops a sender started with start
}

func newSenderFixture(t *testing.T, opt SenderOptions) *senderFixture {
	t.Helper()
	srv := telegramtest.New(t)
	api, err := NewAPI(srv.URL(), telegramtest.Token, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if opt.Backoff == nil {
		opt.Backoff = func(int) time.Duration { return time.Millisecond }
	}
	if opt.PollInterval == 0 {
		opt.PollInterval = 20 * time.Millisecond
	}
	f := &senderFixture{srv: srv, outbox: newFakeOutbox(), limiter: &countingLimiter{}, metrics: NewMetrics()}
	logger := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
	f.sender = NewSender(api, f.outbox, f.limiter, f.metrics, logger, opt)
	return f
}

// run starts the sender and waits until done reports true (nil: until every
// row is sent or failed); the sender stops when the test ends.
func (f *senderFixture) run(t *testing.T, done func() bool) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- f.sender.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-stopped; err != nil {
			t.Errorf("Run returned %v, want nil", err)
		}
	})
	if done == nil {
		done = f.outbox.settled
	}
	deadline := time.Now().Add(10 * time.Second)
	for !done() {
		if time.Now().After(deadline) {
			t.Fatalf("outbox not settled in time: %+v", f.outbox.rows)
		}
		f.sender.Kick()
		time.Sleep(5 * time.Millisecond)
	}
}

func counterValue(t *testing.T, c prometheus.Counter) float64 {
	t.Helper()
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		t.Fatal(err)
	}
	return m.GetCounter().GetValue()
}

func texts(msgs []telegramtest.Message) []string {
	var out []string
	for _, m := range msgs {
		out = append(out, m.Text)
	}
	return out
}

func requestsTo(srv *telegramtest.Server, method string, chatID int64) []telegramtest.Request {
	var out []telegramtest.Request
	for _, r := range srv.Requests(method) {
		if r.Int("chat_id") == chatID {
			out = append(out, r)
		}
	}
	return out
}

func send(chatID int64, text string) conversation.Outgoing {
	return conversation.Outgoing{Kind: conversation.OutSend, ChatID: chatID, Text: text}
}

// slowLimiter makes every send to one chat take a while, like a group at
// Telegram's 20 messages a minute.
type slowLimiter struct {
	chat  int64
	delay time.Duration
}

func (l slowLimiter) Wait(ctx context.Context, chatID int64) error {
	if chatID == l.chat {
		return sleepCtx(ctx, l.delay)
	}
	return nil
}

// start runs the sender without kicking it (the fast path needs no round)
// and waits for its first round; it stops when the test ends.
func (f *senderFixture) start(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- f.sender.Run(ctx) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			if err := <-stopped; err != nil {
				t.Errorf("Run returned %v, want nil", err)
			}
		})
	}
	t.Cleanup(stop)
	f.stop = stop
	waitUntil(t, "the first round", func() bool {
		f.sender.mu.Lock()
		defer f.sender.mu.Unlock()
		return f.sender.started
	})
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// sentOnce reports whether every row is sent and no text reached its chat twice.
func sentOnce(t *testing.T, f *senderFixture, chats ...int64) {
	t.Helper()
	for _, chat := range chats {
		seen := map[string]bool{}
		for _, m := range f.srv.Messages(chat) {
			if seen[m.Text] {
				t.Errorf("chat %d got %q twice", chat, m.Text)
			}
			seen[m.Text] = true
		}
	}
	f.outbox.mu.Lock()
	defer f.outbox.mu.Unlock()
	for _, r := range f.outbox.rows {
		if r.state != "sent" {
			t.Errorf("row %d is %s, want sent", r.ID, r.state)
		}
	}
}

// cmpSuffix is the number after the dash of "w1-23".
func cmpSuffix(s string) int {
	var w, n int
	fmt.Sscanf(s, "w%d-%d", &w, &n)
	return n
}
