package bot

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"posko/bot/telegramtest"
)

// flakyInbox fails while down, and otherwise records appended update ids,
// dropping repeats like the real inbox.
type flakyInbox struct {
	mu   sync.Mutex
	down bool
	got  []int64
}

func (f *flakyInbox) Append(_ context.Context, updateID, _ int64, _ []byte) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return false, errors.New("dial tcp 127.0.0.1:6379: connect: connection refused")
	}
	for _, id := range f.got {
		if id == updateID {
			return false, nil
		}
	}
	f.got = append(f.got, updateID)
	return true, nil
}

func (f *flakyInbox) setDown(down bool) {
	f.mu.Lock()
	f.down = down
	f.mu.Unlock()
}

func (f *flakyInbox) ids() []int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]int64(nil), f.got...)
}

func TestPollerConfirmsOnlyStoredUpdates(t *testing.T) {
	fake := telegramtest.New(t)
	inbox := &flakyInbox{down: true}
	p := &Poller{Client: fake.Client(), BaseURL: fake.URL() + "/bot" + telegramtest.Token, Timeout: time.Second,
		Inbox: inbox, Metrics: NewMetrics(), Logger: discardLogger()}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { p.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })

	id := fake.SendText(7, "halo")
	time.Sleep(500 * time.Millisecond) // Redis is down: the poller must keep the update unconfirmed
	if n := fake.Pending(); n != 1 || len(inbox.ids()) != 0 {
		t.Fatalf("while the inbox is down: %d updates unconfirmed, %v stored; want 1 and none", n, inbox.ids())
	}
	inbox.setDown(false)
	eventually(t, "the update stored and confirmed", func() bool {
		return len(inbox.ids()) == 1 && fake.Pending() == 0
	})
	if got := inbox.ids(); got[0] != id {
		t.Errorf("stored %v, want update %d", got, id)
	}
	second := fake.SendText(7, "lagi")
	eventually(t, "the next update stored", func() bool { return len(inbox.ids()) == 2 })
	if got := inbox.ids(); got[1] != second {
		t.Errorf("stored %v, want %d next", got, second)
	}
}

func TestWebhook(t *testing.T) {
	inbox := &flakyInbox{}
	metrics := NewMetrics()
	srv := httptest.NewServer(&Webhook{Secret: "rahasia", Inbox: inbox, Metrics: metrics, Logger: discardLogger()})
	t.Cleanup(srv.Close)
	update := `{"update_id":9,"message":{"message_id":1,"date":1,"chat":{"id":7,"type":"private"},"text":"halo"}}`
	post := func(secret, body string) int {
		req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(body))
		if secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	tests := []struct {
		name, secret, body string
		down               bool
		want               int
	}{
		{"no secret", "", update, false, http.StatusUnauthorized},
		{"wrong secret", "tebakan", update, false, http.StatusUnauthorized},
		{"not an update", "rahasia", "<html>", false, http.StatusBadRequest},
		{"inbox down: Telegram must retry", "rahasia", update, true, http.StatusServiceUnavailable},
		{"stored", "rahasia", update, false, http.StatusOK},
		{"repeat", "rahasia", update, false, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inbox.setDown(tt.down)
			if got := post(tt.secret, tt.body); got != tt.want {
				t.Errorf("status = %d, want %d", got, tt.want)
			}
		})
	}
	if got := inbox.ids(); len(got) != 1 || got[0] != 9 {
		t.Errorf("stored %v, want update 9 once", got)
	}
}
