package telegramtest

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"
)

func TestGetUpdatesLongPoll(t *testing.T) {
	s := New(t)
	result := make(chan []update, 1)
	go func() {
		code, a := postJSON(t, s, "getUpdates", map[string]any{"timeout": 10})
		var ups []update
		if code == http.StatusOK {
			_ = jsonUnmarshal(a.Result, &ups)
		}
		result <- ups
	}()
	// Push once the poll is waiting, so the update arrives during the hold.
	s.Eventually(t, "getUpdates is waiting", func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.updates.poller == 1
	}, 5*time.Second)
	id := s.SendText(77, "halo")
	var ups []update
	select {
	case ups = <-result:
	case <-time.After(5 * time.Second):
		t.Fatal("long poll did not return after an update was pushed")
	}
	if len(ups) != 1 || ups[0].UpdateID != id || ups[0].Message.Text != "halo" || ups[0].Message.Chat.Type != "private" {
		t.Fatalf("updates = %+v, want update %d", ups, id)
	}

	// Unconfirmed updates come again; an offset past them confirms them.
	if again := poll(t, s, nil); len(again) != 1 || again[0].UpdateID != id {
		t.Errorf("unconfirmed poll = %+v, want update %d again", again, id)
	}
	second := s.SendText(77, "kedua")
	got := poll(t, s, map[string]any{"offset": id + 1})
	if len(got) != 1 || got[0].UpdateID != second {
		t.Errorf("poll with offset = %+v, want only update %d", got, second)
	}
	if got := poll(t, s, map[string]any{"offset": second + 1, "timeout": 0}); len(got) != 0 {
		t.Errorf("poll after confirming all = %+v, want none", got)
	}
}

func TestGetUpdatesLimitAndTimeout(t *testing.T) {
	s := New(t)
	for i := range 5 {
		s.SendText(1, fmt.Sprintf("pesan %d", i))
	}
	if got := poll(t, s, map[string]any{"limit": 2}); len(got) != 2 || got[1].Message.Text != "pesan 1" {
		t.Errorf("limit 2 = %+v", got)
	}
	if got := poll(t, s, map[string]any{"offset": -1}); len(got) != 1 || got[0].Message.Text != "pesan 4" {
		t.Errorf("offset -1 = %+v, want the last update", got)
	}
	start := time.Now()
	if got := poll(t, s, map[string]any{"offset": 1 << 40, "timeout": 1}); len(got) != 0 {
		t.Errorf("empty poll = %+v", got)
	}
	if time.Since(start) < 900*time.Millisecond {
		t.Errorf("an empty poll with timeout 1 returned early")
	}
}

func TestSecondPollerTerminatesFirst(t *testing.T) {
	s := New(t)
	var wg sync.WaitGroup
	wg.Add(1)
	var firstCode int
	go func() {
		defer wg.Done()
		firstCode, _ = postJSON(t, s, "getUpdates", map[string]any{"timeout": 10})
	}()
	s.Eventually(t, "first poll waiting", func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.updates.poller == 1
	}, 5*time.Second)
	s.SendText(1, "x") // the first poll returns with it
	wg.Wait()
	if firstCode != http.StatusOK {
		t.Fatalf("first poll = %d", firstCode)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		firstCode, _ = postJSON(t, s, "getUpdates", map[string]any{"offset": 1 << 40, "timeout": 10})
	}()
	s.Eventually(t, "third poll waiting", func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.updates.poller == 2
	}, 5*time.Second)
	poll(t, s, map[string]any{"offset": 1 << 40})
	wg.Wait()
	if firstCode != http.StatusConflict {
		t.Errorf("terminated poll = %d, want 409", firstCode)
	}
}

func TestPushRawDeliversDuplicate(t *testing.T) {
	s := New(t)
	id := s.SendText(9, "asli")
	ups := poll(t, s, nil)
	poll(t, s, map[string]any{"offset": id + 1})
	raw, _ := jsonMarshal(ups[0])
	s.PushRaw(raw)
	got := poll(t, s, map[string]any{"offset": id + 1})
	if len(got) != 1 || got[0].UpdateID != id {
		t.Fatalf("duplicate = %+v, want update %d again", got, id)
	}
	if next := s.SendText(9, "baru"); next != id+1 {
		t.Errorf("next update_id = %d, want %d", next, id+1)
	}
}

func TestCommandEntities(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		wantStart []int // offset, length pairs
	}{
		{"plain command", "/start", []int{0, 6}},
		{"command with bot name and args", "/batal@posko_test_bot sekarang", []int{0, 21}},
		{"command after emoji counts UTF-16", "😀 /bantuan", []int{3, 8}},
		{"no command", "halo /", nil},
		{"slash inside a word", "dan/atau", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(t)
			s.SendText(1, tt.text)
			ups := poll(t, s, nil)
			ents := ups[0].Message.Entities
			var got []int
			for _, e := range ents {
				if e.Type == "bot_command" {
					got = append(got, e.Offset, e.Length)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.wantStart) {
				t.Errorf("entities of %q = %v, want %v", tt.text, got, tt.wantStart)
			}
		})
	}
}
