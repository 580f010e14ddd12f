package telegramtest

import (
	"context"
	"net/http"
	"testing"

	"github.com/go-telegram/bot"
)

// BenchmarkSendMessage measures the fake's cost per sendMessage, the call a
// throughput benchmark of the bot makes most.
func BenchmarkSendMessage(b *testing.B) {
	s := New(b, WithoutRequestLog())
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	tb, err := bot.New(Token, bot.WithServerURL(s.URL()), bot.WithSkipGetMe(), bot.WithHTTPClient(0, client))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := tb.SendMessage(ctx, &bot.SendMessageParams{ChatID: 1, Text: "Halo"}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	if n := s.Count("sendMessage"); n < b.N {
		b.Errorf("counted %d sends, want %d", n, b.N)
	}
}
