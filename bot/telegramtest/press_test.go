package telegramtest

import (
	"context"
	"errors"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestPressInGroup(t *testing.T) {
	const group, user = -1004000000004, 61
	tests := []struct {
		name      string
		data      string
		deleted   bool
		wantError string // reported to the test, "" for none
	}{
		{name: "existing button", data: "ambil"},
		{name: "button the message lacks", data: "hapus", wantError: "no button with that data"},
		{name: "deleted message", data: "ambil", deleted: true, wantError: "deleted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{TB: t}
			s := New(rec)
			b := newBot(t, s)
			ctx := context.Background()
			sent, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: group, Text: "Tiket #1",
				ReplyMarkup: &models.InlineKeyboardMarkup{InlineKeyboard: [][]models.InlineKeyboardButton{{{Text: "Ambil", CallbackData: "ambil"}}}}})
			if err != nil {
				t.Fatal(err)
			}
			if tt.deleted {
				_, _ = b.DeleteMessage(ctx, &bot.DeleteMessageParams{ChatID: group, MessageID: sent.ID})
			}
			s.PressInGroup(group, user, sent.ID, tt.data)
			if errs := rec.errors(); (tt.wantError == "") != (len(errs) == 0) || (tt.wantError != "" && !hasError(errs, tt.wantError)) {
				t.Errorf("reported %q, want %q", errs, tt.wantError)
			}
			_, a := postJSON(t, s, "getUpdates", nil)
			var ups []models.Update
			if err := jsonUnmarshal(a.Result, &ups); err != nil || len(ups) != 1 || ups[0].CallbackQuery == nil {
				t.Fatalf("updates: %v %+v", err, ups)
			}
			cq := ups[0].CallbackQuery
			if cq.From.ID != user || cq.Data != tt.data {
				t.Errorf("callback from %d data %q", cq.From.ID, cq.Data)
			}
			wantType := models.MaybeInaccessibleMessageTypeMessage
			if tt.deleted {
				wantType = models.MaybeInaccessibleMessageTypeInaccessibleMessage
			}
			if cq.Message.Type != wantType {
				t.Errorf("message type = %v, want %v", cq.Message.Type, wantType)
			}
			if _, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: cq.ID}); err != nil {
				t.Errorf("AnswerCallbackQuery: %v", err)
			}
			if _, err := b.AnswerCallbackQuery(ctx, &bot.AnswerCallbackQueryParams{CallbackQueryID: cq.ID}); !errors.Is(err, bot.ErrorBadRequest) {
				t.Errorf("second answer: err = %v, want bad request", err)
			}
			if !s.Answered(cq.ID) {
				t.Error("Answered = false")
			}
		})
	}
}
