package postgres

import (
	"context"
	"testing"
	"time"

	"posko/conversation"
)

// BenchmarkReminderCandidates25k reads the candidates of a map of 25 000
// satker (22 500 managing UP, most still at a stage), half of them with two
// linked chats (one in twenty blocked), eight weekly reminders to each
// linked chat about its stage (some answered), snoozes and pauses.
func BenchmarkReminderCandidates25k(b *testing.B) {
	ctx := context.Background()
	db := newDB(b)
	seedReminderBench(b, db)
	var want, reminders int
	if err := db.Pool().QueryRow(ctx, `SELECT (SELECT count(*) FROM satkers WHERE mapped AND manages_up AND tx_at IS NULL),
		(SELECT count(*) FROM reminders)`).Scan(&want, &reminders); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d candidates, %d reminders", want, reminders)
	for b.Loop() {
		list, err := db.ReminderCandidates(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if len(list) != want {
			b.Fatalf("%d candidates, want %d", len(list), want)
		}
	}
}

// seedReminderBench fills db as BenchmarkReminderCandidates25k describes.
func seedReminderBench(tb testing.TB, db *DB) {
	ctx := context.Background()
	if _, _, _, err := db.ImportSatkers(ctx, mapOf25k(""), "070", conversation.Actor{}); err != nil {
		tb.Fatal(err)
	}
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, wib)
	for _, q := range []string{`
		UPDATE satkers SET
		  admin_registered_at = CASE WHEN n % 10 < 6 THEN $1::timestamptz - interval '90 days' END,
		  users_at = CASE WHEN n % 10 < 4 THEN $1::timestamptz - interval '60 days' END,
		  vendor_at = CASE WHEN n % 10 < 3 THEN $1::timestamptz - interval '30 days' END,
		  tx_at = CASE WHEN n % 10 < 2 THEN $1::timestamptz - interval '10 days' END
		FROM (SELECT kode_satker AS k, kode_satker::text::int - 400000 AS n FROM satkers) s WHERE kode_satker = s.k`, `
		INSERT INTO satker_links (chat_id, user_id, kode_satker, role, via, linked_at)
		SELECT 1000000 + n * 2 + k, 1000000 + n * 2 + k, kode_satker, CASE k WHEN 0 THEN 'admin' ELSE 'ppk' END,
		  'invitation', $1::timestamptz - interval '100 days'
		FROM (SELECT kode_satker, kode_satker::text::int - 400000 AS n FROM satkers) s, generate_series(0, 1) k
		WHERE n % 2 = 0`, `
		INSERT INTO chats (chat_id, blocked_at) SELECT 1000000 + n * 2, $1::timestamptz FROM generate_series(0, 24999, 20) n`, `
		INSERT INTO reminders (kode_satker, stage, chat_id, day, status, answered_at, answer, at)
		SELECT kode_satker, stage, l.chat_id, d, 'sent',
		  CASE WHEN w = 5 AND l.chat_id % 3 = 0 THEN d + interval '10 hours' END,
		  CASE WHEN w = 5 AND l.chat_id % 3 = 0 THEN 'help' ELSE '' END, d + interval '9 hours'
		FROM (SELECT kode_satker, ` + firstMissingStage + ` AS stage FROM satkers WHERE mapped AND manages_up) s
		JOIN satker_links l USING (kode_satker),
		  generate_series(0, 7) w, LATERAL (SELECT ($1::timestamptz - w * interval '7 days')::date AS d) dd
		WHERE stage IS NOT NULL`, `
		INSERT INTO reminder_snoozes (kode_satker, stage, snoozed_until)
		SELECT kode_satker, ` + firstMissingStage + `, $1::timestamptz + interval '3 days'
		FROM satkers WHERE kode_satker::text::int % 50 = 3`, `
		INSERT INTO reminder_pauses (kode_satker) SELECT kode_satker FROM satkers WHERE kode_satker::text::int % 100 = 1 AND $1::timestamptz IS NOT NULL`,
	} {
		if _, err := db.Pool().Exec(ctx, q, now); err != nil {
			tb.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := db.Pool().Exec(ctx, `ANALYZE`); err != nil {
		tb.Fatal(err)
	}
}
