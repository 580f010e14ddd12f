package postgres

import (
	"context"
	"sync/atomic"
	"testing"

	"posko/conversation"
)

// BenchmarkProcessUpdate handles updates that each queue one message, from
// parallel goroutines as the worker lanes do.
func BenchmarkProcessUpdate(b *testing.B) {
	db := newDB(b)
	ctx := context.Background()
	state := []byte(`{"v":3,"last_update_id":1}`)
	var nextID atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			id := nextID.Add(1)
			chat := id % 500
			_, _, err := db.ProcessUpdate(ctx, id, chat, func(context.Context, conversation.Tx) ([]byte, []conversation.Outgoing, error) {
				return state, []conversation.Outgoing{{Kind: conversation.OutSend, ChatID: chat, Text: "Terima kasih, pesan Anda kami terima."}}, nil
			})
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
}
