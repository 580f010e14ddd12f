package bot

import (
	"context"

	"posko/storage/postgres"
)

// startReadyLocked starts deliveries of ready chats while slots are free.
// s.mu is held.
func (s *Sender) startReadyLocked() {
	for s.running && s.started && s.active < s.opt.Concurrency {
		chatID, ok := s.nextReadyLocked()
		if !ok {
			return
		}
		s.active++
		s.wg.Add(1)
		go s.deliveries(s.runCtx, chatID, nil)
	}
}

// nextReadyLocked claims the oldest ready chat that still has queued rows
// and no delivery. s.mu is held.
func (s *Sender) nextReadyLocked() (int64, bool) {
	for len(s.ready) > 0 {
		chatID := s.ready[0]
		s.ready = s.ready[1:]
		if !s.busy[chatID] && len(s.queued[chatID]) > 0 {
			s.busy[chatID] = true
			return chatID, true
		}
	}
	s.ready = nil
	return 0, false
}

// releaseLocked ends a delivery's hold on chatID. s.mu is held.
func (s *Sender) releaseLocked(chatID int64) {
	delete(s.busy, chatID)
	s.released[chatID] = true
	if len(s.queued[chatID]) > 0 {
		s.ready = append(s.ready, chatID)
	}
}

// deliveries runs in one of the Concurrency slots: it delivers chatID
// (first rows, read by a round, then what was submitted), then the next
// ready chat, until none is ready.
func (s *Sender) deliveries(ctx context.Context, chatID int64, rows []postgres.OutboxRow) {
	defer s.wg.Done()
	for {
		if s.deliverChat(ctx, chatID, rows) {
			s.Kick()
		}
		s.mu.Lock()
		next, ok := s.nextReadyLocked()
		if !ok || !s.running || ctx.Err() != nil {
			if ok {
				s.releaseLocked(next)
			}
			s.active--
			wanted := s.roundWanted
			s.roundWanted = false
			s.mu.Unlock()
			if wanted {
				s.Kick()
			}
			return
		}
		s.mu.Unlock()
		chatID, rows = next, nil
	}
}

// chatRun is what one chat's delivery learned that applies to its later rows.
type chatRun struct {
	blocked       bool
	movedFrom, to int64
	claimedTo     bool // this delivery marked the chat moved to busy
}

// deliverChat delivers rows, then the chat's submitted rows as they come,
// in order, and records the outcomes. It stops at the first row that has to
// wait (rescheduled, blocked chat, ctx done), leaving the rest to a round.
// It reports whether a round should look at the chat next.
func (s *Sender) deliverChat(ctx context.Context, chatID int64, rows []postgres.OutboxRow) (kick bool) {
	var run chatRun
	fromRound := len(rows) > 0
	defer func() {
		if run.claimedTo {
			s.mu.Lock()
			s.releaseLocked(run.to)
			s.startReadyLocked()
			s.mu.Unlock()
		}
	}()
	submitted := !fromRound
	for {
		for len(rows) > 0 {
			if submitted && gathering(rows[0]) {
				// Its album is still gathering in the outbox: the chat waits
				// for it there, and the rest with it.
				s.hold(chatID, gatherDue(rows[0]))
				return s.stopChat(chatID, rows)
			}
			if ctx.Err() != nil || !s.deliverRow(ctx, rows[0], &run) {
				return s.stopChat(chatID, rows)
			}
			rows = rows[1:]
		}
		submitted = true
		s.mu.Lock()
		rows = s.queued[chatID]
		delete(s.queued, chatID)
		if len(rows) == 0 {
			// A receipt queued for the chat meanwhile (dbOnly) waits for a round.
			kick = fromRound || s.dbOnly[chatID]
			s.releaseLocked(chatID)
			s.mu.Unlock()
			return kick
		}
		s.mu.Unlock()
		if run.blocked {
			// Whether the chat is still blocked (the user may have written
			// again) is for the database to say: a round reads it.
			return s.stopChat(chatID, rows)
		}
	}
}

// stopChat hands rows (not delivered; the first one's outcome, if any, is
// recorded) and the chat's queued rows back to the database, whence a round
// delivers them in order, and releases the chat.
func (s *Sender) stopChat(chatID int64, rows []postgres.OutboxRow) (kick bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, row := range rows {
		delete(s.owned, row.ID)
	}
	for _, row := range s.queued[chatID] {
		delete(s.owned, row.ID)
	}
	delete(s.queued, chatID)
	s.dbOnly[chatID] = true
	s.touched[chatID] = true
	s.releaseLocked(chatID)
	return true
}
