package telegramtest

import (
	"bytes"
	"context"
	"errors"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestViolationsAreReported(t *testing.T) {
	keyboard := func(data string) models.ReplyMarkup {
		return &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "Pilih", CallbackData: data}}}}
	}
	tests := []struct {
		name    string
		call    func(ctx context.Context, b *bot.Bot, s *Server) error
		wantErr string // in the reported test error
	}{
		{
			name: "text of 4097 characters",
			call: func(ctx context.Context, b *bot.Bot, _ *Server) error {
				_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 1, Text: strings.Repeat("a", 4097)})
				return err
			},
			wantErr: "message text is too long: 4097",
		},
		{
			name: "text of 2049 emoji counts UTF-16 units",
			call: func(ctx context.Context, b *bot.Bot, _ *Server) error {
				_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 1, Text: strings.Repeat("😀", 2049)})
				return err
			},
			wantErr: "message text is too long: 4098",
		},
		{
			name: "empty text after HTML parsing",
			call: func(ctx context.Context, b *bot.Bot, _ *Server) error {
				_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 1, Text: "<b> </b>", ParseMode: models.ParseModeHTML})
				return err
			},
			wantErr: "message text is empty",
		},
		{
			name: "unescaped HTML",
			call: func(ctx context.Context, b *bot.Bot, _ *Server) error {
				_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 1, Text: "NIP <18 digit>", ParseMode: models.ParseModeHTML})
				return err
			},
			wantErr: `unsupported start tag "18"`,
		},
		{
			name: "callback_data of 65 bytes",
			call: func(ctx context.Context, b *bot.Bot, _ *Server) error {
				_, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 1, Text: "Pilih", ReplyMarkup: keyboard(strings.Repeat("x", 65))})
				return err
			},
			wantErr: "BUTTON_DATA_INVALID",
		},
		{
			name: "caption of 1025 characters",
			call: func(ctx context.Context, b *bot.Bot, s *Server) error {
				id, _ := s.AddFile([]byte("pdf"))
				_, err := b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: 1, Document: &models.InputFileString{Data: id}, Caption: strings.Repeat("c", 1025)})
				return err
			},
			wantErr: "caption is too long",
		},
		{
			name: "media group of one",
			call: func(ctx context.Context, b *bot.Bot, s *Server) error {
				id, _ := s.AddFile([]byte("jpg"))
				_, err := b.SendMediaGroup(ctx, &bot.SendMediaGroupParams{ChatID: 1, Media: []models.InputMedia{&models.InputMediaPhoto{Media: id}}})
				return err
			},
			wantErr: "media group must have 2-10 items, got 1",
		},
		{
			name: "unknown parameter",
			call: func(ctx context.Context, _ *bot.Bot, s *Server) error {
				return rawCall(s, "sendMessage", url.Values{"chat_id": {"1"}, "text": {"Halo"}, "colour": {"red"}})
			},
			wantErr: `unknown parameter "colour"`,
		},
		{
			name: "missing required parameter",
			call: func(ctx context.Context, _ *bot.Bot, s *Server) error {
				return rawCall(s, "sendMessage", url.Values{"text": {"Halo"}})
			},
			wantErr: `parameter "chat_id" is required`,
		},
		{
			name: "integer parameter not a number",
			call: func(ctx context.Context, _ *bot.Bot, s *Server) error {
				return rawCall(s, "sendMessage", url.Values{"chat_id": {"1"}, "text": {"Halo"}, "message_thread_id": {"abc"}})
			},
			wantErr: `parameter "message_thread_id": want Integer`,
		},
		{
			name: "unknown method",
			call: func(ctx context.Context, _ *bot.Bot, s *Server) error {
				return rawCall(s, "sendTelegram", url.Values{"chat_id": {"1"}})
			},
			wantErr: `unknown Bot API method "sendTelegram"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{TB: t}
			s := New(rec)
			b := newBot(t, s)
			err := tt.call(context.Background(), b, s)
			if err == nil {
				t.Fatal("the call succeeded, want it refused")
			}
			if errs := rec.errors(); len(errs) != 1 || !hasError(errs, tt.wantErr) {
				t.Errorf("reported %q, want one error containing %q", errs, tt.wantErr)
			}
			if n := len(s.Messages(1)); n != 0 {
				t.Errorf("a refused request stored %d messages", n)
			}
		})
	}
}

// rawCall posts form values the way a hand-written client would.
func rawCall(s *Server, method string, v url.Values) error {
	resp, err := http.PostForm(s.URL()+"/bot"+Token+"/"+method, v)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return nil
}

func TestValidRequestsAreNotReported(t *testing.T) {
	rec := &recorder{TB: t}
	s := New(rec)
	b := newBot(t, s)
	ctx := context.Background()
	_, err := b.SendMessage(ctx, &bot.SendMessageParams{
		ChatID: 1, Text: strings.Repeat("a", 4096),
		ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "Ok", CallbackData: strings.Repeat("d", 64)}}}},
	})
	if err != nil {
		t.Errorf("SendMessage at the limits: %v", err)
	}
	_, err = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: 1, Text: "<b>Kode</b> &lt;123&gt; <a href=\"https://x.id\">tautan</a>", ParseMode: models.ParseModeHTML})
	if err != nil {
		t.Errorf("SendMessage with HTML: %v", err)
	}
	if ok, err := b.SendChatAction(ctx, &bot.SendChatActionParams{ChatID: 1, Action: models.ChatActionTyping}); err != nil || !ok {
		t.Errorf("SendChatAction: %v %v", ok, err)
	}
	if ok, err := b.SetChatDescription(ctx, &bot.SetChatDescriptionParams{ChatID: -100123, Description: "Posko"}); err != nil || !ok {
		t.Errorf("a method the fake does not model: %v %v", ok, err)
	}
	if err := rawCall(s, "sendMessage", url.Values{"chat_id": {"1"}, "text": {"form"}}); err != nil {
		t.Errorf("urlencoded sendMessage: %v", err)
	}
	resp, err := http.Get(s.URL() + "/bot" + Token + "/sendMessage?chat_id=1&text=query")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("query-string sendMessage: %v %v", err, resp.Status)
	}
	resp.Body.Close()
	if errs := rec.errors(); len(errs) != 0 {
		t.Errorf("valid requests reported: %q", errs)
	}
	if got := s.Messages(1); len(got) != 4 || got[2].Text != "form" || got[3].Text != "query" || got[1].Plain != "Kode <123> tautan" {
		t.Errorf("messages = %+v", got)
	}
}

func TestUnreferencedFilePartIsReported(t *testing.T) {
	rec := &recorder{TB: t}
	s := New(rec)
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	_ = w.WriteField("chat_id", "1")
	_ = w.WriteField("text", "Halo")
	fw, _ := w.CreateFormFile("stray", "a.pdf")
	_, _ = fw.Write([]byte("x"))
	_ = w.Close()
	resp, err := http.Post(s.URL()+"/bot"+Token+"/sendMessage", w.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !hasError(rec.errors(), `file part "stray"`) {
		t.Errorf("status %d, reported %q", resp.StatusCode, rec.errors())
	}
}

func TestWrongToken(t *testing.T) {
	s := New(t)
	b, err := bot.New("999:wrong", bot.WithServerURL(s.URL()), bot.WithSkipGetMe())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.GetMe(context.Background()); !errors.Is(err, bot.ErrorUnauthorized) {
		t.Errorf("err = %v, want ErrorUnauthorized", err)
	}
}
