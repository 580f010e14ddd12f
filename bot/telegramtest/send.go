package telegramtest

import (
	"encoding/json"
	"fmt"
	"strings"
)

// mediaParams maps the send methods that carry one file to their parameter.
var mediaParams = map[string]string{
	"sendDocument":  "document",
	"sendPhoto":     "photo",
	"sendVoice":     "voice",
	"sendAudio":     "audio",
	"sendVideo":     "video",
	"sendAnimation": "animation",
	"sendSticker":   "sticker",
	"sendVideoNote": "video_note",
}

// targetLocked resolves chat_id and message_thread_id of a send.
func (s *Server) targetLocked(c *call) (*chat, int, *apiError) {
	id, ok := chatParam(c.Params, "chat_id")
	if !ok {
		return nil, 0, errBadRequest("chat not found")
	}
	ch := s.chatLocked(id)
	thread := int(c.Int("message_thread_id"))
	if thread != 0 && ch.forum && ch.topics[thread] == nil {
		return nil, 0, errBadRequest("message thread not found")
	}
	return ch, thread, nil
}

// newBotMessageLocked stores a message the bot sends, with the parameters
// all sends share (thread, reply, keyboard). text is the text or caption.
func (s *Server) newBotMessageLocked(c *call, ch *chat, thread int, text string) (*stored, *apiError) {
	replyTo, aerr := replyTarget(c, ch)
	if aerr != nil {
		return nil, aerr
	}
	if thread == 0 && replyTo != 0 && ch.forum {
		thread = ch.msgs[replyTo].ThreadID // a reply stays in the replied message's topic
	}
	plain, _ := visibleText(text, c.Params["parse_mode"])
	ch.lastMsgID++
	m := &stored{
		Message: Message{
			ChatID: ch.id, MessageID: ch.lastMsgID, Method: c.Method,
			Text: text, Plain: plain, ParseMode: c.Params["parse_mode"],
			ThreadID: thread, ReplyTo: replyTo,
		},
		fromBot: true,
		from:    BotID,
		date:    c.At.Unix(),
	}
	if markup := c.Params["reply_markup"]; markup != "" {
		m.markup = json.RawMessage(markup)
		m.Buttons = parseButtons(markup)
	}
	ch.msgs[m.MessageID] = m
	ch.sent = append(ch.sent, m)
	return m, nil
}

// replyTarget reads reply_parameters and checks the replied message exists.
func replyTarget(c *call, ch *chat) (int, *apiError) {
	raw := c.Params["reply_parameters"]
	if raw == "" {
		return 0, nil
	}
	var rp struct {
		MessageID                int    `json:"message_id"`
		ChatID                   any    `json:"chat_id"`
		AllowSendingWithoutReply bool   `json:"allow_sending_without_reply"`
		Quote                    string `json:"quote"`
	}
	if err := json.Unmarshal([]byte(raw), &rp); err != nil {
		return 0, errBadRequest("can't parse reply parameters JSON object")
	}
	if rp.ChatID != nil && fmt.Sprint(rp.ChatID) != fmt.Sprint(ch.id) {
		return rp.MessageID, nil // a reply to another chat's message: not tracked
	}
	if m := ch.msgs[rp.MessageID]; m == nil || m.Deleted {
		if rp.AllowSendingWithoutReply {
			return 0, nil
		}
		return 0, errBadRequest("message to be replied not found")
	}
	return rp.MessageID, nil
}

func (s *Server) sendMessage(c *call) (any, *apiError) {
	ch, thread, aerr := s.targetLocked(c)
	if aerr != nil {
		return nil, aerr
	}
	m, aerr := s.newBotMessageLocked(c, ch, thread, c.Params["text"])
	if aerr != nil {
		return nil, aerr
	}
	s.sentLocked(m.Message)
	return m.json(ch, true), nil
}

// sendMedia answers the send methods that carry one file.
func (s *Server) sendMedia(c *call, param string) (any, *apiError) {
	ch, thread, aerr := s.targetLocked(c)
	if aerr != nil {
		return nil, aerr
	}
	f, aerr := s.fileFor(c, param, c.Params[param], param)
	if aerr != nil {
		return nil, aerr
	}
	m, aerr := s.newBotMessageLocked(c, ch, thread, c.Params["caption"])
	if aerr != nil {
		return nil, aerr
	}
	m.attach(f, param, c.Files[param] != nil)
	return m.json(ch, true), nil
}

// attach sets the file a message carries.
func (m *stored) attach(f *file, kind string, uploaded bool) {
	m.media, m.file = kind, f
	m.FileIDs = []string{f.id}
	if uploaded {
		m.Upload, m.UploadName = f.data, f.name
	}
}

func (s *Server) sendMediaGroup(c *call) (any, *apiError) {
	ch, thread, aerr := s.targetLocked(c)
	if aerr != nil {
		return nil, aerr
	}
	var items []mediaItem
	if err := json.Unmarshal([]byte(c.Params["media"]), &items); err != nil {
		return nil, errBadRequest("can't parse media JSON array")
	}
	files := make([]*file, len(items))
	for i, it := range items {
		f, aerr := s.fileFor(c, "", it.Media, it.Type)
		if aerr != nil {
			return nil, aerr
		}
		files[i] = f
	}
	s.nextGroup++
	group := fmt.Sprintf("%d", 13000000000000000+s.nextGroup)
	out := make([]any, len(items))
	for i, it := range items {
		sub := *c
		sub.Params = map[string]string{"parse_mode": it.ParseMode}
		if rp, ok := c.Params["reply_parameters"]; ok {
			sub.Params["reply_parameters"] = rp
		}
		m, aerr := s.newBotMessageLocked(&sub, ch, thread, it.Caption)
		if aerr != nil {
			return nil, aerr
		}
		m.MediaGroupID = group
		m.attach(files[i], it.Type, strings.HasPrefix(it.Media, "attach://"))
		out[i] = m.json(ch, true)
	}
	return out, nil
}

// sourceLocked finds the message copyMessage or forwardMessage names.
func (s *Server) sourceLocked(c *call) (*chat, *stored, *apiError) {
	fromID, ok := chatParam(c.Params, "from_chat_id")
	if !ok {
		return nil, nil, errBadRequest("chat not found")
	}
	from := s.chatLocked(fromID)
	src := from.msgs[int(c.Int("message_id"))]
	if src == nil || src.Deleted {
		return nil, nil, errBadRequest("message to copy not found")
	}
	return from, src, nil
}

// copyMessage answers copyMessage and forwardMessage.
func (s *Server) copyMessage(c *call, forward bool) (any, *apiError) {
	from, src, aerr := s.sourceLocked(c)
	if aerr != nil {
		return nil, aerr
	}
	ch, thread, aerr := s.targetLocked(c)
	if aerr != nil {
		return nil, aerr
	}
	text := src.Text
	if caption, ok := c.Params["caption"]; ok && !forward && src.media != "" {
		text = caption
	}
	sub := *c
	if _, ok := c.Params["caption"]; !ok || forward {
		sub.Params = maps(c.Params, "parse_mode", src.ParseMode)
	}
	m, aerr := s.newBotMessageLocked(&sub, ch, thread, text)
	if aerr != nil {
		return nil, aerr
	}
	if src.file != nil {
		m.attach(src.file, src.media, false)
	}
	if forward {
		j := m.json(ch, true)
		origin := map[string]any{"type": "user", "date": src.date, "sender_user": userJSON(src.from)}
		if from.id < 0 {
			origin = map[string]any{"type": "chat", "date": src.date, "sender_chat": from.json()}
		}
		j["forward_origin"] = origin
		return j, nil
	}
	return map[string]any{"message_id": m.MessageID}, nil
}

// maps returns a copy of p with key set to value.
func maps(p map[string]string, key, value string) map[string]string {
	out := make(map[string]string, len(p)+1)
	for k, v := range p {
		out[k] = v
	}
	out[key] = value
	return out
}
