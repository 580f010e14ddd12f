// Package conversation is the domain of Posko Digipay Online: the flows a
// satker, a vendor or a KPPN officer walks through in chat, the form machinery
// they are built on, and the validation of what users type. It imports no
// Telegram, Redis or SQL package: the bot adapter turns Telegram updates into
// Update values and delivers the Outgoing values this package returns, and
// the storage adapters satisfy the small interfaces declared here.
package conversation

import "time"

// Kind says what an incoming update carries, as far as the flows care.
type Kind int

// The kinds of incoming update.
const (
	KindOther      Kind = iota // anything the flows do not handle (polls, locations, ...)
	KindText                   // plain text
	KindCommand                // "/start", "/batal@posko_bot args": Command and Args are set
	KindCallback               // an inline button press: CallbackID and CallbackData are set
	KindDocument               // a file sent as a document: File is set
	KindPhoto                  // a photo (largest size): File is set, File.Photo is true
	KindSticker                // a sticker or animated emoji
	KindVoice                  // voice note, audio, video note or video
	KindContact                // a shared contact: Text holds the phone number
	KindEdited                 // an edited message: Text holds the new text
	KindMembership             // the bot was added to or removed from a chat
)

// ChatType is Telegram's chat type.
type ChatType string

// The chat types.
const (
	ChatPrivate    ChatType = "private"
	ChatGroup      ChatType = "group"
	ChatSupergroup ChatType = "supergroup"
	ChatChannel    ChatType = "channel"
)

// IsGroup reports whether the chat is a group or a supergroup.
func (c ChatType) IsGroup() bool { return c == ChatGroup || c == ChatSupergroup }

// Update is one incoming Telegram update as the domain sees it.
type Update struct {
	ID        int64     // Telegram update_id
	At        time.Time // message date (or the time it was received, for callbacks)
	ChatID    int64
	ChatType  ChatType
	ChatTitle string
	ThreadID  int  // forum topic (message_thread_id), 0 when none
	IsForum   bool // the chat is a forum supergroup

	UserID   int64
	UserName string // display name: first name and last name
	Username string // @handle without the @, may be empty

	MessageID        int // the incoming message (for callbacks: the message that holds the keyboard)
	ReplyToMessageID int
	ReplyToText      string // the first line of the message replied to (the bot's prompt an officer answers)
	ReplyToBot       bool   // the message replied to is this bot's
	Kind             Kind
	Text             string // text, caption, or the contact's phone number
	Command          string // lower-case command without "/" and "@bot", e.g. "start"
	Addressed        bool   // the command named this bot ("/start@posko_bot"), as commands in groups do
	Args             string // text after the command, trimmed
	CallbackID       string
	CallbackData     string
	File             *File
	MediaGroupID     string // album items share it
	MigrateToChatID  int64  // a group became a supergroup with this id
}

// File is a file Telegram holds for us, referenced by its file_id.
type File struct {
	ID       string `json:"id"`
	UniqueID string `json:"unique_id,omitempty"`
	Name     string `json:"name,omitempty"`
	MIME     string `json:"mime,omitempty"`
	Size     int64  `json:"size,omitempty"`
	Photo    bool   `json:"photo,omitempty"` // sent as a photo (compressed), not as a document
}
