package telegramtest

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Requests lists the requests the bot made to method ("" for all), oldest
// first, including those the fake refused (see Request.Status).
func (s *Server) Requests(method string) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	if method == "" {
		return append([]Request(nil), s.requests...)
	}
	var out []Request
	for _, r := range s.requests {
		if r.Method == method {
			out = append(out, r)
		}
	}
	return out
}

// Count is the number of requests the bot made to method ("" for all),
// refused ones included.
func (s *Server) Count(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if method != "" {
		return s.counts[method]
	}
	n := 0
	for _, c := range s.counts {
		n += c
	}
	return n
}

// WaitRequest waits until the bot has made a request to method ("" for any)
// that matches (nil matches all) and returns it. On timeout it fails the
// test, listing the requests received.
func (s *Server) WaitRequest(t testing.TB, method string, match func(Request) bool, timeout time.Duration) Request {
	t.Helper()
	var found Request
	ok := s.wait(timeout, func() bool {
		for _, r := range s.requests {
			if (method == "" || r.Method == method) && (match == nil || match(r)) {
				found = r
				return true
			}
		}
		return false
	})
	if !ok {
		var b strings.Builder
		s.mu.Lock()
		for _, r := range s.requests {
			fmt.Fprintf(&b, "  %s %d %v\n", r.Method, r.Status, r.Params)
		}
		s.mu.Unlock()
		t.Fatalf("telegramtest: no matching %s request within %v; received:\n%s", method, timeout, b.String())
	}
	return found
}

// Eventually waits until cond is true, checking it again after every
// change the fake observes (a request, an update, a webhook delivery). cond
// may call the Server's methods. On timeout it fails the test with what.
func (s *Server) Eventually(t testing.TB, what string, cond func() bool, timeout time.Duration) {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		changed := s.changed
		s.mu.Unlock()
		if cond() {
			return
		}
		select {
		case <-changed:
		case <-deadline.C:
			if !cond() {
				t.Fatalf("telegramtest: %s: not within %v", what, timeout)
			}
			return
		}
	}
}
