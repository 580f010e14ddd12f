package backoffice

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"posko/conversation"
)

// The target: "a report for 25 000 satker is produced in seconds".
// These benchmarks run what an officer waits for after /impor and /laporan,
// on real PostgreSQL: reading, checking and applying a 25 000-row map, and
// reading, rendering and queuing the report of a KPPN of 25 000 satker.

const benchSatkers = 25_000

// benchMap is a satker map of benchSatkers rows of KPPN 070, as an officer
// exports it: every tenth satker does not manage UP.
func benchMap() [][]string {
	rows := [][]string{{"Kode Satker", "Nama Satker", "Kode KPPN", "Kelola UP", "Narahubung", "Telepon"}}
	for i := range benchSatkers {
		up := "ya"
		if i%10 == 0 {
			up = "tidak"
		}
		rows = append(rows, []string{fmt.Sprintf("%06d", 400_000+i), fmt.Sprintf("SATKER NOMOR %d KABUPATEN CONTOH", i),
			"070", up, fmt.Sprintf("Narahubung %d", i), fmt.Sprintf("0812%08d", i)})
	}
	return rows
}

// benchCSV writes rows as a semicolon-separated file, as Excel does in Indonesia.
func benchCSV(rows [][]string) []byte {
	var b bytes.Buffer
	for _, r := range rows {
		for i, c := range r {
			if i > 0 {
				b.WriteByte(';')
			}
			b.WriteString(c)
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// benchXLSX writes rows as the first sheet of a workbook, cells as text.
func benchXLSX(b *testing.B, rows [][]string) []byte {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	for i, r := range rows {
		cells := make([]any, len(r))
		for j, c := range r {
			cells[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, cells); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkImportFile25k imports a map of 25 000 satker through
// Runner.Import (read, parse, apply in one transaction): as a new map
// (tables emptied before each run, untimed), and again unchanged, from CSV
// and from XLSX.
func BenchmarkImportFile25k(b *testing.B) {
	ctx := context.Background()
	db := openDB(b)
	r := New(db, nil, nil, Options{})
	rows := benchMap()
	csv, xlsx := benchCSV(rows), benchXLSX(b, rows)
	imp := func(b *testing.B, name string, data []byte, before func(), want func(conversation.ImportResult) bool) {
		if before == nil { // a re-import: the map is stored first, whichever sub-benchmarks run
			if _, err := r.Import(ctx, conversation.JobImportSatker, name, data, "070", officer); err != nil {
				b.Fatal(err)
			}
		}
		for b.Loop() {
			if before != nil {
				b.StopTimer()
				before()
				b.StartTimer()
			}
			res, err := r.Import(ctx, conversation.JobImportSatker, name, data, "070", officer)
			if err != nil {
				b.Fatal(err)
			}
			if res.Failed != "" || len(res.Rejected) != 0 || !want(res) {
				b.Fatalf("import: %+v", res)
			}
		}
		b.ReportMetric(float64(len(data)), "file-bytes") // after the loop: b.Loop resets metrics
	}
	empty := func() {
		if _, err := db.Pool().Exec(ctx, `TRUNCATE satkers, progress_history, kppns CASCADE`); err != nil {
			b.Fatal(err)
		}
	}
	added := func(res conversation.ImportResult) bool { return res.Added == benchSatkers }
	unchanged := func(res conversation.ImportResult) bool { return res.Unchanged == benchSatkers }

	b.Run("csv/new", func(b *testing.B) { imp(b, "peta.csv", csv, empty, added) })
	b.Run("csv/unchanged", func(b *testing.B) { imp(b, "peta.csv", csv, nil, unchanged) })
	b.Run("xlsx/new", func(b *testing.B) { imp(b, "peta.xlsx", xlsx, empty, added) })
	b.Run("xlsx/unchanged", func(b *testing.B) { imp(b, "peta.xlsx", xlsx, nil, unchanged) })
}

// BenchmarkReportJob25k builds the report of a KPPN of 25 000 satker
// (22 500 managing UP) at various stages, with 50 000 transactions imported
// over six months: Runner.Report (query, workbook, chart), and the whole
// /laporan job through RunOnce (claim, report, the three messages queued in
// the outbox with the job's end).
func BenchmarkReportJob25k(b *testing.B) {
	ctx := context.Background()
	db := openDB(b)
	now := time.Date(2026, 11, 15, 10, 0, 0, 0, testWIB)
	r := New(db, &fakeFiles{}, nil, Options{Owner: "bench", Now: func() time.Time { return now }})
	if res, err := r.Import(ctx, conversation.JobImportSatker, "peta.csv", benchCSV(benchMap()), "070", officer); err != nil || res.Added != benchSatkers {
		b.Fatalf("import the map: %+v, %v", res, err)
	}
	_, err := db.Pool().Exec(ctx, `
		UPDATE satkers SET
		  admin_registered_at = CASE WHEN n % 10 < 6 THEN $1::timestamptz - (n % 90 + 90) * interval '1 day' END,
		  users_at = CASE WHEN n % 10 < 4 THEN $1::timestamptz - (n % 60 + 30) * interval '1 day' END,
		  vendor_at = CASE WHEN n % 10 < 3 THEN $1::timestamptz - (n % 30) * interval '1 day' END,
		  vendors = CASE WHEN n % 10 < 3 THEN n % 7 + 1 ELSE 0 END,
		  last_contact_at = CASE WHEN n % 3 = 0 THEN $1::timestamptz - (n % 20) * interval '1 day' END
		FROM (SELECT kode_satker AS k, kode_satker::text::int AS n FROM satkers) s WHERE kode_satker = s.k`, now)
	if err != nil {
		b.Fatal(err)
	}
	txs := make([]conversation.TransactionRow, 50_000)
	for i := range txs {
		txs[i] = conversation.TransactionRow{Line: i + 2, Transaction: conversation.Transaction{
			SatkerCode: fmt.Sprintf("%06d", 400_000+(i%5_000)*5), Date: now.AddDate(0, 0, -(i % 180)),
			Vendor: fmt.Sprintf("CV Penyedia %d", i%700), Value: int64(100_000 + i), Channel: conversation.ChannelCMS,
			Ref: fmt.Sprintf("DGP-%d", i)}}
	}
	if added, _, rejected, err := db.ImportTransactions(ctx, txs, officer); err != nil || added != len(txs) || len(rejected) != 0 {
		b.Fatalf("import transactions: %d added, %d rejected, %v", added, len(rejected), err)
	}
	if _, err := db.Pool().Exec(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}

	b.Run("report", func(b *testing.B) {
		var book, chart []byte
		for b.Loop() {
			var rep conversation.Report
			rep, book, chart, err = r.Report(ctx, "070")
			if err != nil {
				b.Fatal(err)
			}
			if f := rep.Figures(); f.Satkers != 22_500 || f.WithAdmin == 0 || f.WithTx == 0 || f.MonthTx == 0 {
				b.Fatalf("report figures %+v", f)
			}
		}
		b.ReportMetric(float64(len(book)), "xlsx-bytes")
		b.ReportMetric(float64(len(chart)), "png-bytes")
	})
	queued := func(b *testing.B) int {
		var n int
		if err := db.Pool().QueryRow(ctx, `SELECT count(*) FROM outbox`).Scan(&n); err != nil {
			b.Fatal(err)
		}
		return n
	}
	b.Run("job", func(b *testing.B) { // run -count times on the same database
		before, jobs := queued(b), 0
		for ; b.Loop(); jobs++ {
			b.StopTimer()
			queue(b, db, conversation.Job{Kind: conversation.JobReport, KPPNCode: "070", ChatID: staffGroup, By: officer})
			b.StartTimer()
			did, err := r.RunOnce(ctx)
			if err != nil || !did {
				b.Fatalf("RunOnce = %v, %v", did, err)
			}
		}
		if n := queued(b) - before; n != 3*jobs {
			b.Fatalf("%d messages queued by %d jobs, want 3 each", n, jobs)
		}
	})
}
