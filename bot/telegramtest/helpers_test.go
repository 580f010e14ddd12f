package telegramtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/go-telegram/bot"
)

// recorder stands in for testing.TB so a test can check what the fake
// reports without failing itself.
type recorder struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) { r.Errorf(format, args...) }

func (r *recorder) errors() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.errs...)
}

// newBot returns a go-telegram/bot client pointed at the fake.
func newBot(t *testing.T, s *Server) *bot.Bot {
	t.Helper()
	b, err := bot.New(Token, bot.WithServerURL(s.URL()), bot.WithSkipGetMe())
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	return b
}

// apiAnswer is a decoded Bot API answer.
type apiAnswer struct {
	OK          bool            `json:"ok"`
	Result      json.RawMessage `json:"result"`
	ErrorCode   int             `json:"error_code"`
	Description string          `json:"description"`
}

// postJSON calls a method with a JSON body, as our own poller does.
func postJSON(t *testing.T, s *Server, method string, params map[string]any) (int, apiAnswer) {
	t.Helper()
	body, err := json.Marshal(params)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	resp, err := http.Post(s.URL()+"/bot"+Token+"/"+method, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatalf("post %s: %v", method, err)
	}
	defer resp.Body.Close()
	return resp.StatusCode, decodeAnswer(t, resp.Body)
}

func decodeAnswer(t *testing.T, r io.Reader) apiAnswer {
	t.Helper()
	var a apiAnswer
	if err := json.NewDecoder(r).Decode(&a); err != nil {
		t.Fatalf("decode answer: %v", err)
	}
	return a
}

// update is the part of an update the tests read.
type update struct {
	UpdateID int64 `json:"update_id"`
	Message  *struct {
		MessageID int    `json:"message_id"`
		Text      string `json:"text"`
		Chat      struct {
			ID   int64  `json:"id"`
			Type string `json:"type"`
		} `json:"chat"`
		Entities []struct {
			Type   string `json:"type"`
			Offset int    `json:"offset"`
			Length int    `json:"length"`
		} `json:"entities"`
	} `json:"message"`
}

// poll calls getUpdates with a JSON body and decodes the updates.
func poll(t *testing.T, s *Server, params map[string]any) []update {
	t.Helper()
	code, a := postJSON(t, s, "getUpdates", params)
	if code != http.StatusOK || !a.OK {
		t.Fatalf("getUpdates: %d %s", code, a.Description)
	}
	var ups []update
	if err := json.Unmarshal(a.Result, &ups); err != nil {
		t.Fatalf("decode updates: %v", err)
	}
	return ups
}

func hasError(errs []string, want string) bool {
	for _, e := range errs {
		if strings.Contains(e, want) {
			return true
		}
	}
	return false
}

func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
