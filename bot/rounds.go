package bot

import (
	"context"
	"fmt"
	"time"

	"posko/storage/postgres"
)

// round reads due rows that this process does not hold and starts a
// delivery for every chat that is neither being delivered nor held back,
// as far as free slots allow.
func (s *Sender) round(ctx context.Context) error {
	s.mu.Lock()
	clear(s.released)
	clear(s.touched)
	skip := make([]int64, 0, len(s.busy)+len(s.held))
	for chatID := range s.busy {
		skip = append(skip, chatID)
	}
	for chatID := range s.held {
		skip = append(skip, chatID)
	}
	s.mu.Unlock()
	rows, err := s.outbox.DueOutbox(ctx, s.opt.Batch, skip...)
	if err != nil {
		return fmt.Errorf("due outbox: %w", err)
	}
	if s.forgetExpiredHolds() {
		s.Kick() // the read skipped those chats: the next round delivers their rows
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	defer func() {
		s.started = true
		s.startReadyLocked()
	}()
	// The rows this process holds already (queued, being delivered, or
	// delivered and not yet recorded sent) are not the round's.
	var chats [][]postgres.OutboxRow
	for _, chat := range groupByChat(rows) {
		fresh := chat[:0:0]
		for _, row := range chat {
			if _, ok := s.owned[row.ID]; !ok {
				fresh = append(fresh, row)
			}
		}
		if len(fresh) > 0 {
			chats = append(chats, fresh)
		}
	}
	if len(rows) < s.opt.Batch {
		// The read was whole: a chat it did not return and that nothing
		// left to the database since has no rows waiting there any more.
		seen := make(map[int64]bool, len(chats)+len(skip))
		for _, chat := range chats {
			seen[chat[0].Msg.ChatID] = true
		}
		for _, chatID := range skip {
			seen[chatID] = true
		}
		for chatID := range s.dbOnly {
			if !seen[chatID] && !s.busy[chatID] && !s.touched[chatID] {
				delete(s.dbOnly, chatID)
			}
		}
	}
	for _, chat := range chats {
		chatID := chat[0].Msg.ChatID
		if !s.claimableLocked(chatID) {
			continue
		}
		if s.active >= s.opt.Concurrency {
			s.roundWanted = true // the next free slot kicks a round
			return nil
		}
		if chat[0].Blocked {
			s.blocked[chatID] = true
		} else {
			delete(s.blocked, chatID) // the user wrote again
		}
		s.busy[chatID] = true
		s.dbOnly[chatID] = true // until a whole read finds nothing more
		for _, row := range chat {
			s.owned[row.ID] = struct{}{}
			s.rememberLocked(row.ID)
		}
		s.active++
		s.wg.Add(1)
		go s.deliveries(ctx, chatID, chat)
	}
	return nil
}

// prime marks the chats that have rows waiting in the database when Run
// starts (left by a previous process, or rescheduled by it) as dbOnly, so
// their new rows wait behind the old ones until a whole round finds none of
// theirs left, however many rounds the backlog takes. A chat with rows
// waiting for a retry is also held until the last of them is due: DueOutbox
// does not return such rows, so without the hold a whole round would find
// nothing of the chat and put it back on the fast path too early.
func (s *Sender) prime(ctx context.Context) error {
	chats, err := s.outbox.PendingChats(ctx)
	if err != nil {
		return fmt.Errorf("pending chats: %w", err)
	}
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range chats {
		s.dbOnly[c.ChatID] = true
		if c.WaitsUntil.After(now) {
			s.holdLocked(c.ChatID, c.WaitsUntil.Add(clockMargin))
		}
	}
	return nil
}

// claimableLocked reports whether a round may start delivering chatID: no
// delivery owns it, none finished since the round read, and it is not held
// back. s.mu is held.
func (s *Sender) claimableLocked(chatID int64) bool {
	if s.busy[chatID] || s.released[chatID] {
		return false
	}
	until, ok := s.held[chatID]
	return !ok || !time.Now().Before(until)
}

// rememberLocked notes that a round took row id. s.mu is held.
func (s *Sender) rememberLocked(id int64) {
	if time.Since(s.recentAt) > recentWindow {
		s.recent[1], s.recent[0] = s.recent[0], map[int64]struct{}{}
		s.recentAt = time.Now()
	}
	s.recent[0][id] = struct{}{}
}

// groupByChat splits rows (in id order) by chat, keeping the order within
// each chat and ordering chats by their oldest row.
func groupByChat(rows []postgres.OutboxRow) [][]postgres.OutboxRow {
	index := map[int64]int{}
	var groups [][]postgres.OutboxRow
	for _, r := range rows {
		i, ok := index[r.Msg.ChatID]
		if !ok {
			i = len(groups)
			index[r.Msg.ChatID] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], r)
	}
	return groups
}

// forgetExpiredHolds lets the chats whose hold has passed be claimed again,
// and reports whether there were any. A round calls it after its read, so
// the read still skipped them and the next round sees their rows.
func (s *Sender) forgetExpiredHolds() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	forgot := false
	for chatID, until := range s.held {
		if !now.Before(until) {
			delete(s.held, chatID)
			forgot = true
		}
	}
	return forgot
}

// hold keeps rounds away from chatID until until (its head row was
// rescheduled for then), and Submit leaves its new rows to the database.
func (s *Sender) hold(chatID int64, until time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holdLocked(chatID, until)
}

// holdLocked holds chatID until until, or longer when it is held longer
// already, and wakes the sender then: the chat's rows are due, and waiting
// for PollInterval would delay them. s.mu is held.
func (s *Sender) holdLocked(chatID int64, until time.Time) {
	if cur, ok := s.held[chatID]; ok && !cur.Before(until) {
		return
	}
	s.held[chatID] = until
	time.AfterFunc(time.Until(until), s.Kick)
}
