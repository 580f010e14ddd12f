package render

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite testdata/registration_form.golden.pdf")

// sampleForm is a realistic registration, as the flow would pass it after validation.
func sampleForm() RegistrationFormData {
	return RegistrationFormData{
		RequestNumber: "REG-000123",
		KPPNCode:      "070",
		SatkerCode:    "409876",
		SatkerName:    "KANTOR KEMENTERIAN AGAMA KOTA LUBUKLINGGAU",
		AdminName:     "Rina Oktaviani, S.E.",
		AdminNIP:      "199001012015032001",
		AdminNIK:      "1673014101900001",
		AdminPosition: "Pengelola Keuangan",
		AdminMobile:   "+6281234567890",
		AdminEmail:    "rina.oktaviani@kemenag.go.id",
		DecreeNumber:  "KEP-12/KK.06.10/1/KU.01/2026",
		DecreeDate:    time.Date(2026, 2, 27, 0, 0, 0, 0, time.UTC),
		KPAName:       "Drs. H. Ahmad Fauzi, M.Si.",
		KPANIP:        "197005051995031002",
		Date:          time.Date(2026, 3, 5, 2, 30, 0, 0, time.UTC), // 09.30 WIB
	}
}

func TestRegistrationFormContent(t *testing.T) {
	out, err := RegistrationForm(sampleForm())
	if err != nil {
		t.Fatalf("RegistrationForm: %v", err)
	}
	p := parsePDF(t, out)
	if len(p.pages) != 1 {
		t.Fatalf("pages = %d, want 1", len(p.pages))
	}
	text := p.text()
	for _, want := range []string{
		"FORM PERMINTAAN REGISTRASI ADMIN DIGIPAY SATKER",
		"KPPN Lubuk Linggau (070)",
		"409876", "KANTOR KEMENTERIAN AGAMA KOTA LUBUKLINGGAU",
		"Rina Oktaviani, S.E.", "199001012015032001", "1673014101900001", "Pengelola Keuangan",
		"+6281234567890", "rina.oktaviani@kemenag.go.id",
		"KEP-12/KK.06.10/1/KU.01/2026", "27 Februari 2026",
		"Drs. H. Ahmad Fauzi, M.Si.", "NIP 197005051995031002",
		"Saya selaku Kuasa Pengguna Anggaran",
		"Lubuklinggau, 5 Maret 2026",
		"Admin Digipay Satker yang ditunjuk,", "Kuasa Pengguna Anggaran,",
		"Nomor permintaan: REG-000123", "Halaman 1 dari 1",
		"Dokumen ini dibuat oleh Posko Digipay Online",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("pdf text lacks %q\ntext: %s", want, text)
		}
	}
	checkInsidePage(t, p)
}

func TestRegistrationFormNonASCII(t *testing.T) {
	tests := []struct {
		name, admin, want string
	}{
		{"Spanish tilde", "Yolanda Ñañez Muñoz", "Yolanda Ñañez Muñoz"},
		{"French accents and curly quotes", "Élodie “Lodi” O’Brien", "Élodie “Lodi” O’Brien"},
		{"decomposed accents are composed", "Jose\u0301 Mari\u0301a", "José María"},
		{"Vietnamese keeps what the font has", "Nguyễn Thị Hằng", "Nguyên Thi Hăng"},
		{"emoji becomes a question mark", "Budi 😀 Santoso", "Budi ? Santoso"},
		{"line breaks and zero-width spaces", "Siti\n\tAminah\u200b", "Siti Aminah"},
		{"invalid UTF-8", "Dewi \xff Lestari", "Dewi ? Lestari"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := sampleForm()
			f.AdminName = tt.admin
			out, err := RegistrationForm(f)
			if err != nil {
				t.Fatalf("RegistrationForm: %v", err)
			}
			p := parsePDF(t, out)
			// The name appears twice: in the table and under the admin's signature.
			if n := strings.Count(p.text(), tt.want); n != 2 {
				t.Errorf("%q appears %d times, want 2\ntext: %s", tt.want, n, p.text())
			}
		})
	}
}

func TestRegistrationFormLongValues(t *testing.T) {
	words := strings.Repeat("Satuan Kerja Perangkat Daerah ", 10)[:300]
	tests := []struct {
		name  string
		edit  func(*RegistrationFormData)
		want  string // text that must still be there, whole
		pages int
	}{
		{"300-character satker name", func(f *RegistrationFormData) { f.SatkerName = words }, strings.TrimSpace(words), 1},
		{"300-character e-mail without spaces", func(f *RegistrationFormData) {
			f.AdminEmail = strings.Repeat("a", 288) + "@kemenag.id"
		}, "", 1},
		{"300-character KPA name", func(f *RegistrationFormData) { f.KPAName = words }, strings.TrimSpace(words), 1},
		{"every field at the maximum runs over pages", func(f *RegistrationFormData) {
			long := strings.Repeat("Panjang ", MaxValueLength)[:MaxValueLength]
			for _, v := range []*string{&f.SatkerName, &f.AdminName, &f.AdminPosition, &f.AdminEmail,
				&f.DecreeNumber, &f.KPAName, &f.SatkerCode, &f.AdminMobile} {
				*v = long
			}
		}, "", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := sampleForm()
			tt.edit(&f)
			out, err := RegistrationForm(f)
			if err != nil {
				t.Fatalf("RegistrationForm: %v", err)
			}
			p := parsePDF(t, out)
			if len(p.pages) != tt.pages {
				t.Fatalf("pages = %d, want %d", len(p.pages), tt.pages)
			}
			if tt.want != "" && !strings.Contains(p.text(), tt.want) {
				t.Errorf("pdf text lacks the long value whole\ntext: %s", p.text())
			}
			for i, page := range p.pages {
				if !strings.Contains(page, "Nomor permintaan: REG-000123") {
					t.Errorf("page %d has no footer with the request number", i+1)
				}
			}
			checkInsidePage(t, p)
		})
	}
}

func TestRegistrationFormDeterministic(t *testing.T) {
	first, err := RegistrationForm(sampleForm())
	if err != nil {
		t.Fatalf("RegistrationForm: %v", err)
	}
	second, err := RegistrationForm(sampleForm())
	if err != nil {
		t.Fatalf("RegistrationForm: %v", err)
	}
	if !bytes.Equal(first, second) {
		t.Fatalf("two renderings of the same data differ (%d and %d bytes)", len(first), len(second))
	}
	if !bytes.Contains(first, []byte("/CreationDate(D:20260305")) {
		t.Errorf("creation date is not taken from the form's date")
	}
	// The golden file is also the sample to look at: go test ./render -run Deterministic -update
	golden := filepath.Join("testdata", "registration_form.golden.pdf")
	if *update {
		if err := os.WriteFile(golden, first, 0o644); err != nil {
			t.Fatalf("write golden: %v", err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read golden (run with -update to create it): %v", err)
	}
	if !bytes.Equal(first, want) {
		t.Errorf("output is %d bytes and differs from %s (%d bytes); if the change is intended, look at the "+
			"new rendering and run go test ./render -run Deterministic -update", len(first), golden, len(want))
	}
}

func TestRegistrationFormInvalid(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*RegistrationFormData)
		field string
	}{
		{"no request number", func(f *RegistrationFormData) { f.RequestNumber = "" }, "RequestNumber"},
		{"blank NIK", func(f *RegistrationFormData) { f.AdminNIK = "   " }, "AdminNIK"},
		{"no KPA NIP", func(f *RegistrationFormData) { f.KPANIP = "" }, "KPANIP"},
		{"no decree date", func(f *RegistrationFormData) { f.DecreeDate = time.Time{} }, "DecreeDate"},
		{"no form date", func(f *RegistrationFormData) { f.Date = time.Time{} }, "Date"},
		{"satker name too long", func(f *RegistrationFormData) {
			f.SatkerName = strings.Repeat("é", MaxValueLength+1)
		}, "SatkerName"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := sampleForm()
			tt.edit(&f)
			out, err := RegistrationForm(f)
			if !errors.Is(err, ErrInvalidData) {
				t.Fatalf("err = %v, want ErrInvalidData", err)
			}
			if out != nil {
				t.Errorf("got %d bytes with the error", len(out))
			}
			if !strings.Contains(err.Error(), tt.field) {
				t.Errorf("error %q does not name %s", err, tt.field)
			}
			for _, secret := range []string{f.AdminNIK, f.AdminNIP, f.KPANIP} {
				if strings.TrimSpace(secret) != "" && strings.Contains(err.Error(), secret) {
					t.Errorf("error %q carries a NIK/NIP", err)
				}
			}
		})
	}
}

func TestRegistrationFormDefaults(t *testing.T) {
	f := sampleForm()
	f.KPPNName, f.KPPNCode, f.Place = "", "", ""
	out, err := RegistrationForm(f)
	if err != nil {
		t.Fatalf("RegistrationForm: %v", err)
	}
	text := parsePDF(t, out).text()
	for _, want := range []string{"Yth. Kepala KPPN Lubuk Linggau", "Lubuklinggau, 5 Maret 2026"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdf text lacks %q", want)
		}
	}
	if strings.Contains(text, "(070)") {
		t.Errorf("KPPN code printed although none was given")
	}

	f.KPPNName, f.KPPNCode, f.Place = "KPPN Palembang", "033", "Musi Rawas"
	out, err = RegistrationForm(f)
	if err != nil {
		t.Fatalf("RegistrationForm: %v", err)
	}
	text = parsePDF(t, out).text()
	for _, want := range []string{"KPPN Palembang (033)", "Yth. Kepala KPPN Palembang", "Musi Rawas, 5 Maret 2026"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdf text lacks %q", want)
		}
	}
}

func TestRegistrationFormFilename(t *testing.T) {
	tests := []struct{ number, want string }{
		{"REG-000123", "Form-Registrasi-Admin-Digipay-REG-000123.pdf"},
		{" REG/2026 001 ", "Form-Registrasi-Admin-Digipay-REG-2026-001.pdf"},
		{"../../etc", "Form-Registrasi-Admin-Digipay-------etc.pdf"},
	}
	for _, tt := range tests {
		if got := RegistrationFormFilename(tt.number); got != tt.want {
			t.Errorf("RegistrationFormFilename(%q) = %q, want %q", tt.number, got, tt.want)
		}
	}
}

// FuzzRegistrationForm feeds arbitrary text into the fields a user types freely: the form must always
// render, parse and keep every character inside the margins.
func FuzzRegistrationForm(f *testing.F) {
	for _, seed := range []string{"Yolanda Ñañez", "“Lodi” O’Brien", "語😀\u200b\x00\xff", strings.Repeat("x", 300), ""} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		form := sampleForm()
		if utf8.RuneCountInString(s) > MaxValueLength {
			s = string([]rune(s)[:MaxValueLength])
		}
		form.SatkerName = "Satker " + s
		form.AdminName = "Admin " + s
		form.AdminEmail = s + "@example.go.id"
		out, err := RegistrationForm(form)
		if err != nil {
			t.Fatalf("RegistrationForm: %v", err)
		}
		checkInsidePage(t, parsePDF(t, out))
	})
}

func BenchmarkRegistrationForm(b *testing.B) {
	long := sampleForm()
	words := strings.Repeat("Panjang ", MaxValueLength)[:MaxValueLength]
	long.SatkerName, long.AdminName, long.KPAName, long.AdminEmail = words, words, words, words
	for _, bc := range []struct {
		name string
		form RegistrationFormData
	}{{"typical", sampleForm()}, {"long values", long}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := RegistrationForm(bc.form); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
