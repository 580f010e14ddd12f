package bot

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"posko/bot/telegramtest"
	"posko/conversation"
	"posko/storage/postgres"
)

// fakeOutbox is an in-memory Outbox that behaves like the PostgreSQL one.
type fakeOutbox struct {
	mu       sync.Mutex
	rows     []*fakeRow
	blocked  map[int64]bool
	migrated [][2]int64
}

type fakeRow struct {
	postgres.OutboxRow
	due       time.Time
	state     string // "pending", "sent", "failed"
	reason    string
	messageID int
}

func newFakeOutbox() *fakeOutbox { return &fakeOutbox{blocked: map[int64]bool{}} }

func (o *fakeOutbox) add(msgs ...conversation.Outgoing) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, m := range msgs {
		o.rows = append(o.rows, &fakeRow{OutboxRow: postgres.OutboxRow{ID: int64(len(o.rows) + 1), Msg: m}, state: "pending"})
	}
}

func (o *fakeOutbox) row(id int64) fakeRow {
	o.mu.Lock()
	defer o.mu.Unlock()
	return *o.rows[id-1]
}

// settled reports whether every row is sent or failed.
func (o *fakeOutbox) settled() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, r := range o.rows {
		if r.state == "pending" {
			return false
		}
	}
	return true
}

func (o *fakeOutbox) DueOutbox(_ context.Context, limit int, skip ...int64) ([]postgres.OutboxRow, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []postgres.OutboxRow
	for _, r := range o.rows {
		if r.state == "pending" && !r.due.After(time.Now()) && len(out) < limit && !slices.Contains(skip, r.Msg.ChatID) {
			row := r.OutboxRow
			row.Blocked = o.blocked[row.Msg.ChatID]
			out = append(out, row)
		}
	}
	return out, nil
}

func (o *fakeOutbox) MarkSent(_ context.Context, sent []postgres.Sent) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, s := range sent {
		o.rows[s.ID-1].state, o.rows[s.ID-1].messageID = "sent", s.MessageID
	}
	return nil
}

func (o *fakeOutbox) RetryLater(_ context.Context, id int64, at time.Time, reason string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	r := o.rows[id-1]
	r.Attempts++
	r.due, r.reason = at, reason
	return nil
}

func (o *fakeOutbox) MarkFailed(_ context.Context, id int64, reason string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.rows[id-1].state, o.rows[id-1].reason = "failed", reason
	return nil
}

func (o *fakeOutbox) MarkBlocked(_ context.Context, chatID int64) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.blocked[chatID] = true
	return nil
}

func (o *fakeOutbox) MigrateChat(_ context.Context, from, to int64) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.migrated = append(o.migrated, [2]int64{from, to})
	for _, r := range o.rows {
		if r.state == "pending" && r.Msg.ChatID == from {
			r.Msg.ChatID = to
		}
	}
	return nil
}

// countingLimiter never waits; it counts calls per chat and can run a hook
// before the nth call.
type countingLimiter struct {
	mu    sync.Mutex
	total int
	calls map[int64]int
	hook  func(n int)
}

func (l *countingLimiter) Wait(_ context.Context, chatID int64) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.calls == nil {
		l.calls = map[int64]int{}
	}
	l.total++
	l.calls[chatID]++
	if l.hook != nil {
		l.hook(l.total)
	}
	return nil
}

func (l *countingLimiter) count(chatID int64) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.calls[chatID]
}

type senderFixture struct {
	srv     *telegramtest.Server
	outbox  *fakeOutbox
	limiter *countingLimiter
	metrics *Metrics
	sender  *Sender
}

func newSenderFixture(t *testing.T, opt SenderOptions) *senderFixture {
	t.Helper()
	srv := telegramtest.New(t)
	api, err := NewAPI(srv.URL(), telegramtest.Token, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if opt.Backoff == nil {
		opt.Backoff = func(int) time.Duration { return time.Millisecond }
	}
	if opt.PollInterval == 0 {
		opt.PollInterval = 20 * time.Millisecond
	}
	f := &senderFixture{srv: srv, outbox: newFakeOutbox(), limiter: &countingLimiter{}, metrics: NewMetrics()}
	logger := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
	f.sender = NewSender(api, f.outbox, f.limiter, f.metrics, logger, opt)
	return f
}

// run starts the sender and waits until done reports true (nil: until every
// row is sent or failed); the sender stops when the test ends.
func (f *senderFixture) run(t *testing.T, done func() bool) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- f.sender.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-stopped; err != nil {
			t.Errorf("Run returned %v, want nil", err)
		}
	})
	if done == nil {
		done = f.outbox.settled
	}
	deadline := time.Now().Add(10 * time.Second)
	for !done() {
		if time.Now().After(deadline) {
			t.Fatalf("outbox not settled in time: %+v", f.outbox.rows)
		}
		f.sender.Kick()
		time.Sleep(5 * time.Millisecond)
	}
}

func counterValue(t *testing.T, c prometheus.Counter) float64 {
	t.Helper()
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		t.Fatal(err)
	}
	return m.GetCounter().GetValue()
}

func texts(msgs []telegramtest.Message) []string {
	var out []string
	for _, m := range msgs {
		out = append(out, m.Text)
	}
	return out
}

func requestsTo(srv *telegramtest.Server, method string, chatID int64) []telegramtest.Request {
	var out []telegramtest.Request
	for _, r := range srv.Requests(method) {
		if r.Int("chat_id") == chatID {
			out = append(out, r)
		}
	}
	return out
}

func send(chatID int64, text string) conversation.Outgoing {
	return conversation.Outgoing{Kind: conversation.OutSend, ChatID: chatID, Text: text}
}

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

func TestDeliverKinds(t *testing.T) {
	f := newSenderFixture(t, SenderOptions{})
	ctx := context.Background()
	const chat, other = 42, 43
	pdf := []byte("%PDF-1.4 formulir")
	docID, _ := f.srv.AddFile(pdf)
	photoA, _ := f.srv.AddFile([]byte("jpeg a"))
	photoB, _ := f.srv.AddFile([]byte("jpeg b"))
	source, err := f.sender.Deliver(ctx, send(other, "<b>Asli</b>"))
	if err != nil {
		t.Fatal(err)
	}
	f.srv.Push(map[string]any{"callback_query": map[string]any{
		"id": "cb-1", "from": map[string]any{"id": chat, "is_bot": false, "first_name": "Uji"},
		"chat_instance": "1", "data": "x",
	}})
	buttons := [][]conversation.Button{{{Text: "Ya", Data: "ya"}, {Text: "Situs", URL: "https://djpb.kemenkeu.go.id"}}}
	longCaption := strings.Repeat("keterangan ", 150) // 1650 characters

	tests := []struct {
		name   string
		msg    conversation.Outgoing
		method string
		check  func(t *testing.T, id int, msgs []telegramtest.Message, req telegramtest.Request)
	}{
		{
			name:   "send with keyboard, topic and no link preview",
			msg:    conversation.Outgoing{Kind: conversation.OutSend, ChatID: chat, ThreadID: 7, Text: "Halo <b>Anda</b>", Buttons: buttons},
			method: "sendMessage",
			check: func(t *testing.T, id int, msgs []telegramtest.Message, req telegramtest.Request) {
				m := msgs[len(msgs)-1]
				if m.MessageID != id || m.Plain != "Halo Anda" || m.ParseMode != "HTML" || m.ThreadID != 7 {
					t.Errorf("message %+v", m)
				}
				if !m.HasButton("ya") || m.Buttons[0][1].URL != "https://djpb.kemenkeu.go.id" {
					t.Errorf("buttons %+v", m.Buttons)
				}
				if !strings.Contains(req.Params["link_preview_options"], `"is_disabled":true`) {
					t.Errorf("link_preview_options = %q", req.Params["link_preview_options"])
				}
			},
		},
		{
			name:   "edit replaces text and removes the keyboard",
			msg:    conversation.Outgoing{Kind: conversation.OutEdit, ChatID: chat, MessageID: 1, Text: "Sudah diproses"},
			method: "editMessageText",
			check: func(t *testing.T, id int, _ []telegramtest.Message, _ telegramtest.Request) {
				m, _ := f.srv.Message(chat, 1)
				if id != 1 || !m.Edited || m.Plain != "Sudah diproses" || len(m.Buttons) != 0 {
					t.Errorf("id %d, message %+v", id, m)
				}
			},
		},
		{
			name:   "edit that changes nothing counts as done",
			msg:    conversation.Outgoing{Kind: conversation.OutEdit, ChatID: chat, MessageID: 1, Text: "Sudah diproses"},
			method: "editMessageText",
			check: func(t *testing.T, id int, _ []telegramtest.Message, req telegramtest.Request) {
				if id != 1 || req.Status != 400 {
					t.Errorf("id %d, status %d; want 1 after a 400 not modified", id, req.Status)
				}
			},
		},
		{
			name:   "answer callback query",
			msg:    conversation.Outgoing{Kind: conversation.OutAnswer, ChatID: chat, CallbackID: "cb-1", Text: "Tersimpan", Alert: true},
			method: "answerCallbackQuery",
			check: func(t *testing.T, _ int, _ []telegramtest.Message, req telegramtest.Request) {
				if req.Params["callback_query_id"] != "cb-1" || req.Params["text"] != "Tersimpan" || req.Params["show_alert"] != "true" {
					t.Errorf("params %v", req.Params)
				}
			},
		},
		{
			name:   "answer to a query too old counts as done",
			msg:    conversation.Outgoing{Kind: conversation.OutAnswer, ChatID: chat, CallbackID: "unknown-query"},
			method: "answerCallbackQuery",
		},
		{
			name:   "document by file id",
			msg:    conversation.Outgoing{Kind: conversation.OutDocument, ChatID: chat, Text: "<i>SK</i>", Files: []conversation.File{{ID: docID}}, ReplyTo: 1},
			method: "sendDocument",
			check: func(t *testing.T, id int, msgs []telegramtest.Message, _ telegramtest.Request) {
				m := msgs[len(msgs)-1]
				if m.MessageID != id || !slices.Equal(m.FileIDs, []string{docID}) || m.Plain != "SK" || m.ReplyTo != 1 {
					t.Errorf("message %+v", m)
				}
			},
		},
		{
			name:   "document upload",
			msg:    conversation.Outgoing{Kind: conversation.OutDocument, ChatID: chat, Upload: &conversation.Upload{Name: "formulir.pdf", Data: pdf}},
			method: "sendDocument",
			check: func(t *testing.T, _ int, msgs []telegramtest.Message, _ telegramtest.Request) {
				m := msgs[len(msgs)-1]
				if !bytes.Equal(m.Upload, pdf) || m.UploadName != "formulir.pdf" {
					t.Errorf("uploaded %q as %q", m.Upload, m.UploadName)
				}
			},
		},
		{
			name:   "photo with keyboard",
			msg:    conversation.Outgoing{Kind: conversation.OutPhoto, ChatID: chat, Text: "KTP", Files: []conversation.File{{ID: photoA, Photo: true}}, Buttons: buttons},
			method: "sendPhoto",
			check: func(t *testing.T, _ int, msgs []telegramtest.Message, _ telegramtest.Request) {
				m := msgs[len(msgs)-1]
				if !slices.Equal(m.FileIDs, []string{photoA}) || m.Plain != "KTP" || !m.HasButton("ya") {
					t.Errorf("message %+v", m)
				}
			},
		},
		{
			name: "media group captions the first item",
			msg: conversation.Outgoing{Kind: conversation.OutMediaGroup, ChatID: chat, Text: "Lampiran",
				Files: []conversation.File{{ID: photoA, Photo: true}, {ID: photoB, Photo: true}}},
			method: "sendMediaGroup",
			check: func(t *testing.T, id int, msgs []telegramtest.Message, _ telegramtest.Request) {
				album := msgs[len(msgs)-2:]
				if album[0].MediaGroupID == "" || album[0].MediaGroupID != album[1].MediaGroupID {
					t.Errorf("not one album: %+v", album)
				}
				if album[0].Plain != "Lampiran" || album[1].Plain != "" || id != album[1].MessageID {
					t.Errorf("captions %q %q, id %d", album[0].Plain, album[1].Plain, id)
				}
			},
		},
		{
			name:   "copy keeps the original",
			msg:    conversation.Outgoing{Kind: conversation.OutCopy, ChatID: chat, FromChatID: other, MessageID: source},
			method: "copyMessage",
			check: func(t *testing.T, id int, msgs []telegramtest.Message, req telegramtest.Request) {
				m := msgs[len(msgs)-1]
				if m.MessageID != id || m.Plain != "Asli" || req.Int("from_chat_id") != other {
					t.Errorf("message %+v, params %v", m, req.Params)
				}
			},
		},
		{
			name:   "long caption continues in a message with the keyboard",
			msg:    conversation.Outgoing{Kind: conversation.OutDocument, ChatID: chat, Text: longCaption, Files: []conversation.File{{ID: docID}}, Buttons: buttons},
			method: "sendDocument",
			check: func(t *testing.T, id int, msgs []telegramtest.Message, _ telegramtest.Request) {
				doc, rest := msgs[len(msgs)-2], msgs[len(msgs)-1]
				if doc.Method != "sendDocument" || len(doc.Buttons) != 0 || telegramLen(doc.Text) > MaxCaptionLen {
					t.Errorf("document %q (%d characters) buttons %v", clip(doc.Text), telegramLen(doc.Text), doc.Buttons)
				}
				if rest.Method != "sendMessage" || !rest.HasButton("ya") || rest.MessageID != id {
					t.Errorf("rest %+v, id %d", rest, id)
				}
				if squeeze(doc.Plain+rest.Plain) != squeeze(longCaption) {
					t.Error("caption parts do not add up")
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(f.srv.Requests(tt.method))
			limited := f.limiter.count(chat)
			id, err := f.sender.Deliver(ctx, tt.msg)
			if err != nil {
				t.Fatalf("Deliver: %v", err)
			}
			reqs := f.srv.Requests(tt.method)
			if len(reqs) != before+1 {
				t.Fatalf("%s called %d times, want once", tt.method, len(reqs)-before)
			}
			waits := f.limiter.count(chat) - limited
			if tt.msg.Kind == conversation.OutAnswer && waits != 0 {
				t.Errorf("answerCallbackQuery waited for the limiter")
			}
			if tt.msg.Kind != conversation.OutAnswer && waits == 0 {
				t.Errorf("sent without waiting for the limiter")
			}
			if tt.check != nil {
				tt.check(t, id, f.srv.Messages(chat), reqs[len(reqs)-1])
			}
		})
	}
}

// slowLimiter makes every send to one chat take a while, like a group at
// Telegram's 20 messages a minute.
type slowLimiter struct {
	chat  int64
	delay time.Duration
}

func (l slowLimiter) Wait(ctx context.Context, chatID int64) error {
	if chatID == l.chat {
		return sleepCtx(ctx, l.delay)
	}
	return nil
}

func TestSenderBusyGroupDoesNotStarveOtherChats(t *testing.T) {
	f := newSenderFixture(t, SenderOptions{Batch: 100})
	const groupChatID = -100777
	f.sender.limiter = slowLimiter{chat: groupChatID, delay: 20 * time.Millisecond}
	for i := range 120 {
		f.outbox.add(send(groupChatID, fmt.Sprintf("kartu %d", i)))
	}
	f.outbox.add(send(7, "balasan untuk pengguna"))
	f.run(t, func() bool { return f.outbox.row(121).state == "sent" })
	if n := len(f.srv.Messages(groupChatID)); n > 10 {
		t.Errorf("the user's reply waited for %d of the group's 120 messages", n)
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
