package telegramtest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestLibrarySendMessageWithKeyboard(t *testing.T) {
	s := New(t)
	b := newBot(t, s)
	ctx := context.Background()
	const chatID = 1001

	sent, err := b.SendMessage(ctx, &bot.SendMessageParams{
		ChatID:    chatID,
		Text:      "<b>Selamat datang</b> &amp; silakan pilih",
		ParseMode: models.ParseModeHTML,
		ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{
			{{Text: "Registrasi", CallbackData: "reg"}, {Text: "Bantuan", URL: "https://example.org"}},
		}},
	})
	if err != nil {
		t.Fatalf("SendMessage: %v", err)
	}
	msgs := s.Messages(chatID)
	if len(msgs) != 1 {
		t.Fatalf("Messages = %d, want 1", len(msgs))
	}
	m := msgs[0]
	if m.MessageID != sent.ID || sent.Chat.ID != chatID || sent.Text != "Selamat datang & silakan pilih" {
		t.Errorf("library got message %d in %d %q; stored %d", sent.ID, sent.Chat.ID, sent.Text, m.MessageID)
	}
	if m.Plain != "Selamat datang & silakan pilih" || m.Text != "<b>Selamat datang</b> &amp; silakan pilih" || m.Method != "sendMessage" {
		t.Errorf("stored %+v", m)
	}
	wantButtons := [][]Button{{{Text: "Registrasi", Data: "reg"}, {Text: "Bantuan", URL: "https://example.org"}}}
	if len(m.Buttons) != 1 || len(m.Buttons[0]) != 2 || m.Buttons[0][0] != wantButtons[0][0] || m.Buttons[0][1] != wantButtons[0][1] {
		t.Errorf("Buttons = %+v, want %+v", m.Buttons, wantButtons)
	}

	// Editing the text without reply_markup removes the keyboard, as in Telegram.
	if _, err := b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: chatID, MessageID: sent.ID, Text: "Terima kasih"}); err != nil {
		t.Fatalf("EditMessageText: %v", err)
	}
	_, err = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: chatID, MessageID: sent.ID, Text: "Terima kasih"})
	if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "not modified") {
		t.Errorf("second identical edit: err = %v, want bad request not modified", err)
	}
	if ok, err := b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: chatID, MessageID: sent.ID}); err != nil || !ok {
		t.Fatalf("DeleteMessage: %v %v", ok, err)
	}
	m = s.Messages(chatID)[0]
	if m.Text != "Terima kasih" || !m.Edited || !m.Deleted || len(m.Buttons) != 0 {
		t.Errorf("after edit and delete: %+v", m)
	}
	if got := s.Count("sendMessage"); got != 1 {
		t.Errorf("Count(sendMessage) = %d, want 1", got)
	}
}

func TestLibraryErrors(t *testing.T) {
	tests := []struct {
		name  string
		setup func(s *Server)
		check func(t *testing.T, err error)
	}{
		{
			name:  "FailNext 429 gives TooManyRequestsError",
			setup: func(s *Server) { s.FailNext("sendMessage", 1, http.StatusTooManyRequests, 3) },
			check: func(t *testing.T, err error) {
				var tooMany *bot.TooManyRequestsError
				if !errors.As(err, &tooMany) || tooMany.RetryAfter != 3 {
					t.Errorf("err = %v, want TooManyRequestsError with RetryAfter 3", err)
				}
			},
		},
		{
			name:  "BlockChat gives ErrorForbidden",
			setup: func(s *Server) { s.BlockChat(7) },
			check: func(t *testing.T, err error) {
				if !errors.Is(err, bot.ErrorForbidden) || !strings.Contains(err.Error(), "blocked by the user") {
					t.Errorf("err = %v, want ErrorForbidden", err)
				}
			},
		},
		{
			name:  "MigrateChat gives MigrateError",
			setup: func(s *Server) { s.MigrateChat(7, -1001234567890) },
			check: func(t *testing.T, err error) {
				var migrate *bot.MigrateError
				if !errors.As(err, &migrate) || migrate.MigrateToChatID != -1001234567890 {
					t.Errorf("err = %v, want MigrateError to -1001234567890", err)
				}
			},
		},
		{
			name:  "FailNext 502 is a plain error",
			setup: func(s *Server) { s.FailNext("", 1, http.StatusBadGateway, 0) },
			check: func(t *testing.T, err error) {
				if err == nil || !strings.Contains(err.Error(), "502") {
					t.Errorf("err = %v, want a 502 error", err)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(t)
			b := newBot(t, s)
			tt.setup(s)
			_, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: 7, Text: "Halo"})
			tt.check(t, err)
			if n := len(s.Messages(7)); n != 0 {
				t.Errorf("a refused send stored %d messages", n)
			}
			// The fault is used up (or the chat stays refused): the request was recorded either way.
			if r := s.Requests("sendMessage"); len(r) != 1 || r[0].Status == http.StatusOK {
				t.Errorf("Requests = %+v, want one refused", r)
			}
		})
	}
}

func TestFailNextIsUsedUp(t *testing.T) {
	s := New(t)
	b := newBot(t, s)
	s.FailNext("sendMessage", 2, http.StatusTooManyRequests, 1)
	var errs int
	for range 3 {
		if _, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: 5, Text: "Halo"}); err != nil {
			errs++
		}
	}
	if errs != 2 || len(s.Messages(5)) != 1 || s.Count429() != 2 {
		t.Errorf("errors %d, messages %d, 429s %d; want 2, 1, 2", errs, len(s.Messages(5)), s.Count429())
	}
}

func TestGetFileAndDownload(t *testing.T) {
	s := New(t)
	b := newBot(t, s)
	data := []byte("%PDF-1.7 SK Penunjukan")
	s.SendDocument(42, "sk.pdf", "application/pdf", data, "SK saya")
	code, a := postJSON(t, s, "getUpdates", nil)
	if code != http.StatusOK {
		t.Fatalf("getUpdates: %d", code)
	}
	var us []models.Update
	if err := jsonUnmarshal(a.Result, &us); err != nil || len(us) != 1 {
		t.Fatalf("decode: %v (%d updates)", err, len(us))
	}
	u := us[0]
	doc := u.Message.Document
	if doc == nil || doc.FileName != "sk.pdf" || doc.MimeType != "application/pdf" || u.Message.Caption != "SK saya" {
		t.Fatalf("document = %+v, caption %q", doc, u.Message.Caption)
	}
	f, err := b.GetFile(context.Background(), &bot.GetFileParams{FileID: doc.FileID})
	if err != nil {
		t.Fatalf("GetFile: %v", err)
	}
	resp, err := http.Get(b.FileDownloadLink(f))
	if err != nil {
		t.Fatalf("download: %v", err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || string(got) != string(data) {
		t.Errorf("download = %d %q, want %q", resp.StatusCode, got, data)
	}
	if _, err := b.GetFile(context.Background(), &bot.GetFileParams{FileID: "nope"}); !errors.Is(err, bot.ErrorBadRequest) {
		t.Errorf("GetFile of unknown id: err = %v, want bad request", err)
	}
}

func TestLibraryPollsAndAnswersCallback(t *testing.T) {
	s := New(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const chatID = 555
	var b *bot.Bot
	handler := func(ctx context.Context, b *bot.Bot, u *models.Update) {
		switch {
		case u.Message != nil:
			_, _ = b.SendMessage(ctx, &bot.SendMessageParams{
				ChatID: u.Message.Chat.ID, Text: "Anda menulis: " + u.Message.Text,
				ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "Ya", CallbackData: "ya"}}}},
			})
		case u.CallbackQuery != nil:
			_, _ = b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: u.CallbackQuery.ID, Text: "Diterima"})
			msg := u.CallbackQuery.Message.Message
			_, _ = b.EditMessageText(ctx, &bot.EditMessageTextParams{ChatID: msg.Chat.ID, MessageID: msg.ID, Text: "Pilihan: " + u.CallbackQuery.Data})
		}
	}
	b, err := bot.New(Token, bot.WithServerURL(s.URL()), bot.WithSkipGetMe(), bot.WithDefaultHandler(handler),
		bot.WithHTTPClient(3*time.Second, s.Client()))
	if err != nil {
		t.Fatalf("bot.New: %v", err)
	}
	done := make(chan struct{})
	go func() { b.Start(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	s.SendText(chatID, "halo")
	m := s.WaitMessage(t, chatID, func(m Message) bool { return m.HasButton("ya") }, 5*time.Second)
	if m.Text != "Anda menulis: halo" {
		t.Errorf("reply = %q", m.Text)
	}
	s.Press(chatID, m.MessageID, "ya")
	m = s.WaitMessage(t, chatID, func(m Message) bool { return m.Edited }, 5*time.Second)
	if m.Text != "Pilihan: ya" || len(m.Buttons) != 0 {
		t.Errorf("edited = %+v", m)
	}
	s.WaitRequest(t, "answerCallbackQuery", func(r Request) bool { return r.Params["text"] == "Diterima" }, 5*time.Second)
	if !s.Answered("") {
		t.Error("callback query not answered")
	}
}
