// Package telegramtest is a fake Telegram Bot API server for tests, used the
// way net/http/httptest is: New starts it, the bot under test is pointed at
// URL(), the test drives the bot by queueing updates (SendText, Press, ...)
// and then asserts on what the bot sent (Messages, WaitMessage, Requests).
//
// Every request is checked against the official Bot API method list
// (testdata/api.json) and Telegram's limits; a violation fails the test and
// is answered with the error Telegram would give, so a wrong parameter is
// caught here rather than in production.
package telegramtest

import (
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Token is the bot token the fake accepts; requests with any other answer 401.
const Token = "123456:TEST-token"

// The bot's own identity, as getMe reports it.
const (
	BotID       int64 = 123456
	BotUsername       = "posko_test_bot"
	BotName           = "Posko Test"
)

// Server is a running fake Bot API server. Its methods are safe for
// concurrent use.
type Server struct {
	t    testing.TB
	http *httptest.Server
	spec spec

	mu      sync.Mutex
	changed chan struct{} // closed and replaced whenever something observable changes
	closed  chan struct{}
	wg      sync.WaitGroup // webhook delivery

	requests []Request
	noLog    bool // WithoutRequestLog: count requests but do not keep them
	counts   map[string]int
	count429 int

	updates    updateQueue
	hook       webhook
	deliveries []Delivery
	chats      map[int64]*chat
	files      map[string]*file
	paths      map[string]*file // files by file_path, for downloads
	nextFile   int
	callbacks  map[string]bool // callback_query id → answered
	nextQuery  int
	nextGroup  int64 // media_group_id counter
	commands   map[string][]Command
	faults     map[string][]fault
	limits     rateLimits

	onSend func(Message) // WithOnSend: called for every sendMessage stored

	messageOfUpdate map[int64]int // message_id carried by each queued update, for MessageIDOf
}

// Option configures a Server.
type Option func(*Server)

// WithoutRequestLog keeps only counts of requests, not the requests
// themselves, so a long benchmark does not hold every upload in memory.
// Requests and WaitRequest then see nothing.
func WithoutRequestLog() Option { return func(s *Server) { s.noLog = true } }

// New starts a fake Bot API server; t.Cleanup closes it.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	sp, err := loadSpec()
	if err != nil {
		t.Fatalf("telegramtest: %v", err)
	}
	s := &Server{
		t:         t,
		spec:      sp,
		changed:   make(chan struct{}),
		closed:    make(chan struct{}),
		counts:    map[string]int{},
		chats:     map[int64]*chat{},
		files:     map[string]*file{},
		paths:     map[string]*file{},
		callbacks: map[string]bool{},
		commands:  map[string][]Command{},
		faults:    map[string][]fault{},
		updates:   updateQueue{nextID: 1},

		messageOfUpdate: map[int64]int{},
	}
	for _, o := range opts {
		o(s)
	}
	s.http = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	t.Cleanup(s.Close)
	return s
}

// URL is the server's base URL without a trailing slash, for bot.WithServerURL.
func (s *Server) URL() string { return s.http.URL }

// Client returns an HTTP client that keeps connections to the server alive.
func (s *Server) Client() *http.Client { return s.http.Client() }

// Close releases long polls, stops webhook delivery and shuts the server
// down. It is safe to call more than once.
func (s *Server) Close() {
	s.mu.Lock()
	select {
	case <-s.closed:
		s.mu.Unlock()
		return
	default:
	}
	close(s.closed)
	s.notifyLocked()
	s.mu.Unlock()
	s.http.CloseClientConnections()
	s.http.Close()
	s.wg.Wait()
}

// notifyLocked wakes everyone waiting for a change. s.mu must be held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// apiError is an unsuccessful Bot API answer.
type apiError struct {
	code        int
	description string
	retryAfter  int
	migrateTo   int64
}

func errBadRequest(desc string) *apiError {
	return &apiError{code: http.StatusBadRequest, description: "Bad Request: " + desc}
}

// call is one validated request being answered.
type call struct {
	Request
	r *http.Request
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if rest, ok := strings.CutPrefix(path, "/file/bot"); ok {
		s.serveFile(w, rest)
		return
	}
	rest, ok := strings.CutPrefix(path, "/bot")
	if !ok {
		writeError(w, &apiError{code: http.StatusNotFound, description: "Not Found"})
		return
	}
	token, name, ok := strings.Cut(rest, "/")
	if !ok || token != Token {
		writeError(w, &apiError{code: http.StatusUnauthorized, description: "Unauthorized"})
		return
	}
	m := s.spec[strings.ToLower(name)]
	if m == nil {
		s.t.Errorf("telegramtest: unknown Bot API method %q", name)
		writeError(w, &apiError{code: http.StatusNotFound, description: "Not Found"})
		return
	}
	req, err := parseRequest(r)
	req.Method = m.name
	req.At = time.Now()
	if err != nil && clientGone(r, err) {
		return // the bot hung up mid-request (a cancelled call): not a protocol violation
	}
	if err != nil {
		s.t.Errorf("telegramtest: %s: %v", m.name, err)
		s.answer(w, req, nil, errBadRequest(err.Error()))
		return
	}
	if problems := validate(m, &req); len(problems) > 0 {
		s.t.Errorf("telegramtest: %s: %s", m.name, strings.Join(problems, "; "))
		s.answer(w, req, nil, errBadRequest(problems[0]))
		return
	}
	c := &call{Request: req, r: r}
	if m.name == "getUpdates" {
		result, aerr := s.getUpdates(c)
		s.answer(w, req, result, aerr)
		return
	}
	s.mu.Lock()
	aerr := s.faultLocked(c)
	var result any
	if aerr == nil {
		result, aerr = s.dispatchLocked(c)
	}
	s.mu.Unlock()
	s.answer(w, req, result, aerr)
}

// answer records the request with its status and writes the answer.
func (s *Server) answer(w http.ResponseWriter, req Request, result any, aerr *apiError) {
	req.Status = http.StatusOK
	if aerr != nil {
		req.Status = aerr.code
	}
	s.mu.Lock()
	if !s.noLog {
		s.requests = append(s.requests, req)
	}
	s.counts[req.Method]++
	if req.Status == http.StatusTooManyRequests {
		s.count429++
	}
	s.notifyLocked()
	s.mu.Unlock()
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	writeResult(w, result)
}

func writeResult(w http.ResponseWriter, result any) {
	body, err := json.Marshal(struct {
		OK     bool `json:"ok"`
		Result any  `json:"result"`
	}{true, result})
	if err != nil {
		writeError(w, &apiError{code: http.StatusInternalServerError, description: "Internal Server Error: " + err.Error()})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}

func writeError(w http.ResponseWriter, e *apiError) {
	type params struct {
		RetryAfter      int   `json:"retry_after,omitempty"`
		MigrateToChatID int64 `json:"migrate_to_chat_id,omitempty"`
	}
	resp := struct {
		OK          bool    `json:"ok"`
		ErrorCode   int     `json:"error_code"`
		Description string  `json:"description"`
		Parameters  *params `json:"parameters,omitempty"`
	}{ErrorCode: e.code, Description: e.description}
	if e.retryAfter != 0 || e.migrateTo != 0 {
		resp.Parameters = &params{RetryAfter: e.retryAfter, MigrateToChatID: e.migrateTo}
	}
	body, _ := json.Marshal(resp)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.code)
	_, _ = w.Write(body)
}

// clientGone reports that reading the request failed because the client
// went away (its context was cancelled, or the server is closing), rather
// than because the request was malformed.
func clientGone(r *http.Request, err error) bool {
	var netErr net.Error
	return r.Context().Err() != nil || errors.As(err, &netErr) || errors.Is(err, net.ErrClosed) ||
		errors.Is(err, io.ErrUnexpectedEOF)
}
