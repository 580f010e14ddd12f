package main

import (
	"context"
	"io"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"posko/bot/telegramtest"
	"posko/storage/postgres"
	"posko/storage/postgres/pgtest"
	"posko/storage/redis/redistest"
)

// BenchmarkBroadcast10k is the Monday-morning reminder to 10 000 lagging
// satker (issue 7): each satker has one linked chat; the real `posko serve`
// (through run) delivers through its sender and Redis limiter to a fake Bot
// API that answers 429 above BENCH_BROADCAST_RATE messages per second (300
// by default; 1 per chat), with TELEGRAM_RATE_GLOBAL set to the same R.
// Each iteration calls the Lagging job directly on the bot's database with
// its clock on a working morning (a cron firing would depend on the wall
// clock being in office hours), then waits for every reminder to arrive.
//
// Reported: msgs/s from the first delivered reminder to the last, the limit
// R, rate_%_of_limit, within_10% (1 when msgs/s is within 10% of R), 429s
// (must be 0), queue_s (how long the job took to claim and queue all) and
// first_ms (job start to the first delivery). See docs/benchmarks.md.
//
//	scripts/with-services.sh test -- go test -run '^$' -bench Broadcast10k -benchtime 1x ./cmd/posko
func BenchmarkBroadcast10k(b *testing.B) {
	const satkers = 10_000
	const chatBase = int64(8_000_000)
	rate := broadcastRate(b)

	var (
		mu          sync.Mutex
		first, last time.Time
		delivered   int
		all         = make(chan struct{}, 1)
	)
	onSend := func(m telegramtest.Message) {
		if m.ChatID < chatBase || m.ChatID >= chatBase+satkers {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		now := time.Now()
		if delivered == 0 {
			first = now
		}
		last = now
		delivered++
		if delivered == satkers {
			all <- struct{}{}
		}
	}
	fake := telegramtest.New(b, telegramtest.WithoutRequestLog(), telegramtest.WithRateLimits(rate, 1), telegramtest.WithOnSend(onSend))
	redisURL, prefix := redistest.New(b)
	e := env{
		"TELEGRAM_BOT_TOKEN":    telegramtest.Token,
		"DOCUMENT_KEY":          testDocumentKey,
		"TELEGRAM_API_URL":      fake.URL(),
		"DATABASE_URL":          pgtest.New(b),
		"REDIS_URL":             redisURL,
		"REDIS_PREFIX":          prefix,
		"KPPN_GROUP_CHAT_ID":    "-1009001",
		"HTTP_ADDR":             freeAddrTB(b),
		"TELEGRAM_POLL_TIMEOUT": "5s",
		"LOG_LEVEL":             "warn",
		"TELEGRAM_RATE_GLOBAL":  strconv.Itoa(rate),
		"TELEGRAM_RATE_PRIVATE": "1",
	}
	getenv := func(k string) string { return e[k] }
	if err := run(context.Background(), []string{"migrate"}, getenv, io.Discard, io.Discard); err != nil {
		b.Fatalf("migrate: %v", err)
	}
	db, err := postgres.Open(context.Background(), e["DATABASE_URL"])
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(db.Close)
	insertLinkedSatkers(b, db, 0, satkers, chatBase)

	ctx := startServeBench(b, getenv)

	timeout := time.Duration(3*satkers/rate)*time.Second + time.Minute
	var spans, queued, firsts time.Duration
	b.ResetTimer()
	for i := range b.N {
		mu.Lock()
		delivered, first, last = 0, time.Time{}, time.Time{}
		mu.Unlock()
		// Each iteration is four weeks later, so every satker is due again
		// (the interval is at most 28 days), on a working morning.
		now := officeMorning(b, db, time.Now().AddDate(0, 0, 28*i))
		start := time.Now()
		if err := laggingAt(db, now).Run(ctx); err != nil {
			b.Fatalf("lagging job: %v", err)
		}
		queued += time.Since(start)
		select {
		case <-all:
		case <-time.After(timeout):
			mu.Lock()
			n := delivered
			mu.Unlock()
			b.Fatalf("%d of %d reminders delivered within %v", n, satkers, timeout)
		}
		mu.Lock()
		spans += last.Sub(first)
		firsts += first.Sub(start)
		mu.Unlock()
	}
	b.StopTimer()

	n := float64(b.N)
	got := float64(satkers-1) * n / spans.Seconds()
	within := 0.0
	if got >= 0.9*float64(rate) && got <= 1.1*float64(rate) {
		within = 1
	}
	b.ReportMetric(got, "msgs/s")
	b.ReportMetric(float64(rate), "limit_msgs/s")
	b.ReportMetric(100*got/float64(rate), "rate_%_of_limit")
	b.ReportMetric(within, "within_10%")
	b.ReportMetric(float64(fake.Count429()), "429s")
	b.ReportMetric(queued.Seconds()/n, "queue_s")
	b.ReportMetric(float64(firsts.Milliseconds())/n, "first_ms")
	// Failed benchmarks print no metrics: the figures go to the log too.
	b.Logf("%d reminders: %.1f msgs/s against a limit of %d/s (%.1f%%), %d answers 429, queued in %.2f s",
		satkers, got, rate, 100*got/float64(rate), fake.Count429(), queued.Seconds()/n)
	if c := fake.Count429(); c != 0 {
		b.Errorf("the fake Bot API answered %d times 429", c)
	}
	if within == 0 {
		b.Errorf("delivered %.1f messages/s, not within 10%% of the limit %d/s", got, rate)
	}
}

// broadcastRate reads BENCH_BROADCAST_RATE (300 messages per second by default).
func broadcastRate(b *testing.B) int {
	b.Helper()
	v := os.Getenv("BENCH_BROADCAST_RATE")
	if v == "" {
		return 300
	}
	r, err := strconv.Atoi(v)
	if err != nil || r < 1 {
		b.Fatalf("BENCH_BROADCAST_RATE=%q: want a whole number of messages per second ≥ 1", v)
	}
	return r
}
