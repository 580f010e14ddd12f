package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"posko/bot/telegramtest"
	"posko/storage/postgres/pgtest"
	"posko/storage/redis/redistest"
)

// The throughput benchmarks, against the fake Bot API, b.N updates in all:
//   - BenchmarkPipeline, BenchmarkEchoBot: BENCH_USERS simulated users (200 by
//     default), each in a closed loop (send a text, wait for the reply to
//     their chat, repeat): the most the bot can do.
//   - BenchmarkPipelineRate, BenchmarkEchoBotRate: an open loop offering
//     BENCH_RATE updates per second (1 000 by default) spread over as many
//     users, whatever the replies do: latency at a given load.
//
// See docs/benchmarks.md for the figures and how to reproduce them.
//
//	make bench

// benchChatBase is the first simulated user's chat id.
const benchChatBase = int64(7_000_000)

// benchReplyWait is how long a user waits for a reply before the run fails.
const benchReplyWait = 30 * time.Second

// BenchmarkPipeline measures the real `posko serve` (through run, with
// PostgreSQL and Redis): every user sends /start and waits for the greeting
// with its menu keyboard.
func BenchmarkPipeline(b *testing.B) { benchPipeline(b, benchUsers(b), 0) }

// BenchmarkPipelineRate is BenchmarkPipeline under an open-loop load of
// BENCH_RATE updates per second.
func BenchmarkPipelineRate(b *testing.B) {
	rate := benchRate(b)
	benchPipeline(b, int(rate), rate)
}

// BenchmarkEchoBot is the floor under the closed-loop load.
func BenchmarkEchoBot(b *testing.B) { benchEcho(b, benchUsers(b), 0) }

// BenchmarkEchoBotRate is the floor under the open-loop load.
func BenchmarkEchoBotRate(b *testing.B) {
	rate := benchRate(b)
	benchEcho(b, int(rate), rate)
}

func benchPipeline(b *testing.B, users int, rate float64) {
	l := newLoad(b, users, func(m telegramtest.Message) bool {
		return len(m.Buttons) > 0 && strings.Contains(m.Plain, "Selamat datang")
	})
	redisURL, prefix := redistest.New(b)
	dbURL := pgtest.New(b)
	u, err := url.Parse(dbURL)
	if err != nil {
		b.Fatal(err)
	}
	l.database = strings.TrimPrefix(u.Path, "/")
	if pool := os.Getenv("BENCH_PG_POOL"); pool != "" {
		dbURL += "&pool_max_conns=" + pool // pgtest URLs carry ?sslmode=disable
	}
	e := map[string]string{
		"TELEGRAM_BOT_TOKEN":    telegramtest.Token,
		"DOCUMENT_KEY":          testDocumentKey,
		"TELEGRAM_API_URL":      l.fake.URL(),
		"DATABASE_URL":          dbURL,
		"REDIS_URL":             redisURL,
		"REDIS_PREFIX":          prefix,
		"KPPN_GROUP_CHAT_ID":    "-1009001",
		"HTTP_ADDR":             freeAddrTB(b),
		"TELEGRAM_POLL_TIMEOUT": "5s",
		"LOG_LEVEL":             "warn",
		// Unlimited: the benchmark measures the pipeline, not Telegram's limits.
		"TELEGRAM_RATE_GLOBAL":  "0",
		"TELEGRAM_RATE_PRIVATE": "0",
		"TELEGRAM_RATE_GROUP":   "0",
		"WORKER_LANES":          os.Getenv("WORKER_LANES"),
	}
	startServeBench(b, func(k string) string { return e[k] })
	l.rate = rate
	l.run(b, "/start")
}

// benchEcho runs the floor: a bare go-telegram/bot echo bot (its own long
// polling, a handler goroutine per update, a keep-alive HTTP client) on the
// same fake under the same load. It stores nothing and keeps no order, so it
// is what Telegram's HTTP round trips alone cost.
func benchEcho(b *testing.B, users int, rate float64) {
	l := newLoad(b, users, func(m telegramtest.Message) bool { return m.Plain == "/start" })
	const pollTimeout = 5 * time.Second
	client := &http.Client{
		Timeout:   pollTimeout + 5*time.Second, // longer than the long poll
		Transport: &http.Transport{MaxIdleConns: 200, MaxIdleConnsPerHost: 200, IdleConnTimeout: 90 * time.Second},
	}
	echo := func(ctx context.Context, tb *tgbot.Bot, u *models.Update) {
		if u.Message == nil || u.Message.Text == "" {
			return
		}
		if _, err := tb.SendMessage(ctx, &tgbot.SendMessageParams{ChatID: u.Message.Chat.ID, Text: u.Message.Text}); err != nil && ctx.Err() == nil {
			b.Errorf("echo: %v", err)
		}
	}
	tb, err := tgbot.New(telegramtest.Token, tgbot.WithServerURL(l.fake.URL()), tgbot.WithSkipGetMe(),
		tgbot.WithHTTPClient(pollTimeout, client), tgbot.WithDefaultHandler(echo))
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { tb.Start(ctx); close(stopped) }()
	b.Cleanup(func() {
		cancel()
		<-stopped
		client.CloseIdleConnections()
	})
	l.rate = rate
	l.run(b, "/start")
}

// benchRate reads BENCH_RATE (1 000 updates per second by default).
func benchRate(b *testing.B) float64 {
	b.Helper()
	v := os.Getenv("BENCH_RATE")
	if v == "" {
		return 1000
	}
	r, err := strconv.ParseFloat(v, 64)
	if err != nil || r < 1 {
		b.Fatalf("BENCH_RATE=%q: want a number of updates per second ≥ 1", v)
	}
	return r
}

// benchUsers reads BENCH_USERS (200 by default).
func benchUsers(b *testing.B) int {
	b.Helper()
	v := os.Getenv("BENCH_USERS")
	if v == "" {
		return 200
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		b.Fatalf("BENCH_USERS=%q: want a whole number ≥ 1", v)
	}
	return n
}

// freeAddrTB picks a free local TCP address for the bot's HTTP server.
func freeAddrTB(b *testing.B) string {
	b.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// load is a closed-loop load of simulated users on a fake Bot API, timing
// each update to the reply that answers it.
type load struct {
	fake    *telegramtest.Server
	replies []chan time.Time // per user: when the fake stored the bot's reply
	// database is the bot's PostgreSQL database, whose server processes
	// count in the stack CPU; "" when the bot has none.
	database string
	// rate, when > 0, makes the timed part an open loop at rate updates/s.
	rate float64
}

// newLoad starts the fake with a send hook that timestamps the replies
// isReply accepts, per user.
func newLoad(b *testing.B, users int, isReply func(telegramtest.Message) bool) *load {
	b.Helper()
	l := &load{replies: make([]chan time.Time, users)}
	for i := range l.replies {
		l.replies[i] = make(chan time.Time, 64)
	}
	onSend := func(m telegramtest.Message) {
		i := m.ChatID - benchChatBase
		if i < 0 || i >= int64(users) || !isReply(m) {
			return
		}
		select {
		case l.replies[i] <- time.Now():
		default: // a reply nobody waits for; the waiter's timeout reports it
		}
	}
	l.fake = telegramtest.New(b, telegramtest.WithoutRequestLog(), telegramtest.WithOnSend(onSend))
	return l
}

// run warms up (one untimed round per user), then has the users send b.N
// updates in all and reports throughput, latency and CPU per update.
func (l *load) run(b *testing.B, text string) {
	b.Helper()
	users := len(l.replies)
	var remaining atomic.Int64
	remaining.Store(int64(users))
	l.drive(b, &remaining, text, nil)
	if b.Failed() {
		return
	}

	lat := make([][]time.Duration, users)
	remaining.Store(int64(b.N))
	proc0, stack0, mach0 := processCPU(b), l.serverCPU(b), machineCPU(b)
	b.ResetTimer()
	start := time.Now()
	if l.rate > 0 {
		lat = [][]time.Duration{l.driveRate(b, b.N, text)}
	} else {
		l.drive(b, &remaining, text, lat)
	}
	elapsed := time.Since(start)
	b.StopTimer()
	proc, stack, mach := processCPU(b)-proc0, l.serverCPU(b)-stack0, machineCPU(b)-mach0
	stack += proc

	all := slices.Concat(lat...)
	if len(all) != b.N {
		b.Fatalf("timed %d updates, want %d", len(all), b.N)
	}
	slices.Sort(all)
	n := float64(b.N)
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	us := func(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
	b.ReportMetric(n/elapsed.Seconds(), "updates/s")
	b.ReportMetric(ms(percentile(all, 50)), "p50_ms")
	b.ReportMetric(ms(percentile(all, 99)), "p99_ms")
	b.ReportMetric(us(proc)/n, "proc_cpu_us/update")
	b.ReportMetric(us(stack)/n, "stack_cpu_us/update")
	b.ReportMetric(us(mach)/n, "machine_cpu_us/update")
	b.ReportMetric(100*mach.Seconds()/(elapsed.Seconds()*float64(runtime.NumCPU())), "machine_busy_%")
}

// drive runs the users until remaining is used up. When lat is not nil,
// user i appends each update's update→reply latency to lat[i].
func (l *load) drive(b *testing.B, remaining *atomic.Int64, text string, lat [][]time.Duration) {
	var wg sync.WaitGroup
	for i := range l.replies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			chat := benchChatBase + int64(i)
			timer := time.NewTimer(benchReplyWait)
			defer timer.Stop()
			for remaining.Add(-1) >= 0 {
				sent := time.Now()
				l.fake.SendText(chat, text)
				timer.Reset(benchReplyWait)
				select {
				case got := <-l.replies[i]:
					if lat != nil {
						lat[i] = append(lat[i], got.Sub(sent))
					}
				case <-timer.C:
					b.Errorf("user %d: no reply to %q within %v", chat, text, benchReplyWait)
					remaining.Store(0) // stop the others too
					return
				}
			}
		}()
	}
	wg.Wait()
}

// driveRate offers n updates at l.rate per second, round robin over the
// users, without waiting for replies (an open loop), and returns each
// update's update→reply latency. A user's replies answer its updates in
// order, so each reply is matched with the oldest of that user's updates
// still unanswered.
func (l *load) driveRate(b *testing.B, n int, text string) []time.Duration {
	users := len(l.replies)
	sent := make([]chan time.Time, users)
	for i := range sent {
		sent[i] = make(chan time.Time, 64)
	}
	var mu sync.Mutex
	lat := make([]time.Duration, 0, n)
	all := make(chan struct{})
	stop := make(chan struct{})
	defer close(stop)
	for i := range users {
		go func() {
			for {
				select {
				case got := <-l.replies[i]:
					at := <-sent[i]
					mu.Lock()
					lat = append(lat, got.Sub(at))
					if len(lat) == n {
						close(all)
					}
					mu.Unlock()
				case <-stop:
					return
				}
			}
		}()
	}
	interval := time.Duration(float64(time.Second) / l.rate)
	next := time.Now()
	for k := range n {
		if d := time.Until(next); d > 0 {
			time.Sleep(d) // behind schedule, the next updates go at once
		}
		i := k % users
		sent[i] <- time.Now()
		l.fake.SendText(benchChatBase+int64(i), text)
		next = next.Add(interval)
	}
	select {
	case <-all:
	case <-time.After(benchReplyWait):
		mu.Lock()
		b.Fatalf("%d of %d updates answered within %v of the last one offered", len(lat), n, benchReplyWait)
		mu.Unlock()
	}
	mu.Lock()
	defer mu.Unlock()
	return slices.Clone(lat)
}

// percentile is the p-th percentile of sorted (nearest rank).
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := (len(sorted)*p + 99) / 100
	return sorted[max(rank, 1)-1]
}

// processCPU is the CPU time (user + system) this process has used: the
// bot, and also the fake Bot API and the simulated users.
func processCPU(b *testing.B) time.Duration {
	b.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatalf("getrusage: %v", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// machineCPU is the busy CPU time of the whole machine from /proc/stat
// (user, nice, system, irq, softirq, steal), so it includes PostgreSQL and
// Redis. The kernel counts in USER_HZ, which is 100 on Linux.
func machineCPU(b *testing.B) time.Duration {
	b.Helper()
	raw, err := os.ReadFile("/proc/stat")
	if err != nil {
		b.Fatalf("machine CPU needs /proc/stat (Linux): %v", err)
	}
	line, _, _ := strings.Cut(string(raw), "\n")
	fields := strings.Fields(line)
	if len(fields) < 9 || fields[0] != "cpu" {
		b.Fatalf("unexpected /proc/stat line %q", line)
	}
	var ticks int64
	for _, i := range []int{1, 2, 3, 6, 7, 8} { // user nice system [idle iowait] irq softirq steal
		v, err := strconv.ParseInt(fields[i], 10, 64)
		if err != nil {
			b.Fatalf("/proc/stat field %d: %v", i, err)
		}
		ticks += v
	}
	return time.Duration(ticks) * (time.Second / 100)
}

// serverCPU is the CPU time (user + system) used so far by the servers the
// bot talks to: PostgreSQL's processes serving l.database and its shared
// background processes (WAL writer, checkpointer, ...), and redis-server.
// With the process's own CPU it is the whole stack's cost, without what
// other programs on a shared machine use. Processes that exit are missed,
// so it is taken while the bot runs. 0 when the bot has no database.
func (l *load) serverCPU(b *testing.B) time.Duration {
	b.Helper()
	if l.database == "" {
		return 0
	}
	stats, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil {
		b.Fatal(err)
	}
	var ticks int64
	for _, path := range stats {
		raw, err := os.ReadFile(path)
		if err != nil {
			continue // exited meanwhile
		}
		stat := string(raw)
		open, end := strings.IndexByte(stat, '('), strings.LastIndexByte(stat, ')')
		if open < 0 || end < open {
			continue
		}
		switch comm := stat[open+1 : end]; {
		case comm == "redis-server":
		case comm == "postgres":
			title, _ := os.ReadFile(filepath.Join(filepath.Dir(path), "cmdline"))
			// A client backend's title is "postgres: user database host state";
			// count ours and the background processes, not other databases' clients.
			if strings.Contains(string(title), "(") && !strings.Contains(string(title), " "+l.database+" ") {
				continue
			}
		default:
			continue
		}
		fields := strings.Fields(stat[end+1:])
		if len(fields) < 13 {
			continue
		}
		utime, _ := strconv.ParseInt(fields[11], 10, 64)
		stime, _ := strconv.ParseInt(fields[12], 10, 64)
		ticks += utime + stime
	}
	return time.Duration(ticks) * (time.Second / 100)
}

// startServeBench runs posko serve with getenv until the benchmark ends and
// returns the context it runs under; its logs are shown when b fails.
func startServeBench(b *testing.B, getenv func(string) string) context.Context {
	b.Helper()
	logs := &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, getenv, io.Discard, logs) }()
	b.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				b.Errorf("serve: %v", err)
			}
		case <-time.After(wait):
			b.Errorf("serve did not return after cancel")
		}
		if b.Failed() {
			b.Logf("bot logs:\n%s", tail(logs.String(), 6000))
		}
	})
	return ctx
}
