package conversation

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
)

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
}

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
