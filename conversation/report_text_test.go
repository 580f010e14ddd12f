package conversation

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// reportFixture builds a report of three satker at different stages.
func reportFixture() Report {
	at := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 10, 0, 0, 0, wib()) }
	return Report{
		KPPN: KPPN{Code: "070", Name: "Lubuk Linggau"},
		At:   time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC), // 16.00 WIB
		Satkers: []SatkerProgress{
			{Code: "401234", AdminAt: at(6, 1), UsersAt: at(7, 1), VendorAt: at(8, 1), Vendors: 4, TxAt: at(9, 1), Transactions: 1200, TxValue: 1_500_000_000},
			{Code: "401235", AdminAt: at(6, 1), UsersAt: at(7, 1), VendorAt: at(8, 1), Vendors: 1},
			{Code: "401236"},
		},
		MonthTransactions: 57, MonthTxValue: 1_250_000,
		Tickets: 8, TicketsOnTime: 6, PoskoVisits: 4,
	}
}

func TestReportSummaryText(t *testing.T) {
	got := ReportSummaryText(reportFixture())
	want := strings.Join([]string{
		"📊 <b>Laporan Progres Implementasi Digipay</b>",
		"<b>KPPN Lubuk Linggau</b> (070)",
		"Keadaan per Senin, 30 November 2026 pukul 16.00 WIB",
		"",
		"<b>Satker pengelola UP: 3</b>",
		"• Admin satker aktif: 2 (66,7%)",
		"• 5 pengguna lengkap: 2 (66,7%)",
		"• Memiliki vendor: 2 (66,7%)",
		"• Sudah bertransaksi: 1 (33,3%)",
		"Vendor terdaftar: 5",
		"Transaksi Digipay seluruhnya: 1.200 (Rp1.500.000.000)",
		"",
		"<b>Bulan November 2026</b>",
		"• Transaksi Digipay: 57 (Rp1.250.000)",
		"• Tiket dijawab ≤1 hari kerja: 6 dari 8 (75,0%)",
		"• Asistensi tatap muka di Posko: 4",
		"",
		textReportFiles,
	}, "\n")
	if got != want {
		t.Errorf("got:\n%s\n\nwant:\n%s", got, want)
	}
}

func TestReportSummaryTextEmpty(t *testing.T) {
	r := Report{KPPN: KPPN{Code: "070"}, At: time.Date(2026, 12, 31, 18, 0, 0, 0, time.UTC)}
	got := ReportSummaryText(r)
	for _, part := range []string{"<b>KPPN 070</b>\n", "Keadaan per Jumat, 1 Januari 2027 pukul 01.00 WIB", "Satker pengelola UP: 0",
		textReportEmptyMap, "Bulan Januari 2027", "Transaksi Digipay: 0 (Rp0)", textReportNoTickets, "Asistensi tatap muka di Posko: 0"} {
		if !strings.Contains(got, part) {
			t.Errorf("message lacks %q:\n%s", part, got)
		}
	}
	if strings.Contains(got, "%") || strings.Contains(got, "Admin satker aktif") {
		t.Errorf("stage shares of an empty map:\n%s", got)
	}
}

func TestReportSummaryTextEscapes(t *testing.T) {
	r := reportFixture()
	r.KPPN.Name = "KPPN A&B <Uji>"
	if got := ReportSummaryText(r); !strings.Contains(got, "<b>KPPN A&amp;B &lt;Uji&gt;</b> (070)") {
		t.Errorf("KPPN name not escaped:\n%s", got)
	}
}

func TestReportFormats(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1.000", 25000: "25.000", 1234567: "1.234.567", -1500: "-1.500"} {
		if got := FormatCount(n); got != want {
			t.Errorf("FormatCount(%d) = %q, want %q", n, got, want)
		}
	}
	if got := FormatRupiah(1250000); got != "Rp1.250.000" {
		t.Errorf("FormatRupiah = %q", got)
	}
	for _, c := range []struct {
		n, total int
		want     string
	}{{1, 3, "33,3%"}, {3, 3, "100,0%"}, {0, 5, "0,0%"}, {2, 0, "–"}} {
		if got := FormatPercent(c.n, c.total); got != c.want {
			t.Errorf("FormatPercent(%d, %d) = %q, want %q", c.n, c.total, got, c.want)
		}
	}
	for k, want := range map[KPPN]string{
		{Code: "070", Name: "Lubuk Linggau"}: "KPPN Lubuk Linggau", {Code: "070", Name: "KPPN Lubuk Linggau"}: "KPPN Lubuk Linggau",
		{Code: "070"}: "KPPN 070",
	} {
		if got := KPPNTitle(k); got != want {
			t.Errorf("KPPNTitle(%+v) = %q, want %q", k, got, want)
		}
	}
	if got := MonthYear(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)); got != "Maret 2026" {
		t.Errorf("MonthYear = %q", got)
	}
}

func TestReportLabels(t *testing.T) {
	seen := map[string]bool{}
	for _, s := range Stages() {
		name := StageName(s)
		if name == s || name == "" || seen[name] {
			t.Errorf("StageName(%q) = %q: want its own Indonesian name", s, name)
		}
		seen[name] = true
	}
	l := ReportText()
	v := reflect.ValueOf(l)
	for i := range v.NumField() {
		if f := v.Field(i); f.Kind() == reflect.String && f.String() == "" {
			t.Errorf("ReportText().%s is empty", v.Type().Field(i).Name)
		}
	}
	for _, s := range Stages() {
		if l.StageDate[s] == "" {
			t.Errorf("no date column name for stage %s", s)
		}
	}
}
