// Package bot is the Telegram adapter of Posko Digipay Online: it takes
// updates in (long polling or webhook) into the durable inbox, feeds them in
// order per chat to the conversation engine, and delivers the outbox to
// Telegram within its limits. The domain lives in package conversation; this
// package only translates between it and the Bot API.
package bot

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"

	"posko/conversation"
)

// decodeUpdate parses the raw JSON of one Telegram update.
func decodeUpdate(raw []byte) (*models.Update, error) {
	var u models.Update
	if err := json.Unmarshal(raw, &u); err != nil {
		return nil, fmt.Errorf("decode update: %w", err)
	}
	return &u, nil
}

// chatOf returns the chat an update belongs to (the user for updates that
// have no chat), which decides its lane and its conversation state.
func chatOf(u *models.Update) int64 {
	switch {
	case u.Message != nil:
		return u.Message.Chat.ID
	case u.EditedMessage != nil:
		return u.EditedMessage.Chat.ID
	case u.CallbackQuery != nil:
		if m := u.CallbackQuery.Message.Message; m != nil {
			return m.Chat.ID
		}
		if m := u.CallbackQuery.Message.InaccessibleMessage; m != nil {
			return m.Chat.ID
		}
		return u.CallbackQuery.From.ID
	case u.MyChatMember != nil:
		return u.MyChatMember.Chat.ID
	case u.ChatMember != nil:
		return u.ChatMember.Chat.ID
	case u.ChannelPost != nil:
		return u.ChannelPost.Chat.ID
	case u.InlineQuery != nil:
		return u.InlineQuery.From.ID
	case u.ChatJoinRequest != nil:
		return u.ChatJoinRequest.Chat.ID
	}
	return 0
}

// toDomain turns a Telegram update into the domain's view of it. botUsername
// (without "@") lets it tell "/start@thisbot" from a command for another bot.
func toDomain(u *models.Update, botUsername string, received time.Time) conversation.Update {
	d := conversation.Update{ID: u.ID, At: received, ChatID: chatOf(u)}
	switch {
	case u.Message != nil:
		fromMessage(&d, u.Message, botUsername)
	case u.EditedMessage != nil:
		fromMessage(&d, u.EditedMessage, botUsername)
		d.Kind = conversation.KindEdited
	case u.CallbackQuery != nil:
		q := u.CallbackQuery
		d.Kind = conversation.KindCallback
		d.CallbackID = q.ID
		d.CallbackData = q.Data
		setUser(&d, &q.From)
		if m := q.Message.Message; m != nil {
			setChat(&d, &m.Chat)
			d.MessageID = m.ID
			d.ThreadID = m.MessageThreadID
		} else if m := q.Message.InaccessibleMessage; m != nil {
			setChat(&d, &m.Chat)
			d.MessageID = m.MessageID
		} else {
			d.ChatType = conversation.ChatPrivate
		}
	case u.MyChatMember != nil:
		d.Kind = conversation.KindMembership
		setChat(&d, &u.MyChatMember.Chat)
		setUser(&d, &u.MyChatMember.From)
	default:
		d.Kind = conversation.KindOther
	}
	return d
}

func setChat(d *conversation.Update, c *models.Chat) {
	d.ChatID = c.ID
	d.ChatType = conversation.ChatType(c.Type)
	d.ChatTitle = c.Title
	d.IsForum = c.IsForum
}

func setUser(d *conversation.Update, u *models.User) {
	if u == nil {
		return
	}
	d.UserID = u.ID
	d.UserName = strings.TrimSpace(u.FirstName + " " + u.LastName)
	d.Username = u.Username
}

func fromMessage(d *conversation.Update, m *models.Message, botUsername string) {
	setChat(d, &m.Chat)
	setUser(d, m.From)
	if m.Date > 0 {
		d.At = time.Unix(int64(m.Date), 0)
	}
	d.MessageID = m.ID
	if m.IsTopicMessage {
		d.ThreadID = m.MessageThreadID
	}
	if m.ReplyToMessage != nil {
		d.ReplyToMessageID = m.ReplyToMessage.ID
		d.ReplyToText, _, _ = strings.Cut(m.ReplyToMessage.Text, "\n")
		if d.ReplyToText == "" {
			d.ReplyToText, _, _ = strings.Cut(m.ReplyToMessage.Caption, "\n")
		}
		if from := m.ReplyToMessage.From; from != nil && from.IsBot && botUsername != "" && strings.EqualFold(from.Username, botUsername) {
			d.ReplyToBot = true
		}
	}
	d.MediaGroupID = m.MediaGroupID
	d.MigrateToChatID = m.MigrateToChatID
	d.Text = m.Text
	if d.Text == "" {
		d.Text = m.Caption
	}
	switch {
	case m.Document != nil:
		d.Kind = conversation.KindDocument
		d.File = &conversation.File{ID: m.Document.FileID, UniqueID: m.Document.FileUniqueID,
			Name: m.Document.FileName, MIME: m.Document.MimeType, Size: m.Document.FileSize}
	case len(m.Photo) > 0:
		p := m.Photo[len(m.Photo)-1] // Telegram lists sizes smallest first
		d.Kind = conversation.KindPhoto
		d.File = &conversation.File{ID: p.FileID, UniqueID: p.FileUniqueID, MIME: "image/jpeg",
			Size: int64(p.FileSize), Photo: true}
	case m.Sticker != nil || m.Animation != nil || m.Dice != nil:
		d.Kind = conversation.KindSticker
	case m.Voice != nil || m.Audio != nil || m.VideoNote != nil || m.Video != nil:
		d.Kind = conversation.KindVoice
	case m.Contact != nil:
		d.Kind = conversation.KindContact
		d.Text = m.Contact.PhoneNumber
	case len(m.NewChatMembers) > 0 || m.LeftChatMember != nil || m.MigrateToChatID != 0 || m.MigrateFromChatID != 0:
		d.Kind = conversation.KindMembership
	case m.Text != "":
		d.Kind = conversation.KindText
		if cmd, args, ok := parseCommand(m.Text, botUsername); ok {
			d.Kind = conversation.KindCommand
			d.Command, d.Args = cmd, args
			d.Addressed = addressedTo(m.Text, botUsername)
		} else if strings.HasPrefix(m.Text, "/") {
			d.Kind = conversation.KindOther // a command for another bot
		}
	default:
		d.Kind = conversation.KindOther
	}
}

// addressedTo reports that a command names the bot: "/cmd@botname ...".
func addressedTo(text, botUsername string) bool {
	head, _, _ := strings.Cut(text, " ")
	_, target, ok := strings.Cut(head, "@")
	return ok && botUsername != "" && strings.EqualFold(strings.TrimSpace(target), botUsername)
}

// parseCommand reads "/cmd@bot args" at the start of text. It works on the
// text itself rather than on entity offsets (which count UTF-16 units), and
// reports ok=false for a command addressed to another bot.
func parseCommand(text, botUsername string) (cmd, args string, ok bool) {
	if !strings.HasPrefix(text, "/") || len(text) < 2 {
		return "", "", false
	}
	head, rest, _ := strings.Cut(text[1:], " ")
	if i := strings.IndexAny(head, "\n\t"); i >= 0 {
		rest = head[i+1:] + " " + rest
		head = head[:i]
	}
	name, target, addressed := strings.Cut(head, "@")
	if addressed && botUsername != "" && !strings.EqualFold(target, botUsername) {
		return "", "", false
	}
	if name == "" {
		return "", "", false
	}
	for _, r := range name {
		if !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return "", "", false
		}
	}
	return strings.ToLower(name), strings.TrimSpace(rest), true
}
