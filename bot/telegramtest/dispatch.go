package telegramtest

import (
	"encoding/json"
	"fmt"
)

// dispatchLocked runs the method. Methods the fake does not model answer
// true, which is what most Bot API methods return. s.mu must be held.
func (s *Server) dispatchLocked(c *call) (any, *apiError) {
	if param, ok := mediaParams[c.Method]; ok {
		return s.sendMedia(c, param)
	}
	switch c.Method {
	case "getMe":
		me := botJSON()
		me["can_join_groups"], me["can_read_all_group_messages"], me["supports_inline_queries"] = true, false, false
		return me, nil
	case "sendMessage":
		return s.sendMessage(c)
	case "sendMediaGroup":
		return s.sendMediaGroup(c)
	case "copyMessage":
		return s.copyMessage(c, false)
	case "forwardMessage":
		return s.copyMessage(c, true)
	case "editMessageText":
		return s.editText(c, "text")
	case "editMessageCaption":
		return s.editText(c, "caption")
	case "editMessageReplyMarkup":
		return s.editReplyMarkup(c)
	case "deleteMessage":
		return s.deleteMessage(c)
	case "deleteMessages":
		return s.deleteMessages(c)
	case "setMessageReaction":
		return s.setMessageReaction(c)
	case "answerCallbackQuery":
		return s.answerCallbackQuery(c)
	case "getFile":
		return s.getFile(c)
	case "getChat":
		return s.getChat(c)
	case "getChatMember":
		return s.getChatMember(c)
	case "createForumTopic":
		return s.createForumTopic(c)
	case "editForumTopic":
		return s.editForumTopic(c)
	case "closeForumTopic":
		return s.setTopicClosed(c, true)
	case "reopenForumTopic":
		return s.setTopicClosed(c, false)
	case "setWebhook":
		return s.setWebhook(c)
	case "deleteWebhook":
		return s.deleteWebhook(c)
	case "getWebhookInfo":
		return s.getWebhookInfo(c)
	case "setMyCommands":
		return s.setMyCommands(c)
	case "getMyCommands":
		return s.getMyCommands(c)
	case "deleteMyCommands":
		delete(s.commands, commandsKey(c.Params["scope"], c.Params["language_code"]))
		return true, nil
	}
	return true, nil
}

func (s *Server) answerCallbackQuery(c *call) (any, *apiError) {
	id := c.Params["callback_query_id"]
	if answered, known := s.callbacks[id]; !known || answered {
		return nil, errBadRequest("query is too old and response timeout expired or query ID is invalid")
	}
	s.callbacks[id] = true
	return true, nil
}

// Answered reports whether the bot answered the callback query (all
// queries Press created, when id is "", must be answered, or the user's
// button keeps spinning).
func (s *Server) Answered(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if id != "" {
		return s.callbacks[id]
	}
	for _, answered := range s.callbacks {
		if !answered {
			return false
		}
	}
	return true
}

// Command is one entry of the bot's command menu.
type Command struct {
	Command     string `json:"command"`
	Description string `json:"description"`
}

// commandsKey names a command list: the scope's type, its chat_id and
// user_id when set, and "/language" when set; e.g. "default",
// "chat:-100123", "all_private_chats/id".
func commandsKey(scope, lang string) string {
	var sc struct {
		Type   string `json:"type"`
		ChatID any    `json:"chat_id"`
		UserID any    `json:"user_id"`
	}
	_ = json.Unmarshal([]byte(scope), &sc)
	key := sc.Type
	if key == "" {
		key = "default"
	}
	if sc.ChatID != nil {
		key += fmt.Sprintf(":%v", sc.ChatID)
	}
	if sc.UserID != nil {
		key += fmt.Sprintf(":%v", sc.UserID)
	}
	if lang != "" {
		key += "/" + lang
	}
	return key
}

func (s *Server) setMyCommands(c *call) (any, *apiError) {
	var cmds []Command
	if err := json.Unmarshal([]byte(c.Params["commands"]), &cmds); err != nil {
		return nil, errBadRequest("can't parse commands JSON array")
	}
	s.commands[commandsKey(c.Params["scope"], c.Params["language_code"])] = cmds
	return true, nil
}

func (s *Server) getMyCommands(c *call) (any, *apiError) {
	cmds := s.commands[commandsKey(c.Params["scope"], c.Params["language_code"])]
	if cmds == nil {
		cmds = []Command{}
	}
	return cmds, nil
}

// Commands returns the command list the bot set for a scope key: "default",
// "all_private_chats", "all_group_chats", "chat:<chat_id>", ... with
// "/<language_code>" appended when the bot gave one.
func (s *Server) Commands(scope string) []Command {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Command(nil), s.commands[scope]...)
}
