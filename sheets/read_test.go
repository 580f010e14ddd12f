package sheets

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"posko/conversation"
)

// show writes rows as "line:cell|cell" for comparing.
func show(rows []conversation.SheetRow) string {
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "%d:%s\n", r.Line, strings.Join(r.Cells, "|"))
	}
	return b.String()
}

func TestReadCSV(t *testing.T) {
	utf16le, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String("Kode\tNama\r\n401234\tSatker Ümit\r\n")
	if err != nil {
		t.Fatal(err)
	}
	cp1252, err := charmap.Windows1252.NewEncoder().String("kode;nama\n401234;Café Satker\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, data, want string
	}{
		{"comma", "kode,nama\n401234,Satker A\n", "1:kode|nama\n2:401234|Satker A\n"},
		{"semicolon with BOM and CRLF", "\uFEFFkode;nama\r\n401234; Satker A \r\n", "1:kode|nama\n2:401234|Satker A\n"},
		{"tab", "kode\tnama\n401234\tSatker, A\n", "1:kode|nama\n2:401234|Satker, A\n"},
		{"quoted fields", "kode;nama;alamat\n401234;\"Satker; A\";\"Jl. \"\"Merdeka\"\"\nNo. 1\"\n401235;B;C\n",
			"1:kode|nama|alamat\n2:401234|Satker; A|Jl. \"Merdeka\"\nNo. 1\n4:401235|B|C\n"},
		{"empty rows keep line numbers", "kode,nama\n\n,,\n  ,  \n401234,A\n\n401235,B,,\n", "1:kode|nama\n5:401234|A\n7:401235|B\n"},
		{"title line without delimiter", "DAFTAR SATKER\nkode;nama\n401234;A,B\n", "1:DAFTAR SATKER\n2:kode|nama\n3:401234|A,B\n"},
		{"ragged rows", "kode,nama,kppn\n401234\n401235,B,070,extra\n", "1:kode|nama|kppn\n2:401234\n3:401235|B|070|extra\n"},
		{"UTF-16 text from Excel", utf16le, "1:Kode|Nama\n2:401234|Satker Ümit\n"},
		{"Windows-1252", cp1252, "1:kode|nama\n2:401234|Café Satker\n"},
		{"empty file", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			rows, err := Read("satker.csv", []byte(c.data))
			if err != nil {
				t.Fatal(err)
			}
			if got := show(rows); got != c.want {
				t.Errorf("rows:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}

// xlsxFile builds a workbook whose first sheet holds rows from A1 (nil for
// an empty row), and a second sheet that must not be read.
func xlsxFile(t testing.TB, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	if err := f.SetSheetName("Sheet1", "Data"); err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		if row == nil {
			continue
		}
		if err := f.SetSheetRow("Data", fmt.Sprintf("A%d", i+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.NewSheet("Lain"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue("Lain", "A1", "jangan dibaca"); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadXLSX(t *testing.T) {
	data := xlsxFile(t, [][]any{
		{"DAFTAR SATKER KPPN LUBUK LINGGAU"},
		nil,
		{" Kode Satker ", "Nama", "Tanggal", "Nilai", "HP"},
		{"401234", "Satker A", time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC), 1250000, 81234567890},
		{"", "", "", ""},
		nil,
		{"012345", " Satker B ", "15-01-2026", 2.5, nil},
	})
	for _, name := range []string{"peta.xlsx", "peta.XLSX", "tanpa-ekstensi"} {
		rows, err := Read(name, data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := "1:DAFTAR SATKER KPPN LUBUK LINGGAU\n3:Kode Satker|Nama|Tanggal|Nilai|HP\n" +
			"4:401234|Satker A|46037|1250000|81234567890\n7:012345|Satker B|15-01-2026|2.5\n"
		if got := show(rows); got != want {
			t.Errorf("%s rows:\n%s\nwant:\n%s", name, got, want)
		}
	}
}

func TestReadErrors(t *testing.T) {
	var zipped bytes.Buffer
	zw := zip.NewWriter(&zipped)
	w, _ := zw.Create("hello.txt")
	_, _ = w.Write([]byte("not a workbook"))
	_ = zw.Close()
	xls := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...)
	for _, c := range []struct {
		name, file string
		data       []byte
		want       error
	}{
		{"old xls", "peta.xls", xls, ErrUnsupported},
		{"xls by name", "peta.xls", []byte("kode,nama\n"), ErrUnsupported},
		{"pdf", "peta.csv", []byte("%PDF-1.7\n..."), ErrUnsupported},
		{"binary", "peta.csv", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ErrUnsupported},
		{"xlsx name, not a zip", "peta.xlsx", []byte("kode,nama\n"), ErrUnreadable},
		{"zip that is no workbook", "peta.xlsx", zipped.Bytes(), ErrUnreadable},
		{"truncated xlsx", "peta.xlsx", xlsxFile(t, [][]any{{"a"}})[:300], ErrUnreadable},
		{"workbook without sheets", "peta.xlsx", withoutSheets(t, xlsxFile(t, [][]any{{"a"}})), ErrNoSheet},
	} {
		t.Run(c.name, func(t *testing.T) {
			rows, err := Read(c.file, c.data)
			if !errors.Is(err, c.want) {
				t.Fatalf("Read = %d rows, %v; want %v", len(rows), err, c.want)
			}
			if Reason(err) == "" {
				t.Error("no reason for the officer")
			}
		})
	}
}

// withoutSheets rewrites a workbook so that it lists no worksheet.
func withoutSheets(t *testing.T, src []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		_ = rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == "xl/workbook.xml" {
			b = regexp.MustCompile(`<sheets>.*</sheets>`).ReplaceAll(b, []byte("<sheets></sheets>"))
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestReadTooManyRows(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("kode,nama\n")
	for i := range MaxRows - 1 {
		fmt.Fprintf(&b, "%06d,Satker\n\n", i)
	}
	rows, err := Read("peta.csv", b.Bytes())
	if err != nil || len(rows) != MaxRows {
		t.Fatalf("%d rows (header included), %v: want %d rows read", len(rows), err, MaxRows)
	}
	// Row i (from 0) is on line 2+2i: an empty line follows each.
	if last, want := rows[len(rows)-1], 2+2*(MaxRows-2); last.Line != want {
		t.Errorf("last row at line %d, want %d", last.Line, want)
	}
	b.WriteString("999999,Satu lagi\n")
	if _, err := Read("peta.csv", b.Bytes()); !errors.Is(err, ErrTooManyRows) {
		t.Fatalf("one row more: %v, want ErrTooManyRows", err)
	}
	if Reason(ErrTooManyRows) != conversation.TextSheetTooManyRows {
		t.Error("wrong reason for too many rows")
	}
}

func TestReason(t *testing.T) {
	for err, want := range map[error]string{
		fmt.Errorf("x: %w", ErrUnsupported): conversation.TextSheetUnsupported,
		ErrUnreadable:                       conversation.TextSheetUnreadable,
		ErrNoSheet:                          conversation.TextSheetNoSheet,
		errors.New("other"):                 conversation.TextSheetUnreadable,
	} {
		if got := Reason(err); got != want {
			t.Errorf("Reason(%v) = %q, want %q", err, got, want)
		}
	}
}

// BenchmarkReadXLSX25k reads a satker map of 25 000 rows.
func BenchmarkReadXLSX25k(b *testing.B) {
	rows := make([][]any, 25_001)
	rows[0] = []any{"Kode Satker", "Nama Satker", "Kode KPPN", "Kelola UP", "Narahubung", "Telepon"}
	for i := 1; i < len(rows); i++ {
		rows[i] = []any{fmt.Sprintf("%06d", 100000+i), fmt.Sprintf("Satker Nomor %d", i), "070", "ya", "Budi", "081234567890"}
	}
	data := xlsxFile(b, rows)
	b.ReportAllocs()
	for b.Loop() {
		if got, err := Read("peta.xlsx", data); err != nil || len(got) != len(rows) {
			b.Fatalf("%d rows, %v", len(got), err)
		}
	}
}
