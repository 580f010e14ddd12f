package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"

	"posko/conversation"
	"posko/storage/postgres"
)

// Outbox is the PostgreSQL outbox as the sender uses it.
type Outbox interface {
	// DueOutbox returns at most limit rows that are due, in id order. It
	// should not return a row while an earlier row of the same chat waits
	// for a retry; the sender also holds such chats back on its own.
	DueOutbox(ctx context.Context, limit int, skip ...int64) ([]postgres.OutboxRow, error)
	// MarkSent records delivered rows with Telegram's message ids.
	MarkSent(ctx context.Context, sent []postgres.Sent) error
	// RetryLater counts a failed attempt, records how many of the row's
	// parts were delivered, and makes the row due again at at.
	RetryLater(ctx context.Context, id int64, at time.Time, partsSent int, reason string) error
	// MarkFailed gives up on a row for good.
	MarkFailed(ctx context.Context, id int64, reason string) error
	// MarkBlocked records that the chat blocked the bot (or removed it).
	MarkBlocked(ctx context.Context, chatID int64) error
	// MigrateChat moves a group that became a supergroup, pending rows included.
	MigrateChat(ctx context.Context, from, to int64) error
}

// Limiter keeps Telegram's sending limits, shared by every replica.
type Limiter interface {
	// Wait blocks until one more message may be sent to chatID.
	Wait(ctx context.Context, chatID int64) error
}

// SenderOptions tune a Sender. Zero values take the defaults.
type SenderOptions struct {
	Batch            int                             // rows read per recovery round (default 100)
	Concurrency      int                             // chats delivered at once (default 16)
	PollInterval     time.Duration                   // how often to look for due rows when not kicked (default 5s)
	MaxInlineRetries int                             // retries of a 5xx or network error before rescheduling (default 2; negative: none)
	Backoff          func(attempt int) time.Duration // wait after the attempt-th consecutive failure, from 1 (default 1s doubling, at most 10 min)
	MaxAttempts      int                             // rescheduled deliveries of one row before it is failed for good (default 20, about a day)
	FlushInterval    time.Duration                   // longest a delivered row waits to be recorded as sent (default 5ms)
	FlushBatch       int                             // delivered rows that trigger recording at once (default 100)
}

func (o SenderOptions) withDefaults() SenderOptions {
	if o.Batch <= 0 {
		o.Batch = 100
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 16
	}
	if o.PollInterval <= 0 {
		o.PollInterval = 5 * time.Second
	}
	switch {
	case o.MaxInlineRetries == 0:
		o.MaxInlineRetries = 2
	case o.MaxInlineRetries < 0:
		o.MaxInlineRetries = 0
	}
	if o.Backoff == nil {
		o.Backoff = defaultSendBackoff
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 20
	}
	if o.FlushInterval <= 0 {
		o.FlushInterval = 5 * time.Millisecond
	}
	if o.FlushBatch <= 0 {
		o.FlushBatch = 100
	}
	return o
}

func defaultSendBackoff(attempt int) time.Duration {
	if attempt > 10 {
		return 10 * time.Minute
	}
	return min(time.Second<<max(attempt-1, 0), 10*time.Minute)
}

// recentWindow is how long the ids of rows a recovery round took are
// remembered, so that the worker's Submit of the same rows (committed just
// before the round read them) is dropped rather than delivered twice.
const recentWindow = time.Minute

// Sender delivers the outbox to Telegram: each chat's rows strictly in
// order, different chats in parallel, within the shared rate limits, riding
// out 429s, 5xx and network errors, and recording blocked and migrated chats.
//
// Rows reach it two ways. The fast path: Submit hands it the rows an
// update's transaction just committed, and it delivers them from memory.
// Recovery rounds: DueOutbox reads what memory does not hold (rows of a
// previous process, of db.Enqueue, rescheduled ones) at start, when kicked
// and every PollInterval. Delivered rows are recorded sent in batches by
// one flusher; until then their ids stay in owned, so no round reads and
// delivers them again.
type Sender struct {
	api     *tgbot.Bot
	outbox  Outbox
	limiter Limiter
	metrics *Metrics
	log     *slog.Logger
	opt     SenderOptions
	kick    chan struct{}
	marked  chan struct{} // a delivered row waits to be recorded
	full    chan struct{} // FlushBatch delivered rows wait to be recorded

	mu      sync.Mutex
	running bool            // Run is delivering; deliveries may start
	started bool            // the first recovery round has claimed its chats
	runCtx  context.Context // Run's context, for deliveries Submit starts
	wg      sync.WaitGroup  // delivery goroutines
	active  int             // delivery goroutines running (at most Concurrency)

	busy map[int64]bool      // chats a delivery goroutine owns now
	held map[int64]time.Time // chats whose head row was rescheduled, until then
	// released holds the chats whose delivery finished, or whose delivered
	// rows were recorded sent, since the current round read the outbox: that
	// read may predate those records, so they wait for the next round.
	released map[int64]bool
	queued   map[int64][]postgres.OutboxRow // submitted rows per chat, behind its delivery under way
	ready    []int64                        // chats with queued rows waiting for a free slot, oldest first
	// owned holds the ids of rows this process is responsible for: queued,
	// being delivered, or delivered and not yet recorded sent.
	owned map[int64]struct{}
	// recent holds the ids of rows recovery rounds took lately ([0] newer,
	// swapped every recentWindow).
	recent   [2]map[int64]struct{}
	recentAt time.Time
	// dbOnly holds the chats that may have pending rows only the database
	// knows of (a rescheduled row and what was queued behind it): their new
	// rows wait in the database for a round, to keep the chat's order.
	dbOnly  map[int64]bool
	touched map[int64]bool // chats whose rows were left to the database since the current round read
	blocked map[int64]bool // chats this process found blocked; their rows go through rounds
	marks   []pendingMark  // delivered rows not yet recorded sent
	// roundWanted records that a round found chats to deliver but no free
	// slot; the next delivery goroutine to finish kicks a round.
	roundWanted bool
}

// pendingMark is a delivered row waiting to be recorded sent.
type pendingMark struct {
	sent postgres.Sent
	chat int64
}

// NewSender returns a Sender; Run starts it.
func NewSender(api *tgbot.Bot, outbox Outbox, limiter Limiter, metrics *Metrics, logger *slog.Logger, opt SenderOptions) *Sender {
	return &Sender{
		api:      api,
		outbox:   outbox,
		limiter:  limiter,
		metrics:  metrics,
		log:      logger,
		opt:      opt.withDefaults(),
		kick:     make(chan struct{}, 1),
		marked:   make(chan struct{}, 1),
		full:     make(chan struct{}, 1),
		busy:     map[int64]bool{},
		held:     map[int64]time.Time{},
		released: map[int64]bool{},
		queued:   map[int64][]postgres.OutboxRow{},
		owned:    map[int64]struct{}{},
		recent:   [2]map[int64]struct{}{{}, {}},
		recentAt: time.Now(),
		dbOnly:   map[int64]bool{},
		touched:  map[int64]bool{},
		blocked:  map[int64]bool{},
	}
}

// Kick tells the sender that new rows may be due. It never blocks.
func (s *Sender) Kick() {
	signal(s.kick)
}

func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// Submit hands the sender rows an update's transaction has just committed
// (ids set, in order per chat). It delivers them without reading the
// database: behind anything of the same chat queued or under way, and in
// parallel with other chats. Rows a recovery round took already are
// dropped; the rows of a chat that has rows waiting in the database (a
// rescheduled one, a blocked chat) are left to a round. Submit never blocks
// on I/O; when Run is not running, rows stay for its first round.
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
			s.queueLocked(row)
			continue
		}
		until, held := s.held[chatID]
		if held || s.dbOnly[chatID] || s.blocked[chatID] {
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

// Run delivers until ctx is done, then waits for deliveries in flight to
// stop, records what they delivered, and returns nil. Besides submitted
// rows, it looks for due rows at start, when kicked, when a recovery
// delivery finishes, and every PollInterval.
func (s *Sender) Run(ctx context.Context) error {
	s.mu.Lock()
	s.running, s.runCtx = true, ctx
	s.mu.Unlock()
	flushed := make(chan struct{})
	stopFlusher := make(chan struct{})
	go func() {
		defer close(flushed)
		s.flushMarks(ctx, stopFlusher)
	}()
	defer func() {
		s.mu.Lock()
		s.running = false
		s.mu.Unlock()
		s.wg.Wait()
		close(stopFlusher)
		<-flushed
		s.forget()
	}()
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-s.kick:
		case <-timer.C:
		}
		if err := s.round(ctx); err != nil && ctx.Err() == nil {
			s.log.ErrorContext(ctx, "read due outbox rows", slog.Any("err", err))
		}
		timer.Reset(s.opt.PollInterval)
	}
}

// forget drops what memory knew of the outbox when Run stops: the rows are
// in the database, and another replica may deliver them before this one
// leads again.
func (s *Sender) forget() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.started = false
	s.ready = nil
	for _, m := range []map[int64]bool{s.busy, s.released, s.dbOnly, s.touched, s.blocked} {
		clear(m)
	}
	clear(s.held)
	clear(s.queued)
	clear(s.owned)
	s.recent = [2]map[int64]struct{}{{}, {}}
	s.marks = nil
}

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
	s.forgetExpiredHolds()

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

// releaseLocked ends a delivery's hold on chatID. s.mu is held.
func (s *Sender) releaseLocked(chatID int64) {
	delete(s.busy, chatID)
	s.released[chatID] = true
	if len(s.queued[chatID]) > 0 {
		s.ready = append(s.ready, chatID)
	}
}

func (s *Sender) forgetExpiredHolds() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	for chatID, until := range s.held {
		if !now.Before(until) {
			delete(s.held, chatID)
		}
	}
}

func (s *Sender) hold(chatID int64, until time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.held[chatID] = until
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
	for {
		for len(rows) > 0 {
			if ctx.Err() != nil || !s.deliverRow(ctx, rows[0], &run) {
				return s.stopChat(chatID, rows)
			}
			rows = rows[1:]
		}
		s.mu.Lock()
		rows = s.queued[chatID]
		delete(s.queued, chatID)
		if len(rows) == 0 {
			s.releaseLocked(chatID)
			s.mu.Unlock()
			return fromRound
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

// deliverRow delivers one row and records its outcome; false means the
// chat's later rows must wait for a later round.
func (s *Sender) deliverRow(ctx context.Context, row postgres.OutboxRow, run *chatRun) bool {
	msg := row.Msg
	log := s.log.With(slog.Int64("outbox_id", row.ID), slog.Int64("chat", msg.ChatID))
	if run.to != 0 && msg.ChatID == run.movedFrom {
		msg.ChatID = run.to
	}
	if row.Blocked || run.blocked {
		s.finish(ctx, log, func(ctx context.Context) error { return s.outbox.MarkFailed(ctx, row.ID, "blocked") })
		s.settled(row.ID)
		return true
	}
	messageID, movedTo, done, err := s.deliver(ctx, msg, run, row.PartsSent)
	if movedTo != 0 {
		run.movedFrom, run.to = msg.ChatID, movedTo
	}
	switch {
	case err == nil:
		s.markSent(postgres.Sent{ID: row.ID, MessageID: messageID}, row.Msg.ChatID)
		return true
	case ctx.Err() != nil:
		return false // not delivered: the row is still due for the next run
	case errors.Is(err, tgbot.ErrorForbidden):
		run.blocked = true
		s.mu.Lock()
		s.blocked[msg.ChatID] = true
		s.mu.Unlock()
		log.InfoContext(ctx, "chat blocked the bot", slog.Any("err", err))
		s.finish(ctx, log, func(ctx context.Context) error {
			if err := s.outbox.MarkBlocked(ctx, msg.ChatID); err != nil {
				return err
			}
			return s.outbox.MarkFailed(ctx, row.ID, "blocked")
		})
		s.settled(row.ID)
		return true
	case isPermanentSendError(err):
		log.WarnContext(ctx, "outbox message failed", slog.Any("err", err))
		s.finish(ctx, log, func(ctx context.Context) error { return s.outbox.MarkFailed(ctx, row.ID, err.Error()) })
		s.settled(row.ID)
		return true
	case row.Attempts+1 >= s.opt.MaxAttempts:
		log.ErrorContext(ctx, "outbox message failed after repeated attempts", slog.Int("attempts", row.Attempts+1), slog.Any("err", err))
		s.finish(ctx, log, func(ctx context.Context) error {
			return s.outbox.MarkFailed(ctx, row.ID, fmt.Sprintf("gave up after %d attempts: %v", row.Attempts+1, err))
		})
		s.settled(row.ID)
		return true
	default:
		// Failures so far: the row's earlier attempts, each with its inline retries, and this one.
		at := time.Now().Add(s.opt.Backoff(row.Attempts*(s.opt.MaxInlineRetries+1) + s.opt.MaxInlineRetries + 1))
		log.WarnContext(ctx, "outbox message rescheduled", slog.Time("at", at), slog.Int("parts_sent", done), slog.Any("err", err))
		s.finish(ctx, log, func(ctx context.Context) error { return s.outbox.RetryLater(ctx, row.ID, at, done, err.Error()) })
		s.hold(msg.ChatID, at)
		return false // stopChat forgets the row: the round after at delivers it
	}
}

// settled forgets a row whose outcome other than sent is recorded.
func (s *Sender) settled(id int64) {
	s.mu.Lock()
	delete(s.owned, id)
	s.mu.Unlock()
}

// finish records a row's outcome, even when ctx is done meanwhile.
func (s *Sender) finish(ctx context.Context, log *slog.Logger, record func(context.Context) error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := record(ctx); err != nil {
		log.ErrorContext(ctx, "record outbox outcome", slog.Any("err", err))
	}
}

// Deliver sends one message with every rule the outbox sender follows (rate
// limits, 429 waits, inline retries, migrated groups, long texts split) and
// returns the message id of the last message sent (0 for callback answers).
// An error wrapping tgbot.ErrorForbidden means the chat blocked the bot.
func (s *Sender) Deliver(ctx context.Context, msg conversation.Outgoing) (messageID int, err error) {
	messageID, _, _, err = s.deliver(ctx, msg, nil, 0)
	return messageID, err
}

// deliver is Deliver that skips the first from parts of msg (delivered
// before), reports how many parts are delivered in all, and reports the chat
// the message went to when Telegram answered that the group had moved. With
// run, the new chat is marked busy (unless a delivery has it already)
// before the outbox moves the chat's rows to it, so no round picks them up
// until the caller releases it.
func (s *Sender) deliver(ctx context.Context, msg conversation.Outgoing, run *chatRun, from int) (messageID int, movedTo int64, done int, err error) {
	messageID, done, err = s.send(ctx, msg, from)
	var mig *tgbot.MigrateError
	if !errors.As(err, &mig) || mig.MigrateToChatID == 0 || msg.Kind == conversation.OutAnswer {
		return messageID, 0, done, err
	}
	oldChat, to := msg.ChatID, int64(mig.MigrateToChatID)
	if run != nil && !run.claimedTo {
		s.mu.Lock()
		if !s.busy[to] {
			s.busy[to] = true
			run.claimedTo = true
		}
		s.mu.Unlock()
	}
	if err := s.outbox.MigrateChat(ctx, oldChat, to); err != nil {
		return 0, to, done, fmt.Errorf("migrate chat: %w", err)
	}
	s.log.InfoContext(ctx, "group moved to a supergroup", slog.Int64("chat", oldChat), slog.Int64("to", to))
	msg.ChatID = to
	messageID, done, err = s.send(ctx, msg, done)
	if err != nil {
		return 0, to, done, fmt.Errorf("send to migrated chat: %w", err)
	}
	return messageID, to, done, nil
}

// call makes one Bot API call: it waits for the rate limiter (unless
// unlimited), waits out 429s and retries the same call, and retries 5xx and
// network errors MaxInlineRetries times with backoff.
func (s *Sender) call(ctx context.Context, chatID int64, limited bool, fn func(context.Context) error) error {
	for retries := 0; ; {
		if limited {
			if err := s.limiter.Wait(ctx, chatID); err != nil {
				return fmt.Errorf("rate limiter: %w", err)
			}
		}
		// A call under way is not cancelled at shutdown: Telegram may already
		// have the message, and a cancelled call would leave the row due and
		// send it again after the restart.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		err := fn(cctx)
		cancel()
		if err == nil {
			s.metrics.MessagesSent.Inc()
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("bot api call: %w", ctx.Err())
		}
		var tooMany *tgbot.TooManyRequestsError
		if errors.As(err, &tooMany) {
			s.metrics.TooManyRequests.Inc()
			wait := time.Duration(max(tooMany.RetryAfter, 1)) * time.Second
			s.log.WarnContext(ctx, "telegram asks to slow down", slog.Int64("chat", chatID), slog.Duration("retry_after", wait))
			if err := sleepCtx(ctx, wait); err != nil {
				return fmt.Errorf("wait retry_after: %w", err)
			}
			continue
		}
		reason := sendErrorReason(err)
		s.metrics.SendErrors.WithLabelValues(reason).Inc()
		if (reason != reasonServer && reason != reasonNetwork) || retries >= s.opt.MaxInlineRetries {
			return err
		}
		retries++
		if err := sleepCtx(ctx, s.opt.Backoff(retries)); err != nil {
			return fmt.Errorf("wait to retry: %w", err)
		}
	}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// The reasons of SendErrors.
const (
	reasonBlocked    = "blocked"
	reasonMigrated   = "migrated"
	reasonBadRequest = "bad_request"
	reasonServer     = "server"
	reasonNetwork    = "network"
)

// sendErrorReason classifies a failed Bot API call. The library gives 5xx
// answers and network errors no sentinel: a network error is one where no
// answer arrived ("error do request"), and every other unknown answer
// (5xx, 401, 404, an undecodable body) counts as the server's.
func sendErrorReason(err error) string {
	var mig *tgbot.MigrateError
	switch {
	case errors.As(err, &mig):
		return reasonMigrated
	case errors.Is(err, tgbot.ErrorForbidden):
		return reasonBlocked
	case errors.Is(err, tgbot.ErrorBadRequest):
		return reasonBadRequest
	case strings.Contains(err.Error(), "error do request"):
		return reasonNetwork
	default:
		var netErr net.Error
		if errors.As(err, &netErr) {
			return reasonNetwork
		}
		return reasonServer
	}
}

// isPermanentSendError reports whether retrying err cannot help: a 400 (a
// group that moved twice included), or a message the sender cannot build.
func isPermanentSendError(err error) bool {
	var mig *tgbot.MigrateError
	return errors.Is(err, tgbot.ErrorBadRequest) || errors.As(err, &mig) || errors.Is(err, errUnsendable)
}

// errUnsendable marks an Outgoing that no Bot API call can deliver.
var errUnsendable = errors.New("message cannot be sent")

// hasDescription reports whether err is a 400 whose description contains what.
func hasDescription(err error, what string) bool {
	return err != nil && errors.Is(err, tgbot.ErrorBadRequest) && strings.Contains(strings.ToLower(err.Error()), what)
}
