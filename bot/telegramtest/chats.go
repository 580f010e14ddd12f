package telegramtest

import (
	"fmt"
	"sort"
)

// chat is what the fake remembers of one chat.
type chat struct {
	id        int64
	lastMsgID int
	msgs      map[int]*stored // every message in the chat, the users' and the bot's
	sent      []*stored       // the bot's messages, in order
	blocked   bool
	migrateTo int64
	forum     bool
	members   map[int64]string
	topics    map[int]*Topic
	gone      map[int]bool // deleted topics' thread ids
	lastTopic int
	reactions map[int][]string // the bot's reactions by message id
}

// Topic is a forum topic of a chat.
type Topic struct {
	ThreadID int
	Name     string
	Closed   bool
}

// chatLocked returns the chat, creating it on first use. s.mu must be held.
func (s *Server) chatLocked(id int64) *chat {
	c := s.chats[id]
	if c == nil {
		c = &chat{id: id, msgs: map[int]*stored{}, members: map[int64]string{}, topics: map[int]*Topic{},
			gone: map[int]bool{}, reactions: map[int][]string{}}
		s.chats[id] = c
	}
	return c
}

// chatType is Telegram's type for a chat id: users are positive, supergroups
// are -100…, basic groups are other negative ids.
func chatType(id int64) string {
	switch {
	case id > 0:
		return "private"
	case id <= -1_000_000_000_000:
		return "supergroup"
	default:
		return "group"
	}
}

// chatJSON is the Chat object of a message.
func (c *chat) json() map[string]any {
	m := map[string]any{"id": c.id, "type": chatType(c.id)}
	if c.id > 0 {
		m["first_name"] = userName(c.id)
	} else {
		m["title"] = fmt.Sprintf("Grup %d", c.id)
	}
	if c.forum {
		m["is_forum"] = true
	}
	return m
}

// userName is the first name of a fake user.
func userName(id int64) string { return fmt.Sprintf("Pengguna %d", id) }

// userJSON is the User object of a fake user.
func userJSON(id int64) map[string]any {
	return map[string]any{"id": id, "is_bot": false, "first_name": userName(id), "username": fmt.Sprintf("user%d", id), "language_code": "id"}
}

// botJSON is the bot's own User object.
func botJSON() map[string]any {
	return map[string]any{"id": BotID, "is_bot": true, "first_name": BotName, "username": BotUsername}
}

// SetMember sets what getChatMember answers for the user in the chat:
// "creator", "administrator", "member", "restricted", "left" or "kicked".
// Unset members are "member".
func (s *Server) SetMember(chatID, userID int64, status string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chatLocked(chatID).members[userID] = status
}

// SetForum makes the chat a forum supergroup (or not): createForumTopic works
// only in forums, and their messages carry is_forum.
func (s *Server) SetForum(chatID int64, forum bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chatLocked(chatID).forum = forum
}

// AddTopic creates a forum topic as a user would, returning its message_thread_id.
func (s *Server) AddTopic(chatID int64, name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.chatLocked(chatID).addTopic(name)
}

// Topics lists the chat's forum topics by thread id.
func (s *Server) Topics(chatID int64) []Topic {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil {
		return nil
	}
	out := make([]Topic, 0, len(c.topics))
	for _, t := range c.topics {
		out = append(out, *t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ThreadID < out[j].ThreadID })
	return out
}

// DeleteTopic deletes a forum topic as an administrator would, with every
// message in it. Sends with its message_thread_id answer 400 "Bad Request:
// message thread not found" from then on.
func (s *Server) DeleteTopic(chatID int64, threadID int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chatLocked(chatID)
	if c.topics[threadID] == nil {
		s.t.Errorf("telegramtest: DeleteTopic(%d, %d): the chat has no such topic", chatID, threadID)
		return
	}
	delete(c.topics, threadID)
	c.gone[threadID] = true
	for _, m := range c.msgs {
		if m.ThreadID == threadID {
			m.Deleted = true
		}
	}
	s.notifyLocked()
}

// userTopicLocked makes the chat a forum with topic threadID for a user
// to write in, creating the topic when needed. A deleted topic fails the
// test: nobody can write in it. s.mu must be held.
func (s *Server) userTopicLocked(c *chat, threadID int) bool {
	if c.gone[threadID] {
		s.t.Errorf("telegramtest: chat %d: a user cannot write in deleted topic %d", c.id, threadID)
		return false
	}
	c.forum = true
	if c.topics[threadID] == nil {
		c.topics[threadID] = &Topic{ThreadID: threadID, Name: fmt.Sprintf("Topik %d", threadID)}
		c.lastMsgID = max(c.lastMsgID, threadID)
	}
	return true
}

func (c *chat) addTopic(name string) int {
	// A topic's thread id is the id of the service message that created it.
	c.lastMsgID++
	id := c.lastMsgID
	c.topics[id] = &Topic{ThreadID: id, Name: name}
	return id
}

func (s *Server) getChat(c *call) (any, *apiError) {
	id, ok := chatParam(c.Params, "chat_id")
	if !ok {
		return nil, errBadRequest("chat not found")
	}
	ch := s.chatLocked(id)
	info := ch.json()
	info["accent_color_id"] = 0
	info["max_reaction_count"] = 11
	info["accepted_gift_types"] = map[string]any{"unlimited_gifts": false, "limited_gifts": false, "unique_gifts": false, "premium_subscription": false}
	return info, nil
}

func (s *Server) getChatMember(c *call) (any, *apiError) {
	chatID, _ := chatParam(c.Params, "chat_id")
	userID, _ := chatParam(c.Params, "user_id")
	ch := s.chatLocked(chatID)
	status := ch.members[userID]
	if status == "" {
		status = "member"
	}
	user := userJSON(userID)
	if userID == BotID {
		user = botJSON()
	}
	m := map[string]any{"status": status, "user": user}
	switch status {
	case "administrator":
		for _, right := range []string{"can_be_edited", "is_anonymous", "can_manage_chat", "can_delete_messages",
			"can_manage_video_chats", "can_restrict_members", "can_promote_members", "can_change_info",
			"can_invite_users", "can_post_stories", "can_edit_stories", "can_delete_stories", "can_pin_messages", "can_manage_topics"} {
			m[right] = right != "can_be_edited" && right != "is_anonymous"
		}
	case "creator":
		m["is_anonymous"] = false
	case "restricted":
		m["is_member"] = true
		m["until_date"] = 0
	case "kicked":
		m["until_date"] = 0
	}
	return m, nil
}

func (s *Server) createForumTopic(c *call) (any, *apiError) {
	chatID, _ := chatParam(c.Params, "chat_id")
	ch := s.chatLocked(chatID)
	if !ch.forum {
		return nil, errBadRequest("the chat is not a forum")
	}
	id := ch.addTopic(c.Params["name"])
	return map[string]any{"message_thread_id": id, "name": c.Params["name"], "icon_color": 7322096}, nil
}

// topicLocked finds the topic a forum-topic method names.
func (s *Server) topicLocked(c *call) (*Topic, *apiError) {
	chatID, _ := chatParam(c.Params, "chat_id")
	ch := s.chatLocked(chatID)
	if !ch.forum {
		return nil, errBadRequest("the chat is not a forum")
	}
	t := ch.topics[int(c.Int("message_thread_id"))]
	if t == nil {
		return nil, errBadRequest("message thread not found")
	}
	return t, nil
}

func (s *Server) editForumTopic(c *call) (any, *apiError) {
	t, aerr := s.topicLocked(c)
	if aerr != nil {
		return nil, aerr
	}
	if name, ok := c.Params["name"]; ok {
		if name == t.Name {
			return nil, errBadRequest("TOPIC_NOT_MODIFIED")
		}
		t.Name = name
	}
	return true, nil
}

func (s *Server) setTopicClosed(c *call, closed bool) (any, *apiError) {
	t, aerr := s.topicLocked(c)
	if aerr != nil {
		return nil, aerr
	}
	if t.Closed == closed {
		return nil, errBadRequest("TOPIC_NOT_MODIFIED")
	}
	t.Closed = closed
	return true, nil
}
