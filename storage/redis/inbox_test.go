package redis_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"posko/storage/redis"
)

// newInbox returns an initialised inbox under a fresh prefix.
func newInbox(t testing.TB) (*redis.Inbox, *goredis.Client, string) {
	t.Helper()
	rdb, prefix := newClient(t)
	in := redis.NewInbox(rdb, prefix)
	if err := in.Init(t.Context()); err != nil {
		t.Fatalf("Init: %v", err)
	}
	return in, rdb, prefix
}

// appendN appends updates first..first+n-1 to chat 42 and fails on any error.
func appendN(t *testing.T, in *redis.Inbox, first, n int64) {
	t.Helper()
	for id := first; id < first+n; id++ {
		added, err := in.Append(t.Context(), id, 42, fmt.Appendf(nil, `{"update_id":%d}`, id))
		if err != nil || !added {
			t.Fatalf("Append(%d) = %v, %v; want true, nil", id, added, err)
		}
	}
}

// updateIDs returns the update ids of entries, in order.
func updateIDs(entries []redis.InboxEntry) []int64 {
	var ids []int64
	for _, e := range entries {
		ids = append(ids, e.UpdateID)
	}
	return ids
}

// streamIDs returns the stream ids of entries, in order.
func streamIDs(entries []redis.InboxEntry) []string {
	var ids []string
	for _, e := range entries {
		ids = append(ids, e.StreamID)
	}
	return ids
}

// wantPending fails unless the inbox has want unacknowledged entries.
func wantPending(t *testing.T, in *redis.Inbox, want int64) {
	t.Helper()
	got, err := in.Pending(t.Context())
	if err != nil {
		t.Fatalf("Pending: %v", err)
	}
	if got != want {
		t.Errorf("Pending = %d, want %d", got, want)
	}
}

func TestInboxInitTwice(t *testing.T) {
	in, _, _ := newInbox(t)
	if err := in.Init(t.Context()); err != nil {
		t.Fatalf("second Init: %v", err)
	}
	wantPending(t, in, 0)
}

func TestInboxAppendDeduplicates(t *testing.T) {
	in, rdb, prefix := newInbox(t)
	steps := []struct {
		name      string
		updateID  int64
		data      string
		wantAdded bool
	}{
		{name: "new update", updateID: 100, data: `{"update_id":100,"n":1}`, wantAdded: true},
		{name: "same update again", updateID: 100, data: `{"update_id":100,"n":2}`, wantAdded: false},
		{name: "another update", updateID: 101, data: `{"update_id":101}`, wantAdded: true},
		{name: "first update a third time", updateID: 100, data: `{"update_id":100,"n":3}`, wantAdded: false},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			added, err := in.Append(t.Context(), s.updateID, -1001234, []byte(s.data))
			if err != nil {
				t.Fatalf("Append: %v", err)
			}
			if added != s.wantAdded {
				t.Errorf("added = %v, want %v", added, s.wantAdded)
			}
		})
	}

	if n := rdb.XLen(t.Context(), prefix+"inbox").Val(); n != 2 {
		t.Errorf("stream length = %d, want 2", n)
	}
	if ttl := rdb.TTL(t.Context(), prefix+"seen:100").Val(); ttl < 24*time.Hour || ttl > 25*time.Hour {
		t.Errorf("seen marker TTL = %v, want 24h-25h", ttl)
	}
	got, err := in.Read(t.Context(), "c1", 10, 0)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	want := []redis.InboxEntry{
		{UpdateID: 100, ChatID: -1001234, Data: []byte(`{"update_id":100,"n":1}`)},
		{UpdateID: 101, ChatID: -1001234, Data: []byte(`{"update_id":101}`)},
	}
	if len(got) != len(want) {
		t.Fatalf("Read returned %d entries, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].StreamID == "" || got[i].UpdateID != want[i].UpdateID || got[i].ChatID != want[i].ChatID || string(got[i].Data) != string(want[i].Data) {
			t.Errorf("entry %d = %+v (data %s), want %+v (data %s)", i, got[i], got[i].Data, want[i], want[i].Data)
		}
	}
}

func TestInboxReadAckPending(t *testing.T) {
	in, rdb, prefix := newInbox(t)
	appendN(t, in, 1, 3)
	wantPending(t, in, 3)

	first, err := in.Read(t.Context(), "c1", 2, 0)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if got := updateIDs(first); !slices.Equal(got, []int64{1, 2}) {
		t.Fatalf("first Read = %v, want [1 2]", got)
	}
	wantPending(t, in, 3) // delivered is not acknowledged

	if err := in.Ack(t.Context(), streamIDs(first)...); err != nil {
		t.Fatalf("Ack: %v", err)
	}
	wantPending(t, in, 1)

	second, err := in.Read(t.Context(), "c1", 10, 100*time.Millisecond)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if got := updateIDs(second); !slices.Equal(got, []int64{3}) {
		t.Fatalf("second Read = %v, want [3]", got)
	}
	if err := in.Ack(t.Context(), streamIDs(second)...); err != nil {
		t.Fatalf("Ack: %v", err)
	}
	wantPending(t, in, 0)
	if n := rdb.XLen(t.Context(), prefix+"inbox").Val(); n != 0 {
		t.Errorf("stream length after acks = %d, want 0 (acked entries deleted)", n)
	}

	empty, err := in.Read(t.Context(), "c1", 10, 50*time.Millisecond)
	if err != nil || empty != nil {
		t.Errorf("Read of an empty inbox = %v, %v; want nil, nil", empty, err)
	}
	if err := in.Ack(t.Context()); err != nil {
		t.Errorf("Ack of nothing: %v", err)
	}
}

func TestInboxReclaim(t *testing.T) {
	in, rdb, prefix := newInbox(t)
	appendN(t, in, 1, 3)

	// The old leader read three entries and died without acknowledging them.
	if got, err := in.Read(t.Context(), "old-leader", 10, 0); err != nil || len(got) != 3 {
		t.Fatalf("old leader Read = %d entries, %v; want 3", len(got), err)
	}
	// The new leader had already read one entry of its own before reclaiming.
	appendN(t, in, 4, 1)
	if got, err := in.Read(t.Context(), "new-leader", 10, 0); err != nil || len(got) != 1 {
		t.Fatalf("new leader Read = %d entries, %v; want 1", len(got), err)
	}
	// New entries are not reclaimed: they are read normally.
	appendN(t, in, 5, 1)

	got, err := in.Reclaim(t.Context(), "new-leader")
	if err != nil {
		t.Fatalf("Reclaim: %v", err)
	}
	if ids := updateIDs(got); !slices.Equal(ids, []int64{1, 2, 3, 4}) {
		t.Fatalf("Reclaim = %v, want [1 2 3 4]", ids)
	}
	if string(got[0].Data) != `{"update_id":1}` || got[0].ChatID != 42 {
		t.Errorf("first reclaimed entry = %+v (data %s)", got[0], got[0].Data)
	}
	pending := rdb.XPendingExt(t.Context(), &goredis.XPendingExtArgs{
		Stream: prefix + "inbox", Group: "workers", Start: "-", End: "+", Count: 10,
	}).Val()
	for _, p := range pending {
		if p.Consumer != "new-leader" {
			t.Errorf("entry %s still owned by %s", p.ID, p.Consumer)
		}
	}
	wantPending(t, in, 5)
	consumers := rdb.XInfoConsumers(t.Context(), prefix+"inbox", "workers").Val()
	if len(consumers) != 1 || consumers[0].Name != "new-leader" {
		t.Errorf("consumers after Reclaim = %+v, want only new-leader (the dead one forgotten)", consumers)
	}

	if again, err := in.Reclaim(t.Context(), "new-leader"); err != nil || len(again) != 4 {
		t.Errorf("second Reclaim = %d entries, %v; want the same 4", len(again), err)
	}
}

func TestInboxReclaimSkipsDeleted(t *testing.T) {
	in, rdb, prefix := newInbox(t)
	appendN(t, in, 1, 2)
	read, err := in.Read(t.Context(), "old-leader", 10, 0)
	if err != nil || len(read) != 2 {
		t.Fatalf("Read = %d entries, %v; want 2", len(read), err)
	}
	// Someone deleted entry 1 from the stream without acknowledging it.
	if err := rdb.XDel(t.Context(), prefix+"inbox", read[0].StreamID).Err(); err != nil {
		t.Fatalf("XDel: %v", err)
	}

	got, err := in.Reclaim(t.Context(), "new-leader")
	if err != nil {
		t.Fatalf("Reclaim: %v", err)
	}
	if ids := updateIDs(got); !slices.Equal(ids, []int64{2}) {
		t.Errorf("Reclaim = %v, want [2]", ids)
	}
	wantPending(t, in, 1)
}
