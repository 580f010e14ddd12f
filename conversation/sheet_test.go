package conversation

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// sheet builds rows from lines of cells separated by "|", numbered from 1;
// an empty line is left out, as package sheets leaves empty rows out.
func sheet(lines ...string) []SheetRow {
	var rows []SheetRow
	for i, l := range lines {
		if l == "" {
			continue
		}
		rows = append(rows, SheetRow{Line: i + 1, Cells: strings.Split(l, "|")})
	}
	return rows
}

func TestParseSatkerSheet(t *testing.T) {
	rows := sheet(
		"DAFTAR SATKER PENGELOLA UP",
		"",
		"No|KODE SATKER| Nama  Satker |Kode_KPPN|Kelola UP (Ya/Tidak)|Contact Person|No. HP",
		"1|401234|Satker   Satu|070|Ya|Budi Santoso|0812-3456-7890",
		"2|401235|Satker Dua|70|tidak||",
		"3|401236|Satker Tiga||||+62 813 1111 2222",
		"4|401237|Satker Empat|070|1|Ani|81299998888",
	)
	got, rejected, failed := ParseSatkerSheet(rows)
	if failed != "" || len(rejected) != 0 {
		t.Fatalf("failed %q, rejected %+v", failed, rejected)
	}
	want := []SatkerRow{
		{Line: 4, Code: "401234", Name: "Satker Satu", KPPNCode: "070", ManagesUP: true, ContactName: "Budi Santoso", ContactPhone: "+6281234567890"},
		{Line: 5, Code: "401235", Name: "Satker Dua", KPPNCode: "070", ManagesUP: false},
		{Line: 6, Code: "401236", Name: "Satker Tiga", ManagesUP: true, ContactPhone: "+6281311112222"},
		{Line: 7, Code: "401237", Name: "Satker Empat", KPPNCode: "070", ManagesUP: true, ContactName: "Ani", ContactPhone: "+6281299998888"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d rows %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d = %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

func TestParseSatkerSheetHeaders(t *testing.T) {
	for _, header := range []string{
		"kdsatker|nama|kppn|up|pic|hp",
		"Kode|Nama Satker|KPPN|Mengelola UP|Narahubung|Telepon",
		"kode satker|NAMA|kode kppn|kelola up|contact person|phone",
		"Nama Satker|Kode Satker", // any order, optional columns absent
	} {
		t.Run(header, func(t *testing.T) {
			row := "401234|Satker Satu|070|ya|Budi|081234567890"
			if strings.HasPrefix(header, "Nama") {
				row = "Satker Satu|401234"
			}
			got, rejected, failed := ParseSatkerSheet(sheet(header, row))
			if failed != "" || len(rejected) > 0 || len(got) != 1 || got[0].Code != "401234" || got[0].Name != "Satker Satu" || !got[0].ManagesUP {
				t.Fatalf("got %+v, rejected %+v, failed %q", got, rejected, failed)
			}
		})
	}
}

func TestParseSatkerSheetRejects(t *testing.T) {
	rows := sheet(
		"Kode Satker|Nama Satker|Kode KPPN|Kelola UP|Narahubung|Telepon",
		"401234|Satker Satu|070|ya|Budi|081234567890",
		"40123|Satker Pendek|070|ya||",
		"|Tanpa Kode|070|ya||",
		"401235||070|ya||",
		"401236|Satker KPPN|07A|ya||",
		"401237|Satker UP|070|mungkin||",
		"401238|Satker HP|070|ya||021-555",
		"401234|Satker Ganda|070|ya||",
		"4O1239|<Satker>|070|||",
		"401240|"+strings.Repeat("n", 201)+"|070|||",
	)
	got, rejected, failed := ParseSatkerSheet(rows)
	if failed != "" {
		t.Fatal(failed)
	}
	if len(got) != 1 || got[0].Code != "401234" || got[0].Line != 2 {
		t.Errorf("accepted %+v, want only line 2", got)
	}
	want := []struct {
		line   int
		reason []string
	}{
		{3, []string{"Kode satker harus 6 digit angka; Anda mengirim 5 digit.", "diawali angka 0"}},
		{4, []string{textRowKodeEmpty}},
		{5, []string{textRowNameEmpty}},
		{6, []string{"Kode KPPN hanya boleh berisi angka", "07A"}},
		{7, []string{"Kelola UP harus berisi ya atau tidak", "mungkin"}},
		{8, []string{"Nomor HP harus diawali 08"}},
		{9, []string{"Kode satker 401234 sudah ada pada baris 2"}},
		{10, []string{"Kode satker hanya boleh berisi angka", "4O1239"}},
		{11, []string{"Isi kolom Nama Satker terlalu panjang: maksimal 200 karakter."}},
	}
	if len(rejected) != len(want) {
		t.Fatalf("rejected %d rows: %+v", len(rejected), rejected)
	}
	for i, w := range want {
		if rejected[i].Line != w.line {
			t.Errorf("rejected[%d] at line %d, want %d", i, rejected[i].Line, w.line)
		}
		for _, part := range w.reason {
			if !strings.Contains(rejected[i].Reason, part) {
				t.Errorf("line %d: reason %q lacks %q", w.line, rejected[i].Reason, part)
			}
		}
	}
}

func TestParseSheetFailed(t *testing.T) {
	for _, c := range []struct {
		name string
		rows []SheetRow
		tx   bool
		want string
	}{
		{"no header", sheet("401234|Satker Satu", "401235|Satker Dua"), false, "Baris judul kolom tidak ditemukan"},
		{"empty file", nil, false, "Baris judul kolom tidak ditemukan"},
		{"header below 20 rows", sheet(append(slices.Repeat([]string{"judul"}, 20), "Kode Satker|Nama Satker", "401234|Satu")...), false, "20 baris pertama"},
		{"name column missing", sheet("Kode Satker|KPPN|Telepon", "401234|070|0812"), false, "Kolom <b>Nama Satker</b> tidak ditemukan pada baris judul (baris 1)."},
		{"header only", sheet("Judul", "Kode Satker|Nama Satker"), false, textSheetNoRows},
		{"transactions without id", sheet("Kode Satker|Tanggal|Nilai|Vendor", "401234|15-01-2026|100|A"), true, "Kolom <b>ID Transaksi</b> tidak ditemukan"},
		{"transactions without date and value", sheet("Kode Satker|ID Transaksi|Vendor"), true, "Kolom <b>Tanggal</b> dan <b>Nilai</b> tidak ditemukan"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var failed string
			var n int
			if c.tx {
				got, rejected, f := ParseTransactionSheet(c.rows)
				failed, n = f, len(got)+len(rejected)
			} else {
				got, rejected, f := ParseSatkerSheet(c.rows)
				failed, n = f, len(got)+len(rejected)
			}
			if !strings.Contains(failed, c.want) || n != 0 {
				t.Errorf("failed = %q with %d rows, want %q and none", failed, n, c.want)
			}
		})
	}
}

func TestParseTransactionSheet(t *testing.T) {
	rows := sheet(
		"No|Nomor Transaksi|Kode Satker|Tanggal Transaksi|Nama Penyedia|Nilai (Rp)|Metode Pembayaran|Nomor",
		"1|TRX-001|401234|15-01-2026|CV Maju|Rp 1.250.000|CMS|1",
		"2|TRX-002|401234|15/01/2026|Toko  Sejahtera|1250000|Virtual Account|2",
		"3|TRX-003|401235|2026-01-15|UD Abadi|1.250.000,00|KKP|3",
		"4|TRX-004|401235|46037|CV Maju|1250000.5|kartu kredit|4",
		"5|TRX-005|401236|2026-01-15 10:30:00|CV Maju|1,250,000.00||5",
		"6|TRX-006|401236|46037.4375|CV Maju|Rp1.250.000,-|va|6",
	)
	got, rejected, failed := ParseTransactionSheet(rows)
	if failed != "" || len(rejected) > 0 {
		t.Fatalf("failed %q, rejected %+v", failed, rejected)
	}
	day := time.Date(2026, 1, 15, 0, 0, 0, 0, wib())
	channels := []string{ChannelCMS, ChannelCMS, ChannelKKP, ChannelKKP, "", ChannelCMS}
	values := []int64{1250000, 1250000, 1250000, 1250001, 1250000, 1250000}
	if len(got) != 6 {
		t.Fatalf("got %d rows", len(got))
	}
	for i, r := range got {
		if r.Line != i+2 || !r.Date.Equal(day) || r.Value != values[i] || r.Channel != channels[i] || r.Ref != fmt.Sprintf("TRX-%03d", i+1) {
			t.Errorf("row %d = %+v: want line %d, 15-01-2026 WIB, %d, %q, TRX-%03d", i, r, i+2, values[i], channels[i], i+1)
		}
	}
	if got[1].Vendor != "Toko Sejahtera" || got[0].SatkerCode != "401234" {
		t.Errorf("row 2 vendor %q, row 1 satker %q", got[1].Vendor, got[0].SatkerCode)
	}
}

func TestParseTransactionSheetRejects(t *testing.T) {
	rows := sheet(
		"Kode Satker|Tanggal|Vendor|Nilai|Metode|ID Transaksi",
		"401234|15-01-2026|CV Maju|100000|CMS|A1",
		"401234|31-02-2026|CV Maju|100000|CMS|A2",
		"401234|15-01-1999|CV Maju|100000|CMS|A3",
		"401234||CV Maju|100000|CMS|A4",
		"401234|15-01-2026|CV Maju|seratus|CMS|A5",
		"401234|15-01-2026|CV Maju|0|CMS|A6",
		"401234|15-01-2026|CV Maju|100000|tunai|A7",
		"401234|15-01-2026|CV Maju|100000|CMS|",
		"401234|15-01-2026|CV Maju|100000|CMS|A1",
		"12345|15-01-2026|CV Maju||CMS|A9",
	)
	got, rejected, failed := ParseTransactionSheet(rows)
	if failed != "" || len(got) != 1 {
		t.Fatalf("failed %q, accepted %+v", failed, got)
	}
	want := map[int][]string{
		3:  {"Tanggal “31-02-2026” tidak dikenali"},
		4:  {"di luar rentang tahun 2000–2099"},
		5:  {textRowDateEmpty},
		6:  {"Nilai “seratus” bukan angka rupiah"},
		7:  {textRowValueZero},
		8:  {"Metode bayar “tunai” tidak dikenali"},
		9:  {textRowRefEmpty},
		10: {"ID transaksi A1 sudah ada pada baris 2."},
		11: {"Kode satker harus 6 digit", textRowValueEmpty},
	}
	if len(rejected) != len(want) {
		t.Fatalf("rejected %+v", rejected)
	}
	for _, p := range rejected {
		for _, part := range want[p.Line] {
			if !strings.Contains(p.Reason, part) {
				t.Errorf("line %d: reason %q lacks %q", p.Line, p.Reason, part)
			}
		}
	}
}

func TestParseRupiah(t *testing.T) {
	for in, want := range map[string]int64{
		"Rp 1.250.000": 1250000, "Rp1.250.000,-": 1250000, "1250000": 1250000, "1.250.000,00": 1250000,
		"1,250,000.00": 1250000, "1250000.5": 1250001, "1250000,49": 1250000, "IDR 750.000": 750000,
		"1.250": 1250, "1,5": 2, "12.50": 13, "Rp 1 250 000": 1250000,
	} {
		if got, ok := parseRupiah(in); !ok || got != want {
			t.Errorf("parseRupiah(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "Rp", "satu juta", "1.25.000", "1,250.000,00", "12a", "-5000", "99999999999999999999"} {
		if got, ok := parseRupiah(in); ok {
			t.Errorf("parseRupiah(%q) = %d, want rejected", in, got)
		}
	}
}

func TestParseSheetDate(t *testing.T) {
	want := time.Date(2026, 1, 5, 0, 0, 0, 0, wib())
	for _, in := range []string{"05-01-2026", "5-1-2026", "05/01/2026", "5.1.2026", "2026-01-05", "2026/1/5", "20260105", "46027", "46027.99", "2026-01-05T08:00:00"} {
		if got, ok := parseSheetDate(in); !ok || !got.Equal(want) {
			t.Errorf("parseSheetDate(%q) = %v, %v; want 5 January 2026", in, got, ok)
		}
	}
	for _, in := range []string{"2026", "1250000", "01-13-2026", "Januari", "5 Jan 26", "05-01-26"} {
		if got, ok := parseSheetDate(in); ok {
			t.Errorf("parseSheetDate(%q) = %v, want rejected", in, got)
		}
	}
}

func TestImportResultText(t *testing.T) {
	t.Run("satker map with rejected rows", func(t *testing.T) {
		res := ImportResult{Kind: JobImportSatker, File: "peta <baru>.xlsx", Rows: 1230, Added: 1200, Updated: 3, Unchanged: 2}
		for i := range 25 {
			res.Rejected = append(res.Rejected, RowProblem{Line: 10 + i, Reason: textRowNameEmpty})
		}
		got := ImportResultText(res)
		for _, part := range []string{"Hasil impor peta satker", "Berkas: <b>peta &lt;baru&gt;.xlsx</b>", "Baris data dibaca: 1.230",
			"Ditambahkan: 1.200", "Diperbarui: 3", "Tidak berubah: 2", "Ditolak: 25",
			"• Baris 10: Nama satker kosong.", "• Baris 29: Nama satker kosong.", "• dan 5 baris lainnya.", textImportFixHint} {
			if !strings.Contains(got, part) {
				t.Errorf("message lacks %q:\n%s", part, got)
			}
		}
		if strings.Contains(got, "Baris 30:") {
			t.Errorf("more than 20 rows listed:\n%s", got)
		}
	})
	t.Run("long reasons stay within a message", func(t *testing.T) {
		res := ImportResult{Kind: JobImportSatker, File: "peta.csv", Rows: 40}
		for i := range 40 {
			res.Rejected = append(res.Rejected, RowProblem{Line: i + 2, Reason: strings.Repeat("Alasan panjang sekali. ", 20)})
		}
		got := ImportResultText(res)
		if n := utf8.RuneCountInString(got); n > 4000 {
			t.Errorf("message of %d characters", n)
		}
		if !strings.Contains(got, "baris lainnya") {
			t.Errorf("no count of the rows left out:\n%s", got)
		}
	})
	t.Run("transactions", func(t *testing.T) {
		got := ImportResultText(ImportResult{Kind: JobImportTx, File: "digipay.csv", Rows: 10, Added: 7, Unchanged: 3})
		for _, part := range []string{"Hasil impor data transaksi", "Transaksi baru: 7", "Sudah tercatat sebelumnya: 3", "Ditolak: 0", textImportAllGood} {
			if !strings.Contains(got, part) {
				t.Errorf("message lacks %q:\n%s", part, got)
			}
		}
		if strings.Contains(got, "Diperbarui") {
			t.Errorf("updated shown for transactions:\n%s", got)
		}
	})
	t.Run("failed", func(t *testing.T) {
		_, _, failed := ParseSatkerSheet(sheet("Kode Satker|Telepon", "401234|0812"))
		got := ImportResultText(ImportResult{Kind: JobImportSatker, File: "peta.csv", Failed: failed})
		for _, part := range []string{"Impor peta satker gagal", "Kolom <b>Nama Satker</b> tidak ditemukan", textImportNothing,
			"• Kode Satker (wajib)", "• Nama Satker (wajib)", "• Kelola UP (ya/tidak; kosong berarti ya)", "• Narahubung"} {
			if !strings.Contains(got, part) {
				t.Errorf("message lacks %q:\n%s", part, got)
			}
		}
		got = ImportResultText(ImportResult{Kind: JobImportTx, File: "trx.xls", Failed: TextSheetUnsupported})
		if !strings.Contains(got, "• ID Transaksi (wajib; nomor transaksi dari Digipay)") || !strings.Contains(got, TextSheetUnsupported) {
			t.Errorf("transaction columns missing:\n%s", got)
		}
	})
}

func BenchmarkParseSatkerSheet25k(b *testing.B) {
	rows := []SheetRow{{Line: 1, Cells: []string{"Kode Satker", "Nama Satker", "Kode KPPN", "Kelola UP", "Narahubung", "Telepon"}}}
	for i := range 25_000 {
		rows = append(rows, SheetRow{Line: i + 2, Cells: []string{fmt.Sprintf("%06d", 100000+i), fmt.Sprintf("Satker Nomor %d", i), "070", "ya", "Budi", "081234567890"}})
	}
	b.ReportAllocs()
	for b.Loop() {
		if got, rejected, _ := ParseSatkerSheet(rows); len(got) != 25_000 || len(rejected) != 0 {
			b.Fatalf("%d rows, %d rejected", len(got), len(rejected))
		}
	}
}
