package conversation

import "time"

// OutKind says which Bot API call delivers an Outgoing message.
type OutKind string

// The kinds of outgoing message.
const (
	OutSend       OutKind = "send"        // sendMessage
	OutEdit       OutKind = "edit"        // editMessageText of MessageID (buttons replaced by Buttons)
	OutAnswer     OutKind = "answer"      // answerCallbackQuery of CallbackID, Text as the toast
	OutDocument   OutKind = "document"    // sendDocument: Files[0] by file_id, or Upload; Text is the caption
	OutPhoto      OutKind = "photo"       // sendPhoto: Files[0] by file_id; Text is the caption
	OutMediaGroup OutKind = "media_group" // sendMediaGroup: Files (2-10) by file_id; Text captions the first
	OutCopy       OutKind = "copy"        // copyMessage of MessageID from FromChatID
	// OutTopic creates a forum topic in ChatID named Text (plain text, 1-128
	// characters) and records its message_thread_id under Ref as if it were
	// the message id. A topic already recorded under Ref is not created again.
	OutTopic OutKind = "topic"
	// OutReact sets the bot's reaction on message MessageID of ChatID to
	// the emoji Text (setMessageReaction): the tick an officer or an asker
	// sees once their message reached the other side.
	OutReact OutKind = "react"
)

// ReactionDelivered is the reaction a Receipt puts on a message whose copy
// was delivered (one of the emoji bots may use).
const ReactionDelivered = "👌"

// Outgoing is one message the bot sends. Text is Telegram HTML (escape user
// input with EscapeHTML); the sender splits texts longer than Telegram allows.
type Outgoing struct {
	Kind       OutKind    `json:"kind"`
	ChatID     int64      `json:"chat_id"`
	ThreadID   int        `json:"thread_id,omitempty"`
	Text       string     `json:"text,omitempty"`
	Buttons    [][]Button `json:"buttons,omitempty"`
	MessageID  int        `json:"message_id,omitempty"` // OutEdit: the message to edit; OutCopy: the message to copy
	ReplyTo    int        `json:"reply_to,omitempty"`
	CallbackID string     `json:"callback_id,omitempty"`
	Alert      bool       `json:"alert,omitempty"` // OutAnswer: show an alert instead of a toast
	Files      []File     `json:"files,omitempty"`
	Upload     *Upload    `json:"upload,omitempty"`
	FromChatID int64      `json:"from_chat_id,omitempty"`
	// Ref names the message for later flows (a request's card, a ticket's
	// header): the sender records Telegram's message_id under it once sent.
	Ref string `json:"ref,omitempty"`
	// ThreadRef sends the message into the forum topic recorded under this
	// ref (the Ref of an OutTopic). While the ref has no topic (not created,
	// or its creation failed) the message goes to ThreadID, the main thread
	// when that is 0: it is never lost.
	ThreadRef string `json:"thread_ref,omitempty"`
	// TopicName, with ThreadRef, names the forum topic the sender creates
	// (and records under ThreadRef) when the recorded topic was deleted:
	// the message goes into the new topic instead of the main thread.
	TopicName string `json:"topic_name,omitempty"`
	// ReplyRef makes the message a reply to the message recorded under this
	// ref in the same chat (the staff group's copy of an asker's message an
	// edit refers to). While the ref has no message the message is sent
	// without the reply (ReplyTo, when set, applies).
	ReplyRef string `json:"reply_ref,omitempty"`
	// Gather merges media-group messages: an OutMediaGroup with a Gather key
	// waits GatherWindow in the outbox, and later messages with the same
	// chat and key queued meanwhile add their Files to it (up to 10), so an
	// album that arrives as several updates is delivered as one album.
	Gather string `json:"gather,omitempty"`
	// Receipt, when set, is told the message's fate (see Receipt).
	Receipt *Receipt `json:"receipt,omitempty"`
}

// Receipt tells the author of a message that the bot copied to someone else
// whether the copy arrived: once delivered, the bot reacts with
// ReactionDelivered on message MessageID of ChatID; when it cannot be
// delivered (the recipient blocked the bot, or it failed for good), Failed
// is sent to ChatID (thread ThreadID) as a reply to MessageID.
type Receipt struct {
	ChatID    int64  `json:"chat_id"`
	MessageID int    `json:"message_id"`
	ThreadID  int    `json:"thread_id,omitempty"`
	Failed    string `json:"failed,omitempty"`
}

// GatherWindow is how long a gathering media group waits for the rest of
// its album before it is delivered.
const GatherWindow = 2 * time.Second

// Button is an inline keyboard button: a callback (Data, at most 64 bytes) or a link (URL).
type Button struct {
	Text string `json:"text"`
	Data string `json:"data,omitempty"`
	URL  string `json:"url,omitempty"`
}

// Upload is a file the bot generated (a pre-filled form, a report) and uploads.
type Upload struct {
	Name string `json:"name"`
	Data []byte `json:"data"`
}
