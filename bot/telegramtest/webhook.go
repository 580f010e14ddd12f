package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"time"
)

// Webhook delivery retries with a doubling backoff and gives an update up
// after maxWebhookAttempts failures (Telegram would keep trying for a day).
const (
	maxWebhookAttempts = 30
	webhookBackoffMin  = 10 * time.Millisecond
	webhookBackoffMax  = time.Second
	webhookTimeout     = 10 * time.Second
)

// secretTokenRE is what Telegram accepts as a webhook secret token.
var secretTokenRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// webhook is the webhook the bot set.
type webhook struct {
	url       string
	secret    string
	running   bool // the delivery goroutine was started
	lastError string
	lastAt    int64
}

// Delivery is one attempt to POST an update to the bot's webhook.
type Delivery struct {
	UpdateID int64
	URL      string
	Secret   string // the X-Telegram-Bot-Api-Secret-Token header sent
	Status   int    // the webhook's HTTP status, 0 when the request failed
	Err      string
	At       time.Time
}

// Deliveries lists every webhook delivery attempt, oldest first.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivery(nil), s.deliveries...)
}

func (s *Server) setWebhook(c *call) (any, *apiError) {
	secret := c.Params["secret_token"]
	if secret != "" && !secretTokenRE.MatchString(secret) {
		return nil, errBadRequest("secret token contains unallowed characters")
	}
	if raw := c.Params["allowed_updates"]; raw != "" {
		var allowed []string
		if err := json.Unmarshal([]byte(raw), &allowed); err != nil {
			return nil, errBadRequest("can't parse allowed updates")
		}
		s.updates.allowed = allowed
	}
	if c.Params["drop_pending_updates"] == "true" {
		s.updates.items = nil
	}
	s.hook.url, s.hook.secret = c.Params["url"], secret
	s.updates.poller++ // a running long poll ends with 409
	if s.hook.url != "" && !s.hook.running {
		s.hook.running = true
		s.wg.Add(1)
		go s.deliver()
	}
	s.notifyLocked()
	return true, nil
}

func (s *Server) deleteWebhook(c *call) (any, *apiError) {
	if c.Params["drop_pending_updates"] == "true" {
		s.updates.items = nil
	}
	s.hook.url, s.hook.secret = "", ""
	s.notifyLocked()
	return true, nil
}

func (s *Server) getWebhookInfo(*call) (any, *apiError) {
	info := map[string]any{
		"url":                    s.hook.url,
		"has_custom_certificate": false,
		"pending_update_count":   len(s.updates.items),
	}
	if s.hook.url != "" {
		info["max_connections"] = 40
		info["ip_address"] = "127.0.0.1"
	}
	if s.hook.lastError != "" {
		info["last_error_date"], info["last_error_message"] = s.hook.lastAt, s.hook.lastError
	}
	if len(s.updates.allowed) > 0 {
		info["allowed_updates"] = s.updates.allowed
	}
	return info, nil
}

// deliver POSTs queued updates to the webhook one at a time, in order,
// until the server closes.
func (s *Server) deliver() {
	defer s.wg.Done()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-s.closed
		cancel()
	}()
	client := &http.Client{Timeout: webhookTimeout}
	for {
		s.mu.Lock()
		for s.hook.url == "" || len(s.updates.items) == 0 || !s.updates.allows(s.updates.items[0].kind) {
			if s.hook.url != "" && len(s.updates.items) > 0 {
				s.updates.items = s.updates.items[1:] // not an allowed type: dropped
				continue
			}
			changed := s.changed
			s.mu.Unlock()
			select {
			case <-changed:
			case <-s.closed:
				return
			}
			s.mu.Lock()
		}
		u, url, secret := s.updates.items[0], s.hook.url, s.hook.secret
		s.mu.Unlock()

		status, err := post(ctx, client, url, secret, u.raw)
		d := Delivery{UpdateID: u.id, URL: url, Secret: secret, Status: status, At: time.Now()}
		if err != nil {
			d.Err = err.Error()
		}

		s.mu.Lock()
		s.deliveries = append(s.deliveries, d)
		attempts := 0
		if i := s.indexLocked(u.id); i >= 0 {
			if status == http.StatusOK {
				s.updates.items = append(s.updates.items[:i], s.updates.items[i+1:]...)
			} else {
				s.updates.items[i].attempts++
				attempts = s.updates.items[i].attempts
				s.hook.lastAt, s.hook.lastError = d.At.Unix(), webhookError(status, err)
				if attempts >= maxWebhookAttempts {
					s.updates.items = append(s.updates.items[:i], s.updates.items[i+1:]...)
				}
			}
		}
		s.notifyLocked()
		s.mu.Unlock()

		if attempts > 0 {
			backoff := min(webhookBackoffMin<<min(attempts-1, 10), webhookBackoffMax)
			select {
			case <-time.After(backoff):
			case <-s.closed:
				return
			}
		}
	}
}

// indexLocked finds a queued update by id.
func (s *Server) indexLocked(id int64) int {
	for i, u := range s.updates.items {
		if u.id == id {
			return i
		}
	}
	return -1
}

func webhookError(status int, err error) string {
	if err != nil {
		return "Connection refused"
	}
	return fmt.Sprintf("Wrong response from the webhook: %d %s", status, http.StatusText(status))
}

// post sends one update to the webhook, as Telegram does.
func post(ctx context.Context, client *http.Client, url, secret string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("webhook request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("webhook post: %w", err)
	}
	_ = resp.Body.Close()
	return resp.StatusCode, nil
}
