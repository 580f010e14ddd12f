// Package render turns domain data into documents for people to print, sign and keep: today the
// pre-filled "Form Permintaan Registrasi Admin Digipay Satker" as a PDF, which the registration flow
// sends before it asks for the signed form. It imports no Telegram, Redis or SQL package, does no I/O
// and logs nothing — its input carries NIK and NIP in full, because the form is the official paper.
package render

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/signintech/gopdf"
)

// ErrInvalidData is wrapped by RegistrationForm when a required field is empty or a value is too long
// to be a real answer. The message names the field, never its value.
var ErrInvalidData = errors.New("invalid registration form data")

// MaxValueLength is the longest value, in characters, that RegistrationForm accepts for any field. The
// flow's validators allow much less; the limit only keeps a runaway value from making a booklet.
const MaxValueLength = 500

// Defaults for the KPPN fields of RegistrationFormData.
const (
	DefaultKPPNName = "KPPN Lubuk Linggau"
	DefaultPlace    = "Lubuklinggau"
)

// RegistrationFormData is what the pre-filled registration form shows: the answers of the registration
// flow, the request number and the date of the form. Values are printed as given (trimmed, with line
// breaks turned into spaces); the flow validates and normalises them first.
type RegistrationFormData struct {
	RequestNumber string // e.g. "REG-000123"; printed in the footer of every page (required)
	KPPNName      string // the receiving KPPN; DefaultKPPNName when empty
	KPPNCode      string // e.g. "070"; printed beside the KPPN name when set

	SatkerCode string // kode satker, 6 digits (required)
	SatkerName string // (required)

	AdminName     string // the appointed Admin Digipay Satker (required)
	AdminNIP      string // 18 digits (required)
	AdminNIK      string // 16 digits (required)
	AdminPosition string // jabatan (required)
	AdminMobile   string // as the flow stores it, e.g. "+6281234567890" (required)
	AdminEmail    string // (required)

	DecreeNumber string    // nomor SK Penunjukan (required)
	DecreeDate   time.Time // tanggal SK Penunjukan (required)

	KPAName string // the Kuasa Pengguna Anggaran who signs (required)
	KPANIP  string // (required)

	Place string    // place of signing; DefaultPlace when empty
	Date  time.Time // date of the form, printed as "Lubuklinggau, 5 Maret 2026" and kept as the PDF's creation date (required)
}

// RegistrationFormFilename is the file name to send the form under, e.g.
// "Form-Registrasi-Admin-Digipay-REG-000123.pdf".
func RegistrationFormFilename(requestNumber string) string {
	safe := strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, strings.TrimSpace(requestNumber))
	return "Form-Registrasi-Admin-Digipay-" + safe + ".pdf"
}

// RegistrationForm renders f as the "Form Permintaan Registrasi Admin Digipay Satker": an A4 PDF in
// Indonesian with a title block, the fields in a table, the KPA's statement, the place and date, and
// signature blocks for the KPA and the appointed admin. It fits on one page (shrinking the type a
// little for long values) and only runs over when values are unusually long. The same f always gives
// the same bytes. A missing or oversized field gives an error wrapping ErrInvalidData.
func RegistrationForm(f RegistrationFormData) ([]byte, error) {
	if err := f.check(); err != nil {
		return nil, err
	}
	if f.KPPNName == "" {
		f.KPPNName = DefaultKPPNName
	}
	if f.Place == "" {
		f.Place = DefaultPlace
	}
	d, err := newDocument(gopdf.PdfInfo{
		Title:        "Form Permintaan Registrasi Admin Digipay Satker " + f.RequestNumber,
		Subject:      "Permintaan registrasi Admin Digipay Satker " + f.SatkerCode,
		Creator:      "Posko Digipay Online",
		Producer:     "Posko Digipay Online",
		CreationDate: f.Date,
	})
	if err != nil {
		return nil, fmt.Errorf("registration form %s: %w", f.RequestNumber, err)
	}
	pages, err := d.fit(registrationBlocks(d, f))
	if err != nil {
		return nil, fmt.Errorf("registration form %s: %w", f.RequestNumber, err)
	}
	footer := registrationFooter(d.clean(f.RequestNumber), IndonesianDate(f.Date))
	out, err := d.render(pages, footer)
	if err != nil {
		return nil, fmt.Errorf("registration form %s: %w", f.RequestNumber, err)
	}
	return out, nil
}

// check reports the first required field that is empty or any value longer than MaxValueLength.
func (f RegistrationFormData) check() error {
	fields := []struct {
		name, value string
		required    bool
	}{
		{"RequestNumber", f.RequestNumber, true},
		{"KPPNName", f.KPPNName, false},
		{"KPPNCode", f.KPPNCode, false},
		{"SatkerCode", f.SatkerCode, true},
		{"SatkerName", f.SatkerName, true},
		{"AdminName", f.AdminName, true},
		{"AdminNIP", f.AdminNIP, true},
		{"AdminNIK", f.AdminNIK, true},
		{"AdminPosition", f.AdminPosition, true},
		{"AdminMobile", f.AdminMobile, true},
		{"AdminEmail", f.AdminEmail, true},
		{"DecreeNumber", f.DecreeNumber, true},
		{"KPAName", f.KPAName, true},
		{"KPANIP", f.KPANIP, true},
		{"Place", f.Place, false},
	}
	for _, field := range fields {
		if field.required && strings.TrimSpace(field.value) == "" {
			return fmt.Errorf("%w: %s is empty", ErrInvalidData, field.name)
		}
		if n := utf8.RuneCountInString(field.value); n > MaxValueLength {
			return fmt.Errorf("%w: %s has %d characters, at most %d", ErrInvalidData, field.name, n, MaxValueLength)
		}
	}
	if f.DecreeDate.IsZero() {
		return fmt.Errorf("%w: DecreeDate is empty", ErrInvalidData)
	}
	if f.Date.IsZero() {
		return fmt.Errorf("%w: Date is empty", ErrInvalidData)
	}
	return nil
}
