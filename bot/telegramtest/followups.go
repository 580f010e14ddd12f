package telegramtest

// This file holds what users do after their first message: edit it, reply
// to a message, and (officers) post photos and documents in a group's
// topic or as a reply there.

// SendEdit delivers an edited_message: the user edits their earlier message
// messageID of the chat to text (the caption, for a photo or a document).
// The stored message changes too, so a later copyMessage carries the new
// text. Editing a message that is not a user's fails the test and returns 0.
func (s *Server) SendEdit(chatID int64, messageID int, text string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.chatLocked(chatID)
	m := ch.msgs[messageID]
	if m == nil || m.fromBot || m.Deleted || m.raw == nil {
		s.t.Errorf("telegramtest: SendEdit(%d, %d): no message of a user to edit", chatID, messageID)
		return 0
	}
	raw := make(map[string]any, len(m.raw)+1)
	for k, v := range m.raw {
		if k != "entities" {
			raw[k] = v
		}
	}
	if m.media == "" {
		for k, v := range textContent(text) {
			raw[k] = v
		}
	} else if text != "" {
		raw["caption"] = text
	} else {
		delete(raw, "caption")
	}
	raw["edit_date"] = s.now()
	m.raw, m.Text, m.Plain, m.Edited = raw, text, text, true
	return s.pushLocked(map[string]any{"edited_message": raw})
}

// SendReply delivers a text message from the user chatID in their private
// chat, replying to message replyTo there (the bot's or their own).
// Replying to a message the chat does not have fails the test.
func (s *Server) SendReply(chatID int64, replyTo int, text string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.replyableLocked(chatID, replyTo) {
		return 0
	}
	return s.sendLocked(chatID, chatID, 0, replyTo, text, textContent(text))
}

// SendGroupPhoto delivers a photo from userID in a group: in forum topic
// thread (created when needed, as SendTopicText does) when not 0, replying
// to message replyTo when not 0 (in a forum, in that message's topic).
func (s *Server) SendGroupPhoto(chatID, userID int64, thread, replyTo int, data []byte, caption string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.groupTargetLocked(chatID, thread, replyTo) {
		return 0
	}
	f := s.addFileLocked(data, "photo", "", "image/jpeg")
	return s.sendMediaLocked(chatID, userID, thread, replyTo, f, "photo", caption, "")
}

// SendGroupDocument delivers a document from userID in a group, in a topic
// or as a reply like SendGroupPhoto; getFile and the download link serve data.
func (s *Server) SendGroupDocument(chatID, userID int64, thread, replyTo int, name, mime string, data []byte, caption string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.groupTargetLocked(chatID, thread, replyTo) {
		return 0
	}
	f := s.addFileLocked(data, "document", name, mime)
	return s.sendMediaLocked(chatID, userID, thread, replyTo, f, "document", caption, "")
}

// groupTargetLocked checks where a user's group message goes: a topic
// users may write in, and a message that exists to reply to. s.mu must be held.
func (s *Server) groupTargetLocked(chatID int64, thread, replyTo int) bool {
	if thread != 0 && !s.userTopicLocked(s.chatLocked(chatID), thread) {
		return false
	}
	return replyTo == 0 || s.replyableLocked(chatID, replyTo)
}

// replyableLocked reports whether the chat has message replyTo for a user
// to reply to, failing the test when it does not. s.mu must be held.
func (s *Server) replyableLocked(chatID int64, replyTo int) bool {
	if m := s.chatLocked(chatID).msgs[replyTo]; m == nil || m.Deleted {
		s.t.Errorf("telegramtest: chat %d: no message %d to reply to", chatID, replyTo)
		return false
	}
	return true
}

// MessageIDOf returns the message_id of the message an update carries
// (message, edited_message, channel_post, ...): how a test learns the id of
// what a helper such as SendText or SendGroupPhoto made the user send. It
// is 0 for an update that carries no message, or that the fake never queued.
func (s *Server) MessageIDOf(updateID int64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.messageOfUpdate[updateID]
}

// messageKeys are the update fields that carry a Message.
var messageKeys = []string{"message", "edited_message", "channel_post", "edited_channel_post", "business_message", "edited_business_message"}

// noteMessageLocked remembers the message_id an update carries, for
// MessageIDOf. s.mu must be held.
func (s *Server) noteMessageLocked(id int64, update map[string]any) {
	for _, k := range messageKeys {
		if msg, ok := update[k].(map[string]any); ok {
			if mid, ok := toInt64(msg["message_id"]); ok {
				s.messageOfUpdate[id] = int(mid)
			}
			return
		}
	}
}
