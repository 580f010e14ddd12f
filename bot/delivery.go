package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"

	"posko/conversation"
	"posko/storage/postgres"
)

// deliverRow delivers one row and records its outcome; false means the
// chat's later rows must wait for a later round.
func (s *Sender) deliverRow(ctx context.Context, row postgres.OutboxRow, run *chatRun) bool {
	msg := row.Msg
	log := s.log.With(slog.Int64("outbox_id", row.ID), slog.Int64("chat", msg.ChatID))
	if run.to != 0 && msg.ChatID == run.movedFrom {
		msg.ChatID = run.to
	}
	if row.Blocked || run.blocked {
		s.finish(ctx, log, func(ctx context.Context) error {
			if err := s.outbox.MarkFailed(ctx, row.ID, "blocked"); err != nil {
				return err
			}
			return s.receiptFailed(ctx, msg)
		})
		s.settled(row.ID)
		return true
	}
	messageID, movedTo, done, err := s.deliver(ctx, msg, run, row.PartsSent)
	if movedTo != 0 {
		run.movedFrom, run.to = msg.ChatID, movedTo
	}
	switch {
	case err == nil:
		if msg.Receipt != nil {
			// Queued before the row is recorded sent, so a row recorded sent
			// has its receipt queued (a crash in between sends both again).
			s.finish(ctx, log, func(ctx context.Context) error { return s.receiptDelivered(ctx, msg) })
		}
		if msg.Ref != "" && messageID != 0 {
			s.sent.put(msg.Ref, messageID)
		}
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
			if err := s.outbox.MarkFailed(ctx, row.ID, "blocked"); err != nil {
				return err
			}
			return s.receiptFailed(ctx, msg)
		})
		s.settled(row.ID)
		return true
	case isPermanentSendError(err):
		log.WarnContext(ctx, "outbox message failed", slog.Any("err", err))
		s.finish(ctx, log, func(ctx context.Context) error {
			if err := s.outbox.MarkFailed(ctx, row.ID, err.Error()); err != nil {
				return err
			}
			return s.receiptFailed(ctx, msg)
		})
		s.settled(row.ID)
		return true
	case row.Attempts+1 >= s.opt.MaxAttempts:
		log.ErrorContext(ctx, "outbox message failed after repeated attempts", slog.Int("attempts", row.Attempts+1), slog.Any("err", err))
		s.finish(ctx, log, func(ctx context.Context) error {
			if err := s.outbox.MarkFailed(ctx, row.ID, fmt.Sprintf("gave up after %d attempts: %v", row.Attempts+1, err)); err != nil {
				return err
			}
			return s.receiptFailed(ctx, msg)
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
	msg, inTopic, err := s.resolveThread(ctx, msg)
	if err != nil {
		return 0, 0, from, err
	}
	if from == 0 { // only the first part replies
		if msg, err = s.resolveReply(ctx, msg); err != nil {
			return 0, 0, from, err
		}
	}
	messageID, done, err = s.send(ctx, msg, from)
	if inTopic && hasDescription(err, "thread not found") {
		// The topic was deleted: the message goes into a new one, or to the main thread.
		msg.ThreadID = s.replaceTopic(ctx, msg, err)
		messageID, done, err = s.send(ctx, msg, done)
	}
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

// sleepCtx waits d, or returns ctx's error when ctx is done first.
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
