package telegramtest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// Message is the current state of a message the bot sent, as a user would
// see it after every edit.
type Message struct {
	ChatID       int64
	MessageID    int
	Method       string // the method that sent it: "sendMessage", "sendDocument", "copyMessage", ...
	Text         string // the text or caption exactly as sent (HTML tags and all)
	Plain        string // Text as the user sees it: with parse_mode HTML, tags removed and entities decoded
	ParseMode    string
	Buttons      [][]Button // the inline keyboard
	ThreadID     int        // forum topic (message_thread_id), 0 when none
	ReplyTo      int        // the message it replies to, 0 when none
	Edited       bool
	Deleted      bool
	FileIDs      []string // the file it carries, by file_id (uploads get a new one)
	Upload       []byte   // the uploaded file's bytes, when the bot uploaded one
	UploadName   string   // the uploaded file's name
	MediaGroupID string
}

// Button is one inline keyboard button: a callback (Data) or a link (URL).
type Button struct {
	Text, Data, URL string
}

// HasButton reports whether the message has a button with this callback data.
func (m Message) HasButton(data string) bool {
	for _, row := range m.Buttons {
		for _, b := range row {
			if b.Data == data {
				return true
			}
		}
	}
	return false
}

// stored is one message of a chat, the bot's or a user's.
type stored struct {
	Message
	fromBot bool
	from    int64 // the sender's user id
	date    int64
	raw     map[string]any  // a user's message, as pushed
	markup  json.RawMessage // the bot's reply_markup, as sent
	media   string          // "document", "photo", ... ; "" for text
	file    *file
}

// json renders a bot message the way the Bot API returns it.
func (m *stored) json(c *chat, withReply bool) map[string]any {
	if !m.fromBot {
		return m.raw
	}
	out := map[string]any{"message_id": m.MessageID, "from": botJSON(), "date": m.date, "chat": c.json()}
	if m.media == "" {
		out["text"] = m.Plain
	} else if m.Plain != "" {
		out["caption"] = m.Plain
	}
	if m.ThreadID != 0 {
		out["message_thread_id"] = m.ThreadID
		out["is_topic_message"] = c.forum
	}
	if m.Edited {
		out["edit_date"] = m.date
	}
	if m.MediaGroupID != "" {
		out["media_group_id"] = m.MediaGroupID
	}
	if len(m.markup) > 0 {
		out["reply_markup"] = m.markup
	}
	if withReply && m.ReplyTo != 0 {
		if r := c.msgs[m.ReplyTo]; r != nil && !r.Deleted {
			out["reply_to_message"] = r.json(c, false)
		}
	}
	if m.file != nil {
		out[m.media] = m.file.json(m.media)
	}
	return out
}

// view is a copy of the public part, safe to hand out.
func (m *stored) view() Message {
	v := m.Message
	v.Buttons = append([][]Button(nil), m.Buttons...)
	v.FileIDs = append([]string(nil), m.FileIDs...)
	return v
}

// parseButtons reads the inline keyboard of a reply_markup.
func parseButtons(markup string) [][]Button {
	var rm replyMarkup
	if json.Unmarshal([]byte(markup), &rm) != nil {
		return nil
	}
	var rows [][]Button
	for _, row := range rm.InlineKeyboard {
		var r []Button
		for _, b := range row {
			btn := Button{Text: b.Text, URL: b.URL}
			if b.CallbackData != nil {
				btn.Data = *b.CallbackData
			}
			r = append(r, btn)
		}
		rows = append(rows, r)
	}
	return rows
}

// Messages returns the current state of the messages the bot sent to the
// chat, oldest first; deleted ones are kept with Deleted set.
func (s *Server) Messages(chatID int64) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.messagesLocked(chatID)
}

func (s *Server) messagesLocked(chatID int64) []Message {
	c := s.chats[chatID]
	if c == nil {
		return nil
	}
	out := make([]Message, len(c.sent))
	for i, m := range c.sent {
		out[i] = m.view()
	}
	return out
}

// Message returns the current state of one message the bot sent.
func (s *Server) Message(chatID int64, messageID int) (Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.chats[chatID]; c != nil {
		if m := c.msgs[messageID]; m != nil && m.fromBot {
			return m.view(), true
		}
	}
	return Message{}, false
}

// WaitMessage waits until a message the bot sent to the chat (in its
// current state, deleted ones excluded) matches, and returns it. A nil match
// accepts any message. On timeout it fails the test, listing what was sent.
func (s *Server) WaitMessage(t testing.TB, chatID int64, match func(Message) bool, timeout time.Duration) Message {
	t.Helper()
	var found Message
	ok := s.wait(timeout, func() bool {
		for _, m := range s.messagesLocked(chatID) {
			if !m.Deleted && (match == nil || match(m)) {
				found = m
				return true
			}
		}
		return false
	})
	if !ok {
		t.Fatalf("telegramtest: no matching message to chat %d within %v; the bot sent:\n%s", chatID, timeout, s.describe(chatID))
	}
	return found
}

// describe lists the messages sent to a chat, for failure messages.
func (s *Server) describe(chatID int64) string {
	var b strings.Builder
	msgs := s.Messages(chatID)
	if len(msgs) == 0 {
		return "  (nothing)"
	}
	for _, m := range msgs {
		fmt.Fprintf(&b, "  #%d %s", m.MessageID, m.Method)
		if m.Deleted {
			b.WriteString(" (deleted)")
		}
		if m.Edited {
			b.WriteString(" (edited)")
		}
		fmt.Fprintf(&b, " %q", m.Plain)
		for _, row := range m.Buttons {
			for _, btn := range row {
				fmt.Fprintf(&b, " [%s|%s%s]", btn.Text, btn.Data, btn.URL)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// wait calls cond under the lock until it is true, the timeout passes or
// the server closes; it reports whether cond became true.
func (s *Server) wait(timeout time.Duration, cond func() bool) bool {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		s.mu.Lock()
		if cond() {
			s.mu.Unlock()
			return true
		}
		changed := s.changed
		s.mu.Unlock()
		select {
		case <-changed:
		case <-timer.C:
			s.mu.Lock()
			defer s.mu.Unlock()
			return cond()
		case <-s.closed:
			s.mu.Lock()
			defer s.mu.Unlock()
			return cond()
		}
	}
}
