package bot

import (
	"context"
	"fmt"

	"posko/conversation"
)

// A Receipt (conversation.Outgoing.Receipt) tells the author of a message
// the bot copied whether the copy arrived: a reaction on their message once
// it did, a warning replying to it once it cannot. Both are queued in the
// outbox like any message, so they survive a restart and keep the limits.

// receiptDelivered queues the reaction that tells the author of msg that
// it was delivered; nothing when msg asks for no receipt.
func (s *Sender) receiptDelivered(ctx context.Context, msg conversation.Outgoing) error {
	r := msg.Receipt
	if r == nil || r.MessageID == 0 {
		return nil
	}
	return s.queueReceipt(ctx, conversation.Outgoing{
		Kind:      conversation.OutReact,
		ChatID:    r.ChatID,
		MessageID: r.MessageID,
		Text:      conversation.ReactionDelivered,
	})
}

// receiptFailed queues the warning that tells the author of msg that it
// cannot be delivered, as a reply to their message (sent without the reply
// when they deleted it); nothing when msg asks for no warning.
func (s *Sender) receiptFailed(ctx context.Context, msg conversation.Outgoing) error {
	r := msg.Receipt
	if r == nil || r.Failed == "" {
		return nil
	}
	return s.queueReceipt(ctx, conversation.Outgoing{
		Kind:     conversation.OutSend,
		ChatID:   r.ChatID,
		ThreadID: r.ThreadID,
		ReplyTo:  r.MessageID,
		Text:     r.Failed,
	})
}

// queueReceipt queues out and has a round deliver it. The chat is marked as
// having rows only the database knows of: Submit leaves its new rows behind
// the receipt, and a delivery of the chat under way asks for a round when
// it ends (a round skips a chat being delivered).
func (s *Sender) queueReceipt(ctx context.Context, out conversation.Outgoing) error {
	if err := s.outbox.Enqueue(ctx, out); err != nil {
		return fmt.Errorf("queue receipt for chat %d: %w", out.ChatID, err)
	}
	s.mu.Lock()
	s.dbOnly[out.ChatID] = true
	s.touched[out.ChatID] = true
	s.mu.Unlock()
	s.Kick()
	return nil
}
