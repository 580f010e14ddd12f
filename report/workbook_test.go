package report

import (
	"bytes"
	"math"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"posko/conversation"
)

func openWorkbook(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("open workbook: %v", err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

func TestWorkbook(t *testing.T) {
	r := testReport()
	data, err := Workbook(r)
	if err != nil {
		t.Fatal(err)
	}
	f := openWorkbook(t, data)
	l := conversation.ReportText()
	if got, want := f.GetSheetList(), []string{l.SheetSummary, l.SheetSatker}; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
	if i := f.GetActiveSheetIndex(); i != 0 {
		t.Errorf("active sheet %d, want the summary", i)
	}

	t.Run("summary figures", func(t *testing.T) {
		rows, err := f.GetRows(l.SheetSummary, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		byLabel := map[string][]string{}
		for _, row := range rows {
			if len(row) > 1 {
				byLabel[row[0]] = row[1:]
			}
		}
		for _, c := range []struct {
			label, count, share string
		}{
			{l.Satkers, "3", ""},
			{conversation.StageName(conversation.StageAdmin), "2", "0.6666666666666666"},
			{conversation.StageName(conversation.StageUsers), "2", "0.6666666666666666"},
			{conversation.StageName(conversation.StageVendor), "2", "0.6666666666666666"},
			{conversation.StageName(conversation.StageTx), "1", "0.3333333333333333"},
			{l.Vendors, "5", ""},
			{l.TxCount, "7", ""},
			{l.TxValue, "12500000", ""},
			{l.MonthTx, "3", ""},
			{l.MonthValue, "1250000", ""},
			{l.Tickets, "8", ""},
			{l.TicketsOnTime, "6", "0.75"},
			{l.PoskoVisits, "2", ""},
			{l.ColKPPN, "070", ""},
			{l.Month, "November 2026", ""},
		} {
			got, ok := byLabel[c.label]
			if !ok {
				t.Errorf("no summary row %q", c.label)
				continue
			}
			if got[0] != c.count {
				t.Errorf("%s = %q, want %q", c.label, got[0], c.count)
			}
			share := ""
			if len(got) > 1 {
				share = got[1]
			}
			if !sameNumber(share, c.share) {
				t.Errorf("%s share = %q, want %q", c.label, share, c.share)
			}
		}
		if v, _ := f.GetCellValue(l.SheetSummary, "A1"); v != l.Title {
			t.Errorf("A1 = %q, want the title", v)
		}
		if v, _ := f.GetCellValue(l.SheetSummary, "B4"); v != "30-11-2026 16:00" {
			t.Errorf("as of = %q, want 30-11-2026 16:00 (WIB)", v)
		}
	})

	t.Run("satker rows", func(t *testing.T) {
		rows, err := f.GetRows(l.SheetSatker)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1+len(r.Satkers) {
			t.Fatalf("%d rows, want header and %d satker", len(rows), len(r.Satkers))
		}
		header := []string{l.ColCode, l.ColName, l.ColKPPN, l.ColManagesUP, l.ColContact, l.ColPhone,
			l.StageDate[conversation.StageAdmin], l.StageDate[conversation.StageUsers],
			l.StageDate[conversation.StageVendor], l.StageDate[conversation.StageTx],
			l.ColUsers, l.ColVendors, l.ColTransactions, l.ColTxValue, l.ColLastContact, l.ColNext}
		if !equal(rows[0], header) {
			t.Errorf("header = %q\nwant %q", rows[0], header)
		}
		want := []string{"401234", "Satker Lengkap", "070", l.Yes, "Budi", "+6281234567890",
			"01-06-2026", "15-07-2026", "02-09-2026", "05-10-2026", "5", "4", "7", "12,500,000", "20-11-2026 09:30", l.AllDone}
		if !equal(rows[1], want) {
			t.Errorf("row 2 = %q\nwant %q", rows[1], want)
		}
		if rows[2][15] != conversation.StageName(conversation.StageTx) || rows[2][9] != "" {
			t.Errorf("row 3: next stage %q, transaction date %q; want %q and empty", rows[2][15], rows[2][9], conversation.StageName(conversation.StageTx))
		}
		if rows[3][0] != "012345" || rows[3][6] != "" || rows[3][10] != "2" || rows[3][15] != conversation.StageName(conversation.StageAdmin) {
			t.Errorf("row 4 = %q: want kode 012345 kept as text, no admin date, 2 users, next stage admin", rows[3])
		}
	})

	t.Run("dates are date cells", func(t *testing.T) {
		raw, err := f.GetCellValue(l.SheetSatker, "G2", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		// 1 June 2026 is Excel day 46174.
		if v, err := strconv.ParseFloat(raw, 64); err != nil || int(v) != 46174 {
			t.Errorf("G2 raw = %q, want the serial day 46174", raw)
		}
		typ, err := f.GetCellType(l.SheetSatker, "M2")
		if err != nil || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
			t.Errorf("transactions cell type = %v, %v: want a number", typ, err)
		}
	})

	t.Run("header frozen", func(t *testing.T) {
		panes, err := f.GetPanes(l.SheetSatker)
		if err != nil {
			t.Fatal(err)
		}
		if !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
			t.Errorf("panes = %+v, want the first row frozen", panes)
		}
		style, err := f.GetCellStyle(l.SheetSatker, "A1")
		if err != nil {
			t.Fatal(err)
		}
		s, err := f.GetStyle(style)
		if err != nil || s.Font == nil || !s.Font.Bold {
			t.Errorf("header style = %+v, %v: want bold", s, err)
		}
	})
}

func TestWorkbookEmpty(t *testing.T) {
	r := conversation.Report{KPPN: conversation.KPPN{Code: "070"}, At: testReport().At}
	data, err := Workbook(r)
	if err != nil {
		t.Fatal(err)
	}
	f := openWorkbook(t, data)
	l := conversation.ReportText()
	rows, err := f.GetRows(l.SheetSatker)
	if err != nil || len(rows) != 1 {
		t.Fatalf("satker sheet = %d rows, %v: want only the header", len(rows), err)
	}
	rows, err = f.GetRows(l.SheetSummary)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, row := range rows {
		if len(row) > 1 && row[0] == l.Satkers {
			found = row[1] == "0"
		}
		if len(row) > 2 && row[0] == conversation.StageName(conversation.StageAdmin) && row[2] != "" {
			t.Errorf("share of an empty map = %q, want empty", row[2])
		}
	}
	if !found {
		t.Error("summary lacks 0 satker")
	}
}

func TestWorkbookManyRows(t *testing.T) {
	r := bigReport(3000)
	data, err := Workbook(r)
	if err != nil {
		t.Fatal(err)
	}
	f := openWorkbook(t, data)
	rows, err := f.GetRows(conversation.ReportText().SheetSatker)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3001 || rows[3000][0] != r.Satkers[2999].Code {
		t.Fatalf("%d rows, last %q: want 3001, the last satker %s", len(rows), rows[len(rows)-1][0], r.Satkers[2999].Code)
	}
}

func BenchmarkWorkbook25k(b *testing.B) {
	r := bigReport(25_000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Workbook(r); err != nil {
			b.Fatal(err)
		}
	}
}

// sameNumber compares two cells holding numbers (or both empty); Excel
// keeps 15 significant digits.
func sameNumber(a, b string) bool {
	if a == "" || b == "" {
		return a == b
	}
	x, errA := strconv.ParseFloat(a, 64)
	y, errB := strconv.ParseFloat(b, 64)
	return errA == nil && errB == nil && math.Abs(x-y) < 1e-9
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
