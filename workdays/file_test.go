package workdays

import (
	"errors"
	"strings"
	"testing"
)

// validFile is a small holiday file that New accepts.
func validFile() File {
	return File{
		Source:      "SKB 2027 (test)",
		Timezone:    "Asia/Jakarta",
		OfficeHours: OfficeHours{Start: "07:30", End: "16:00"},
		Days: []FileDay{
			{Date: "2027-01-01", Kind: NationalHoliday},
			{Date: "2027-02-08", Kind: CutiBersama},
		},
	}
}

func TestNewRejects(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(f *File)
		wants []string // every one must appear in the error
	}{
		{"missing source", func(f *File) { f.Source = " " }, []string{"source: missing"}},
		{"missing timezone", func(f *File) { f.Timezone = "" }, []string{`timezone: "" is not an IANA zone name`}},
		{"Local timezone", func(f *File) { f.Timezone = "Local" }, []string{`timezone: "Local" is not an IANA zone name`}},
		{"unknown timezone", func(f *File) { f.Timezone = "Asia/Lubuklinggau" }, []string{`timezone: unknown zone "Asia/Lubuklinggau"`}},
		{"office hours with a dot", func(f *File) { f.OfficeHours.Start = "07.30" }, []string{`office_hours.start: "07.30" is not a time written HH:MM`}},
		{"office hours one digit", func(f *File) { f.OfficeHours.Start = "7:30" }, []string{`office_hours.start: "7:30" is not a time written HH:MM`}},
		{"office hours missing", func(f *File) { f.OfficeHours = OfficeHours{} }, []string{`office_hours.start: "" is not`, `office_hours.end: "" is not`}},
		{"office hours past midnight", func(f *File) { f.OfficeHours.End = "24:00" }, []string{`office_hours.end: "24:00" is not a time of day`}},
		{"office closes before it opens", func(f *File) { f.OfficeHours = OfficeHours{Start: "16:00", End: "07:30"} }, []string{"office_hours: start 16:00 is not before end 07:30"}},
		{"no days", func(f *File) { f.Days = nil }, []string{"days: empty"}},
		{"day that does not exist", func(f *File) { f.Days[1].Date = "2027-02-30" }, []string{`days[1]: date "2027-02-30" is not a real day`}},
		{"date in another format", func(f *File) { f.Days[0].Date = "01-01-2027" }, []string{`days[0]: date "01-01-2027" is not a real day written YYYY-MM-DD`}},
		{"implausible year", func(f *File) { f.Days[0].Date = "2207-01-01" }, []string{"days[0]: date 2207-01-01: year outside 2000–2099"}},
		{"unknown kind", func(f *File) { f.Days[1].Kind = "libur_daerah" }, []string{`days[1]: kind "libur_daerah" unknown`}},
		{"missing kind", func(f *File) { f.Days[1].Kind = "" }, []string{`days[1]: kind "" unknown`}},
		{"duplicate date", func(f *File) {
			f.Days = append(f.Days, FileDay{Date: "2027-01-01", Kind: CutiBersama})
		}, []string{"days[2]: date 2027-01-01 already listed at days[0]"}},
		{"several problems at once", func(f *File) {
			f.Source = ""
			f.Days[0].Kind = "libur"
			f.Days[1].Date = "2027-13-01"
		}, []string{"source: missing", `days[0]: kind "libur" unknown`, `days[1]: date "2027-13-01"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := validFile()
			tc.edit(&f)
			c, err := New(f)
			if err == nil {
				t.Fatalf("New accepted the file: %v", c.File())
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("error %q does not wrap ErrInvalid", err)
			}
			for _, want := range tc.wants {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
			}
		})
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name string
		json string
		want string // "" means accepted
	}{
		{"valid", `{"source":"s","timezone":"Asia/Jakarta","office_hours":{"start":"07:30","end":"16:00"},
			"days":[{"date":"2027-01-01","kind":"libur_nasional"}]}`, ""},
		{"misspelt key", `{"source":"s","timezone":"Asia/Jakarta","office_hours":{"start":"07:30","end":"16:00"},
			"day":[{"date":"2027-01-01","kind":"libur_nasional"}]}`, `unknown field "day"`},
		{"not JSON", `source: s`, "invalid character"},
		{"two objects", `{"source":"s","timezone":"Asia/Jakarta","office_hours":{"start":"07:30","end":"16:00"},
			"days":[{"date":"2027-01-01","kind":"libur_nasional"}]} {}`, "unexpected data after the JSON object"},
		{"date as a number", `{"source":"s","timezone":"Asia/Jakarta","office_hours":{"start":"07:30","end":"16:00"},
			"days":[{"date":20270101,"kind":"libur_nasional"}]}`, "cannot unmarshal number"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.json))
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("Parse: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, ErrInvalid)):
				t.Fatalf("Parse error = %v; want one wrapping ErrInvalid with %q", err, tc.want)
			}
		})
	}
}

func TestFileRoundTrip(t *testing.T) {
	c := defaultCalendar(t)
	f := c.File()
	if f.Timezone != "Asia/Jakarta" || f.OfficeHours != (OfficeHours{"07:30", "16:00"}) || len(f.Days) != 53 {
		t.Fatalf("File() = %s, %v, %d days; want Asia/Jakarta, 07:30–16:00, 53 days", f.Timezone, f.OfficeHours, len(f.Days))
	}
	again, err := New(f)
	if err != nil {
		t.Fatalf("New(File()): %v", err)
	}
	if got, want := again.File(), f; len(got.Days) != len(want.Days) || got.Source != want.Source {
		t.Fatalf("round trip changed the file")
	}
	for i, d := range f.Days {
		if got := again.File().Days[i]; got != d {
			t.Errorf("day %d: %v after the round trip; want %v", i, got, d)
		}
	}
}

func TestKindLabel(t *testing.T) {
	if got := NationalHoliday.Label(); got != "libur nasional" {
		t.Errorf("NationalHoliday.Label() = %q", got)
	}
	if got := CutiBersama.Label(); got != "cuti bersama" {
		t.Errorf("CutiBersama.Label() = %q", got)
	}
}
