package bot

import (
	"context"
	"log/slog"
	"time"

	"posko/storage/postgres"
)

// pendingMark is a delivered row waiting to be recorded sent.
type pendingMark struct {
	sent postgres.Sent
	chat int64
}

// markSent queues a delivered row to be recorded sent by the flusher. Its
// id stays owned until then, so no round delivers it again.
func (s *Sender) markSent(sent postgres.Sent, chatID int64) {
	s.mu.Lock()
	s.marks = append(s.marks, pendingMark{sent: sent, chat: chatID})
	n := len(s.marks)
	s.mu.Unlock()
	if n == 1 {
		signal(s.marked)
	}
	if n >= s.opt.FlushBatch {
		signal(s.full)
	}
}

// flushMarks records delivered rows as sent, many in one statement: at most
// FlushInterval after the first of them was delivered, or as soon as
// FlushBatch wait. It retries while the database is unreachable. When stop
// is closed (every delivery has ended) it records what is left, trying for
// a while even though ctx is done, since those messages reached the user.
func (s *Sender) flushMarks(ctx context.Context, stop <-chan struct{}) {
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		select {
		case <-s.marked:
		case <-stop:
			s.flush(ctx, true)
			return
		}
		timer.Reset(s.opt.FlushInterval)
		select {
		case <-timer.C:
		case <-s.full:
		case <-stop:
		}
		s.flush(ctx, false)
	}
}

// flush records the pending marks, retrying until it succeeds; final gives
// up after a while once ctx is done.
func (s *Sender) flush(ctx context.Context, final bool) {
	wait := 100 * time.Millisecond
	deadline := time.Now().Add(10 * time.Second)
	for {
		s.mu.Lock()
		marks := s.marks
		s.marks = nil
		s.mu.Unlock()
		if len(marks) == 0 {
			return
		}
		sent := make([]postgres.Sent, len(marks))
		for i, m := range marks {
			sent[i] = m.sent
		}
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		err := s.outbox.MarkSent(rctx, sent)
		cancel()
		s.mu.Lock()
		if err == nil {
			for _, m := range marks {
				delete(s.owned, m.sent.ID)
				s.released[m.chat] = true // a round reading before this must not trust its read
			}
			s.mu.Unlock()
			if !final {
				return
			}
			continue
		}
		s.marks = append(marks, s.marks...) // retried with what came meanwhile
		s.mu.Unlock()
		if (final || ctx.Err() != nil) && time.Now().After(deadline) {
			s.log.ErrorContext(ctx, "delivered messages not recorded as sent; they may be sent again",
				slog.Int("rows", len(marks)), slog.Any("err", err))
			return
		}
		s.log.WarnContext(ctx, "record outbox rows sent failed; retrying", slog.Int("rows", len(marks)), slog.Any("err", err))
		time.Sleep(wait)
		wait = min(wait*2, 5*time.Second)
	}
}
