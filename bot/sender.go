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
	// RetryLater counts a failed attempt and makes the row due again at at.
	RetryLater(ctx context.Context, id int64, at time.Time, reason string) error
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
	Batch            int                             // rows read per round (default 100)
	Concurrency      int                             // chats delivered at once (default 16)
	PollInterval     time.Duration                   // how often to look for due rows when not kicked (default 5s)
	MaxInlineRetries int                             // retries of a 5xx or network error before rescheduling (default 2; negative: none)
	Backoff          func(attempt int) time.Duration // wait after the attempt-th consecutive failure, from 1 (default 1s doubling, at most 10 min)
	MaxAttempts      int                             // rescheduled deliveries of one row before it is failed for good (default 20, about a day)
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
	return o
}

func defaultSendBackoff(attempt int) time.Duration {
	if attempt > 10 {
		return 10 * time.Minute
	}
	return min(time.Second<<max(attempt-1, 0), 10*time.Minute)
}

// Sender delivers the outbox to Telegram: each chat's rows strictly in id
// order, different chats in parallel, within the shared rate limits, riding
// out 429s, 5xx and network errors, and recording blocked and migrated chats.
type Sender struct {
	api     *tgbot.Bot
	outbox  Outbox
	limiter Limiter
	metrics *Metrics
	log     *slog.Logger
	opt     SenderOptions
	kick    chan struct{}

	mu   sync.Mutex
	busy map[int64]bool      // chats being delivered now
	held map[int64]time.Time // chats whose head row was rescheduled, until then
	// released holds the chats whose delivery finished since the current
	// round read the outbox: that read may predate their rows being marked
	// sent, so they wait for the next round (which their release kicks).
	released map[int64]bool
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
		busy:     map[int64]bool{},
		held:     map[int64]time.Time{},
		released: map[int64]bool{},
	}
}

// Kick tells the sender that new rows may be due. It never blocks.
func (s *Sender) Kick() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// Run delivers due outbox rows until ctx is done, then waits for deliveries
// in flight to stop and returns nil. It looks for due rows when kicked, when
// a chat's deliveries finish, and every PollInterval.
func (s *Sender) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	slots := make(chan struct{}, s.opt.Concurrency)
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-s.kick:
		case <-timer.C:
		}
		if err := s.round(ctx, &wg, slots); err != nil && ctx.Err() == nil {
			s.log.ErrorContext(ctx, "read due outbox rows", slog.Any("err", err))
		}
		timer.Reset(s.opt.PollInterval)
	}
}

// round reads due rows and starts a delivery for every chat that is neither
// being delivered nor held back, as far as free slots allow.
func (s *Sender) round(ctx context.Context, wg *sync.WaitGroup, slots chan struct{}) error {
	s.mu.Lock()
	clear(s.released)
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
	for _, chat := range groupByChat(rows) {
		if !s.claim(chat[0].Msg.ChatID) {
			continue
		}
		select {
		case slots <- struct{}{}:
		default:
			s.release(chat[0].Msg.ChatID) // all slots busy: a finishing chat kicks the next round
			return nil
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.deliverChat(ctx, chat)
			<-slots
			s.release(chat[0].Msg.ChatID)
			s.Kick()
		}()
	}
	return nil
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

func (s *Sender) claim(chatID int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.busy[chatID] || s.released[chatID] {
		return false
	}
	if until, ok := s.held[chatID]; ok && time.Now().Before(until) {
		return false
	}
	s.busy[chatID] = true
	return true
}

func (s *Sender) release(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.busy, chatID)
	s.released[chatID] = true
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

// chatRun is what one chat's delivery learned that applies to its later rows.
type chatRun struct {
	blocked       bool
	movedFrom, to int64
}

// deliverChat delivers one chat's rows in order and records the outcome. It
// stops at the first row that has to wait (rescheduled, or ctx done).
func (s *Sender) deliverChat(ctx context.Context, rows []postgres.OutboxRow) {
	var run chatRun
	defer func() {
		if run.to != 0 {
			s.release(run.to)
		}
	}()
	for _, row := range rows {
		if ctx.Err() != nil || !s.deliverRow(ctx, row, &run) {
			return
		}
	}
}

// markSent records a delivered row at once, before the chat's next row and
// before the chat is released: a row delivered but not recorded would be
// sent again. It retries while the database is unreachable, and even after
// ctx is done it tries for a while, since the message reached the user.
func (s *Sender) markSent(ctx context.Context, sent postgres.Sent, log *slog.Logger) {
	wait := 100 * time.Millisecond
	deadline := time.Now().Add(10 * time.Second)
	for {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		err := s.outbox.MarkSent(rctx, []postgres.Sent{sent})
		cancel()
		if err == nil {
			return
		}
		if ctx.Err() != nil && time.Now().After(deadline) {
			log.ErrorContext(ctx, "delivered message not recorded as sent; it may be sent again", slog.Any("err", err))
			return
		}
		log.WarnContext(ctx, "record outbox row sent failed; retrying", slog.Any("err", err))
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
		return true
	}
	messageID, movedTo, err := s.deliver(ctx, msg, true)
	if movedTo != 0 {
		run.movedFrom, run.to = msg.ChatID, movedTo
	}
	switch {
	case err == nil:
		s.markSent(ctx, postgres.Sent{ID: row.ID, MessageID: messageID}, log)
		return true
	case ctx.Err() != nil:
		return false // not delivered: the row is still due for the next run
	case errors.Is(err, tgbot.ErrorForbidden):
		run.blocked = true
		log.InfoContext(ctx, "chat blocked the bot", slog.Any("err", err))
		s.finish(ctx, log, func(ctx context.Context) error {
			if err := s.outbox.MarkBlocked(ctx, msg.ChatID); err != nil {
				return err
			}
			return s.outbox.MarkFailed(ctx, row.ID, "blocked")
		})
		return true
	case isPermanentSendError(err):
		log.WarnContext(ctx, "outbox message failed", slog.Any("err", err))
		s.finish(ctx, log, func(ctx context.Context) error { return s.outbox.MarkFailed(ctx, row.ID, err.Error()) })
		return true
	case row.Attempts+1 >= s.opt.MaxAttempts:
		log.ErrorContext(ctx, "outbox message failed after repeated attempts", slog.Int("attempts", row.Attempts+1), slog.Any("err", err))
		s.finish(ctx, log, func(ctx context.Context) error {
			return s.outbox.MarkFailed(ctx, row.ID, fmt.Sprintf("gave up after %d attempts: %v", row.Attempts+1, err))
		})
		return true
	default:
		// Failures so far: the row's earlier attempts, each with its inline retries, and this one.
		at := time.Now().Add(s.opt.Backoff(row.Attempts*(s.opt.MaxInlineRetries+1) + s.opt.MaxInlineRetries + 1))
		log.WarnContext(ctx, "outbox message rescheduled", slog.Time("at", at), slog.Any("err", err))
		s.finish(ctx, log, func(ctx context.Context) error { return s.outbox.RetryLater(ctx, row.ID, at, err.Error()) })
		s.hold(msg.ChatID, at)
		return false
	}
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
	messageID, _, err = s.deliver(ctx, msg, false)
	return messageID, err
}

// deliver is Deliver that also reports the chat the message went to when
// Telegram answered that the group had moved. With claim, the new chat is
// marked busy before the outbox moves the chat's rows to it, so no other
// round picks them up until the caller releases it.
func (s *Sender) deliver(ctx context.Context, msg conversation.Outgoing, claim bool) (messageID int, movedTo int64, err error) {
	messageID, err = s.send(ctx, msg)
	var mig *tgbot.MigrateError
	if !errors.As(err, &mig) || mig.MigrateToChatID == 0 || msg.Kind == conversation.OutAnswer {
		return messageID, 0, err
	}
	from, to := msg.ChatID, int64(mig.MigrateToChatID)
	if claim {
		s.mu.Lock()
		s.busy[to] = true
		s.mu.Unlock()
	}
	if err := s.outbox.MigrateChat(ctx, from, to); err != nil {
		return 0, to, fmt.Errorf("migrate chat: %w", err)
	}
	s.log.InfoContext(ctx, "group moved to a supergroup", slog.Int64("chat", from), slog.Int64("to", to))
	msg.ChatID = to
	messageID, err = s.send(ctx, msg)
	if err != nil {
		return 0, to, fmt.Errorf("send to migrated chat: %w", err)
	}
	return messageID, to, nil
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
