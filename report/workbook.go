// Package report draws a KPPN's progress report into the files /laporan and
// `posko report` send: an XLSX workbook (a summary sheet, and one row per
// satker with every stage) and a PNG chart (the funnel of stages and the
// weekly progress). The data is a conversation.Report read from storage; the
// words are conversation.ReportText's.
package report

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"posko/conversation"
)

// Workbook writes r as an XLSX workbook: the sheet "Ringkasan" with the
// report's figures, and the sheet "Satker" with one row per satker (code,
// name, KPPN, manages UP, contact, each stage's date, counts, value, last
// contact, next stage) under a styled, frozen header row. Dates are date
// cells in WIB. The satker sheet is streamed, so 25 000 satker take well
// under a second.
func Workbook(r conversation.Report) ([]byte, error) {
	l := conversation.ReportText()
	f := excelize.NewFile()
	defer func() { _ = f.Close() }() // removes temporary files; the workbook is in memory by then
	if err := f.SetSheetName(f.GetSheetName(0), l.SheetSummary); err != nil {
		return nil, fmt.Errorf("name summary sheet: %w", err)
	}
	if _, err := f.NewSheet(l.SheetSatker); err != nil {
		return nil, fmt.Errorf("add satker sheet: %w", err)
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	if err := writeSummary(f, st, l, r); err != nil {
		return nil, fmt.Errorf("write summary sheet: %w", err)
	}
	if err := writeSatkers(f, st, l, r); err != nil {
		return nil, fmt.Errorf("write satker sheet: %w", err)
	}
	// The summary, the first sheet, is the one that opens: File.SetActiveSheet
	// is not called since it would parse the streamed sheets back.
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("write workbook: %w", err)
	}
	return buf.Bytes(), nil
}

// styles are the workbook's cell styles.
type styles struct {
	title, bold, header, date, dateTime, count, percent int
}

func newStyles(f *excelize.File) (styles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "A6A6A6", Style: 1}, {Type: "right", Color: "A6A6A6", Style: 1},
		{Type: "top", Color: "A6A6A6", Style: 1}, {Type: "bottom", Color: "A6A6A6", Style: 1},
	}
	format := func(s string) *string { return &s }
	var st styles
	for _, d := range []struct {
		id *int
		s  excelize.Style
	}{
		{&st.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&st.bold, excelize.Style{Font: &excelize.Font{Bold: true}}},
		{&st.header, excelize.Style{
			Font:      &excelize.Font{Bold: true, Color: "FFFFFF"},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E78"}},
			Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
			Border:    border,
		}},
		{&st.date, excelize.Style{CustomNumFmt: format("dd-mm-yyyy")}},
		{&st.dateTime, excelize.Style{CustomNumFmt: format("dd-mm-yyyy hh:mm")}},
		{&st.count, excelize.Style{CustomNumFmt: format("#,##0")}},
		{&st.percent, excelize.Style{CustomNumFmt: format("0.0%")}},
	} {
		id, err := f.NewStyle(&d.s)
		if err != nil {
			return styles{}, fmt.Errorf("new style: %w", err)
		}
		*d.id = id
	}
	return st, nil
}

// writeSummary fills the summary sheet: the heading, then one row per
// figure with its count and, for the stages and the tickets, its share.
func writeSummary(f *excelize.File, st styles, l conversation.ReportLabels, r conversation.Report) error {
	sheet := l.SheetSummary
	fig := r.Figures()
	at := r.At.In(wib)
	share := func(n, of int) any {
		if of == 0 {
			return nil
		}
		return excelize.Cell{StyleID: st.percent, Value: float64(n) / float64(of)}
	}
	count := func(n int64) excelize.Cell { return excelize.Cell{StyleID: st.count, Value: n} }
	rows := [][]any{
		{excelize.Cell{StyleID: st.title, Value: l.Title}},
		{excelize.Cell{StyleID: st.bold, Value: conversation.KPPNTitle(r.KPPN)}},
		{l.ColKPPN, r.KPPN.Code},
		{l.AsOf, excelize.Cell{StyleID: st.dateTime, Value: excelTime(r.At)}},
		{l.Month, conversation.MonthYear(at)},
		nil,
		{excelize.Cell{StyleID: st.header, Value: l.SummaryItem}, excelize.Cell{StyleID: st.header, Value: l.SummaryCount},
			excelize.Cell{StyleID: st.header, Value: l.SummaryPercent}},
		{l.Satkers, count(int64(fig.Satkers))},
		{conversation.StageName(conversation.StageAdmin), count(int64(fig.WithAdmin)), share(fig.WithAdmin, fig.Satkers)},
		{conversation.StageName(conversation.StageUsers), count(int64(fig.WithUsers)), share(fig.WithUsers, fig.Satkers)},
		{conversation.StageName(conversation.StageVendor), count(int64(fig.WithVendor)), share(fig.WithVendor, fig.Satkers)},
		{conversation.StageName(conversation.StageTx), count(int64(fig.WithTx)), share(fig.WithTx, fig.Satkers)},
		{l.Vendors, count(int64(fig.Vendors))},
		{l.TxCount, count(int64(fig.TxCount))},
		{l.TxValue, count(fig.TxValue)},
		{l.MonthTx, count(int64(fig.MonthTx))},
		{l.MonthValue, count(fig.MonthValue)},
		{l.Tickets, count(int64(fig.Tickets))},
		{l.TicketsOnTime, count(int64(fig.OnTime)), share(fig.OnTime, fig.Tickets)},
		{l.PoskoVisits, count(int64(fig.PoskoVisits))},
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("stream %s: %w", sheet, err)
	}
	if err := sw.SetColWidth(1, 1, 42); err != nil {
		return fmt.Errorf("column width: %w", err)
	}
	if err := sw.SetColWidth(2, 3, 20); err != nil {
		return fmt.Errorf("column width: %w", err)
	}
	for i, row := range rows {
		if err := sw.SetRow(cellName(1, i+1), row); err != nil {
			return fmt.Errorf("row %d: %w", i+1, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("flush %s: %w", sheet, err)
	}
	return nil
}

// summaryHeaderRow is the row of the summary sheet's column headers; the
// figures follow it in the order of writeSummary.
const summaryHeaderRow = 7
