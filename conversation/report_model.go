package conversation

import "time"

// Report is the data of one KPPN's progress report, read from storage in
// one go: every satker of its map that manages UP, with its progress, and
// the help desk's figures. Everything in a report comes from stored data.
type Report struct {
	KPPN    KPPN
	At      time.Time        // when it was read
	Satkers []SatkerProgress // mapped satker of the KPPN that manage UP, by code
	// The current month (WIB) of At:
	MonthTransactions int   // transactions dated this month
	MonthTxValue      int64 // their value, rupiah
	Tickets           int   // help tickets opened this month by the KPPN's satker (or its group)
	TicketsOnTime     int   // of those, first answered by the deadline (1 working day)
	PoskoVisits       int   // face-to-face assistances recorded this month
}

// ReportFigures are a report's counts, as the summary and the chart show them.
type ReportFigures struct {
	Satkers     int // managing UP
	WithAdmin   int
	WithUsers   int // all five users
	WithVendor  int // at least one vendor
	WithTx      int // at least one transaction
	Vendors     int // vendors registered, all satker
	TxCount     int // transactions, all time
	TxValue     int64
	MonthTx     int
	MonthValue  int64
	Tickets     int
	OnTime      int
	PoskoVisits int
}

// Figures counts r.
func (r Report) Figures() ReportFigures {
	f := ReportFigures{Satkers: len(r.Satkers), MonthTx: r.MonthTransactions, MonthValue: r.MonthTxValue,
		Tickets: r.Tickets, OnTime: r.TicketsOnTime, PoskoVisits: r.PoskoVisits}
	for _, s := range r.Satkers {
		if s.Reached(StageAdmin) {
			f.WithAdmin++
		}
		if s.Reached(StageUsers) {
			f.WithUsers++
		}
		if s.Reached(StageVendor) {
			f.WithVendor++
		}
		if s.Reached(StageTx) {
			f.WithTx++
		}
		f.Vendors += s.Vendors
		f.TxCount += s.Transactions
		f.TxValue += s.TxValue
	}
	return f
}

// SatkerRow is one row of an imported satker map (CSV or XLSX).
type SatkerRow struct {
	Line         int // 1-based row number in the file, for messages
	Code         string
	Name         string
	KPPNCode     string
	ManagesUP    bool
	ContactName  string
	ContactPhone string // E.164, "" when none
}

// TransactionRow is one row of imported Digipay transactions.
type TransactionRow struct {
	Line int
	Transaction
}

// RowProblem is a rejected row of an imported file and why, in Indonesian.
type RowProblem struct {
	Line   int
	Reason string
}

// ImportResult is what an import did, for the officer who sent the file.
type ImportResult struct {
	Kind      string // JobImportSatker or JobImportTx
	File      string // the file's name
	Rows      int    // data rows read
	Added     int
	Updated   int
	Unchanged int
	Rejected  []RowProblem
	// Failed, when set, is why nothing was imported (unreadable file, no
	// header row, wrong columns).
	Failed string
}
