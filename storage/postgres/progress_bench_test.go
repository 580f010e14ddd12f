package postgres

import (
	"context"
	"fmt"
	"testing"
	"time"

	"posko/conversation"
)

// mapOf25k is a satker map of 25 000 rows of KPPN 070; suffix changes
// every name.
func mapOf25k(suffix string) []conversation.SatkerRow {
	rows := make([]conversation.SatkerRow, 25_000)
	for i := range rows {
		rows[i] = conversation.SatkerRow{Line: i + 2, Code: fmt.Sprintf("%06d", 400_000+i),
			Name: fmt.Sprintf("SATKER NOMOR %d%s", i, suffix), KPPNCode: "070", ManagesUP: i%10 != 0,
			ContactName: fmt.Sprintf("PIC %d", i), ContactPhone: fmt.Sprintf("+62812%07d", i)}
	}
	return rows
}

// BenchmarkImportSatkers25k imports a map of 25 000 satker: new (every row
// added), the same again (unchanged) and with every name changed (updated).
func BenchmarkImportSatkers25k(b *testing.B) {
	ctx := context.Background()
	db := newDB(b)
	by := conversation.Actor{UserID: 42, Name: "Budi", ChatID: staffChat}
	run := func(b *testing.B, rows func(i int) []conversation.SatkerRow, before func(), want func(a, u, n int) bool) {
		for i := 0; b.Loop(); i++ {
			if before != nil {
				b.StopTimer()
				before()
				b.StartTimer()
			}
			a, u, n, err := db.ImportSatkers(ctx, rows(i), "070", by)
			if err != nil {
				b.Fatal(err)
			}
			if !want(a, u, n) {
				b.Fatalf("added %d, updated %d, unchanged %d", a, u, n)
			}
		}
	}
	same, renamed := mapOf25k(""), mapOf25k(" (BARU)")
	setup := func(b *testing.B) { // the map as same
		if _, _, _, err := db.ImportSatkers(ctx, same, "070", by); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("added", func(b *testing.B) {
		run(b, func(int) []conversation.SatkerRow { return same }, func() {
			if _, err := db.Pool().Exec(ctx, `DELETE FROM progress_history; DELETE FROM satkers`); err != nil {
				b.Fatal(err)
			}
		}, func(a, _, _ int) bool { return a == 25_000 })
	})
	b.Run("unchanged", func(b *testing.B) {
		setup(b)
		run(b, func(int) []conversation.SatkerRow { return same }, nil,
			func(_, _, n int) bool { return n == 25_000 })
	})
	b.Run("updated", func(b *testing.B) {
		setup(b)
		run(b, func(i int) []conversation.SatkerRow {
			if i%2 == 0 {
				return renamed
			}
			return same
		}, nil, func(_, u, _ int) bool { return u == 25_000 })
	})
}

// BenchmarkReport25k reads the report of a KPPN of 25 000 satker at
// various stages, with 100 000 transactions over six months, 3 000 tickets
// and 1 000 posko visits this month.
func BenchmarkReport25k(b *testing.B) {
	ctx := context.Background()
	db := newDB(b)
	if _, _, _, err := db.ImportSatkers(ctx, mapOf25k(""), "070", conversation.Actor{}); err != nil {
		b.Fatal(err)
	}
	now := time.Date(2026, 11, 15, 10, 0, 0, 0, wib)
	for _, q := range []string{`
		UPDATE satkers SET
		  admin_registered_at = CASE WHEN n % 10 < 6 THEN $1::timestamptz - interval '90 days' END,
		  users_at = CASE WHEN n % 10 < 4 THEN $1::timestamptz - interval '60 days' END,
		  vendor_at = CASE WHEN n % 10 < 3 THEN $1::timestamptz - interval '30 days' END,
		  vendors = CASE WHEN n % 10 < 3 THEN n % 7 + 1 ELSE 0 END,
		  last_contact_at = CASE WHEN n % 3 = 0 THEN $1::timestamptz - interval '3 days' END
		FROM (SELECT kode_satker AS k, kode_satker::text::int AS n FROM satkers) s WHERE kode_satker = s.k`, `
		INSERT INTO transactions (kode_satker, date, vendor, value, channel, ref, source)
		SELECT to_char(400000 + (g % 5000) * 5, 'FM000000'), ($1::timestamptz - (g % 180) * interval '1 day')::date,
		  'CV ' || g, 100000 + g, CASE WHEN g % 2 = 0 THEN 'CMS' ELSE 'KKP' END, 'DGP-' || g, 'import'
		FROM generate_series(1, 100000) g`, `
		UPDATE satkers s SET tx_count = t.n, tx_value = t.v, tx_at = t.first
		FROM (SELECT kode_satker, count(*) AS n, sum(value) AS v, min(date)::timestamptz AS first
		      FROM transactions GROUP BY kode_satker) t
		WHERE s.kode_satker = t.kode_satker AND $1::timestamptz IS NOT NULL`, `
		INSERT INTO tickets (id, number, chat_id, user_id, satker_code, text, status, deadline, first_response_at, created_at)
		SELECT g, 'TKT-' || g, g, g, to_char(400000 + g * 7, 'FM000000'), '\x00', 'selesai',
		  $1::timestamptz - (g % 14) * interval '1 day' + interval '1 day', $1::timestamptz - (g % 14) * interval '1 day' + (g % 40) * interval '1 hour',
		  $1::timestamptz - (g % 14) * interval '1 day'
		FROM generate_series(1, 3000) g`, `
		INSERT INTO posko_visits (satker_code, at)
		SELECT to_char(400000 + g * 11, 'FM000000'), $1::timestamptz - (g % 14) * interval '1 day' FROM generate_series(1, 1000) g`,
	} {
		if _, err := db.Pool().Exec(ctx, q, now); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := db.Pool().Exec(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		r, err := db.Report(ctx, "070", now)
		if err != nil {
			b.Fatal(err)
		}
		if len(r.Satkers) != 22_500 || r.Tickets == 0 || r.MonthTransactions == 0 || r.PoskoVisits == 0 {
			b.Fatalf("report of %d satker, %d tickets, %d transactions this month, %d visits",
				len(r.Satkers), r.Tickets, r.MonthTransactions, r.PoskoVisits)
		}
	}
}
