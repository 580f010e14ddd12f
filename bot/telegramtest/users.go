package telegramtest

import (
	"fmt"
	"time"
	"unicode/utf16"
)

// userMessageLocked stores a message a user sends and returns its JSON.
// content holds the text or media fields; text is the text or caption.
func (s *Server) userMessageLocked(chatID, userID int64, thread, replyTo int, text string, content map[string]any) (map[string]any, *stored) {
	ch := s.chatLocked(chatID)
	ch.lastMsgID++
	now := s.now()
	msg := map[string]any{
		"message_id": ch.lastMsgID,
		"from":       userJSON(userID),
		"chat":       ch.json(),
		"date":       now,
	}
	for k, v := range content {
		msg[k] = v
	}
	if replyTo != 0 {
		if r := ch.msgs[replyTo]; r != nil && !r.Deleted {
			msg["reply_to_message"] = r.json(ch, false)
			if thread == 0 && ch.forum {
				thread = r.ThreadID
			}
		}
	}
	if thread != 0 {
		msg["message_thread_id"] = thread
		msg["is_topic_message"] = true
	}
	m := &stored{
		Message: Message{ChatID: chatID, MessageID: ch.lastMsgID, Text: text, Plain: text, ThreadID: thread, ReplyTo: replyTo},
		from:    userID,
		date:    now,
		raw:     msg,
	}
	ch.msgs[m.MessageID] = m
	return msg, m
}

// now is the Unix time messages are dated with.
func (s *Server) now() int64 { return time.Now().Unix() }

// textContent is the content of a text message, with bot_command entities
// marked the way Telegram does (offsets and lengths in UTF-16 units).
func textContent(text string) map[string]any {
	content := map[string]any{"text": text}
	if ents := commandEntities(text); len(ents) > 0 {
		content["entities"] = ents
	}
	return content
}

// commandEntities finds "/command" and "/command@bot" at the start of the text or after a space.
func commandEntities(text string) []map[string]any {
	var ents []map[string]any
	units := utf16.Encode([]rune(text))
	isCmd := func(r uint16) bool {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_'
	}
	for i := 0; i < len(units); i++ {
		if units[i] != '/' || (i > 0 && units[i-1] != ' ' && units[i-1] != '\n') {
			continue
		}
		j := i + 1
		for j < len(units) && isCmd(units[j]) {
			j++
		}
		if j == i+1 || j-i-1 > maxCommandLen {
			continue
		}
		if j < len(units) && units[j] == '@' {
			k := j + 1
			for k < len(units) && isCmd(units[k]) {
				k++
			}
			if k > j+1 {
				j = k
			}
		}
		if j < len(units) && units[j] != ' ' && units[j] != '\n' {
			continue
		}
		ents = append(ents, map[string]any{"type": "bot_command", "offset": i, "length": j - i})
		i = j
	}
	return ents
}

// sendLocked stores a user's message and queues it as an update.
func (s *Server) sendLocked(chatID, userID int64, thread, replyTo int, text string, content map[string]any) int64 {
	msg, _ := s.userMessageLocked(chatID, userID, thread, replyTo, text, content)
	return s.pushLocked(map[string]any{"message": msg})
}

// SendText delivers a text message from the user chatID in their private
// chat with the bot. Commands ("/start") get bot_command entities.
func (s *Server) SendText(chatID int64, text string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sendLocked(chatID, chatID, 0, 0, text, textContent(text))
}

// SendGroupText delivers a text message from userID in a group, replying
// to message replyTo when it is not 0 (in a forum, in that message's topic).
func (s *Server) SendGroupText(chatID, userID int64, text string, replyTo int) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sendLocked(chatID, userID, 0, replyTo, text, textContent(text))
}

// SendTopicText delivers a text message from userID in a forum topic,
// creating the topic (and making the chat a forum) when needed; a deleted
// topic fails the test and returns 0.
func (s *Server) SendTopicText(chatID, userID int64, threadID int, text string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.userTopicLocked(s.chatLocked(chatID), threadID) {
		return 0
	}
	return s.sendLocked(chatID, userID, threadID, 0, text, textContent(text))
}

// Press delivers a callback_query: the user chatID presses the button with
// this callback data on the bot's message in their private chat.
func (s *Server) Press(chatID int64, messageID int, data string) int64 {
	return s.PressInGroup(chatID, chatID, messageID, data)
}

// PressInGroup delivers a callback_query from userID on the bot's message in
// the chat. Pressing a button the message does not have fails the test (a
// user cannot do that); use Push to simulate a stale client.
func (s *Server) PressInGroup(chatID, userID int64, messageID int, data string) int64 {
	s.mu.Lock()
	ch := s.chatLocked(chatID)
	var message map[string]any
	problem := ""
	switch m := ch.msgs[messageID]; {
	case m == nil || m.Deleted:
		// Telegram sends an inaccessible message (date 0) for messages it no longer has.
		message = map[string]any{"chat": ch.json(), "message_id": messageID, "date": 0}
		problem = "it does not exist or was deleted"
	case !m.HasButton(data):
		message = m.json(ch, true)
		problem = fmt.Sprintf("it has no button with that data; it has %v", m.Buttons)
	default:
		message = m.json(ch, true)
	}
	s.nextQuery++
	id := fmt.Sprintf("%d", 4_000_000_000_000_000+int64(s.nextQuery))
	s.callbacks[id] = false
	update := map[string]any{"callback_query": map[string]any{
		"id":            id,
		"from":          userJSON(userID),
		"message":       message,
		"chat_instance": fmt.Sprintf("%d", -chatID*7),
		"data":          data,
	}}
	uid := s.pushLocked(update)
	s.mu.Unlock()
	if problem != "" {
		s.t.Errorf("telegramtest: Press(%d, %d, %q): %s", chatID, messageID, data, problem)
	}
	return uid
}

// SendDocument delivers a document from the user chatID; getFile and the
// download link serve data.
func (s *Server) SendDocument(chatID int64, name, mime string, data []byte, caption string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.addFileLocked(data, "document", name, mime)
	return s.sendMediaLocked(chatID, chatID, 0, 0, f, "document", caption, "")
}

// SendPhoto delivers a photo from the user chatID (in two sizes, the last the largest).
func (s *Server) SendPhoto(chatID int64, data []byte, caption string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.addFileLocked(data, "photo", "", "image/jpeg")
	return s.sendMediaLocked(chatID, chatID, 0, 0, f, "photo", caption, "")
}

// SendAlbum delivers photos from the user chatID as an album: one update
// per photo sharing a media_group_id, the caption on the first.
func (s *Server) SendAlbum(chatID int64, photos [][]byte, caption string) []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextGroup++
	group := fmt.Sprintf("%d", 14000000000000000+s.nextGroup)
	ids := make([]int64, len(photos))
	for i, data := range photos {
		f := s.addFileLocked(data, "photo", "", "image/jpeg")
		ids[i] = s.sendMediaLocked(chatID, chatID, 0, 0, f, "photo", caption, group)
		caption = ""
	}
	return ids
}

// SendSticker delivers a sticker from the user chatID.
func (s *Server) SendSticker(chatID int64) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.addFileLocked([]byte("RIFF-webp-sticker"), "sticker", "sticker.webp", "image/webp")
	return s.sendMediaLocked(chatID, chatID, 0, 0, f, "sticker", "", "")
}

// SendVoice delivers a voice note from the user chatID.
func (s *Server) SendVoice(chatID int64) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.addFileLocked([]byte("OggS-voice"), "voice", "", "audio/ogg")
	return s.sendMediaLocked(chatID, chatID, 0, 0, f, "voice", "", "")
}

// sendMediaLocked stores a file message from userID (in topic thread, or
// replying to replyTo, when not 0) and queues it as an update.
func (s *Server) sendMediaLocked(chatID, userID int64, thread, replyTo int, f *file, kind, caption, group string) int64 {
	content := map[string]any{kind: f.json(kind)}
	if caption != "" {
		content["caption"] = caption
	}
	if group != "" {
		content["media_group_id"] = group
	}
	msg, m := s.userMessageLocked(chatID, userID, thread, replyTo, caption, content)
	m.attach(f, kind, false)
	m.MediaGroupID = group
	return s.pushLocked(map[string]any{"message": msg})
}
