package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"posko/bot/telegramtest"
	"posko/storage/postgres"
	"posko/storage/postgres/pgtest"
	"posko/storage/redis"
	"posko/storage/redis/redistest"
)

const (
	userChat  = int64(5001)
	groupChat = int64(-1009001)
	wait      = 10 * time.Second
)

// syncBuffer collects the bot's logs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// env is one bot's configuration; the same env started twice is a restart.
type env map[string]string

func newEnv(t *testing.T, fake *telegramtest.Server) env {
	t.Helper()
	redisURL, prefix := redistest.New(t)
	return env{
		"TELEGRAM_BOT_TOKEN":    telegramtest.Token,
		"DOCUMENT_KEY":          testDocumentKey,
		"TELEGRAM_API_URL":      fake.URL(),
		"DATABASE_URL":          pgtest.New(t),
		"REDIS_URL":             redisURL,
		"REDIS_PREFIX":          prefix,
		"KPPN_GROUP_CHAT_ID":    fmt.Sprint(groupChat),
		"HTTP_ADDR":             freeAddr(t),
		"TELEGRAM_POLL_TIMEOUT": "1s",
		"LOG_LEVEL":             "debug",
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// running is a bot started through run, as `posko serve` would be.
type running struct {
	stop func() error
	logs *syncBuffer
}

func start(t *testing.T, e env) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, func(k string) string { return e[k] }, io.Discard, logs) }()
	var once sync.Once
	var err error
	r := &running{logs: logs, stop: func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-done:
			case <-time.After(wait):
				err = fmt.Errorf("run did not return after cancel")
			}
		})
		return err
	}}
	t.Cleanup(func() {
		if err := r.stop(); err != nil {
			t.Errorf("serve: %v", err)
		}
		if strings.Contains(logs.String(), telegramtest.Token) {
			t.Errorf("the bot token appears in the logs")
		}
		if t.Failed() {
			t.Logf("bot logs:\n%s", tail(logs.String(), 6000))
		}
	})
	return r
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func openDB(t *testing.T, e env) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), e["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return db
}

func openStates(t *testing.T, e env) *redis.StateStore {
	t.Helper()
	rdb, err := redis.Open(context.Background(), e["REDIS_URL"])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rdb.Close() })
	key, err := base64.StdEncoding.DecodeString(e["DOCUMENT_KEY"])
	if err != nil {
		t.Fatal(err)
	}
	return redis.NewStateStore(rdb, e["REDIS_PREFIX"], time.Hour).Sealed(key)
}

// contains matches a message whose visible text contains sub, ignoring case.
func contains(sub string) func(telegramtest.Message) bool {
	return func(m telegramtest.Message) bool {
		return strings.Contains(strings.ToLower(m.Plain), strings.ToLower(sub))
	}
}

// buttonData finds the callback data of the button whose label contains label.
func buttonData(t *testing.T, m telegramtest.Message, label string) string {
	t.Helper()
	for _, row := range m.Buttons {
		for _, b := range row {
			if strings.Contains(b.Text, label) {
				return b.Data
			}
		}
	}
	t.Fatalf("no button %q in message %q (buttons %+v)", label, m.Text, m.Buttons)
	return ""
}

func TestServeStartMenuButtonAndCancel(t *testing.T) {
	fake := telegramtest.New(t)
	e := newEnv(t, fake)
	start(t, e)

	fake.SendText(userChat, "/start")
	menu := fake.WaitMessage(t, userChat, contains("Selamat datang"), wait)
	if len(menu.Buttons) == 0 {
		t.Fatalf("greeting has no menu keyboard: %+v", menu)
	}
	scopes := map[string]bool{}
	for _, r := range fake.Requests("setMyCommands") {
		scopes[r.Params["scope"]] = strings.Contains(r.Params["commands"], "panduan")
	}
	if len(scopes) != 2 {
		t.Errorf("setMyCommands scopes = %v, want private and group lists", scopes)
	}

	fake.Press(userChat, menu.MessageID, buttonData(t, menu, "Pengaduan"))
	channels := fake.WaitMessage(t, userChat, contains("LAPOR!"), wait)
	fake.WaitRequest(t, "answerCallbackQuery", nil, wait)

	fake.Press(userChat, channels.MessageID, buttonData(t, channels, "Sampaikan pengaduan"))
	fake.WaitMessage(t, userChat, contains("kategori"), wait)
	st, err := openStates(t, e).Load(context.Background(), userChat)
	if err != nil || st.Form == nil {
		t.Fatalf("state during the form = %+v, %v; want a form in progress", st, err)
	}

	fake.SendText(userChat, "/batal")
	fake.WaitMessage(t, userChat, contains("dibatalkan"), wait)
	st, err = openStates(t, e).Load(context.Background(), userChat)
	if err != nil || st.Form != nil {
		t.Errorf("state after /batal = %+v, %v; want no form", st.Form, err)
	}
}

func TestServeAnswersRepeatedUpdateOnce(t *testing.T) {
	fake := telegramtest.New(t)
	start(t, newEnv(t, fake))

	raw := fmt.Sprintf(`{"update_id":777,"message":{"message_id":1,"date":%d,"chat":{"id":%d,"type":"private","first_name":"Ani"},"from":{"id":%d,"is_bot":false,"first_name":"Ani"},"text":"/panduan","entities":[{"type":"bot_command","offset":0,"length":8}]}}`,
		time.Now().Unix(), userChat, userChat)
	fake.PushRaw([]byte(raw))
	fake.WaitMessage(t, userChat, contains("Persyaratan"), wait)
	fake.PushRaw([]byte(raw))
	fake.SendText(userChat, "/pengaduan") // handled after the repeat, in order
	fake.WaitMessage(t, userChat, contains("LAPOR!"), wait)
	n := 0
	for _, m := range fake.Messages(userChat) {
		if strings.Contains(m.Text, "Persyaratan") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the repeated update was answered %d times, want once", n)
	}
}

func TestServeAnswersBadInputCalmly(t *testing.T) {
	fake := telegramtest.New(t)
	start(t, newEnv(t, fake))

	fake.SendSticker(userChat)
	fake.WaitMessage(t, userChat, contains("/menu"), wait)
	before := len(fake.Messages(userChat))
	fake.SendVoice(userChat)
	fake.WaitMessage(t, userChat, func(m telegramtest.Message) bool { return m.MessageID > before }, wait)
	before = len(fake.Messages(userChat))
	fake.SendText(userChat, strings.Repeat("panjang ", 1250)) // 10 000 characters
	fake.WaitMessage(t, userChat, func(m telegramtest.Message) bool { return m.MessageID > before }, wait)
	fake.SendDocument(userChat, "surat.pdf", "application/pdf", []byte("%PDF-1.4 uji"), "")
	// A button from a keyboard this bot no longer knows (an old version's).
	fake.Push(map[string]any{"callback_query": map[string]any{
		"id": "stale-1", "chat_instance": "1", "data": "x:dari-keyboard-lama",
		"from":    map[string]any{"id": userChat, "is_bot": false, "first_name": "Ani"},
		"message": map[string]any{"message_id": 1, "date": time.Now().Unix(), "chat": map[string]any{"id": userChat, "type": "private"}},
	}})
	fake.WaitRequest(t, "answerCallbackQuery", func(r telegramtest.Request) bool {
		return strings.Contains(r.Params["text"], "tidak berlaku")
	}, wait)
	fake.SendText(userChat, "/start") // still alive and answering
	fake.WaitMessage(t, userChat, contains("Selamat datang"), wait)
}

func TestServeContinuesFormAfterRestart(t *testing.T) {
	fake := telegramtest.New(t)
	e := newEnv(t, fake)
	bot := start(t, e)

	fake.SendText(userChat, "/pengaduan")
	channels := fake.WaitMessage(t, userChat, contains("LAPOR!"), wait)
	fake.Press(userChat, channels.MessageID, buttonData(t, channels, "Sampaikan pengaduan"))
	ask := fake.WaitMessage(t, userChat, contains("kategori"), wait)
	if err := bot.stop(); err != nil {
		t.Fatal(err)
	}

	start(t, e)
	fake.Press(userChat, ask.MessageID, buttonData(t, ask, "Aplikasi Digipay"))
	fake.WaitMessage(t, userChat, contains("uraian"), wait)
}

func TestServeHandlesUpdateWhenDatabaseReturns(t *testing.T) {
	fake := telegramtest.New(t)
	e := newEnv(t, fake)
	u, err := url.Parse(e["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	proxy := newTCPProxy(t, u.Host)
	u.Host = proxy.addr()
	e["DATABASE_URL"] = u.String()
	start(t, e)
	fake.SendText(userChat, "/start")
	fake.WaitMessage(t, userChat, contains("Selamat datang"), wait)

	proxy.setDown(true)
	fake.SendText(userChat, "/panduan")
	time.Sleep(1500 * time.Millisecond)
	for _, m := range fake.Messages(userChat) {
		if strings.Contains(m.Text, "Persyaratan") {
			t.Fatalf("answered while the database was down")
		}
	}
	proxy.setDown(false)
	fake.WaitMessage(t, userChat, contains("Persyaratan"), 20*time.Second)
}

func TestServeDeliversDespite429AndMarksBlockedChats(t *testing.T) {
	fake := telegramtest.New(t)
	e := newEnv(t, fake)
	start(t, e)

	fake.FailNext("sendMessage", 1, 429, 1)
	fake.SendText(userChat, "/start")
	fake.WaitMessage(t, userChat, contains("Selamat datang"), wait)
	if n := fake.Count("sendMessage"); n < 2 {
		t.Errorf("sendMessage calls = %d, want the 429 retried", n)
	}

	blocked := userChat + 1
	fake.BlockChat(blocked)
	fake.SendText(blocked, "/start")
	db := openDB(t, e)
	deadline := time.Now().Add(wait)
	for {
		ok, err := db.IsBlocked(context.Background(), blocked)
		if err != nil {
			t.Fatal(err)
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("chat not marked blocked after a 403")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestServeWebhookMode(t *testing.T) {
	fake := telegramtest.New(t)
	e := newEnv(t, fake)
	e["WEBHOOK_URL"] = "http://" + e["HTTP_ADDR"] + "/telegram/hook"
	e["WEBHOOK_SECRET"] = "rahasia-uji_123"
	start(t, e)
	fake.WaitRequest(t, "setWebhook", func(r telegramtest.Request) bool {
		return r.Params["secret_token"] == "rahasia-uji_123"
	}, wait)

	fake.SendText(userChat, "/start")
	fake.WaitMessage(t, userChat, contains("Selamat datang"), wait)

	resp, err := http.Post(e["WEBHOOK_URL"], "application/json", strings.NewReader(`{"update_id":1}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("webhook without the secret answered %d, want 401", resp.StatusCode)
	}
}

func TestServeHealthAndMetrics(t *testing.T) {
	fake := telegramtest.New(t)
	e := newEnv(t, fake)
	start(t, e)
	fake.SendText(userChat, "/start")
	fake.WaitMessage(t, userChat, contains("Selamat datang"), wait)

	get := func(path string) (int, string) {
		resp, err := http.Get("http://" + e["HTTP_ADDR"] + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	code, body := get("/healthz")
	if code != http.StatusOK || !strings.Contains(body, `"postgres":"ok"`) || !strings.Contains(body, `"redis":"ok"`) {
		t.Errorf("/healthz = %d %s", code, body)
	}
	// The reply can reach Telegram before the worker has acknowledged the
	// update and counted it, so wait for the counters to settle.
	wants := []string{"posko_updates_received_total 1", "posko_updates_processed_total 1", "posko_messages_sent_total", "posko_update_handling_seconds_bucket", "posko_inbox_pending"}
	deadline := time.Now().Add(wait)
	for {
		code, body = get("/metrics")
		missing := ""
		for _, want := range wants {
			if !strings.Contains(body, want) {
				missing = want
			}
		}
		if code == http.StatusOK && missing == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/metrics lacks %q (status %d)", missing, code)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestServeStopsClearlyWhenRedisIsUnreachable(t *testing.T) {
	fake := telegramtest.New(t)
	e := newEnv(t, fake)
	e["REDIS_URL"] = "redis://127.0.0.1:1/0"
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := run(ctx, []string{"serve"}, func(k string) string { return e[k] }, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "REDIS_URL") || ctx.Err() != nil {
		t.Errorf("run with Redis unreachable = %v, want a prompt error naming REDIS_URL", err)
	}
}

func TestServeTakesComplaintAndEscalatesToStaffGroup(t *testing.T) {
	fake := telegramtest.New(t)
	e := newEnv(t, fake)
	start(t, e)

	fake.SendText(userChat, "/pengaduan")
	channels := fake.WaitMessage(t, userChat, contains("LAPOR!"), wait)
	fake.Press(userChat, channels.MessageID, buttonData(t, channels, "Sampaikan pengaduan"))
	ask := fake.WaitMessage(t, userChat, contains("Pengaduan Anda tentang apa?"), wait)
	fake.Press(userChat, ask.MessageID, buttonData(t, ask, "Aplikasi Digipay"))
	fake.WaitMessage(t, userChat, contains("Uraikan pengaduan"), wait)

	fake.SendText(userChat, "pendek") // too short: asked again with the reason
	fake.WaitMessage(t, userChat, contains("10"), wait)
	fake.SendText(userChat, "Aplikasi Digipay <error> saat login DIGIT sejak pagi & belum pulih.")
	fake.WaitMessage(t, userChat, contains("Lampirkan bukti"), wait)
	fake.SendSticker(userChat) // a sticker where a document is expected
	fake.WaitMessage(t, userChat, contains("PDF"), wait)
	pdf := []byte("%PDF-1.4 bukti layar")
	fake.SendDocument(userChat, "bukti.pdf", "application/pdf", pdf, "")
	fake.WaitMessage(t, userChat, contains("Nomor HP yang dapat kami hubungi"), wait)
	fake.SendText(userChat, "0812-3456-7890")
	summary := fake.WaitMessage(t, userChat, contains("Periksa kembali"), wait)
	if !strings.Contains(summary.Plain, "+6281234567890") || !strings.Contains(summary.Plain, "<error>") {
		t.Errorf("summary does not show the normalised phone and the escaped text: %q", summary.Plain)
	}
	fake.Press(userChat, summary.MessageID, buttonData(t, summary, "Kirim"))
	receipt := fake.WaitMessage(t, userChat, contains("Nomor pengaduan"), wait)
	if !strings.Contains(receipt.Plain, "PGD-000001") {
		t.Errorf("receipt = %q, want number PGD-000001", receipt.Plain)
	}

	card := fake.WaitMessage(t, groupChat, contains("Pengaduan baru PGD-000001"), wait)
	if strings.Contains(card.Plain, "81234567890") {
		t.Errorf("staff card shows the full phone number: %q", card.Plain)
	}
	doc := fake.WaitMessage(t, groupChat, func(m telegramtest.Message) bool { return m.Method == "sendDocument" }, wait)
	if len(doc.FileIDs) != 1 {
		t.Fatalf("attachment re-sent with file ids %v, want one", doc.FileIDs)
	}
	if got, ok := fake.File(doc.FileIDs[0]); !ok || string(got) != string(pdf) {
		t.Errorf("the staff group got another file than the one sent")
	}

	var category, text, contact string
	err := openDB(t, e).Pool().QueryRow(context.Background(),
		"SELECT category, text, contact FROM complaints WHERE chat_id = $1", userChat).Scan(&category, &text, &contact)
	if err != nil {
		t.Fatal(err)
	}
	if category != "Aplikasi Digipay" || !strings.Contains(text, "<error>") || contact != "+6281234567890" {
		t.Errorf("stored complaint = %q, %q, %q", category, text, contact)
	}
}

func TestServeStopsClearlyWhenTelegramRefusesTheToken(t *testing.T) {
	fake := telegramtest.New(t)
	e := newEnv(t, fake)
	e["TELEGRAM_BOT_TOKEN"] = "999999:WRONG-token-xyz"
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := run(ctx, []string{"serve"}, func(k string) string { return e[k] }, io.Discard, io.Discard)
	if err == nil || !strings.HasPrefix(err.Error(), "TELEGRAM_BOT_TOKEN was refused by Telegram") || ctx.Err() != nil {
		t.Errorf("run with a refused token = %v, want a prompt error naming TELEGRAM_BOT_TOKEN", err)
	}
}
