package telegramtest

import (
	"context"
	"testing"

	"github.com/go-telegram/bot"
)

func TestWithOnSendSeesEverySendMessage(t *testing.T) {
	tests := []struct {
		name  string
		sends []int64 // chat ids the bot sends to, in order
	}{
		{name: "one message", sends: []int64{7}},
		{name: "messages to several chats", sends: []int64{7, 8, 7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var seen []Message // written under the server's lock, read after the sends returned
			s := New(t, WithOnSend(func(m Message) { seen = append(seen, m) }))
			tb, err := bot.New(Token, bot.WithServerURL(s.URL()), bot.WithSkipGetMe())
			if err != nil {
				t.Fatal(err)
			}
			for _, chat := range tt.sends {
				if _, err := tb.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: chat, Text: "Halo"}); err != nil {
					t.Fatal(err)
				}
			}
			if len(seen) != len(tt.sends) {
				t.Fatalf("hook saw %d messages, want %d", len(seen), len(tt.sends))
			}
			for i, m := range seen {
				if m.ChatID != tt.sends[i] || m.Plain != "Halo" || m.Method != "sendMessage" {
					t.Errorf("message %d = chat %d %q via %s, want chat %d \"Halo\" via sendMessage", i, m.ChatID, m.Plain, m.Method, tt.sends[i])
				}
			}
		})
	}
}
