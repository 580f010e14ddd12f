package bot

import (
	"slices"
	"testing"
	"time"

	"posko/conversation"
)

func TestGatheredAlbumWaitsUntilAvailable(t *testing.T) {
	tests := []struct {
		name string
		busy bool // a delivery of the chat is under way when the album is submitted
	}{
		{name: "chat idle"},
		{name: "chat busy", busy: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			const chat = -1007770001
			// No polling: the sender must wake itself when the album is due.
			f := newSenderFixture(t, SenderOptions{PollInterval: time.Hour})
			if tc.busy {
				f.sender.limiter = slowLimiter{chat: chat, delay: 100 * time.Millisecond}
			}
			var photos []conversation.File
			for _, data := range []string{"foto 1", "foto 2", "foto 3"} {
				id, _ := f.srv.AddFile([]byte(data))
				photos = append(photos, conversation.File{ID: id, Photo: true})
			}
			f.start(t)
			want := []string{"Foto KTP", "", "", "sesudah"}
			if tc.busy {
				f.sender.Submit(f.outbox.add(send(chat, "sebelum")))
				want = append([]string{"sebelum"}, want...)
			}
			at := time.Now().Add(300 * time.Millisecond)
			album := conversation.Outgoing{Kind: conversation.OutMediaGroup, ChatID: chat, Text: "Foto KTP",
				Files: photos[:2], Gather: "album:1"}
			rows := f.outbox.addAt(at, album)
			f.sender.Submit(rows)
			f.sender.Submit(f.outbox.add(send(chat, "sesudah")))
			// Meanwhile the album's third photo joins the gathering row, as
			// the outbox merges it: only the outbox has the whole album.
			f.outbox.mu.Lock()
			f.outbox.rows[rows[0].ID-1].Msg.Files = photos
			f.outbox.mu.Unlock()

			waitUntil(t, "every row sent", f.outbox.settled)
			if got := texts(f.srv.Messages(chat)); !slices.Equal(got, want) {
				t.Errorf("chat got %q, want %q (the later row behind the album)", got, want)
			}
			reqs := requestsTo(f.srv, "sendMediaGroup", chat)
			if len(reqs) != 1 {
				t.Fatalf("%d sendMediaGroup calls, want 1", len(reqs))
			}
			if reqs[0].At.Before(at) {
				t.Errorf("album sent %v before it was available", at.Sub(reqs[0].At))
			}
			var album3 int
			for _, m := range f.srv.Messages(chat) {
				if m.Method == "sendMediaGroup" {
					album3++
				}
			}
			if album3 != 3 {
				t.Errorf("album of %d photos, want the 3 gathered in the outbox", album3)
			}
			for _, r := range f.outbox.rowsOf(chat) {
				if r.state != "sent" {
					t.Errorf("row %d %s (%s), want sent", r.ID, r.state, r.reason)
				}
			}
		})
	}
}

func TestRescheduledRowWakesTheSender(t *testing.T) {
	const chat = 4040
	backoff := 200 * time.Millisecond
	// No polling: the sender must wake itself when the row is due again.
	f := newSenderFixture(t, SenderOptions{PollInterval: time.Hour, MaxInlineRetries: -1,
		Backoff: func(int) time.Duration { return backoff }})
	f.start(t)
	f.srv.FailNext("sendMessage", 1, 502, 0)
	f.sender.Submit(f.outbox.add(send(chat, "satu"), send(chat, "dua")))
	waitUntil(t, "both rows sent", f.outbox.settled)
	if got := texts(f.srv.Messages(chat)); !slices.Equal(got, []string{"satu", "dua"}) {
		t.Errorf("chat got %q", got)
	}
	reqs := requestsTo(f.srv, "sendMessage", chat)
	if len(reqs) != 3 || reqs[1].At.Sub(reqs[0].At) < backoff {
		t.Errorf("%d sends; the retry came %v after the failure, want at least %v", len(reqs), reqs[1].At.Sub(reqs[0].At), backoff)
	}
	if r := f.outbox.row(1); r.Attempts != 1 {
		t.Errorf("row attempts %d, want 1", r.Attempts)
	}
}
