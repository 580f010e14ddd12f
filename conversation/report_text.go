package conversation

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The KPPN's progress report in words: the /laporan message, and the labels
// and number formats the report package's workbook and chart use, so that
// every word an officer reads stays in this package.

// ReportLabels are the words of the report's workbook and chart.
type ReportLabels struct {
	Title, AsOf, Month string // the summary sheet's heading lines

	SheetSummary, SheetSatker string // the workbook's sheets

	SummaryItem, SummaryCount, SummaryPercent string // the summary sheet's columns

	// The summary sheet's rows; the stage rows are named by StageName.
	Satkers, Vendors, TxCount, TxValue, MonthTx, MonthValue string
	Tickets, TicketsOnTime, PoskoVisits                     string

	// The satker sheet's columns; StageDate names each stage's date column.
	ColCode, ColName, ColKPPN, ColManagesUP, ColContact, ColPhone string
	ColUsers, ColVendors, ColTransactions, ColTxValue             string
	ColLastContact, ColNext                                       string
	StageDate                                                     map[string]string
	Yes, No, AllDone                                              string

	// The chart: the funnel of stages and the weekly progress.
	FunnelTitle, FunnelSatkers, FunnelX string
	ProgressTitle, ProgressX, ProgressY string
}

// StageName names a stage (StageAdmin…StageTx) as the report shows it;
// an unknown stage is returned as it is.
func StageName(stage string) string {
	switch stage {
	case StageAdmin:
		return textStageAdmin
	case StageUsers:
		return textStageUsers
	case StageVendor:
		return textStageVendor
	case StageTx:
		return textStageTx
	}
	return stage
}

// ReportSummaryText is the /laporan message: the KPPN and the time of the
// data; the satker managing UP and how many reached each stage (with the
// share of all); vendors and transactions; and the current month's
// transactions, tickets answered within 1 working day and face-to-face
// assistances.
func ReportSummaryText(r Report) string {
	f := r.Figures()
	at := r.At.In(wib())
	lines := []string{textReportTitle, kppnLine(r.KPPN), fmt.Sprintf(textReportAsOf, whenWIB(at)), "",
		fmt.Sprintf(textReportSatkers, FormatCount(int64(f.Satkers)))}
	if f.Satkers == 0 {
		lines = append(lines, textReportEmptyMap)
	} else {
		for _, st := range []struct {
			stage string
			n     int
		}{{StageAdmin, f.WithAdmin}, {StageUsers, f.WithUsers}, {StageVendor, f.WithVendor}, {StageTx, f.WithTx}} {
			lines = append(lines, fmt.Sprintf(textReportStage, StageName(st.stage), FormatCount(int64(st.n)), FormatPercent(st.n, f.Satkers)))
		}
	}
	lines = append(lines,
		fmt.Sprintf(textReportVendors, FormatCount(int64(f.Vendors))),
		fmt.Sprintf(textReportTxAll, FormatCount(int64(f.TxCount)), FormatRupiah(f.TxValue)),
		"",
		fmt.Sprintf(textReportMonth, MonthYear(at)),
		fmt.Sprintf(textReportMonthTx, FormatCount(int64(f.MonthTx)), FormatRupiah(f.MonthValue)))
	if f.Tickets == 0 {
		lines = append(lines, textReportNoTickets)
	} else {
		lines = append(lines, fmt.Sprintf(textReportTickets, FormatCount(int64(f.OnTime)), FormatCount(int64(f.Tickets)), FormatPercent(f.OnTime, f.Tickets)))
	}
	lines = append(lines, fmt.Sprintf(textReportVisits, FormatCount(int64(f.PoskoVisits))), "", textReportFiles)
	return strings.Join(lines, "\n")
}

// KPPNTitle names a KPPN: its name ("KPPN Lubuk Linggau"), or "KPPN 070"
// while the name is unknown.
func KPPNTitle(k KPPN) string {
	name := strings.TrimSpace(k.Name)
	switch {
	case name == "":
		return "KPPN " + k.Code
	case strings.HasPrefix(strings.ToUpper(name), "KPPN"):
		return name
	}
	return "KPPN " + name
}

func kppnLine(k KPPN) string {
	title := EscapeHTML(KPPNTitle(k))
	if strings.TrimSpace(k.Name) == "" || k.Code == "" {
		return fmt.Sprintf(textReportKPPN, title)
	}
	return fmt.Sprintf(textReportKPPNCode, title, EscapeHTML(k.Code))
}

// MonthYear names t's month: "November 2026".
func MonthYear(t time.Time) string { return monthNames[t.Month()] + " " + strconv.Itoa(t.Year()) }

// FormatCount writes n with the Indonesian thousands separator: "25.000".
func FormatCount(n int64) string {
	if n < 0 {
		return "-" + FormatCount(-n)
	}
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// FormatRupiah writes an amount of rupiah: "Rp1.250.000".
func FormatRupiah(v int64) string {
	if v < 0 {
		return "-Rp" + FormatCount(-v)
	}
	return "Rp" + FormatCount(v)
}

// FormatPercent writes n of total as a percentage with one decimal and a
// decimal comma ("83,3%"), or "–" when total is 0.
func FormatPercent(n, total int) string {
	if total <= 0 {
		return textReportNoPercent
	}
	return strings.Replace(strconv.FormatFloat(100*float64(n)/float64(total), 'f', 1, 64), ".", ",", 1) + "%"
}
