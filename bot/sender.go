package bot

import (
	"context"
	"log/slog"
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
	// PendingChats returns every chat with rows neither sent nor failed, and
	// when the last of its rescheduled rows is due.
	PendingChats(ctx context.Context) ([]postgres.PendingChat, error)
	// SentMessageID returns the message id recorded for the latest delivered
	// row queued with Outgoing.Ref ref (a forum topic's thread id for an
	// OutTopic), or an error wrapping postgres.ErrNotFound.
	SentMessageID(ctx context.Context, ref string) (int, error)
	// RecordRef records that message messageID of chatID (a forum topic's
	// thread id) now answers for ref, as if a row queued with that Ref had
	// been delivered as it: a topic created again after the first was deleted.
	RecordRef(ctx context.Context, chatID int64, messageID int, ref string) error
	// Enqueue queues messages in one transaction: the receipts of delivered
	// and undeliverable rows (Outgoing.Receipt).
	Enqueue(ctx context.Context, out ...conversation.Outgoing) error
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

// withDefaults fills in the zero fields of o.
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

// defaultSendBackoff waits 1s after the first failure, doubling up to 10 minutes.
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
// delivers them again. A row with a Receipt queues, once delivered or
// failed for good, the reaction or the warning its author sees (receipts.go).
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
	running bool // Run is delivering; deliveries may start
	// started records that the first recovery round has claimed its chats;
	// until then Submit leaves rows to the database, since which chats have
	// older rows waiting there is not known yet.
	started bool
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

	topics refCache // forum topics by ref, for Outgoing.ThreadRef (topics.go)
	sent   refCache // message ids of rows delivered here by their Ref, for Outgoing.ReplyRef
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

// signal wakes the receiver of ch (a one-slot channel) without blocking;
// signals sent before the receiver wakes merge into one.
func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// Run delivers until ctx is done, then waits for deliveries in flight to
// stop, records what they delivered, and returns nil. Besides submitted
// rows, it looks for due rows at start, when kicked, when a recovery
// delivery finishes, and every PollInterval. Before its first round it
// reads which chats have rows waiting in the database (see prime).
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
	primed := false
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-s.kick:
		case <-timer.C:
		}
		if !primed {
			if err := s.prime(ctx); err != nil {
				if ctx.Err() == nil {
					s.log.ErrorContext(ctx, "read chats with pending outbox rows", slog.Any("err", err))
				}
				timer.Reset(s.opt.PollInterval)
				continue
			}
			primed = true
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
