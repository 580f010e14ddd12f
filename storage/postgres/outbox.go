package postgres

import "posko/conversation"

// OutboxRow is one message waiting in the outbox.
type OutboxRow struct {
	ID       int64
	Msg      conversation.Outgoing // Msg.ChatID already resolved through recorded group migrations
	Attempts int                   // delivery attempts so far
	Blocked  bool                  // the chat is marked blocked: do not send, fail the row as "blocked"
}

// Sent records that an outbox row was delivered as Telegram message MessageID
// (0 when the call returns no message, e.g. answerCallbackQuery).
type Sent struct {
	ID        int64
	MessageID int
}
