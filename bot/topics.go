package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"

	"posko/conversation"
	"posko/storage/postgres"
)

// This file holds the forum topics and the refs of delivery: creating a
// topic, finding the topic (Outgoing.ThreadRef) and the message
// (Outgoing.ReplyRef) a message goes to, and making a deleted topic anew.

// createTopic creates the forum topic msg names and returns its thread id,
// which the outbox records under msg.Ref like a message id. A topic already
// recorded under the ref (a request sent again after a correction) is
// reused, not created twice.
func (s *Sender) createTopic(ctx context.Context, msg conversation.Outgoing) (int, error) {
	if msg.Ref != "" {
		thread, found, err := s.topicThread(ctx, msg.Ref)
		if err != nil || found {
			return thread, err
		}
	}
	thread, err := s.newTopic(ctx, msg.ChatID, msg.Text)
	if err != nil {
		return 0, err
	}
	if msg.Ref != "" {
		s.topics.put(msg.Ref, thread)
	}
	return thread, nil
}

// newTopic creates a forum topic in chatID named name (whitespace
// collapsed, cut to what Telegram accepts) and returns its thread id.
func (s *Sender) newTopic(ctx context.Context, chatID int64, name string) (int, error) {
	name = truncateUTF16(strings.Join(strings.Fields(name), " "), maxTopicName)
	if name == "" {
		return 0, fmt.Errorf("forum topic without a name: %w", errUnsendable)
	}
	var thread int
	err := s.call(ctx, chatID, true, func(ctx context.Context) error {
		t, err := s.api.CreateForumTopic(ctx, &tgbot.CreateForumTopicParams{ChatID: chatID, Name: name})
		if err == nil {
			thread = t.MessageThreadID
		}
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("create forum topic: %w", err)
	}
	return thread, nil
}

// maxTopicName is the longest forum topic name Telegram accepts.
const maxTopicName = 128

// resolveThread sets msg.ThreadID to the forum topic msg.ThreadRef names:
// the topic this process created under that ref, else the one the outbox
// recorded. inTopic reports that it did; a ref with no topic leaves msg as
// it is (ThreadID, the main thread when 0), so the message is never lost.
// An error means the outbox could not be asked; the row is retried later.
func (s *Sender) resolveThread(ctx context.Context, msg conversation.Outgoing) (_ conversation.Outgoing, inTopic bool, err error) {
	if msg.ThreadRef == "" {
		return msg, false, nil
	}
	thread, found, err := s.topicThread(ctx, msg.ThreadRef)
	if err != nil || !found {
		return msg, false, err
	}
	msg.ThreadID = thread
	return msg, true, nil
}

// topicThread finds the thread id of the forum topic created under ref:
// first among the topics this process created (the fast path delivers a
// chat's rows in order, so a topic is created before the messages that go
// into it), then in the outbox.
func (s *Sender) topicThread(ctx context.Context, ref string) (thread int, found bool, err error) {
	if thread, ok := s.topics.get(ref); ok {
		return thread, true, nil
	}
	thread, err = s.outbox.SentMessageID(ctx, ref)
	if errors.Is(err, postgres.ErrNotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("find forum topic %s: %w", ref, err)
	}
	s.topics.put(ref, thread)
	return thread, true, nil
}

// refCacheMax bounds the refs a cache remembers; past it the cache starts
// afresh and the outbox answers for the older ones.
const refCacheMax = 10000

// refCache holds message ids (for an OutTopic, the forum topic's thread id)
// by the ref they were delivered under. The zero value is ready to use.
type refCache struct {
	mu  sync.Mutex
	ids map[string]int
}

func (c *refCache) get(ref string) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	id, ok := c.ids[ref]
	return id, ok
}

func (c *refCache) put(ref string, id int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ids == nil || len(c.ids) >= refCacheMax {
		c.ids = map[string]int{}
	}
	c.ids[ref] = id
}

func (c *refCache) forget(ref string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.ids, ref)
}

// replaceTopic deals with the forum topic of msg.ThreadRef having been
// deleted: it forgets the topic and, when msg names one (TopicName),
// creates a new one, records it under the ref for the messages that follow,
// and returns its thread id. Without a name, or when creating fails, it
// returns 0: the message goes to the main thread and is not lost.
func (s *Sender) replaceTopic(ctx context.Context, msg conversation.Outgoing, cause error) int {
	log := s.log.With(slog.Int64("chat", msg.ChatID), slog.String("thread_ref", msg.ThreadRef))
	s.topics.forget(msg.ThreadRef)
	if msg.TopicName == "" {
		log.WarnContext(ctx, "forum topic gone, sending to the main thread", slog.Any("err", cause))
		return 0
	}
	thread, err := s.newTopic(ctx, msg.ChatID, msg.TopicName)
	if err != nil {
		log.WarnContext(ctx, "forum topic gone and not created again, sending to the main thread",
			slog.Any("err", err), slog.Any("cause", cause))
		return 0
	}
	s.topics.put(msg.ThreadRef, thread)
	// Recorded even when ctx is done meanwhile: the topic exists now.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := s.outbox.RecordRef(rctx, msg.ChatID, thread, msg.ThreadRef); err != nil {
		// This process remembers the topic; after a restart the next
		// message finds the deleted one and makes another.
		log.ErrorContext(ctx, "record the new forum topic", slog.Int("thread", thread), slog.Any("err", err))
	}
	log.InfoContext(ctx, "forum topic gone, created again", slog.Int("thread", thread))
	return thread
}

// resolveReply makes msg a reply to the message recorded under
// msg.ReplyRef: one this process delivered (the fast path may deliver the
// reply before the message is recorded sent), else the one the outbox
// recorded. While the ref has no message, msg keeps its ReplyTo (none when
// 0). An error means the outbox could not be asked; the row is retried later.
func (s *Sender) resolveReply(ctx context.Context, msg conversation.Outgoing) (conversation.Outgoing, error) {
	if msg.ReplyRef == "" {
		return msg, nil
	}
	if id, ok := s.sent.get(msg.ReplyRef); ok {
		msg.ReplyTo = id
		return msg, nil
	}
	id, err := s.outbox.SentMessageID(ctx, msg.ReplyRef)
	if errors.Is(err, postgres.ErrNotFound) {
		return msg, nil
	}
	if err != nil {
		return msg, fmt.Errorf("find the message to reply to %s: %w", msg.ReplyRef, err)
	}
	msg.ReplyTo = id
	return msg, nil
}
