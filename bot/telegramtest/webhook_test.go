package telegramtest

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot"
)

func TestWebhookDeliveryWithSecret(t *testing.T) {
	s := New(t)
	b := newBot(t, s)

	var mu sync.Mutex
	var got []update
	var secrets []string
	calls := 0
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls == 1 {
			w.WriteHeader(http.StatusInternalServerError) // not stored yet: Telegram must retry
			return
		}
		body, _ := io.ReadAll(r.Body)
		var u update
		_ = json.Unmarshal(body, &u)
		got = append(got, u)
		secrets = append(secrets, r.Header.Get("X-Telegram-Bot-Api-Secret-Token"))
	}))
	defer hook.Close()

	ctx := context.Background()
	ok, err := b.SetWebhook(ctx, &bot.SetWebhookParams{URL: hook.URL, SecretToken: "rahasia_123"})
	if err != nil || !ok {
		t.Fatalf("SetWebhook: %v %v", ok, err)
	}
	first := s.SendText(31, "lewat webhook")
	second := s.SendText(31, "kedua")
	s.Eventually(t, "both updates delivered", func() bool { return s.Pending() == 0 }, 5*time.Second)

	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2 || got[0].UpdateID != first || got[1].UpdateID != second || got[0].Message.Text != "lewat webhook" {
		t.Errorf("webhook received %+v, want updates %d then %d", got, first, second)
	}
	for _, sec := range secrets {
		if sec != "rahasia_123" {
			t.Errorf("secret header = %q", sec)
		}
	}
	if d := s.Deliveries(); len(d) != 3 || d[0].Status != http.StatusInternalServerError || d[0].UpdateID != first || d[1].Status != http.StatusOK {
		t.Errorf("deliveries = %+v, want a failed attempt then two successes", d)
	}

	// With a webhook set, getUpdates is refused as by Telegram.
	if code, _ := postJSON(t, s, "getUpdates", nil); code != http.StatusConflict {
		t.Errorf("getUpdates with a webhook = %d, want 409", code)
	}
	info, err := b.GetWebhookInfo(ctx)
	if err != nil || info.URL != hook.URL || info.PendingUpdateCount != 0 || info.LastErrorMessage == "" {
		t.Errorf("GetWebhookInfo = %+v, %v", info, err)
	}
	if _, err := b.DeleteWebhook(ctx, &bot.DeleteWebhookParams{}); err != nil {
		t.Fatalf("DeleteWebhook: %v", err)
	}
	id := s.SendText(31, "poll lagi")
	if ups := poll(t, s, nil); len(ups) != 1 || ups[0].UpdateID != id {
		t.Errorf("after deleteWebhook poll = %+v", ups)
	}
}

func TestWebhookRejectsBadSecret(t *testing.T) {
	s := New(t)
	b := newBot(t, s)
	_, err := b.SetWebhook(context.Background(), &bot.SetWebhookParams{URL: "http://127.0.0.1:1/hook", SecretToken: "bukan rahasia!"})
	if err == nil {
		t.Error("SetWebhook with spaces in the secret succeeded")
	}
}
