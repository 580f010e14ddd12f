package bot

import (
	"bytes"
	"context"
	"errors"
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
	reads    int                             // DueOutbox calls
	markSent [][]int64                       // the ids of each MarkSent call
	markErrs int                             // MarkSent calls still to fail
	onRead   func(rows []postgres.OutboxRow) // called by DueOutbox with its result, unlocked
}

type fakeRow struct {
	postgres.OutboxRow
	due       time.Time
	state     string // "pending", "sent", "failed"
	reason    string
	messageID int
}

func newFakeOutbox() *fakeOutbox { return &fakeOutbox{blocked: map[int64]bool{}} }

// add queues msgs and returns their rows, as a committed transaction would.
func (o *fakeOutbox) add(msgs ...conversation.Outgoing) []postgres.OutboxRow {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []postgres.OutboxRow
	for _, m := range msgs {
		r := &fakeRow{OutboxRow: postgres.OutboxRow{ID: int64(len(o.rows) + 1), Msg: m}, state: "pending"}
		o.rows = append(o.rows, r)
		out = append(out, r.OutboxRow)
	}
	return out
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
	out := o.due(limit, skip)
	o.mu.Lock()
	onRead := o.onRead
	o.mu.Unlock()
	if onRead != nil {
		onRead(out)
	}
	return out, nil
}

func (o *fakeOutbox) due(limit int, skip []int64) []postgres.OutboxRow {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.reads++
	var out []postgres.OutboxRow
	for _, r := range o.rows {
		if r.state == "pending" && !r.due.After(time.Now()) && len(out) < limit && !slices.Contains(skip, r.Msg.ChatID) {
			row := r.OutboxRow
			row.Blocked = o.blocked[row.Msg.ChatID]
			out = append(out, row)
		}
	}
	return out
}

func (o *fakeOutbox) readCount() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.reads
}

func (o *fakeOutbox) MarkSent(_ context.Context, sent []postgres.Sent) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.markErrs > 0 {
		o.markErrs--
		return errors.New("connection refused")
	}
	var ids []int64
	for _, s := range sent {
		ids = append(ids, s.ID)
	}
	o.markSent = append(o.markSent, ids)
	for _, s := range sent {
		o.rows[s.ID-1].state, o.rows[s.ID-1].messageID = "sent", s.MessageID
	}
	return nil
}

func (o *fakeOutbox) RetryLater(_ context.Context, id int64, at time.Time, partsSent int, reason string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	r := o.rows[id-1]
	r.Attempts++
	r.PartsSent = max(r.PartsSent, partsSent)
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
	stop    func() // stops a sender started with start
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

// start runs the sender without kicking it (the fast path needs no round)
// and waits for its first round; it stops when the test ends.
func (f *senderFixture) start(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- f.sender.Run(ctx) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			if err := <-stopped; err != nil {
				t.Errorf("Run returned %v, want nil", err)
			}
		})
	}
	t.Cleanup(stop)
	f.stop = stop
	waitUntil(t, "the first round", func() bool {
		f.sender.mu.Lock()
		defer f.sender.mu.Unlock()
		return f.sender.started
	})
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// sentOnce reports whether every row is sent and no text reached its chat twice.
func sentOnce(t *testing.T, f *senderFixture, chats ...int64) {
	t.Helper()
	for _, chat := range chats {
		seen := map[string]bool{}
		for _, m := range f.srv.Messages(chat) {
			if seen[m.Text] {
				t.Errorf("chat %d got %q twice", chat, m.Text)
			}
			seen[m.Text] = true
		}
	}
	f.outbox.mu.Lock()
	defer f.outbox.mu.Unlock()
	for _, r := range f.outbox.rows {
		if r.state != "sent" {
			t.Errorf("row %d is %s, want sent", r.ID, r.state)
		}
	}
}

func TestSenderSubmitKeepsOrderThrough429(t *testing.T) {
	f := newSenderFixture(t, SenderOptions{Concurrency: 4, PollInterval: time.Hour})
	f.start(t)
	reads := f.outbox.readCount()
	const a, b = 1001, 1002
	words := []string{"satu", "dua", "tiga", "empat", "lima", "enam"}
	f.limiter.hook = func(n int) {
		if n == 3 { // a send while both chats have more queued behind
			f.srv.FailNext("sendMessage", 1, 429, 1)
		}
	}
	for i := 0; i < len(words); i += 2 { // as three updates per chat commit
		f.sender.Submit(f.outbox.add(send(a, words[i]), send(a, words[i+1])))
		f.sender.Submit(f.outbox.add(send(b, words[i]), send(b, words[i+1])))
	}
	waitUntil(t, "every row sent", f.outbox.settled)

	for _, chat := range []int64{a, b} {
		if got := texts(f.srv.Messages(chat)); !slices.Equal(got, words) {
			t.Errorf("chat %d got %q, want %q", chat, got, words)
		}
	}
	if got := counterValue(t, f.metrics.TooManyRequests); got != 1 {
		t.Errorf("TooManyRequests = %v, want 1", got)
	}
	if got := f.outbox.readCount(); got != reads {
		t.Errorf("DueOutbox read %d more times; the fast path must not read the outbox", got-reads)
	}
	sentOnce(t, f, a, b)
}

func TestSenderSubmitRacingRoundsSendsOnce(t *testing.T) {
	t.Run("round reads rows about to be submitted", func(t *testing.T) {
		f := newSenderFixture(t, SenderOptions{PollInterval: time.Hour})
		f.start(t)
		var pending []postgres.OutboxRow
		var mu sync.Mutex
		// The worker's Submit lands while a round is reading the same rows.
		f.outbox.onRead = func([]postgres.OutboxRow) {
			mu.Lock()
			rows := pending
			pending = nil
			mu.Unlock()
			f.sender.Submit(rows)
		}
		for i := range 20 {
			rows := f.outbox.add(send(int64(i%4+1), fmt.Sprintf("pesan %d", i)))
			mu.Lock()
			pending = append(pending, rows...)
			mu.Unlock()
			f.sender.Kick()
			time.Sleep(time.Millisecond)
		}
		f.sender.Kick()
		waitUntil(t, "every row sent", f.outbox.settled)
		sentOnce(t, f, 1, 2, 3, 4)
	})
	t.Run("submit arrives after a round delivered the rows", func(t *testing.T) {
		f := newSenderFixture(t, SenderOptions{PollInterval: time.Hour})
		f.start(t)
		rows := f.outbox.add(send(5, "a"), send(5, "b"), send(6, "c"))
		f.sender.Kick()
		waitUntil(t, "every row sent", f.outbox.settled)
		f.sender.Submit(rows) // late: the worker stalled between commit and Submit
		f.sender.Submit(f.outbox.add(send(5, "d")))
		waitUntil(t, "the new row sent", f.outbox.settled)
		if got := texts(f.srv.Messages(5)); !slices.Equal(got, []string{"a", "b", "d"}) {
			t.Errorf("chat 5 got %q, want a b d", got)
		}
		sentOnce(t, f, 5, 6)
	})
	t.Run("concurrent submits and rounds", func(t *testing.T) {
		f := newSenderFixture(t, SenderOptions{PollInterval: time.Millisecond, FlushInterval: 3 * time.Millisecond})
		f.start(t)
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range 50 {
					f.sender.Submit(f.outbox.add(send(int64(w*3+i%3+10), fmt.Sprintf("w%d-%d", w, i))))
					f.sender.Kick()
				}
			}()
		}
		wg.Wait()
		waitUntil(t, "every row sent", f.outbox.settled)
		for chat := int64(10); chat < 22; chat++ {
			got := texts(f.srv.Messages(chat))
			if !slices.IsSortedFunc(got, func(x, y string) int { return cmpSuffix(x) - cmpSuffix(y) }) {
				t.Errorf("chat %d out of order: %q", chat, got)
			}
		}
		sentOnce(t, f, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21)
	})
}

// cmpSuffix is the number after the dash of "w1-23".
func cmpSuffix(s string) int {
	var w, n int
	fmt.Sscanf(s, "w%d-%d", &w, &n)
	return n
}

func TestSenderCoalescesMarks(t *testing.T) {
	t.Run("flushed in batches", func(t *testing.T) {
		f := newSenderFixture(t, SenderOptions{PollInterval: time.Hour, FlushInterval: time.Hour, FlushBatch: 5})
		f.outbox.markErrs = 2 // the database is down for a moment
		f.start(t)
		var rows []postgres.OutboxRow
		for i := range 10 {
			rows = append(rows, f.outbox.add(send(int64(i+1), "halo"))...)
		}
		f.sender.Submit(rows)
		waitUntil(t, "every row sent", f.outbox.settled)
		f.outbox.mu.Lock()
		calls := f.outbox.markSent
		f.outbox.mu.Unlock()
		if len(calls) >= 10 {
			t.Errorf("%d MarkSent calls for 10 rows, want them coalesced", len(calls))
		}
		n := 0
		for _, c := range calls {
			n += len(c)
		}
		if n != 10 {
			t.Errorf("MarkSent recorded %d rows, want 10", n)
		}
	})
	t.Run("delivered, not yet recorded, not read again", func(t *testing.T) {
		f := newSenderFixture(t, SenderOptions{PollInterval: time.Hour, FlushInterval: time.Hour, FlushBatch: 1000})
		f.start(t)
		rows := f.outbox.add(send(1, "a"), send(1, "b"), send(2, "c"))
		f.sender.Submit(rows)
		waitUntil(t, "three messages delivered", func() bool { return len(f.srv.Requests("sendMessage")) == 3 })
		// Marks wait for the flusher; rounds read the rows as still due.
		for range 3 {
			reads := f.outbox.readCount()
			f.sender.Kick()
			waitUntil(t, "a round", func() bool { return f.outbox.readCount() > reads })
		}
		time.Sleep(20 * time.Millisecond) // let a wrongly started delivery show
		if got := len(f.srv.Requests("sendMessage")); got != 3 {
			t.Errorf("%d sends, want 3: a round delivered a row again", got)
		}
		if f.outbox.settled() {
			t.Fatal("rows recorded sent before the flush; the test shows nothing")
		}
		f.stop() // stopping records what was delivered
		sentOnce(t, f, 1, 2)
	})
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

func TestSenderSubmitToBlockedChat(t *testing.T) {
	f := newSenderFixture(t, SenderOptions{PollInterval: time.Hour})
	f.start(t)
	f.srv.BlockChat(2001)
	f.sender.Submit(f.outbox.add(send(2001, "halo"), send(2001, "apa kabar")))
	waitUntil(t, "both rows failed", f.outbox.settled)
	// Known blocked: a later row goes through a round, which fails it.
	f.sender.Submit(f.outbox.add(send(2001, "masih diblokir")))
	waitUntil(t, "the third row failed", f.outbox.settled)
	for id := int64(1); id <= 3; id++ {
		if r := f.outbox.row(id); r.state != "failed" || r.reason != "blocked" {
			t.Errorf("row %d: %s %q, want failed as blocked", id, r.state, r.reason)
		}
	}
	if got := len(requestsTo(f.srv, "sendMessage", 2001)); got != 1 {
		t.Errorf("%d sends to the blocked chat, want 1", got)
	}
	// The user unblocks and writes again: the database forgets the block.
	f.srv.UnblockChat(2001)
	f.outbox.mu.Lock()
	delete(f.outbox.blocked, 2001)
	f.outbox.mu.Unlock()
	f.sender.Submit(f.outbox.add(send(2001, "selamat datang kembali")))
	waitUntil(t, "the fourth row settled", f.outbox.settled)
	if got := texts(f.srv.Messages(2001)); !slices.Equal(got, []string{"selamat datang kembali"}) {
		t.Errorf("chat got %q, want the message after the unblock", got)
	}
	// And the fast path is back for it once a round finds nothing more.
	waitUntil(t, "the chat back on the fast path", func() bool {
		f.sender.mu.Lock()
		defer f.sender.mu.Unlock()
		return !f.sender.dbOnly[2001] && !f.sender.blocked[2001]
	})
	reads := f.outbox.readCount()
	f.sender.Submit(f.outbox.add(send(2001, "lagi")))
	waitUntil(t, "the fifth row sent", f.outbox.settled)
	if f.outbox.readCount() != reads {
		t.Errorf("rows of an unblocked chat still go through rounds")
	}
}

func TestSenderSubmitOutsideRunLeavesRowsToTheFirstRound(t *testing.T) {
	f := newSenderFixture(t, SenderOptions{PollInterval: time.Hour})
	rows := f.outbox.add(send(3, "sebelum mulai"))
	f.sender.Submit(rows) // the worker committed before the sender started
	f.start(t)
	waitUntil(t, "the row sent", f.outbox.settled)
	f.sender.Submit(rows) // and a repeat after the round took it
	f.stop()

	// Leading again later: memory starts afresh, the database decides.
	f.outbox.add(send(3, "setelah mulai lagi"))
	f.start(t)
	waitUntil(t, "the second row sent", f.outbox.settled)
	if got := texts(f.srv.Messages(3)); !slices.Equal(got, []string{"sebelum mulai", "setelah mulai lagi"}) {
		t.Errorf("chat got %q, want each row once", got)
	}
}
