package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"posko/bot/telegramtest"
	"posko/reminders"
	"posko/storage/postgres"
)

// The reminders to lagging satker end to end: the Lagging job (called
// directly, with a clock set in office hours) queues through PostgreSQL,
// and the bot started through run delivers to the fake Bot API.

// satkerCodeBase is the first test satker's code (6 digits).
const satkerCodeBase = 400000

// insertLinkedSatkers adds n satker of KPPN 070 still at stage admin, the
// i-th (code satkerCodeBase+first+i) linked to chat chatBase+i as its admin.
func insertLinkedSatkers(tb testing.TB, db *postgres.DB, first, n int, chatBase int64) {
	tb.Helper()
	_, err := db.Pool().Exec(context.Background(), `
		WITH s AS (
		  INSERT INTO satkers (kode_satker, name, kppn_code)
		  SELECT lpad(($1 + i)::text, 6, '0'), 'Satker Uji ' || ($1 + i), '070' FROM generate_series(0, $2 - 1) i
		  RETURNING kode_satker)
		INSERT INTO satker_links (chat_id, user_id, kode_satker, role, via)
		SELECT $3 + (kode_satker::int - $1), $3 + (kode_satker::int - $1), kode_satker, 'admin', 'officer' FROM s`,
		satkerCodeBase+first, n, chatBase)
	if err != nil {
		tb.Fatalf("insert satkers: %v", err)
	}
}

// officeMorning is the next moment the office is open, from now on.
func officeMorning(tb testing.TB, db *postgres.DB, after time.Time) time.Time {
	tb.Helper()
	cal, err := db.Calendar(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return cal.NextOpening(after).Add(time.Minute)
}

// laggingAt is the Lagging job on db with its clock stopped at now.
func laggingAt(db *postgres.DB, now time.Time) *reminders.Lagging {
	return &reminders.Lagging{Store: db, Policy: reminders.DefaultPolicy(), Now: func() time.Time { return now }}
}

// reminderRows counts the reminders recorded, by "status/skip_reason".
func reminderRows(t *testing.T, db *postgres.DB) map[string]int {
	t.Helper()
	rows, err := db.Pool().Query(context.Background(), `SELECT status || '/' || skip_reason, count(*) FROM reminders GROUP BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			t.Fatal(err)
		}
		got[k] = n
	}
	return got
}

// drained waits until the outbox has nothing left to deliver.
func drained(t *testing.T, fake *telegramtest.Server, db *postgres.DB) {
	t.Helper()
	fake.Eventually(t, "the outbox delivered everything", func() bool {
		n, err := db.OutboxPending(context.Background())
		return err == nil && n == 0
	}, 3*wait)
}

func TestServeLaggingRemindersSentOnceByTwoRunners(t *testing.T) {
	fake := telegramtest.New(t)
	e := newEnv(t, fake)
	e["LOG_LEVEL"] = "info"
	if out, err := runCLI(t, e, "migrate"); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	db := openDB(t, e)
	const n = 40
	const chatBase = int64(6_100_000)
	insertLinkedSatkers(t, db, 0, n, chatBase)
	ctx := context.Background()
	// The first satker has a second chat, which blocked the bot; the last
	// satker's reminders are paused by an officer.
	blocked := chatBase + n
	paused := fmt.Sprint(satkerCodeBase + n - 1)
	for _, q := range []string{
		fmt.Sprintf(`INSERT INTO satker_links (chat_id, user_id, kode_satker, role, via) VALUES (%d, %d, '%d', 'ppk', 'invitation')`, blocked, blocked, satkerCodeBase),
		fmt.Sprintf(`INSERT INTO reminder_pauses (kode_satker) VALUES ('%s')`, paused),
	} {
		if _, err := db.Pool().Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.MarkBlocked(ctx, blocked); err != nil {
		t.Fatal(err)
	}
	start(t, e)

	// Two replicas, each with its own pool, run the job at once, three times each.
	now := officeMorning(t, db, time.Now())
	runners := []*postgres.DB{db, openDB(t, e)}
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for _, r := range runners {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 3 {
				errs <- laggingAt(r, now).Run(ctx)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("lagging job: %v", err)
		}
	}

	drained(t, fake, db)
	for i := range int64(n) {
		chat := chatBase + i
		msgs := fake.Messages(chat)
		want := 1
		if i == n-1 {
			want = 0 // paused
		}
		if len(msgs) != want {
			t.Errorf("chat %d got %d messages, want %d", chat, len(msgs), want)
			continue
		}
		if want == 1 && (!strings.Contains(msgs[0].Plain, fmt.Sprint(satkerCodeBase+i)) || len(msgs[0].Buttons) == 0) {
			t.Errorf("chat %d got %q (buttons %v), want its satker's reminder with buttons", chat, msgs[0].Plain, msgs[0].Buttons)
		}
	}
	for _, r := range fake.Requests("sendMessage") {
		if r.Int("chat_id") == blocked {
			t.Errorf("the bot sent to chat %d, which blocked it", blocked)
		}
	}
	rows := reminderRows(t, db)
	if want := map[string]int{"sent/": n - 1, "skipped/blocked": 1}; fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Errorf("reminders recorded %v, want %v (nothing for the paused satker)", rows, want)
	}
}

func TestServeLaggingSkipsAChatThatBlockedTheBot(t *testing.T) {
	fake := telegramtest.New(t)
	e := newEnv(t, fake)
	if out, err := runCLI(t, e, "migrate"); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	db := openDB(t, e)
	const chatBase = int64(6_200_000)
	insertLinkedSatkers(t, db, 100, 2, chatBase)
	active, gone := chatBase, chatBase+1
	fake.BlockChat(gone) // the bot learns it at the first send
	start(t, e)
	ctx := context.Background()

	week1 := officeMorning(t, db, time.Now())
	if err := laggingAt(db, week1).Run(ctx); err != nil {
		t.Fatal(err)
	}
	drained(t, fake, db)
	if blocked, err := db.IsBlocked(ctx, gone); err != nil || !blocked {
		t.Fatalf("chat %d not marked blocked after its 403 (%v)", gone, err)
	}

	// A week later the reminder is due again: the active chat gets it, the
	// blocked one is skipped and recorded without a request to Telegram.
	week2 := officeMorning(t, db, week1.AddDate(0, 0, 7))
	if err := laggingAt(db, week2).Run(ctx); err != nil {
		t.Fatal(err)
	}
	drained(t, fake, db)
	if got := len(fake.Messages(active)); got != 2 {
		t.Errorf("active chat got %d reminders in two weeks, want 2", got)
	}
	tries := 0
	for _, r := range fake.Requests("sendMessage") {
		if r.Int("chat_id") == gone {
			tries++
		}
	}
	if tries != 1 {
		t.Errorf("the bot tried chat %d %d times, want once (the 403 of week 1)", gone, tries)
	}
	rows := reminderRows(t, db)
	if want := map[string]int{"sent/": 3, "skipped/blocked": 1}; fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Errorf("reminders recorded %v, want %v", rows, want)
	}
}

func TestServePengingatShowsTheSchedule(t *testing.T) {
	fake := telegramtest.New(t)
	fake.SetMember(groupChat, officer, "member")
	e := registrationEnv(t, fake)
	start(t, e)
	fake.SendGroupText(groupChat, officer, "/pengingat", 0)
	reply := fake.WaitMessage(t, groupChat, contains(reminders.NameLagging), wait)
	for _, name := range []string{reminders.NameSLA, reminders.NameNudge, reminders.NameWeekly} {
		if !strings.Contains(reply.Plain, name) {
			t.Errorf("/pengingat says:\n%s\nwant %q", reply.Plain, name)
		}
	}
}

func TestServeReminderAnswers(t *testing.T) {
	fake := telegramtest.New(t)
	e := registrationEnv(t, fake)
	if out, err := runCLI(t, e, "migrate"); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	db := openDB(t, e)
	const chatBase = int64(6_300_000)
	insertLinkedSatkers(t, db, 200, 2, chatBase)
	done, later := chatBase, chatBase+1
	start(t, e)
	ctx := context.Background()
	if err := laggingAt(db, officeMorning(t, db, time.Now())).Run(ctx); err != nil {
		t.Fatal(err)
	}
	first := fake.WaitMessage(t, done, contains("Sudah"), wait)
	second := fake.WaitMessage(t, later, contains("Sudah"), wait)

	// "Sudah": the stage is recorded, by the satker's own admin.
	fake.Press(done, first.MessageID, buttonData(t, first, "Sudah"))
	fake.WaitMessage(t, done, contains("Terima kasih!"), wait)
	var reached bool
	var actor int64
	err := db.Pool().QueryRow(ctx, `
		SELECT s.admin_registered_at IS NOT NULL,
		       (SELECT actor_id FROM progress_history h WHERE h.kode_satker = s.kode_satker ORDER BY h.id DESC LIMIT 1)
		FROM satkers s JOIN satker_links l ON l.kode_satker = s.kode_satker WHERE l.chat_id = $1`, done).Scan(&reached, &actor)
	if err != nil || !reached || actor != done {
		t.Errorf("stage admin reached %v by %d (%v), want reached by the satker's admin %d", reached, actor, err, done)
	}

	// "Ingatkan lagi minggu depan": snoozed, answered once.
	fake.Press(later, second.MessageID, buttonData(t, second, "minggu depan"))
	fake.WaitMessage(t, later, contains("kami ingatkan lagi minggu depan"), wait)
	fake.Press(later, second.MessageID, buttonData(t, second, "Sudah"))
	fake.WaitMessage(t, later, contains("sudah Anda jawab"), wait)
	var answered int
	if err := db.Pool().QueryRow(ctx, `SELECT count(*) FROM reminders WHERE answered_at IS NOT NULL`).Scan(&answered); err != nil || answered != 2 {
		t.Errorf("%d reminders answered (%v), want 2", answered, err)
	}
}
