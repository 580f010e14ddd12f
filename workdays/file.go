package workdays

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Kind says why a day is not a working day.
type Kind string

// The kinds of non-working day a holiday file may declare.
const (
	// NationalHoliday is a hari libur nasional set by the joint decree (SKB).
	NationalHoliday Kind = "libur_nasional"
	// CutiBersama is a collective leave day set by the same decree; offices
	// are closed as on a holiday.
	CutiBersama Kind = "cuti_bersama"
)

// Valid reports whether k is one of the known kinds.
func (k Kind) Valid() bool { return k == NationalHoliday || k == CutiBersama }

// Label is the kind as users read it, in Indonesian: "libur nasional" or
// "cuti bersama".
func (k Kind) Label() string { return strings.ReplaceAll(string(k), "_", " ") }

// Day is one non-working day of the calendar.
type Day struct {
	Date Date
	Kind Kind
}

// File is the JSON shape of a holiday file such as the embedded
// holidays-id.json. Its fields stay strings so that validation can name the
// exact entry that is wrong.
type File struct {
	// Source says which decree the dates come from.
	Source string `json:"source"`
	// Timezone is an IANA zone name, e.g. "Asia/Jakarta".
	Timezone string `json:"timezone"`
	// OfficeHours are the opening and closing times, "HH:MM" (24 h).
	OfficeHours OfficeHours `json:"office_hours"`
	// Days lists the holidays and cuti bersama, in any order.
	Days []FileDay `json:"days"`
}

// OfficeHours is the office_hours object of a holiday file.
type OfficeHours struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// FileDay is one entry of a holiday file's days.
type FileDay struct {
	Date string `json:"date"`
	Kind Kind   `json:"kind"`
}

// ErrInvalid is wrapped by every error about the content of a holiday file.
var ErrInvalid = errors.New("invalid holiday file")

// Year bounds a plausible holiday date, to catch typos such as 2206.
const (
	minYear = 2000
	maxYear = 2099
)

// Parse decodes and validates a holiday file. Unknown fields are refused,
// so a misspelt key cannot silently drop data. Every problem found is
// reported, one per line, each naming its entry (e.g. "days[3]").
func Parse(data []byte) (*Calendar, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f File
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: unexpected data after the JSON object", ErrInvalid)
	}
	return New(f)
}

// New validates f and builds its calendar. The error, when there is one,
// wraps ErrInvalid and lists every problem: a missing source, an unknown
// time zone, office hours that are not "HH:MM" or do not open before they
// close, an empty day list, a date that is not YYYY-MM-DD or does not exist,
// an unknown kind, a date listed twice.
func New(f File) (*Calendar, error) {
	var problems []error
	bad := func(format string, args ...any) { problems = append(problems, fmt.Errorf(format, args...)) }

	if strings.TrimSpace(f.Source) == "" {
		bad("source: missing; name the decree (SKB) the dates come from")
	}
	var loc *time.Location
	switch f.Timezone {
	case "", "Local":
		bad("timezone: %q is not an IANA zone name such as \"Asia/Jakarta\"", f.Timezone)
	default:
		l, err := time.LoadLocation(f.Timezone)
		if err != nil {
			bad("timezone: unknown zone %q", f.Timezone)
		}
		loc = l
	}
	open, errOpen := parseClock(f.OfficeHours.Start)
	if errOpen != nil {
		bad("office_hours.start: %w", errOpen)
	}
	closing, errClose := parseClock(f.OfficeHours.End)
	if errClose != nil {
		bad("office_hours.end: %w", errClose)
	}
	if errOpen == nil && errClose == nil && open >= closing {
		bad("office_hours: start %s is not before end %s", f.OfficeHours.Start, f.OfficeHours.End)
	}

	if len(f.Days) == 0 {
		bad("days: empty; list at least one holiday")
	}
	days := make(map[Date]Kind, len(f.Days))
	first := make(map[Date]int, len(f.Days))
	for i, fd := range f.Days {
		d, err := ParseDate(fd.Date)
		switch {
		case err != nil:
			bad("days[%d]: date %q is not a real day written YYYY-MM-DD", i, fd.Date)
		case d.Year < minYear || d.Year > maxYear:
			bad("days[%d]: date %s: year outside %d–%d", i, fd.Date, minYear, maxYear)
		}
		if !fd.Kind.Valid() {
			bad("days[%d]: kind %q unknown; want %q or %q", i, fd.Kind, NationalHoliday, CutiBersama)
		}
		if err != nil {
			continue
		}
		if j, dup := first[d]; dup {
			bad("days[%d]: date %s already listed at days[%d]", i, d, j)
			continue
		}
		first[d] = i
		days[d] = fd.Kind
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%w:\n%w", ErrInvalid, errors.Join(problems...))
	}

	c := &Calendar{
		source:   f.Source,
		timezone: f.Timezone,
		loc:      loc,
		open:     open,
		close:    closing,
		days:     days,
		years:    make(map[int]bool),
	}
	for d := range days {
		c.years[d.Year] = true
	}
	return c, nil
}

// clock is a time of day in minutes after midnight.
type clock int

func (c clock) hour() int   { return int(c) / 60 }
func (c clock) minute() int { return int(c) % 60 }

// String writes c as HH:MM, the form holiday files use.
func (c clock) String() string { return fmt.Sprintf("%02d:%02d", c.hour(), c.minute()) }

// parseClock reads "HH:MM" on a 24-hour clock, two digits each.
func parseClock(s string) (clock, error) {
	if len(s) != 5 || s[2] != ':' || !isDigits(s[:2]) || !isDigits(s[3:]) {
		return 0, fmt.Errorf("%q is not a time written HH:MM", s)
	}
	h := int(s[0]-'0')*10 + int(s[1]-'0')
	m := int(s[3]-'0')*10 + int(s[4]-'0')
	if h > 23 || m > 59 {
		return 0, fmt.Errorf("%q is not a time of day (00:00–23:59)", s)
	}
	return clock(h*60 + m), nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
