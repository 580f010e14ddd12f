package report

import (
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"

	"posko/conversation"
)

// wib is Western Indonesia Time, the KPPN's time zone: the workbook's dates
// are WIB wall-clock dates, since a spreadsheet cell has no time zone.
var wib = time.FixedZone("WIB", 7*60*60)

// satkerColumn is a column of the satker sheet: its header, its width and
// its value for one satker (nil for an empty cell).
type satkerColumn struct {
	header string
	width  float64
	value  func(s *conversation.SatkerProgress) any
}

func satkerColumns(st styles, l conversation.ReportLabels) []satkerColumn {
	date := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return excelize.Cell{StyleID: st.date, Value: excelTime(t)}
	}
	count := func(n int64) any { return excelize.Cell{StyleID: st.count, Value: n} }
	cols := []satkerColumn{
		{l.ColCode, 12, func(s *conversation.SatkerProgress) any { return s.Code }},
		{l.ColName, 48, func(s *conversation.SatkerProgress) any { return s.Name }},
		{l.ColKPPN, 10, func(s *conversation.SatkerProgress) any { return s.KPPNCode }},
		{l.ColManagesUP, 10, func(s *conversation.SatkerProgress) any {
			if s.ManagesUP {
				return l.Yes
			}
			return l.No
		}},
		{l.ColContact, 28, func(s *conversation.SatkerProgress) any { return s.ContactName }},
		{l.ColPhone, 17, func(s *conversation.SatkerProgress) any { return s.ContactPhone }},
		{l.StageDate[conversation.StageAdmin], 14, func(s *conversation.SatkerProgress) any { return date(s.AdminAt) }},
		{l.StageDate[conversation.StageUsers], 14, func(s *conversation.SatkerProgress) any { return date(s.UsersAt) }},
		{l.StageDate[conversation.StageVendor], 14, func(s *conversation.SatkerProgress) any { return date(s.VendorAt) }},
		{l.StageDate[conversation.StageTx], 14, func(s *conversation.SatkerProgress) any { return date(s.TxAt) }},
		{l.ColUsers, 11, func(s *conversation.SatkerProgress) any { return count(int64(max(len(s.Users), s.UsersRecorded))) }},
		{l.ColVendors, 10, func(s *conversation.SatkerProgress) any { return count(int64(s.Vendors)) }},
		{l.ColTransactions, 11, func(s *conversation.SatkerProgress) any { return count(int64(s.Transactions)) }},
		{l.ColTxValue, 18, func(s *conversation.SatkerProgress) any { return count(s.TxValue) }},
		{l.ColLastContact, 17, func(s *conversation.SatkerProgress) any {
			if s.LastContactAt.IsZero() {
				return nil
			}
			return excelize.Cell{StyleID: st.dateTime, Value: excelTime(s.LastContactAt)}
		}},
		{l.ColNext, 22, func(s *conversation.SatkerProgress) any {
			if next := s.Next(); next != "" {
				return conversation.StageName(next)
			}
			return l.AllDone
		}},
	}
	return cols
}

// writeSatkers streams the satker sheet: a frozen header row, then one row
// per satker in r's order, as a table with filter buttons.
func writeSatkers(f *excelize.File, st styles, l conversation.ReportLabels, r conversation.Report) error {
	sheet := l.SheetSatker
	cols := satkerColumns(st, l)
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("stream %s: %w", sheet, err)
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("freeze header: %w", err)
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return fmt.Errorf("column width: %w", err)
		}
		header[i] = excelize.Cell{StyleID: st.header, Value: c.header}
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{Height: 32}); err != nil {
		return fmt.Errorf("header row: %w", err)
	}
	row := make([]any, len(cols))
	for i := range r.Satkers {
		s := &r.Satkers[i]
		for c, col := range cols {
			row[c] = col.value(s)
		}
		if err := sw.SetRow(cellName(1, i+2), row); err != nil {
			return fmt.Errorf("row of satker %s: %w", s.Code, err)
		}
	}
	// A table gives the header filter buttons and banded rows; unlike
	// File.AutoFilter it does not parse the streamed sheet back.
	table := &excelize.Table{Range: "A1:" + cellName(len(cols), max(2, len(r.Satkers)+1)),
		Name: "TabelSatker", StyleName: "TableStyleLight9"}
	if err := sw.AddTable(table); err != nil {
		return fmt.Errorf("table: %w", err)
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("flush %s: %w", sheet, err)
	}
	return nil
}

// excelTime returns t's wall-clock time in WIB, in UTC, as excelize turns a
// time into a serial date from its UTC instant.
func excelTime(t time.Time) time.Time {
	w := t.In(wib)
	return time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, time.UTC)
}

// cellName names the cell at col, row (both 1-based): "C7".
func cellName(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}
