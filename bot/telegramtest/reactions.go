package telegramtest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// maxBotReactions is how many reactions a bot (never premium) may set on one message.
const maxBotReactions = 1

// reactionEmoji lists the emoji a reaction may use, read from api.json's
// description of ReactionTypeEmoji ("Currently, it can be one of ...").
var reactionEmoji = sync.OnceValues(func() ([]string, error) {
	var doc struct {
		Types map[string]struct {
			Description []string `json:"description"`
			Fields      []struct {
				Name        string `json:"name"`
				Description string `json:"description"`
			} `json:"fields"`
		} `json:"types"`
	}
	if err := json.Unmarshal(apiJSON, &doc); err != nil {
		return nil, fmt.Errorf("parse api.json: %w", err)
	}
	for _, f := range doc.Types["ReactionTypeEmoji"].Fields {
		if f.Name != "emoji" {
			continue
		}
		_, list, ok := strings.Cut(f.Description, "can be one of")
		if !ok {
			break
		}
		var out []string
		for _, m := range regexp.MustCompile(`"([^"]+)"`).FindAllStringSubmatch(list, -1) {
			out = append(out, m[1])
		}
		return out, nil
	}
	return nil, fmt.Errorf("api.json: no emoji list in ReactionTypeEmoji")
})

// reactionType is the part of a ReactionType the fake reads.
type reactionType struct {
	Type          string `json:"type"`
	Emoji         string `json:"emoji"`
	CustomEmojiID string `json:"custom_emoji_id"`
}

// checkReactions checks setMessageReaction's reaction array: at most one
// reaction (bots are not premium), each an emoji bots may use.
func checkReactions(raw string) []string {
	var rs []reactionType
	if err := json.Unmarshal([]byte(raw), &rs); err != nil {
		return []string{fmt.Sprintf("can't parse reaction types JSON object: %v", err)}
	}
	var problems []string
	if len(rs) > maxBotReactions {
		problems = append(problems, fmt.Sprintf("REACTIONS_TOO_MANY: a bot may set %d reaction, got %d", maxBotReactions, len(rs)))
	}
	allowed, err := reactionEmoji()
	if err != nil {
		return append(problems, err.Error())
	}
	for i, r := range rs {
		switch r.Type {
		case "emoji":
			if !slices.Contains(allowed, r.Emoji) {
				problems = append(problems, fmt.Sprintf("REACTION_INVALID: reaction[%d] emoji %q is not one of the reactions", i, r.Emoji))
			}
		case "custom_emoji":
			if r.CustomEmojiID == "" {
				problems = append(problems, fmt.Sprintf("reaction[%d]: custom_emoji_id is empty", i))
			}
		case "paid":
			problems = append(problems, fmt.Sprintf("REACTION_INVALID: reaction[%d]: bots can't use paid reactions", i))
		default:
			problems = append(problems, fmt.Sprintf("REACTION_INVALID: reaction[%d] has type %q", i, r.Type))
		}
	}
	return problems
}

// setMessageReaction replaces the bot's reaction on a message of the chat
// (no reaction removes it). The request passed checkReactions already.
func (s *Server) setMessageReaction(c *call) (any, *apiError) {
	id, ok := chatParam(c.Params, "chat_id")
	if !ok {
		return nil, errBadRequest("chat not found")
	}
	ch := s.chatLocked(id)
	m := ch.msgs[int(c.Int("message_id"))]
	if m == nil || m.Deleted {
		return nil, errBadRequest("message to react not found")
	}
	var rs []reactionType
	if raw := c.Params["reaction"]; raw != "" {
		if err := json.Unmarshal([]byte(raw), &rs); err != nil {
			return nil, errBadRequest("can't parse reaction types JSON object")
		}
	}
	var set []string
	for _, r := range rs {
		if r.Type == "emoji" {
			set = append(set, r.Emoji)
		} else {
			set = append(set, r.Type+":"+r.CustomEmojiID)
		}
	}
	if len(set) == 0 {
		delete(ch.reactions, m.MessageID)
	} else {
		ch.reactions[m.MessageID] = set
	}
	return true, nil
}

// Reactions returns the bot's reactions on a message of the chat (a
// user's or its own): the emoji, or "custom_emoji:<id>"; nil when none.
func (s *Server) Reactions(chatID int64, messageID int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[chatID]
	if c == nil {
		return nil
	}
	return slices.Clone(c.reactions[messageID])
}
