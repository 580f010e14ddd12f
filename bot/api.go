package bot

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
	"unicode/utf16"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"posko/conversation"
)

// This file holds the Bot API side of delivery: the library client, and the
// call(s) each kind of Outgoing turns into. The rules around the calls
// (limits, retries, outcomes) are in sender.go.

// NewAPI returns a Bot API client for serverURL (https://api.telegram.org, or
// a fake in tests) that skips the startup getMe and keeps connections alive:
// the library's default client keeps only two idle connections, so under load
// nearly every call would open a new TLS connection. pollTimeout is the
// getUpdates long-poll timeout; the HTTP timeout is set above it.
func NewAPI(serverURL, token string, pollTimeout time.Duration) (*tgbot.Bot, error) {
	if pollTimeout <= time.Second {
		pollTimeout = 30 * time.Second
	}
	transport := &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:   true,
		MaxIdleConns:        200,
		MaxIdleConnsPerHost: 100,
		IdleConnTimeout:     90 * time.Second,
		TLSHandshakeTimeout: 10 * time.Second,
	}
	client := &http.Client{Transport: transport, Timeout: pollTimeout + 15*time.Second}
	api, err := tgbot.New(token,
		tgbot.WithServerURL(serverURL),
		tgbot.WithSkipGetMe(),
		tgbot.WithHTTPClient(pollTimeout, client),
	)
	if err != nil {
		return nil, fmt.Errorf("new bot api client: %w", err)
	}
	return api, nil
}

// IsForum reports whether chatID is a forum supergroup (getChat), where the
// bot can open a topic per conversation.
func IsForum(ctx context.Context, api *tgbot.Bot, chatID int64) (bool, error) {
	chat, err := api.GetChat(ctx, &tgbot.GetChatParams{ChatID: chatID})
	if err != nil {
		return false, fmt.Errorf("getChat %d: %w", chatID, err)
	}
	return chat.IsForum, nil
}

// send delivers msg with the Bot API method(s) its kind calls for. A message
// may take several calls (parts: a text split in several, a file and the
// text that did not fit its caption); the first from parts were delivered by
// an earlier attempt and are skipped. done is how many parts have reached
// Telegram in all, also when err reports that a later one failed.
func (s *Sender) send(ctx context.Context, msg conversation.Outgoing, from int) (id, done int, err error) {
	switch msg.Kind {
	case conversation.OutSend:
		chunks := SplitHTML(msg.Text, MaxTextLen)
		replyTo := msg.ReplyTo
		if from > 0 {
			replyTo = 0 // the reply went with the first part
		}
		id, n, err := s.sendTexts(ctx, msg, chunks[min(from, len(chunks)):], replyTo, 0)
		return id, from + n, err
	case conversation.OutEdit:
		return s.edit(ctx, msg, from)
	case conversation.OutAnswer:
		if err := s.answer(ctx, msg); err != nil {
			return 0, 0, err
		}
		return 0, 1, nil
	case conversation.OutDocument, conversation.OutPhoto, conversation.OutCopy:
		return s.sendFile(ctx, msg, from)
	case conversation.OutMediaGroup:
		if len(msg.Files) == 1 {
			// An album of one (a gathered album whose other pages came too
			// late): Telegram wants 2-10 items, so it goes as a single file.
			msg.Kind = conversation.OutDocument
			if msg.Files[0].Photo {
				msg.Kind = conversation.OutPhoto
			}
			return s.sendFile(ctx, msg, from)
		}
		return s.sendMediaGroup(ctx, msg, from)
	case conversation.OutTopic:
		id, err := s.createTopic(ctx, msg)
		if err != nil {
			return 0, from, err
		}
		return id, 1, nil
	case conversation.OutReact:
		if err := s.react(ctx, msg); err != nil {
			return 0, from, err
		}
		return 0, 1, nil
	default:
		return 0, from, fmt.Errorf("outgoing kind %q: %w", msg.Kind, errUnsendable)
	}
}

// sendRest sends the text parts that follow a message's first call (an
// edit, a file, an album), skipping those an earlier attempt delivered;
// from counts the first call. first is the first call's message id.
func (s *Sender) sendRest(ctx context.Context, msg conversation.Outgoing, rest []string, from, first int) (id, done int, err error) {
	skip := min(max(from-1, 0), len(rest))
	id, n, err := s.sendTexts(ctx, msg, rest[skip:], 0, first)
	return id, 1 + skip + n, err
}

// sendTexts sends chunks as messages; the first replies to replyTo, the last
// carries the keyboard. It returns the last message's id (or last when
// chunks is empty) and how many chunks were sent, also on error.
func (s *Sender) sendTexts(ctx context.Context, msg conversation.Outgoing, chunks []string, replyTo, last int) (int, int, error) {
	for i, chunk := range chunks {
		params := &tgbot.SendMessageParams{
			ChatID:             msg.ChatID,
			MessageThreadID:    msg.ThreadID,
			Text:               chunk,
			ParseMode:          models.ParseModeHTML,
			LinkPreviewOptions: noLinkPreview(),
		}
		if i == 0 && replyTo != 0 {
			params.ReplyParameters = &models.ReplyParameters{MessageID: replyTo, AllowSendingWithoutReply: true}
		}
		if i == len(chunks)-1 {
			params.ReplyMarkup = keyboard(msg.Buttons, false)
		}
		err := s.call(ctx, msg.ChatID, true, func(ctx context.Context) error {
			m, err := s.api.SendMessage(ctx, params)
			if err == nil {
				last = m.ID
			}
			return err
		})
		if err != nil {
			return 0, i, fmt.Errorf("send message part %d of %d: %w", i+1, len(chunks), err)
		}
	}
	return last, len(chunks), nil
}

// edit replaces the text and keyboard of msg.MessageID. A text too long for
// one message edits in its first part and sends the rest as new messages.
func (s *Sender) edit(ctx context.Context, msg conversation.Outgoing, from int) (int, int, error) {
	chunks := SplitHTML(msg.Text, MaxTextLen)
	if from == 0 {
		params := &tgbot.EditMessageTextParams{
			ChatID:             msg.ChatID,
			MessageID:          msg.MessageID,
			Text:               chunks[0],
			ParseMode:          models.ParseModeHTML,
			LinkPreviewOptions: noLinkPreview(),
			ReplyMarkup:        keyboard(msg.Buttons, true),
		}
		if len(chunks) > 1 {
			params.ReplyMarkup = keyboard(nil, true)
		}
		err := s.call(ctx, msg.ChatID, true, func(ctx context.Context) error {
			_, err := s.api.EditMessageText(ctx, params)
			return err
		})
		if err != nil && !hasDescription(err, "message is not modified") {
			return 0, 0, fmt.Errorf("edit message: %w", err)
		}
	}
	return s.sendRest(ctx, msg, chunks[1:], from, msg.MessageID)
}

// react sets the bot's reaction on msg.MessageID to the emoji msg.Text.
// It goes through the rate limiter like a send: Telegram counts it against
// the chat's flood limits too.
func (s *Sender) react(ctx context.Context, msg conversation.Outgoing) error {
	if msg.MessageID == 0 || msg.Text == "" {
		return fmt.Errorf("reaction without a message or an emoji: %w", errUnsendable)
	}
	params := &tgbot.SetMessageReactionParams{
		ChatID:    msg.ChatID,
		MessageID: msg.MessageID,
		Reaction: []models.ReactionType{{
			Type:              models.ReactionTypeTypeEmoji,
			ReactionTypeEmoji: &models.ReactionTypeEmoji{Emoji: msg.Text},
		}},
	}
	err := s.call(ctx, msg.ChatID, true, func(ctx context.Context) error {
		_, err := s.api.SetMessageReaction(ctx, params)
		return err
	})
	if err != nil {
		return fmt.Errorf("set message reaction: %w", err)
	}
	return nil
}

// answer answers a callback query; Telegram does not count these against
// the sending limits, and a query too old to answer needs no answer anymore.
func (s *Sender) answer(ctx context.Context, msg conversation.Outgoing) error {
	params := &tgbot.AnswerCallbackQueryParams{
		CallbackQueryID: msg.CallbackID,
		Text:            truncateUTF16(msg.Text, 200),
		ShowAlert:       msg.Alert,
	}
	err := s.call(ctx, msg.ChatID, false, func(ctx context.Context) error {
		_, err := s.api.AnswerCallbackQuery(ctx, params)
		return err
	})
	if err != nil && !hasDescription(err, "query is too old") && !hasDescription(err, "query id is invalid") {
		return fmt.Errorf("answer callback query: %w", err)
	}
	return nil
}

// sendFile sends a document or a photo, or copies a message, with the
// first part of Text as its caption and the rest as messages after it.
func (s *Sender) sendFile(ctx context.Context, msg conversation.Outgoing, from int) (int, int, error) {
	caption, rest := splitCaption(msg.Text)
	if from > 0 {
		return s.sendRest(ctx, msg, rest, from, 0)
	}
	markup := keyboard(msg.Buttons, false)
	if len(rest) > 0 {
		markup = nil
	}
	var reply *models.ReplyParameters
	if msg.ReplyTo != 0 {
		reply = &models.ReplyParameters{MessageID: msg.ReplyTo, AllowSendingWithoutReply: true}
	}
	var parseMode models.ParseMode
	if caption != "" {
		parseMode = models.ParseModeHTML
	}
	if msg.Kind != conversation.OutCopy && msg.Upload == nil && len(msg.Files) == 0 {
		return 0, 0, fmt.Errorf("%s without a file: %w", msg.Kind, errUnsendable)
	}
	var id int
	err := s.call(ctx, msg.ChatID, true, func(ctx context.Context) error {
		var m *models.Message
		var err error
		switch msg.Kind {
		case conversation.OutDocument:
			m, err = s.api.SendDocument(ctx, &tgbot.SendDocumentParams{
				ChatID: msg.ChatID, MessageThreadID: msg.ThreadID, Document: inputFile(msg),
				Caption: caption, ParseMode: parseMode, ReplyParameters: reply, ReplyMarkup: markup,
			})
		case conversation.OutPhoto:
			m, err = s.api.SendPhoto(ctx, &tgbot.SendPhotoParams{
				ChatID: msg.ChatID, MessageThreadID: msg.ThreadID, Photo: inputFile(msg),
				Caption: caption, ParseMode: parseMode, ReplyParameters: reply, ReplyMarkup: markup,
			})
		default:
			var c *models.MessageID
			c, err = s.api.CopyMessage(ctx, &tgbot.CopyMessageParams{
				ChatID: msg.ChatID, MessageThreadID: msg.ThreadID, FromChatID: msg.FromChatID, MessageID: msg.MessageID,
				Caption: caption, ParseMode: parseMode, ReplyParameters: reply, ReplyMarkup: markup,
			})
			if err == nil {
				id = c.ID
			}
			return err
		}
		if err == nil {
			id = m.ID
		}
		return err
	})
	if err != nil {
		return 0, 0, fmt.Errorf("send %s: %w", msg.Kind, err)
	}
	return s.sendRest(ctx, msg, rest, 1, id)
}

// sendMediaGroup sends an album; the caption goes on its first item and
// what does not fit, with the keyboard (an album cannot carry one), after it.
func (s *Sender) sendMediaGroup(ctx context.Context, msg conversation.Outgoing, from int) (int, int, error) {
	caption, rest := splitCaption(msg.Text)
	if from > 0 {
		return s.sendRest(ctx, msg, rest, from, 0)
	}
	if len(msg.Buttons) > 0 && len(rest) == 0 {
		s.log.WarnContext(ctx, "album keyboard dropped: Telegram cannot attach one", slog.Int64("chat", msg.ChatID))
	}
	media := make([]models.InputMedia, 0, len(msg.Files))
	for i, f := range msg.Files {
		var c string
		var pm models.ParseMode
		if i == 0 && caption != "" {
			c, pm = caption, models.ParseModeHTML
		}
		if f.Photo {
			media = append(media, &models.InputMediaPhoto{Media: f.ID, Caption: c, ParseMode: pm})
		} else {
			media = append(media, &models.InputMediaDocument{Media: f.ID, Caption: c, ParseMode: pm})
		}
	}
	params := &tgbot.SendMediaGroupParams{ChatID: msg.ChatID, MessageThreadID: msg.ThreadID, Media: media}
	if msg.ReplyTo != 0 {
		params.ReplyParameters = &models.ReplyParameters{MessageID: msg.ReplyTo, AllowSendingWithoutReply: true}
	}
	var id int
	err := s.call(ctx, msg.ChatID, true, func(ctx context.Context) error {
		ms, err := s.api.SendMediaGroup(ctx, params)
		if err == nil && len(ms) > 0 {
			id = ms[len(ms)-1].ID
		}
		return err
	})
	if err != nil {
		return 0, 0, fmt.Errorf("send media group: %w", err)
	}
	return s.sendRest(ctx, msg, rest, 1, id)
}

// splitCaption cuts text into a caption that fits and the messages that
// carry the rest.
func splitCaption(text string) (caption string, rest []string) {
	sp := newHTMLSplitter(text)
	caption = sp.next(MaxCaptionLen)
	for !sp.done() {
		if c := sp.next(MaxTextLen); c != "" {
			rest = append(rest, c)
		}
	}
	return caption, rest
}

// inputFile is the file of a document or photo: an upload (read afresh on
// every attempt) or a file Telegram already holds.
func inputFile(msg conversation.Outgoing) models.InputFile {
	if msg.Upload != nil {
		return &models.InputFileUpload{Filename: msg.Upload.Name, Data: bytes.NewReader(msg.Upload.Data)}
	}
	return &models.InputFileString{Data: msg.Files[0].ID}
}

// keyboard is the inline keyboard of buttons; nil when there are none,
// unless empty asks for an empty keyboard (an edit that removes the buttons).
func keyboard(buttons [][]conversation.Button, empty bool) models.ReplyMarkup {
	if len(buttons) == 0 && !empty {
		return nil
	}
	rows := make([][]models.InlineKeyboardButton, 0, len(buttons))
	for _, row := range buttons {
		r := make([]models.InlineKeyboardButton, 0, len(row))
		for _, b := range row {
			r = append(r, models.InlineKeyboardButton{Text: b.Text, CallbackData: b.Data, URL: b.URL})
		}
		rows = append(rows, r)
	}
	return &models.InlineKeyboardMarkup{InlineKeyboard: rows}
}

func noLinkPreview() *models.LinkPreviewOptions {
	disabled := true
	return &models.LinkPreviewOptions{IsDisabled: &disabled}
}

// truncateUTF16 cuts s to at most n UTF-16 code units, on a character boundary.
func truncateUTF16(s string, n int) string {
	width := 0
	for i, r := range s {
		w := utf16.RuneLen(r)
		if width+w > n {
			return s[:i]
		}
		width += w
	}
	return s
}
