package conversation

import (
	"strings"
	"testing"
	"unicode/utf8"
)

type validatorCase struct {
	name    string
	in      string
	want    string // normalised value when valid
	problem string // a part of the reason when invalid; "" when valid
}

func runValidator(t *testing.T, v Validator, cases []validatorCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, problem := v(tc.in)
			if tc.problem == "" {
				if problem != "" || got != tc.want {
					t.Errorf("(%q) = %q, %q; want %q", shorten(tc.in, 40), got, problem, tc.want)
				}
				return
			}
			if got != "" || !strings.Contains(problem, tc.problem) {
				t.Errorf("(%q) = %q, %q; want a problem with %q", shorten(tc.in, 40), got, problem, tc.problem)
			}
			if utf8.RuneCountInString(problem) > 300 {
				t.Errorf("problem of %d characters", utf8.RuneCountInString(problem))
			}
			checkHTML(t, problem)
		})
	}
}

var long = strings.Repeat("9", 10000)

func TestValidateNIP(t *testing.T) {
	runValidator(t, ValidateNIP, []validatorCase{
		{"man", "198503122010011002", "198503122010011002", ""},
		{"woman, written in parts", "19900101 201503 2 001", "199001012015032001", ""},
		{"leap day", "199602292020121001", "199602292020121001", ""},
		{"17 digits", "19850312201001100", "", "NIP harus 18 digit angka; Anda mengirim 17 digit."},
		{"10 000 digits", long, "", "Anda mengirim 10000 digit"},
		{"letters", "1985O3122010011002", "", "hanya boleh berisi angka; Anda mengirim “1985O3122010011002”"},
		{"html", "<b>19850312</b>", "", "&lt;b&gt;"},
		{"no date", "198513122010011002", "", "“19851312” bukan tanggal yang valid"},
		{"30 February", "198502302010011002", "", "“19850230”"},
		{"TMT month 13", "198503122010131002", "", "bulan TMT (01–12); Anda mengirim “13”"},
		{"TMT before birth", "198503121980011002", "", "tidak mungkin sebelum tahun lahir"},
		{"gender 3", "198503122010013002", "", "jenis kelamin (1 atau 2); Anda mengirim “3”"},
	})
}

func TestValidateNIK(t *testing.T) {
	runValidator(t, ValidateNIK, []validatorCase{
		{"man from Lubuk Linggau", "1673011203850001", "1673011203850001", ""},
		{"woman", "1673014101900002", "1673014101900002", ""},
		{"with spaces", "1673 0112 0385 0001", "1673011203850001", ""},
		{"woman born on the 29 February 2000", "1671066902000003", "1671066902000003", ""},
		{"15 digits", "167301120385000", "", "NIK harus 16 digit angka; Anda mengirim 15 digit."},
		{"10 000 characters", strings.Repeat("x", 10000), "", "“xxxxxxxxxxxxxxxxxxxxxxx…”"},
		{"no region", "0000001203850001", "", "kode wilayah"},
		{"day 32", "1673013203850001", "", "Anda mengirim “32”"},
		{"day 40", "1673014003850001", "", "41–71 untuk perempuan"},
		{"month 13", "1673011213850001", "", "bulan lahir (01–12); Anda mengirim “13”"},
		{"31 April", "1673013104850001", "", "(31-04-85) bukan tanggal yang valid"},
		{"29 February 2001", "1673012902010001", "", "(29-02-01)"},
		{"serial 0000", "1673011203850000", "", "tidak boleh 0000"},
	})
}

func TestCheckNIPNIK(t *testing.T) {
	for _, tc := range []struct {
		name, nip, nik, problem string
	}{
		{"same man", "198503122010011002", "1673011203850001", ""},
		{"same woman", "199001012015032001", "1673014101900002", ""},
		{"other birth date", "198503122010011002", "1673011303850001", "Tanggal lahir pada NIK (13-03-85) tidak sama dengan tanggal lahir pada NIP (12-03-1985)"},
		{"other year", "198503122010011002", "1673011203860001", "tidak sama"},
		{"woman's NIK, man's NIP", "198503122010011002", "1673015203850001", "Jenis kelamin pada NIK (perempuan) tidak sama dengan jenis kelamin pada NIP (laki-laki)"},
		{"man's NIK, woman's NIP", "199001012015032001", "1673010101900002", "NIK (laki-laki)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := CheckNIPNIK(tc.nip, tc.nik)
			if tc.problem == "" && p != "" || !strings.Contains(p, tc.problem) {
				t.Errorf("CheckNIPNIK = %q, want %q", p, tc.problem)
			}
		})
	}
}

func TestValidateNPWP(t *testing.T) {
	runValidator(t, ValidateNPWP, []validatorCase{
		{"legacy with punctuation", "01.234.567.8-901.000", "0012345678901000", ""},
		{"legacy digits", "012345678901000", "0012345678901000", ""},
		{"16 digits", "0012 3456 7890 1000", "0012345678901000", ""},
		{"all zeros means none", "00.000.000.0-000.000", "", ""},
		{"14 digits", "01.234.567.8-901.00", "", "15 atau 16 digit angka; Anda mengirim 14 digit"},
		{"letters", "NPWP saya 01.234", "", "NPWP hanya boleh berisi angka"},
		{"10 000 digits", long, "", "Anda mengirim 10000 digit"},
	})
}

func TestValidateCodes(t *testing.T) {
	t.Run("kode satker", func(t *testing.T) {
		runValidator(t, ValidateKodeSatker, []validatorCase{
			{"six digits", "415262", "415262", ""},
			{"five digits", "41526", "", "Kode satker harus 6 digit angka; Anda mengirim 5 digit."},
			{"with letters", "KPPN070", "", "Kode satker hanya boleh berisi angka"},
		})
	})
	t.Run("kode KPPN", func(t *testing.T) {
		runValidator(t, ValidateKodeKPPN, []validatorCase{
			{"Lubuk Linggau", "070", "070", ""},
			{"leading zero dropped", "70", "", "Kode KPPN harus 3 digit angka; Anda mengirim 2 digit."},
		})
	})
	t.Run("NIB", func(t *testing.T) {
		runValidator(t, ValidateNIB, []validatorCase{
			{"13 digits", "9120001234567", "9120001234567", ""},
			{"with a space", "912000 1234567", "9120001234567", ""},
			{"12 digits", "912000123456", "", "NIB harus 13 digit angka; Anda mengirim 12 digit."},
		})
	})
}

func TestValidateMobile(t *testing.T) {
	runValidator(t, ValidateMobile, []validatorCase{
		{"08 with dashes", "0812-3456-7890", "+6281234567890", ""},
		{"+62 with spaces", "+62 812 3456 7890", "+6281234567890", ""},
		{"62 without plus", "6281234567890", "+6281234567890", ""},
		{"+62 0 by habit", "+62 0812 3456 789", "+628123456789", ""},
		{"shortest", "0812345678", "+62812345678", ""},
		{"longest", "0812345678901", "+62812345678901", ""},
		{"landline", "(0733) 451572", "", "diawali 08 atau +62 8; Anda mengirim “(0733) 451572”"},
		{"too short", "081234567", "", "Anda mengirim 9 digit"},
		{"too long", "08123456789012", "", "Anda mengirim 14 digit"},
		{"letters", "0812 ABC", "", "Nomor HP hanya boleh berisi angka"},
		{"10 000 digits", "08" + long, "", "Anda mengirim 10002 digit"},
	})
}

func TestValidateEmail(t *testing.T) {
	runValidator(t, ValidateEmail, []validatorCase{
		{"kemenkeu", "kppn070@kemenkeu.go.id", "kppn070@kemenkeu.go.id", ""},
		{"upper case, spaces", "  Admin.Satker+digipay@Gmail.COM ", "admin.satker+digipay@gmail.com", ""},
		{"no at", "kppn070.kemenkeu.go.id", "", "Alamat email “kppn070.kemenkeu.go.id” tidak valid"},
		{"no domain dot", "a@localhost", "", "tidak valid"},
		{"space inside", "admin satker@kemenkeu.go.id", "", "tidak valid"},
		{"double dot", "a..b@kemenkeu.go.id", "", "tidak valid"},
		{"numeric tld", "a@kemenkeu.go.1", "", "tidak valid"},
		{"html", "<a>@x.id", "", "&lt;a&gt;@x.id"},
		{"10 000 characters", strings.Repeat("a", 10000) + "@x.id", "", "maksimal 254 karakter; Anda mengirim 10005 karakter"},
	})
}

func TestTextBetween(t *testing.T) {
	runValidator(t, TextBetween(10, 2000), []validatorCase{
		{"ten characters", "  Loket tutup  ", "Loket tutup", ""},
		{"emoji count as one", strings.Repeat("😀", 10), strings.Repeat("😀", 10), ""},
		{"nine", "Loket tut", "", "Anda mengirim 9 karakter"},
		{"2001", strings.Repeat("a", 2001), "", "Jawaban harus 10–2000 karakter; Anda mengirim 2001 karakter."},
	})
}

func TestEscapeHTML(t *testing.T) {
	if got, want := EscapeHTML(`<b>A & "B"</b>`), "&lt;b&gt;A &amp; &#34;B&#34;&lt;/b&gt;"; got != want {
		t.Errorf("EscapeHTML = %q, want %q", got, want)
	}
}
