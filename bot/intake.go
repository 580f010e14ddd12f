package bot

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"
)

// Appender stores an incoming update durably (the inbox). added is false
// when the update_id was seen before.
type Appender interface {
	Append(ctx context.Context, updateID, chatID int64, data []byte) (added bool, err error)
}

// AllowedUpdates are the update types the bot asks Telegram for.
var AllowedUpdates = []string{"message", "edited_message", "callback_query", "my_chat_member"}

// store appends one raw update to the inbox.
func store(ctx context.Context, inbox Appender, metrics *Metrics, raw []byte) error {
	id, chat, err := peekUpdate(raw)
	if err != nil {
		return fmt.Errorf("%w: %v", errUndecodable, err)
	}
	added, err := inbox.Append(ctx, id, chat, raw)
	if err != nil {
		return fmt.Errorf("append update %d to inbox: %w", id, err)
	}
	if added {
		metrics.UpdatesReceived.Inc()
	} else {
		metrics.UpdatesDuplicate.Inc()
	}
	return nil
}

// PollClient returns the HTTP client for long polling; each poll also has
// its own deadline a little past the poll timeout.
func PollClient(pollTimeout time.Duration) *http.Client {
	return &http.Client{Timeout: pollTimeout + 15*time.Second}
}

// peekUpdate reads only what intake needs of an update: its id and its
// chat (as chatOf decides it). The worker decodes the whole update later;
// decoding it twice on the hot path cost a measurable share of the CPU.
func peekUpdate(raw []byte) (id, chat int64, err error) {
	type chatRef struct {
		Chat *struct {
			ID int64 `json:"id"`
		} `json:"chat"`
		From *struct {
			ID int64 `json:"id"`
		} `json:"from"`
	}
	var u struct {
		ID            int64    `json:"update_id"`
		Message       *chatRef `json:"message"`
		EditedMessage *chatRef `json:"edited_message"`
		CallbackQuery *struct {
			From    struct{ ID int64 } `json:"from"`
			Message *chatRef           `json:"message"`
		} `json:"callback_query"`
		MyChatMember    *chatRef `json:"my_chat_member"`
		ChatMember      *chatRef `json:"chat_member"`
		ChannelPost     *chatRef `json:"channel_post"`
		InlineQuery     *chatRef `json:"inline_query"`
		ChatJoinRequest *chatRef `json:"chat_join_request"`
	}
	if err := json.Unmarshal(raw, &u); err != nil {
		return 0, 0, fmt.Errorf("decode update: %w", err)
	}
	chatID := func(r *chatRef) int64 {
		if r.Chat != nil {
			return r.Chat.ID
		}
		return 0
	}
	switch {
	case u.Message != nil:
		return u.ID, chatID(u.Message), nil
	case u.EditedMessage != nil:
		return u.ID, chatID(u.EditedMessage), nil
	case u.CallbackQuery != nil:
		if m := u.CallbackQuery.Message; m != nil && m.Chat != nil {
			return u.ID, m.Chat.ID, nil
		}
		return u.ID, u.CallbackQuery.From.ID, nil
	case u.MyChatMember != nil:
		return u.ID, chatID(u.MyChatMember), nil
	case u.ChatMember != nil:
		return u.ID, chatID(u.ChatMember), nil
	case u.ChannelPost != nil:
		return u.ID, chatID(u.ChannelPost), nil
	case u.InlineQuery != nil:
		if u.InlineQuery.From != nil {
			return u.ID, u.InlineQuery.From.ID, nil
		}
	case u.ChatJoinRequest != nil:
		return u.ID, chatID(u.ChatJoinRequest), nil
	}
	return u.ID, 0, nil
}

// Poller takes updates in by long polling getUpdates. It moves the offset
// past an update (which confirms it to Telegram) only after the update is in
// the inbox. It speaks HTTP itself because the library's poller advances the
// offset before updates are handled.
type Poller struct {
	Client  *http.Client
	BaseURL string        // TELEGRAM_API_URL + "/bot" + token
	Timeout time.Duration // long-poll timeout (default 25s)
	Inbox   Appender
	Metrics *Metrics
	Logger  *slog.Logger
}

type updatesResponse struct {
	OK          bool              `json:"ok"`
	Result      []json.RawMessage `json:"result"`
	ErrorCode   int               `json:"error_code"`
	Description string            `json:"description"`
}

// Run polls until ctx is done.
func (p *Poller) Run(ctx context.Context) error {
	timeout := p.Timeout
	if timeout <= 0 {
		timeout = 25 * time.Second
	}
	var offset int64
	backoff := time.Duration(0)
	for ctx.Err() == nil {
		if backoff > 0 {
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(backoff):
			}
		}
		updates, err := p.get(ctx, offset, timeout)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			backoff = min(max(backoff*2, 500*time.Millisecond), 30*time.Second)
			p.Logger.Warn("getUpdates failed; retrying", slog.Any("err", err), slog.Duration("backoff", backoff))
			continue
		}
		backoff = 0
		for _, raw := range updates {
			var head struct {
				ID int64 `json:"update_id"`
			}
			if err := json.Unmarshal(raw, &head); err != nil {
				p.Logger.Error("skipping undecodable update", slog.Any("err", err))
				continue
			}
			if err := p.storeWithRetry(ctx, raw); err != nil {
				return nil // ctx done: the offset did not move, Telegram keeps the update
			}
			offset = head.ID + 1
		}
	}
	return nil
}

func (p *Poller) storeWithRetry(ctx context.Context, raw []byte) error {
	wait := 100 * time.Millisecond
	for {
		err := store(ctx, p.Inbox, p.Metrics, raw)
		if err == nil {
			return nil
		}
		if errors.Is(err, errUndecodable) {
			p.Logger.Error("skipping undecodable update", slog.Any("err", err))
			return nil
		}
		p.Logger.Warn("storing update failed; retrying", slog.Any("err", err))
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait = min(wait*2, 5*time.Second)
	}
}

func (p *Poller) get(ctx context.Context, offset int64, timeout time.Duration) ([]json.RawMessage, error) {
	body, _ := json.Marshal(map[string]any{
		"offset":          offset,
		"timeout":         int(timeout / time.Second),
		"allowed_updates": AllowedUpdates,
	})
	rctx, cancel := context.WithTimeout(ctx, timeout+10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(rctx, http.MethodPost, p.BaseURL+"/getUpdates", bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("getUpdates request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := p.Client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("getUpdates: %w", redactURL(err))
	}
	defer resp.Body.Close()
	var r updatesResponse
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return nil, fmt.Errorf("getUpdates: HTTP %d, undecodable answer: %w", resp.StatusCode, err)
	}
	if !r.OK {
		return nil, fmt.Errorf("getUpdates: %d %s", r.ErrorCode, r.Description)
	}
	return r.Result, nil
}

// redactURL drops the request URL (which holds the bot token) from a
// net/http error.
func redactURL(err error) error {
	var uerr interface{ Unwrap() error }
	if errors.As(err, &uerr) {
		if inner := uerr.Unwrap(); inner != nil {
			return inner
		}
	}
	return err
}

// errUndecodable marks an update body that is not a Telegram update.
var errUndecodable = errors.New("undecodable update")

// Webhook is the HTTP handler Telegram posts updates to in webhook mode. It
// answers 200 only once the update is in the inbox, so Telegram retries
// anything that was not stored.
type Webhook struct {
	Secret  string
	Inbox   Appender
	Metrics *Metrics
	Logger  *slog.Logger
}

// ServeHTTP implements http.Handler.
func (h *Webhook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
	if subtle.ConstantTimeCompare([]byte(got), []byte(h.Secret)) != 1 {
		h.Logger.Warn("webhook request with a wrong secret token", slog.String("remote", r.RemoteAddr))
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if err := store(r.Context(), h.Inbox, h.Metrics, raw); err != nil {
		if errors.Is(err, errUndecodable) {
			http.Error(w, "not a Telegram update", http.StatusBadRequest)
			return
		}
		h.Logger.Error("webhook update not stored; Telegram will retry", slog.Any("err", err))
		http.Error(w, "try again", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusOK)
}
