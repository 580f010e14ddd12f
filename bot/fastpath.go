package bot

import (
	"time"

	"posko/conversation"
	"posko/storage/postgres"
)

// Submit hands the sender rows an update's transaction has just committed
// (ids set, in order per chat). It delivers them without reading the
// database: behind anything of the same chat queued or under way, and in
// parallel with other chats. Rows a recovery round took already are
// dropped; the rows of a chat that has rows waiting in the database (a
// rescheduled one, a blocked chat, rows left by a previous process) are
// left to a round, and so are all rows until Run's first round has run.
// A media group still gathering its album (Outgoing.Gather) is left to the
// database too, its chat held until the row is due, so the chat's later
// rows stay behind it.
// Submit never blocks on I/O; when Run is not running, rows stay for its
// first round.
func (s *Sender) Submit(rows []postgres.OutboxRow) {
	if len(rows) == 0 {
		return
	}
	kick := false
	s.mu.Lock()
	if !s.running {
		s.mu.Unlock()
		return // committed: Run's first round reads them
	}
	now := time.Now()
	for _, row := range rows {
		if s.knownLocked(row.ID) {
			continue
		}
		chatID := row.Msg.ChatID
		if s.busy[chatID] {
			s.queueLocked(row) // a gathering row stops the delivery when it comes up (deliverChat)
			continue
		}
		if gathering(row) {
			s.holdLocked(chatID, gatherDue(row))
		}
		until, held := s.held[chatID]
		if !s.started || held || s.dbOnly[chatID] || s.blocked[chatID] {
			// Committed, so in the database: a round delivers it after what
			// waits there (and may have read before the commit: touched).
			s.dbOnly[chatID] = true
			s.touched[chatID] = true
			kick = kick || !held || !now.Before(until)
			continue
		}
		s.queueLocked(row)
	}
	s.startReadyLocked()
	s.mu.Unlock()
	if kick {
		s.Kick()
	}
}

// knownLocked reports whether row id is in this process's hands already,
// or was taken by a recent round. s.mu is held.
func (s *Sender) knownLocked(id int64) bool {
	if _, ok := s.owned[id]; ok {
		return true
	}
	_, r0 := s.recent[0][id]
	_, r1 := s.recent[1][id]
	return r0 || r1
}

// queueLocked queues a submitted row behind its chat's. s.mu is held.
func (s *Sender) queueLocked(row postgres.OutboxRow) {
	chatID := row.Msg.ChatID
	s.owned[row.ID] = struct{}{}
	if len(s.queued[chatID]) == 0 && !s.busy[chatID] {
		s.ready = append(s.ready, chatID)
	}
	s.queued[chatID] = append(s.queued[chatID], row)
}

// clockMargin is how long after a row's AvailableAt (set by the database's
// clock) the sender looks for it, so that a clock running slightly ahead of
// the database's does not read the row before it is due.
const clockMargin = 50 * time.Millisecond

// gathering reports whether a submitted row waits in the outbox: a media
// group gathering the rest of its album (Outgoing.Gather). Only the
// database holds its merged payload, so a round delivers it once it is due.
func gathering(row postgres.OutboxRow) bool {
	return row.Msg.Gather != "" || !row.AvailableAt.IsZero()
}

// gatherDue is when a gathering row is due, by this process's clock.
func gatherDue(row postgres.OutboxRow) time.Time {
	at := row.AvailableAt
	if at.IsZero() {
		at = time.Now().Add(conversation.GatherWindow) // its window started at the commit, just now
	}
	return at.Add(clockMargin)
}
