package conversation

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Imported spreadsheets (the satker map, Digipay transactions): finding the
// header row by the columns' names, checking every row, and the message the
// officer gets. Reading the file itself is package sheets' work.

// SheetRow is one non-empty row of an imported file: Line is its 1-based
// line (CSV) or row number (XLSX) in the file, as officers see it in their
// spreadsheet program, and Cells its cells, trimmed.
type SheetRow struct {
	Line  int
	Cells []string
}

// headerSearchRows is how many rows may stand above the header row (a title,
// the KPPN's name, a blank line).
const headerSearchRows = 20

// sheetColumn is a column an import reads, known by any of its aliases.
type sheetColumn struct {
	label    string   // the name the result message gives
	hint     string   // what the cells hold, "" when obvious
	required bool     // a file without it is not imported
	aliases  []string // header names as normHeader leaves them, the most specific first
}

// The columns of the satker map, in the order of satkerColumns.
const (
	scKode = iota
	scNama
	scKPPN
	scUP
	scPIC
	scPhone
)

var satkerColumns = []sheetColumn{
	scKode:  {colKodeSatker, "", true, []string{"kodesatker", "kdsatker", "kode"}},
	scNama:  {colNamaSatker, "", true, []string{"namasatker", "nmsatker", "uraiansatker", "nama"}},
	scKPPN:  {colKodeKPPN, "", false, []string{"kodekppn", "kppn", "kdkppn"}},
	scUP:    {colKelolaUP, hintKelolaUP, false, []string{"kelolaup", "mengelolaup", "up", "pengelolaup"}},
	scPIC:   {colNarahubung, "", false, []string{"narahubung", "contactperson", "namapic", "namanarahubung", "pic", "cp", "kontak"}},
	scPhone: {colTelepon, hintTelepon, false, []string{"nohp", "nomorhp", "teleponpic", "hppic", "nohppic", "notelepon", "nomortelepon", "notelp", "telepon", "telp", "phone", "whatsapp", "nowa", "hp"}},
}

// The columns of Digipay transactions, in the order of txColumns.
const (
	tcKode = iota
	tcDate
	tcVendor
	tcValue
	tcChannel
	tcRef
)

var txColumns = []sheetColumn{
	tcKode:    {colKodeSatker, "", true, []string{"kodesatker", "kdsatker", "kode"}},
	tcDate:    {colTanggal, hintTanggal, true, []string{"tanggaltransaksi", "tgltransaksi", "tanggalpembayaran", "tanggalbayar", "waktutransaksi", "tanggal", "tgl", "date", "waktu"}},
	tcVendor:  {colVendor, "", false, []string{"namavendor", "namapenyedia", "vendor", "penyedia", "merchant", "toko"}},
	tcValue:   {colNilai, hintNilai, true, []string{"nilaitransaksi", "nilairp", "totalbayar", "jumlahrp", "nilai", "nominal", "amount", "jumlah", "total"}},
	tcChannel: {colMetode, hintMetode, false, []string{"metodepembayaran", "metodebayar", "carapembayaran", "carabayar", "jenispembayaran", "metode", "channel", "kanal"}},
	tcRef:     {colIDTx, hintIDTx, true, []string{"idtransaksi", "nomortransaksi", "notransaksi", "kodetransaksi", "transactionid", "nomorreferensi", "noref", "referensi", "ref", "id"}},
}

// Longest cells kept, in characters.
const (
	maxNameLen    = 200
	maxContactLen = 100
	maxRefLen     = 100
)

// ParseSatkerSheet reads the satker map from rows: the header row is found by
// the columns' names (Kode Satker and Nama Satker are required; Kode KPPN,
// Kelola UP, Narahubung and Telepon are read when present), then every row
// below it is checked. It returns the good rows, the rejected ones with the
// reason, and failed, why nothing can be imported ("" when something can).
// A missing or empty Kelola UP means yes (the map lists the satker managing
// UP); an empty Kode KPPN stays "" (the importing KPPN's); a second row with
// the same kode satker is rejected.
func ParseSatkerSheet(rows []SheetRow) ([]SatkerRow, []RowProblem, string) {
	data, idx, failed := sheetData(rows, satkerColumns)
	if failed != "" {
		return nil, nil, failed
	}
	out := make([]SatkerRow, 0, len(data))
	var rejected []RowProblem
	seen := make(map[string]int, len(data))
	for _, r := range data {
		get := func(col int) string { return cellAt(r.Cells, idx[col]) }
		row := SatkerRow{Line: r.Line, ManagesUP: true}
		var problems []string
		row.Code, problems = checkKodeSatker(get(scKode), problems)
		if first, dup := seen[row.Code]; dup && row.Code != "" {
			problems = append(problems, fmt.Sprintf(textRowDupSatker, row.Code, first))
		}
		if row.Name = collapse(get(scNama)); row.Name == "" {
			problems = append(problems, textRowNameEmpty)
		}
		problems = checkLen(colNamaSatker, row.Name, maxNameLen, problems)
		if v := get(scKPPN); v != "" {
			code, problem := ValidateKodeKPPN(padDigits(v, 3))
			row.KPPNCode, problems = code, addProblem(problems, problem)
		}
		if v := get(scUP); v != "" {
			up, ok := parseYesNo(v)
			if !ok {
				problems = append(problems, fmt.Sprintf(textRowUP, quote(v)))
			}
			row.ManagesUP = up
		}
		row.ContactName = collapse(get(scPIC))
		problems = checkLen(colNarahubung, row.ContactName, maxContactLen, problems)
		if v := get(scPhone); v != "" {
			phone, problem := ValidateMobile(spreadsheetPhone(v))
			row.ContactPhone, problems = phone, addProblem(problems, problem)
		}
		if len(problems) > 0 {
			rejected = append(rejected, RowProblem{Line: r.Line, Reason: strings.Join(problems, textRowProblemsJoin)})
			continue
		}
		seen[row.Code] = r.Line
		out = append(out, row)
	}
	return out, rejected, ""
}

// ParseTransactionSheet reads Digipay transactions from rows: Kode Satker,
// Tanggal (dd-mm-yyyy, dd/mm/yyyy, yyyy-mm-dd or an Excel serial date), Nilai
// (rupiah: "Rp 1.250.000", "1250000", "1.250.000,00") and ID Transaksi are
// required; Vendor and Metode Bayar (CMS, VA or virtual account → CMS; KKP or
// kartu kredit → KKP; empty → "") are read when present. The ID is the
// transaction's Ref, so importing a file again adds nothing; a second row
// with the same ID is rejected. It returns as ParseSatkerSheet does.
func ParseTransactionSheet(rows []SheetRow) ([]TransactionRow, []RowProblem, string) {
	data, idx, failed := sheetData(rows, txColumns)
	if failed != "" {
		return nil, nil, failed
	}
	out := make([]TransactionRow, 0, len(data))
	var rejected []RowProblem
	seen := make(map[string]int, len(data))
	for _, r := range data {
		get := func(col int) string { return cellAt(r.Cells, idx[col]) }
		row := TransactionRow{Line: r.Line}
		var problems []string
		row.SatkerCode, problems = checkKodeSatker(get(tcKode), problems)
		row.Date, problems = checkDate(get(tcDate), problems)
		row.Vendor = collapse(get(tcVendor))
		problems = checkLen(colVendor, row.Vendor, maxNameLen, problems)
		row.Value, problems = checkValue(get(tcValue), problems)
		if v := get(tcChannel); v != "" {
			ch, ok := parseChannel(v)
			if !ok {
				problems = append(problems, fmt.Sprintf(textRowChannel, quote(v)))
			}
			row.Channel = ch
		}
		switch row.Ref = collapse(get(tcRef)); {
		case row.Ref == "":
			problems = append(problems, textRowRefEmpty)
		case seen[row.Ref] > 0:
			problems = append(problems, fmt.Sprintf(textRowDupRef, quote(row.Ref), seen[row.Ref]))
		}
		problems = checkLen(colIDTx, row.Ref, maxRefLen, problems)
		if len(problems) > 0 {
			rejected = append(rejected, RowProblem{Line: r.Line, Reason: strings.Join(problems, textRowProblemsJoin)})
			continue
		}
		seen[row.Ref] = r.Line
		out = append(out, row)
	}
	return out, rejected, ""
}

// sheetData finds the header row of cols in rows and returns the rows below
// it, the cell index of each column (-1 when absent), or why there is
// nothing to import.
func sheetData(rows []SheetRow, cols []sheetColumn) ([]SheetRow, []int, string) {
	for i := 0; i < len(rows) && i < headerSearchRows; i++ {
		idx, found := headerColumns(rows[i].Cells, cols)
		if found < 2 {
			continue
		}
		var missing []string
		for c, col := range cols {
			if col.required && idx[c] < 0 {
				missing = append(missing, "<b>"+col.label+"</b>")
			}
		}
		if len(missing) > 0 {
			return nil, nil, fmt.Sprintf(textSheetMissing, joinAnd(missing), rows[i].Line)
		}
		if i+1 == len(rows) {
			return nil, nil, textSheetNoRows
		}
		return rows[i+1:], idx, ""
	}
	return nil, nil, fmt.Sprintf(textSheetNoHeader, headerSearchRows)
}

// headerColumns matches the cells of a candidate header row against cols.
// A column named by several cells is read from the one with the most
// specific name (the earliest alias): "ID Transaksi" wins over "Nomor".
func headerColumns(cells []string, cols []sheetColumn) ([]int, int) {
	idx := make([]int, len(cols))
	rank := make([]int, len(cols))
	for i := range idx {
		idx[i] = -1
	}
	found := 0
	for c, cell := range cells {
		h := normHeader(cell)
		if h == "" {
			continue
		}
		for k, col := range cols {
			r := slices.Index(col.aliases, h)
			if r < 0 {
				continue
			}
			if idx[k] < 0 {
				found++
			}
			if idx[k] < 0 || r < rank[k] {
				idx[k], rank[k] = c, r
			}
			break
		}
	}
	return idx, found
}

// normHeader reduces a column name to lower-case letters and digits, without
// any part in parentheses: "Kelola UP (Ya/Tidak)" → "kelolaup".
func normHeader(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		}
	}
	return b.String()
}

func cellAt(cells []string, i int) string {
	if i < 0 || i >= len(cells) {
		return ""
	}
	return strings.TrimSpace(cells[i])
}

// checkKodeSatker validates a kode satker cell, with a hint when a
// spreadsheet seems to have dropped a leading zero.
func checkKodeSatker(v string, problems []string) (string, []string) {
	if v == "" {
		return "", append(problems, textRowKodeEmpty)
	}
	code, problem := ValidateKodeSatker(v)
	if problem != "" && allDigits(v) && len(v) == 5 {
		problem += " " + textRowKodeZero
	}
	return code, addProblem(problems, problem)
}

func checkLen(label, v string, maxLen int, problems []string) []string {
	if utf8.RuneCountInString(v) > maxLen {
		return append(problems, fmt.Sprintf(textRowTooLong, label, maxLen))
	}
	return problems
}

func addProblem(problems []string, problem string) []string {
	if problem == "" {
		return problems
	}
	return append(problems, problem)
}

// collapse trims s and turns every run of white space into one space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
