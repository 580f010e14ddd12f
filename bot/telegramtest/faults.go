package telegramtest

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// fault is an error the next calls of a method answer.
type fault struct {
	remaining  int
	code       int
	retryAfter int
}

// FailNext makes the next n calls of method answer the HTTP error code
// (a 429 carries retryAfter seconds). method "" matches every method but
// getUpdates. Faults of one method are used in the order they were set.
func (s *Server) FailNext(method string, n int, code int, retryAfter int) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[method] = append(s.faults[method], fault{remaining: n, code: code, retryAfter: retryAfter})
}

// BlockChat makes every call addressed to chatID answer 403, as Telegram
// does once a user blocks the bot (or removes it from a group).
func (s *Server) BlockChat(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chatLocked(chatID).blocked = true
}

// UnblockChat undoes BlockChat: the user wrote to the bot again.
func (s *Server) UnblockChat(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chatLocked(chatID).blocked = false
}

// MigrateChat makes every call addressed to the group from answer 400 with
// migrate_to_chat_id to, as Telegram does after a group became a supergroup.
func (s *Server) MigrateChat(from, to int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chatLocked(from).migrateTo = to
}

// WithRateLimits makes the fake answer 429 (retry_after 1) when the bot sends
// more than global messages per second in all, or more than perChatPerSec to
// one chat. Zero disables a limit. Count429 counts the refusals.
func WithRateLimits(global int, perChatPerSec int) Option {
	return func(s *Server) {
		s.limits = rateLimits{global: global, perChat: perChatPerSec, perChatCount: map[int64]int{}}
	}
}

// Count429 is the number of 429 answers given, from rate limits or FailNext.
func (s *Server) Count429() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count429
}

// rateLimits counts sends in fixed one-second windows.
type rateLimits struct {
	global, perChat int
	window          int64
	total           int
	perChatCount    map[int64]int
}

// allow counts one send to chatID and reports whether it is within the limits.
func (l *rateLimits) allow(chatID int64, now time.Time) bool {
	if l.global == 0 && l.perChat == 0 {
		return true
	}
	if sec := now.Unix(); sec != l.window {
		l.window, l.total = sec, 0
		clear(l.perChatCount)
	}
	if l.global > 0 && l.total >= l.global {
		return false
	}
	if l.perChat > 0 && l.perChatCount[chatID] >= l.perChat {
		return false
	}
	l.total++
	l.perChatCount[chatID]++
	return true
}

// isSend reports whether a method delivers a message (and so counts against rate limits).
func isSend(method string) bool {
	return (strings.HasPrefix(method, "send") && method != "sendChatAction") ||
		strings.HasPrefix(method, "copyMessage") || strings.HasPrefix(method, "forwardMessage")
}

// faultLocked answers the injected faults, blocked and migrated chats and
// rate limits before a method runs. s.mu must be held.
func (s *Server) faultLocked(c *call) *apiError {
	for _, key := range []string{c.Method, ""} {
		fs := s.faults[key]
		if len(fs) == 0 || (key == "" && c.Method == "getUpdates") {
			continue
		}
		f := &fs[0]
		f.remaining--
		if f.remaining <= 0 {
			s.faults[key] = fs[1:]
		}
		return faultError(f.code, f.retryAfter)
	}
	chatID, ok := chatParam(c.Params, "chat_id")
	if !ok {
		return nil
	}
	if ch := s.chats[chatID]; ch != nil {
		if ch.blocked {
			if chatID > 0 {
				return &apiError{code: http.StatusForbidden, description: "Forbidden: bot was blocked by the user"}
			}
			return &apiError{code: http.StatusForbidden, description: "Forbidden: bot was kicked from the group chat"}
		}
		if ch.migrateTo != 0 {
			return &apiError{code: http.StatusBadRequest, description: "Bad Request: group chat was upgraded to a supergroup chat", migrateTo: ch.migrateTo}
		}
	}
	if isSend(c.Method) && !s.limits.allow(chatID, c.At) {
		return faultError(http.StatusTooManyRequests, 1)
	}
	return nil
}

// faultError builds the answer Telegram gives with an HTTP error code.
func faultError(code, retryAfter int) *apiError {
	e := &apiError{code: code, description: fmt.Sprintf("%d %s", code, http.StatusText(code))}
	switch code {
	case http.StatusTooManyRequests:
		e.description = fmt.Sprintf("Too Many Requests: retry after %d", retryAfter)
		e.retryAfter = retryAfter
	case http.StatusForbidden:
		e.description = "Forbidden: bot was blocked by the user"
	case http.StatusBadRequest:
		e.description = "Bad Request: injected fault"
	case http.StatusUnauthorized:
		e.description = "Unauthorized"
	case http.StatusInternalServerError:
		e.description = "Internal Server Error"
	case http.StatusBadGateway:
		e.description = "Bad Gateway"
	}
	return e
}
