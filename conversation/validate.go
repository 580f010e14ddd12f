package conversation

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Validator checks one answer a user typed. It returns the normalised value,
// or, when the answer cannot be accepted, a problem: the reason shown to the
// user, in Indonesian, as Telegram HTML (anything quoted from the input is
// escaped and cut to a short prefix). Bad input is never an error.
type Validator func(input string) (value, problem string)

// TextBetween returns a Validator for free text of min to max characters
// (runes), after trimming surrounding spaces.
func TextBetween(minLen, maxLen int) Validator {
	return func(s string) (string, string) {
		s = strings.TrimSpace(s)
		if n := utf8.RuneCountInString(s); n < minLen || n > maxLen {
			return "", fmt.Sprintf(textLenBetween, minLen, maxLen, n)
		}
		return s, ""
	}
}

// ValidateKodeSatker checks a kode satker: 6 digits.
func ValidateKodeSatker(s string) (string, string) {
	return exactDigits(labelKodeSatker, s, 6, " ")
}

// ValidateKodeKPPN checks a KPPN code: 3 digits, e.g. "070".
func ValidateKodeKPPN(s string) (string, string) {
	return exactDigits(labelKodeKPPN, s, 3, " ")
}

// ValidateNIB checks a Nomor Induk Berusaha: 13 digits.
func ValidateNIB(s string) (string, string) {
	return exactDigits(labelNIB, s, 13, " ")
}

// ValidateNIP checks a civil servant's NIP: 18 digits made of the birth date
// (YYYYMMDD), the appointment month TMT (YYYYMM), the gender (1 male, 2
// female) and a 3-digit serial. Spaces between the parts are accepted.
func ValidateNIP(s string) (string, string) {
	v, problem := exactDigits(labelNIP, s, 18, " ")
	if problem != "" {
		return "", problem
	}
	birth, ok := parseDate(v[:8])
	if !ok {
		return "", fmt.Sprintf(textNIPBirth, v[:8])
	}
	if m := atoi(v[12:14]); m < 1 || m > 12 {
		return "", fmt.Sprintf(textNIPTMTMonth, v[12:14])
	}
	if atoi(v[8:12]) < birth.Year() {
		return "", fmt.Sprintf(textNIPTMTYear, v[8:12], v[:4])
	}
	if g := v[14]; g != '1' && g != '2' {
		return "", fmt.Sprintf(textNIPGender, v[14:15])
	}
	return v, ""
}

// ValidateNIK checks a KTP number (NIK): 16 digits made of the region (6),
// the day of birth (01–31, plus 40 for women), the month (01–12), the 2-digit
// year and a serial that is not 0000.
func ValidateNIK(s string) (string, string) {
	v, problem := exactDigits(labelNIK, s, 16, " ")
	if problem != "" {
		return "", problem
	}
	if p := atoi(v[:2]); p < 11 || v[2:4] == "00" || v[4:6] == "00" {
		return "", fmt.Sprintf(textNIKRegion, v[:6])
	}
	day := atoi(v[6:8])
	if !(day >= 1 && day <= 31 || day >= 41 && day <= 71) {
		return "", fmt.Sprintf(textNIKDay, v[6:8])
	}
	month := atoi(v[8:10])
	if month < 1 || month > 12 {
		return "", fmt.Sprintf(textNIKMonth, v[8:10])
	}
	if day > 40 {
		day -= 40
	}
	// The century is unknown: a 29 February is valid when the 2-digit year is a multiple of 4.
	if day > daysIn(month, 2000+atoi(v[10:12])) {
		return "", fmt.Sprintf(textNIKDate, v[6:8]+"-"+v[8:10]+"-"+v[10:12])
	}
	if v[12:] == "0000" {
		return "", textNIKSerial
	}
	return v, ""
}

// CheckNIPNIK cross-checks a valid NIP and a valid NIK of the same person:
// the birth date and the gender they encode must agree. It returns the
// problem to show, or "" when they agree.
func CheckNIPNIK(nip, nik string) string {
	if len(nip) != 18 || len(nik) != 16 {
		return ""
	}
	nikDay := atoi(nik[6:8])
	nikFemale := nikDay > 40
	if nikFemale {
		nikDay -= 40
	}
	nipDate := nip[6:8] + "-" + nip[4:6] + "-" + nip[:4]
	nikDate := fmt.Sprintf("%02d-%s-%s", nikDay, nik[8:10], nik[10:12])
	if nikDay != atoi(nip[6:8]) || nik[8:10] != nip[4:6] || nik[10:12] != nip[2:4] {
		return fmt.Sprintf(textNIPNIKDate, nikDate, nipDate)
	}
	if nipFemale := nip[14] == '2'; nipFemale != nikFemale {
		return fmt.Sprintf(textNIPNIKGender, genderName(nikFemale), genderName(nipFemale))
	}
	return ""
}

// ValidateNPWP checks a tax number: 15 digits (the legacy
// "AA.BBB.BBB.C-DDD.EEE") or 16 digits, punctuation allowed. It returns the
// 16-digit form (a 15-digit NPWP gets a leading 0). All zeros means the
// person has no NPWP: the value is "" and there is no problem.
func ValidateNPWP(s string) (string, string) {
	v := strip(s, " .-")
	if !allDigits(v) {
		return "", fmt.Sprintf(textDigitsOnly, labelNPWP, quote(s))
	}
	switch len(v) {
	case 15:
		v = "0" + v
	case 16:
	default:
		return "", fmt.Sprintf(textNPWPDigits, len(v))
	}
	if strings.Trim(v, "0") == "" {
		return "", ""
	}
	return v, ""
}

// ValidateMobile checks an Indonesian mobile number written as 08… or
// +62 8… (spaces, dashes, dots and parentheses allowed), 10 to 13 digits in
// the 08… form, and returns it in E.164: +628….
func ValidateMobile(s string) (string, string) {
	v := strip(s, " -.()")
	switch {
	case strings.HasPrefix(v, "+62"):
		v = "0" + strings.TrimPrefix(v[3:], "0")
	case strings.HasPrefix(v, "62"):
		v = "0" + strings.TrimPrefix(v[2:], "0")
	}
	if !allDigits(v) {
		return "", fmt.Sprintf(textDigitsOnly, labelMobile, quote(s))
	}
	if !strings.HasPrefix(v, "08") {
		return "", fmt.Sprintf(textMobilePrefix, quote(s))
	}
	if len(v) < 10 || len(v) > 13 {
		return "", fmt.Sprintf(textMobileCount, len(v))
	}
	return "+62" + v[1:], ""
}

// ValidateEmail checks the syntax of an email address and returns it in
// lower case.
func ValidateEmail(s string) (string, string) {
	s = strings.TrimSpace(s)
	if n := utf8.RuneCountInString(s); n > 254 {
		return "", fmt.Sprintf(textEmailTooLong, n)
	}
	at := strings.LastIndexByte(s, '@')
	if at < 1 || !validLocalPart(s[:at]) || !validDomain(s[at+1:]) {
		return "", fmt.Sprintf(textEmailInvalid, quote(s))
	}
	return strings.ToLower(s), ""
}

func validLocalPart(l string) bool {
	if len(l) > 64 || strings.HasPrefix(l, ".") || strings.HasSuffix(l, ".") || strings.Contains(l, "..") {
		return false
	}
	for _, r := range l {
		if !isAlnum(r) && !strings.ContainsRune("!#$%&'*+/=?^_`{|}~.-", r) {
			return false
		}
	}
	return true
}

func validDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if !isAlnum(r) && r != '-' {
				return false
			}
		}
	}
	tld := labels[len(labels)-1]
	if len(tld) < 2 {
		return false
	}
	for _, r := range tld {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// exactDigits checks that s, once the separators in sep are removed, is n
// digits.
func exactDigits(label, s string, n int, sep string) (string, string) {
	v := strip(s, sep)
	if !allDigits(v) {
		return "", fmt.Sprintf(textDigitsOnly, label, quote(s))
	}
	if len(v) != n {
		return "", fmt.Sprintf(textDigitsCount, label, n, len(v))
	}
	return v, ""
}

// strip removes surrounding white space and every character of cut from s.
func strip(s, cut string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(cut, r) || r == '\n' || r == '\t' || r == '\r' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// atoi parses a short string of digits already checked by allDigits.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// parseDate parses YYYYMMDD as a real calendar date from 1900 on.
func parseDate(s string) (time.Time, bool) {
	t, err := time.Parse("20060102", s)
	if err != nil || t.Year() < 1900 {
		return time.Time{}, false
	}
	return t, true
}

func daysIn(month, year int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func genderName(female bool) string {
	if female {
		return textFemale
	}
	return textMale
}
