package redis_test

import (
	"testing"
	"time"

	"posko/conversation"
	"posko/storage/redis"
)

func BenchmarkInboxAppend(b *testing.B) {
	rdb, prefix := newClient(b)
	in := redis.NewInbox(rdb, prefix)
	if err := in.Init(b.Context()); err != nil {
		b.Fatalf("Init: %v", err)
	}
	data := []byte(`{"update_id":1,"message":{"message_id":1,"chat":{"id":42,"type":"private"},"text":"halo"}}`)
	var id int64
	for b.Loop() {
		id++
		if _, err := in.Append(b.Context(), id, 42, data); err != nil {
			b.Fatalf("Append: %v", err)
		}
	}
}

func BenchmarkStateSaveLoad(b *testing.B) {
	rdb, prefix := newClient(b)
	s := redis.NewStateStore(rdb, prefix, time.Hour)
	st := conversation.State{Form: &conversation.FormState{Flow: "admin", Session: "ab12", Step: 3,
		Answers: map[string]conversation.Answer{"satker": {Value: "123456"}, "nip": {Value: "199001012015031001"}}}}
	for b.Loop() {
		var err error
		if st, err = s.Save(b.Context(), 42, st); err != nil {
			b.Fatalf("Save: %v", err)
		}
		if st, err = s.Load(b.Context(), 42); err != nil {
			b.Fatalf("Load: %v", err)
		}
	}
}

func BenchmarkLimiterWait(b *testing.B) {
	rdb, prefix := newClient(b)
	l := redis.NewLimiter(rdb, prefix, redis.Limits{GlobalPerSecond: 1_000_000_000})
	for b.Loop() {
		if err := l.Wait(b.Context(), 42); err != nil {
			b.Fatalf("Wait: %v", err)
		}
	}
}
