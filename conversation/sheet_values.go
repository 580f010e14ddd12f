package conversation

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// The values of imported cells: leading zeros a spreadsheet dropped, yes/no,
// payment channels, dates (Excel serials included) and rupiah amounts.

// padDigits restores the leading zeros a spreadsheet drops from a number
// cell ("70" for KPPN 070).
func padDigits(v string, n int) string {
	if allDigits(v) && len(v) < n {
		return strings.Repeat("0", n-len(v)) + v
	}
	return v
}

// spreadsheetPhone restores the leading 0 a spreadsheet drops from a mobile
// number stored as a number (81234567890).
func spreadsheetPhone(v string) string {
	if allDigits(v) && strings.HasPrefix(v, "8") && len(v) >= 9 && len(v) <= 12 {
		return "0" + v
	}
	return v
}

// parseYesNo reads a Kelola UP cell.
func parseYesNo(v string) (yes, ok bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "ya", "y", "yes", "1", "true", "benar", "iya", "v", "✓":
		return true, true
	case "tidak", "tdk", "t", "n", "no", "0", "false", "salah", "bukan":
		return false, true
	}
	return true, false
}

// parseChannel reads a Metode Bayar cell.
func parseChannel(v string) (string, bool) {
	switch normHeader(v) {
	case "cms", "va", "virtualaccount", "virtualakun", "cmsva", "vacms", "cmsvirtualaccount":
		return ChannelCMS, true
	case "kkp", "kartukredit", "kartukreditpemerintah", "creditcard", "kkpdigipay":
		return ChannelKKP, true
	}
	return "", false
}

// joinAnd lists items the Indonesian way: "A, B, dan C".
func joinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	case 2:
		return items[0] + " dan " + items[1]
	}
	return strings.Join(items[:len(items)-1], ", ") + ", dan " + items[len(items)-1]
}

// checkDate reads a Tanggal cell as a day in WIB (midnight).
func checkDate(v string, problems []string) (time.Time, []string) {
	if v == "" {
		return time.Time{}, append(problems, textRowDateEmpty)
	}
	d, ok := parseSheetDate(v)
	switch {
	case !ok:
		return time.Time{}, append(problems, fmt.Sprintf(textRowDate, quote(v)))
	case d.Year() < 2000 || d.Year() > 2099:
		return time.Time{}, append(problems, fmt.Sprintf(textRowDateRange, quote(v)))
	}
	return d, problems
}

// Excel serial dates count days from 30 December 1899; these bound the
// serials of 2000-2099, so that a stray number is not taken for a date.
const (
	serial2000 = 36526 // 1 January 2000
	serial2100 = 73051 // 1 January 2100
)

// parseSheetDate reads dd-mm-yyyy, dd/mm/yyyy, dd.mm.yyyy, yyyy-mm-dd,
// yyyy/mm/dd, yyyymmdd or an Excel serial date, ignoring a time after the
// date ("2026-01-15 10:30:00").
func parseSheetDate(s string) (time.Time, bool) {
	if i := strings.IndexAny(s, " T"); i > 0 {
		s = s[:i]
	}
	if n, ok := excelSerial(s); ok {
		if n < serial2000 || n >= serial2100 {
			return time.Time{}, false
		}
		return time.Date(1899, 12, 30+n, 0, 0, 0, 0, wib()), true
	}
	for _, layout := range []string{"2-1-2006", "2/1/2006", "2.1.2006", "2006-1-2", "2006/1/2", "20060102"} {
		if t, err := time.Parse(layout, s); err == nil {
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, wib()), true
		}
	}
	return time.Time{}, false
}

// excelSerial reads the day of an Excel serial date ("46037", or
// "46037.4375" with a time of day).
func excelSerial(s string) (int, bool) {
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(whole) > 5 || !allDigits(whole) || !allDigits(frac) {
		return 0, false
	}
	return atoi(whole), true
}

// checkValue reads a Nilai cell as whole rupiah.
func checkValue(v string, problems []string) (int64, []string) {
	if v == "" {
		return 0, append(problems, textRowValueEmpty)
	}
	n, ok := parseRupiah(v)
	switch {
	case !ok:
		return 0, append(problems, fmt.Sprintf(textRowValue, quote(v)))
	case n <= 0:
		return 0, append(problems, textRowValueZero)
	}
	return n, problems
}

// maxRupiah bounds an imported value (a thousand trillion rupiah), far above
// any purchase, so that the sums cannot overflow.
const maxRupiah = 1_000_000_000_000_000

// parseRupiah reads an amount of rupiah as people and spreadsheets write it:
// "Rp 1.250.000", "Rp1.250.000,-", "1250000", "1.250.000,00", "1,250,000.00"
// or a spreadsheet's raw "1250000.5". The separator that comes last is the
// decimal one when both appear; a lone separator followed by exactly three
// digits groups thousands ("1.250"), otherwise it is decimal ("1250000.5").
// Sen are rounded to the nearest rupiah.
func parseRupiah(s string) (int64, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(strings.TrimPrefix(s, "idr"), "rp")
	s = strings.TrimSuffix(strings.TrimSuffix(s, "-"), ",")
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
	intPart, frac := s, ""
	dot, comma := strings.LastIndexByte(s, '.'), strings.LastIndexByte(s, ',')
	switch {
	case dot >= 0 && comma >= 0:
		dec, group := max(dot, comma), ","
		if dec == comma {
			group = "."
		}
		intPart, frac = s[:dec], s[dec+1:]
		if !thousands(intPart, group) {
			return 0, false
		}
		intPart = strings.ReplaceAll(intPart, group, "")
	case dot >= 0 || comma >= 0:
		sep := "."
		if comma >= 0 {
			sep = ","
		}
		last := max(dot, comma)
		if strings.Count(s, sep) == 1 && len(s)-last-1 != 3 {
			intPart, frac = s[:last], s[last+1:]
		} else if thousands(s, sep) {
			intPart = strings.ReplaceAll(s, sep, "")
		} else {
			return 0, false
		}
	}
	if intPart == "" || !allDigits(intPart) || !allDigits(frac) || len(intPart) > 16 {
		return 0, false
	}
	n, err := strconv.ParseInt(intPart, 10, 64)
	if err != nil || n > maxRupiah {
		return 0, false
	}
	if frac != "" && frac[0] >= '5' {
		n++
	}
	return n, true
}

// thousands reports whether s is digits grouped by sep in threes ("1.250.000").
func thousands(s, sep string) bool {
	groups := strings.Split(s, sep)
	if len(groups[0]) == 0 || len(groups[0]) > 3 && len(groups) > 1 {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

// The result message lists at most maxListedProblems rejected rows, and
// fewer when their reasons are long: Telegram takes 4096 characters at most.
const (
	maxListedProblems = 20
	maxImportText     = 3600
)
