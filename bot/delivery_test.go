package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"posko/bot/telegramtest"
	"posko/conversation"
)

func TestSenderKeepsOrderThrough429(t *testing.T) {
	f := newSenderFixture(t, SenderOptions{Concurrency: 4})
	const a, b = 1001, 1002
	words := []string{"satu", "dua", "tiga", "empat", "lima"}
	for _, w := range words {
		f.outbox.add(send(a, w), send(b, w))
	}
	f.limiter.hook = func(n int) {
		if n == 5 { // a send in the middle of both chats' runs
			f.srv.FailNext("sendMessage", 1, 429, 1)
		}
	}
	f.run(t, nil)

	for _, chat := range []int64{a, b} {
		if got := texts(f.srv.Messages(chat)); !slices.Equal(got, words) {
			t.Errorf("chat %d got %q, want %q", chat, got, words)
		}
	}
	if got := counterValue(t, f.metrics.TooManyRequests); got != 1 {
		t.Errorf("TooManyRequests = %v, want 1", got)
	}
	reqs := f.srv.Requests("sendMessage")
	for i, r := range reqs {
		if r.Status != 429 {
			continue
		}
		var retry *telegramtest.Request
		for j := i + 1; j < len(reqs); j++ {
			if reqs[j].Params["chat_id"] == r.Params["chat_id"] {
				retry = &reqs[j]
				break
			}
		}
		if retry == nil || retry.Params["text"] != r.Params["text"] {
			t.Fatalf("the refused message %q was not retried next in its chat", r.Params["text"])
		}
		if wait := retry.At.Sub(r.At); wait < time.Second {
			t.Errorf("retried after %v, before retry_after (1s)", wait)
		}
	}
	for id := int64(1); id <= 10; id++ {
		if r := f.outbox.row(id); r.state != "sent" || r.messageID == 0 {
			t.Errorf("row %d: state %s message %d, want sent with a message id", id, r.state, r.messageID)
		}
	}
}

func TestSenderServerErrors(t *testing.T) {
	tests := []struct {
		name         string
		failures     int
		wantRequests int
		wantState    string // of the first row
		wantSecond   string // of the same chat's second row
	}{
		{name: "5xx twice then success", failures: 2, wantRequests: 4, wantState: "sent", wantSecond: "sent"},
		{name: "5xx forever rescheduled", failures: 100, wantRequests: 3, wantState: "pending", wantSecond: "pending"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newSenderFixture(t, SenderOptions{MaxInlineRetries: 2})
			f.sender.opt.Backoff = func(attempt int) time.Duration {
				if attempt > 2 { // inline retries are quick; a rescheduled row waits long
					return time.Hour
				}
				return time.Millisecond
			}
			f.srv.FailNext("sendMessage", tt.failures, 500, 0)
			f.outbox.add(send(7, "pertama"), send(7, "kedua"))
			f.run(t, func() bool {
				r := f.outbox.row(1)
				return r.state == "sent" && f.outbox.row(2).state == "sent" || r.Attempts > 0
			})
			time.Sleep(50 * time.Millisecond) // a few more polls: the second row must still wait

			if got := len(f.srv.Requests("sendMessage")); got != tt.wantRequests {
				t.Errorf("sendMessage requests = %d, want %d", got, tt.wantRequests)
			}
			first, second := f.outbox.row(1), f.outbox.row(2)
			if first.state != tt.wantState || second.state != tt.wantSecond {
				t.Errorf("rows are %s, %s; want %s, %s", first.state, second.state, tt.wantState, tt.wantSecond)
			}
			if got := counterValue(t, f.metrics.SendErrors.WithLabelValues("server")); got != float64(min(tt.failures, 3)) {
				t.Errorf("SendErrors{server} = %v, want %d", got, min(tt.failures, 3))
			}
			if tt.wantState == "pending" {
				if first.Attempts != 1 || time.Until(first.due) < 30*time.Minute || first.reason == "" {
					t.Errorf("first row not rescheduled by backoff: attempts %d, due in %v, reason %q", first.Attempts, time.Until(first.due), first.reason)
				}
				if second.Attempts != 0 || len(f.srv.Messages(7)) != 0 {
					t.Errorf("the second row went ahead of the rescheduled first: attempts %d, messages %q", second.Attempts, texts(f.srv.Messages(7)))
				}
			} else if got := texts(f.srv.Messages(7)); !slices.Equal(got, []string{"pertama", "kedua"}) {
				t.Errorf("messages %q", got)
			}
		})
	}
}

func TestSenderBlockedChat(t *testing.T) {
	f := newSenderFixture(t, SenderOptions{})
	f.srv.BlockChat(2001)
	f.outbox.blocked[2002] = true
	f.outbox.add(send(2001, "halo"), send(2001, "apa kabar"), send(2002, "sudah diblokir"), send(2003, "terkirim"))
	f.run(t, nil)

	for id, want := range map[int64]string{1: "failed", 2: "failed", 3: "failed", 4: "sent"} {
		r := f.outbox.row(id)
		if r.state != want || (want == "failed" && r.reason != "blocked") {
			t.Errorf("row %d: %s %q, want %s", id, r.state, r.reason, want)
		}
	}
	if !f.outbox.blocked[2001] {
		t.Error("chat 2001 not marked blocked")
	}
	if got := len(requestsTo(f.srv, "sendMessage", 2001)); got != 1 {
		t.Errorf("%d sends to the blocked chat, want 1 (later rows fail without calling Telegram)", got)
	}
	if got := len(requestsTo(f.srv, "sendMessage", 2002)); got != 0 {
		t.Errorf("%d sends to a chat already marked blocked, want 0", got)
	}
	if got := counterValue(t, f.metrics.SendErrors.WithLabelValues("blocked")); got != 1 {
		t.Errorf("SendErrors{blocked} = %v, want 1", got)
	}
}

func TestSenderMigratedGroup(t *testing.T) {
	f := newSenderFixture(t, SenderOptions{})
	const from, to = -3001, -1003001
	f.srv.MigrateChat(from, to)
	f.outbox.add(send(from, "pengumuman satu"), send(from, "pengumuman dua"))
	f.run(t, nil)

	if got := texts(f.srv.Messages(to)); !slices.Equal(got, []string{"pengumuman satu", "pengumuman dua"}) {
		t.Errorf("supergroup got %q", got)
	}
	if got := f.outbox.migrated; !slices.Equal(got, [][2]int64{{from, to}}) {
		t.Errorf("MigrateChat calls %v, want one from %d to %d", got, from, to)
	}
	for id := int64(1); id <= 2; id++ {
		if r := f.outbox.row(id); r.state != "sent" {
			t.Errorf("row %d is %s", id, r.state)
		}
	}
}

func TestSenderPermanentBadRequest(t *testing.T) {
	f := newSenderFixture(t, SenderOptions{})
	f.srv.FailNext("sendMessage", 1, 400, 0)
	f.outbox.add(send(5, "ditolak"), send(5, "diterima"))
	f.run(t, nil)

	if r := f.outbox.row(1); r.state != "failed" || !strings.Contains(r.reason, "injected fault") {
		t.Errorf("row 1: %s %q, want failed with Telegram's description", r.state, r.reason)
	}
	if got := texts(f.srv.Messages(5)); !slices.Equal(got, []string{"diterima"}) {
		t.Errorf("messages %q, want only the second", got)
	}
}

func TestSenderLongText(t *testing.T) {
	f := newSenderFixture(t, SenderOptions{})
	ctx := context.Background()
	first, err := f.sender.Deliver(ctx, send(9, "Permohonan Anda"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for range 110 { // 48 visible characters a line: 5280 in all
		b.WriteString("<b>Satker</b> <i>" + strings.Repeat("x", 40) + "</i>\n")
	}
	text := "<u>" + b.String() + "</u>"
	msg := send(9, text)
	msg.ReplyTo = first
	msg.Buttons = [][]conversation.Button{{{Text: "Selesai", Data: "done"}}}
	last, err := f.sender.Deliver(ctx, msg)
	if err != nil {
		t.Fatal(err)
	}
	msgs := f.srv.Messages(9)[1:]
	if len(msgs) != 2 {
		t.Fatalf("got %d messages, want 2", len(msgs))
	}
	if len(msgs[0].Buttons) != 0 || !msgs[1].HasButton("done") {
		t.Errorf("keyboard must be on the last part only: %v / %v", msgs[0].Buttons, msgs[1].Buttons)
	}
	if msgs[0].ReplyTo != first || msgs[1].ReplyTo != 0 {
		t.Errorf("reply: first part %d, second %d; want %d, 0", msgs[0].ReplyTo, msgs[1].ReplyTo, first)
	}
	if last != msgs[1].MessageID {
		t.Errorf("Deliver returned %d, want the last part's id %d", last, msgs[1].MessageID)
	}
	var plain strings.Builder
	for _, m := range msgs {
		checkBalanced(t, m.Text)
		plain.WriteString(m.Plain)
	}
	if squeeze(plain.String()) != squeeze(visibleText(text)) {
		t.Error("the parts do not add up to the text")
	}
	if got := f.limiter.count(9); got != 3 {
		t.Errorf("limiter waited %d times, want once per call (3)", got)
	}
}

func TestSenderGivesUpAfterMaxAttempts(t *testing.T) {
	f := newSenderFixture(t, SenderOptions{MaxInlineRetries: -1, MaxAttempts: 3})
	f.srv.FailNext("sendMessage", 1000, 502, 0)
	f.outbox.add(send(7, "tidak pernah sampai"), send(7, "berikutnya"))
	f.run(t, func() bool { return f.outbox.row(1).state == "failed" })
	if r := f.outbox.row(1); r.Attempts != 2 || !strings.Contains(r.reason, "gave up after 3 attempts") {
		t.Errorf("row = attempts %d, reason %q; want failed on the third attempt", r.Attempts, r.reason)
	}
}

func TestSenderResumesSplitText(t *testing.T) {
	for _, path := range []string{"submitted", "read by a round"} {
		t.Run(path, func(t *testing.T) {
			f := newSenderFixture(t, SenderOptions{PollInterval: time.Hour, MaxInlineRetries: 2})
			f.start(t)
			var b strings.Builder
			for i := range 250 { // about 10 000 characters: three parts
				fmt.Fprintf(&b, "baris %03d %s\n", i, strings.Repeat("y", 30))
			}
			parts := SplitHTML(b.String(), MaxTextLen)
			if len(parts) != 3 {
				t.Fatalf("the text splits in %d parts, want 3", len(parts))
			}
			f.limiter.hook = func(n int) {
				if n == 2 { // part 2 fails, and both its inline retries
					f.srv.FailNext("sendMessage", 3, 502, 0)
				}
			}
			rows := f.outbox.add(send(9, b.String()), send(9, "sesudahnya"))
			if path == "submitted" {
				f.sender.Submit(rows)
			} else {
				f.sender.Kick()
			}
			waitUntil(t, "the row rescheduled", func() bool { return f.outbox.row(1).Attempts == 1 })
			if r := f.outbox.row(1); r.PartsSent != 1 {
				t.Errorf("parts sent recorded = %d, want 1", r.PartsSent)
			}
			for !f.outbox.settled() { // the retry is due at once (Backoff 1ms)
				f.sender.Kick()
				time.Sleep(5 * time.Millisecond)
			}
			want := append(slices.Clone(parts), "sesudahnya")
			if got := texts(f.srv.Messages(9)); !slices.Equal(got, want) {
				t.Errorf("chat got %d messages, want the 3 parts once each then the next row", len(got))
			}
			sentOnce(t, f, 9)
		})
	}
}
