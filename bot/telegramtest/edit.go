package telegramtest

import (
	"bytes"
	"encoding/json"
)

// notModified is Telegram's answer to an edit that changes nothing.
const notModified = "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"

// editTargetLocked finds the bot message an edit names. Inline messages
// (inline_message_id) are not tracked: the edit succeeds with nil.
func (s *Server) editTargetLocked(c *call) (*chat, *stored, *apiError) {
	if c.Params["inline_message_id"] != "" {
		return nil, nil, nil
	}
	id, ok := chatParam(c.Params, "chat_id")
	if !ok || c.Params["message_id"] == "" {
		return nil, nil, errBadRequest("message identifier is not specified")
	}
	ch := s.chatLocked(id)
	m := ch.msgs[int(c.Int("message_id"))]
	if m == nil || m.Deleted {
		return nil, nil, errBadRequest("message to edit not found")
	}
	if !m.fromBot {
		return nil, nil, errBadRequest("message can't be edited")
	}
	return ch, m, nil
}

// sameMarkup reports whether a new reply_markup equals the stored one.
func sameMarkup(old json.RawMessage, new string) bool {
	if len(old) == 0 || new == "" {
		return len(old) == 0 && new == ""
	}
	var a, b bytes.Buffer
	if json.Compact(&a, old) != nil || json.Compact(&b, []byte(new)) != nil {
		return false
	}
	return bytes.Equal(a.Bytes(), b.Bytes())
}

// setMarkup replaces a message's keyboard; an empty markup removes it.
func (m *stored) setMarkup(markup string) {
	m.markup, m.Buttons = nil, nil
	if markup != "" {
		m.markup = json.RawMessage(markup)
		m.Buttons = parseButtons(markup)
	}
}

// editText answers editMessageText and editMessageCaption.
func (s *Server) editText(c *call, param string) (any, *apiError) {
	ch, m, aerr := s.editTargetLocked(c)
	if aerr != nil || m == nil {
		return true, aerr
	}
	switch {
	case param == "text" && m.media != "":
		return nil, errBadRequest("there is no text in the message to edit")
	case param == "caption" && m.media == "":
		return nil, errBadRequest("there is no caption in the message to edit")
	}
	text := c.Params[param]
	plain, _ := visibleText(text, c.Params["parse_mode"])
	if plain == m.Plain && sameMarkup(m.markup, c.Params["reply_markup"]) {
		return nil, errBadRequest(notModified)
	}
	m.Text, m.Plain, m.ParseMode = text, plain, c.Params["parse_mode"]
	m.setMarkup(c.Params["reply_markup"])
	m.Edited = true
	m.date = c.At.Unix()
	return m.json(ch, true), nil
}

func (s *Server) editReplyMarkup(c *call) (any, *apiError) {
	ch, m, aerr := s.editTargetLocked(c)
	if aerr != nil || m == nil {
		return true, aerr
	}
	if sameMarkup(m.markup, c.Params["reply_markup"]) {
		return nil, errBadRequest(notModified)
	}
	m.setMarkup(c.Params["reply_markup"])
	m.Edited = true
	return m.json(ch, true), nil
}

func (s *Server) deleteMessage(c *call) (any, *apiError) {
	id, _ := chatParam(c.Params, "chat_id")
	ch := s.chatLocked(id)
	m := ch.msgs[int(c.Int("message_id"))]
	if m == nil || m.Deleted {
		return nil, errBadRequest("message to delete not found")
	}
	m.Deleted = true
	return true, nil
}

func (s *Server) deleteMessages(c *call) (any, *apiError) {
	id, _ := chatParam(c.Params, "chat_id")
	ch := s.chatLocked(id)
	var ids []int
	if err := json.Unmarshal([]byte(c.Params["message_ids"]), &ids); err != nil {
		return nil, errBadRequest("can't parse message identifiers")
	}
	for _, mid := range ids {
		if m := ch.msgs[mid]; m != nil {
			m.Deleted = true
		}
	}
	return true, nil
}
