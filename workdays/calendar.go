// Package workdays is the working-day calendar of a KPPN: which days the
// office works (Monday to Friday, except national holidays and cuti bersama),
// its office hours, and the deadline of a request due in N working days
// ("1 hari kerja" in the service standard). Holidays are data, loaded from a
// JSON file (an embedded default, or a newer one an operator loads into
// PostgreSQL), because each year's joint decree (SKB) sets them and may be
// amended mid-year. The package is pure domain code: it imports nothing of
// Telegram, Redis or SQL. See docs/workdays.md.
package workdays

import (
	"slices"
	"time"
	// The office's zone must load even where the host has no zoneinfo.
	_ "time/tzdata"
)

// Calendar is a validated working-day calendar. It is immutable and safe
// for concurrent use. Build one with Parse, New or Default.
//
// A year the data does not cover counts only weekends as non-working days;
// Covers says whether a year has data.
type Calendar struct {
	source   string
	timezone string
	loc      *time.Location
	open     clock // office opens
	close    clock // office closes
	days     map[Date]Kind
	years    map[int]bool // years with at least one listed day
}

// Location is the office's time zone.
func (c *Calendar) Location() *time.Location { return c.loc }

// Source is the file's note of which decree the dates come from.
func (c *Calendar) Source() string { return c.source }

// DateOf returns the day t falls on in the office's time zone.
func (c *Calendar) DateOf(t time.Time) Date { return DateOf(t.In(c.loc)) }

// Covers reports whether the data lists days for year. A year without data
// counts only Saturdays and Sundays as non-working days, so deadlines in it
// may fall on a holiday.
func (c *Calendar) Covers(year int) bool { return c.years[year] }

// Years lists the years with data, in order.
func (c *Calendar) Years() []int {
	ys := make([]int, 0, len(c.years))
	for y := range c.years {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	return ys
}

// Holiday returns the kind of d when the data lists it.
func (c *Calendar) Holiday(d Date) (Kind, bool) {
	k, ok := c.days[d]
	return k, ok
}

// DaysIn lists the holidays and cuti bersama of year, in date order.
func (c *Calendar) DaysIn(year int) []Day {
	var out []Day
	for d, k := range c.days {
		if d.Year == year {
			out = append(out, Day{Date: d, Kind: k})
		}
	}
	slices.SortFunc(out, func(a, b Day) int { return a.Date.Compare(b.Date) })
	return out
}

// File returns the calendar in the JSON shape it was built from, days in
// date order. New(c.File()) builds the same calendar.
func (c *Calendar) File() File {
	f := File{
		Source:      c.source,
		Timezone:    c.timezone,
		OfficeHours: OfficeHours{Start: c.open.String(), End: c.close.String()},
	}
	for _, y := range c.Years() {
		for _, d := range c.DaysIn(y) {
			f.Days = append(f.Days, FileDay{Date: d.Date.String(), Kind: d.Kind})
		}
	}
	return f
}

// IsWorkingDay reports whether the office works on d: a Monday to Friday
// that the data does not list as a holiday or cuti bersama.
func (c *Calendar) IsWorkingDay(d Date) bool {
	switch d.Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	_, holiday := c.days[d]
	return !holiday
}

// InOfficeHours reports whether the office is open at t: a working day,
// from the opening time (included) to the closing time (excluded).
func (c *Calendar) InOfficeHours(t time.Time) bool {
	t = t.In(c.loc)
	d := DateOf(t)
	return c.IsWorkingDay(d) && !t.Before(c.opening(d)) && t.Before(c.closing(d))
}

// NextOpening returns when the office next opens after t, in the office's
// time zone: the same day's opening when t is before it on a working day,
// otherwise the opening of the next working day. When the office is open at
// t it returns t itself. It is the "KPPN akan menjawab mulai …" moment.
func (c *Calendar) NextOpening(t time.Time) time.Time {
	t = t.In(c.loc)
	d := DateOf(t)
	if c.IsWorkingDay(d) {
		switch {
		case t.Before(c.opening(d)):
			return c.opening(d)
		case t.Before(c.closing(d)):
			return t
		}
	}
	return c.opening(c.nextWorkingDay(d, 1))
}

// Deadline returns when a request received at received and due in days
// working days must be answered, in the office's time zone: always the
// closing time of a working day.
//
// A working day is one span of office hours. The time allowed is counted
// from the moment the office is open (a request received after hours or on
// a non-working day counts from the next opening) and rounded up to the
// close of the day it ends in. So with 1 day:
//   - received during office hours: the close of the next working day
//     (Monday 08.00 → Tuesday 16.00);
//   - received at or before the opening of a working day: the close of that
//     same day (Monday 07.00 → Monday 16.00);
//   - received after hours or on a non-working day: the close of the next
//     working day (Friday 17.00 → Monday 16.00, later across holidays).
//
// days below 1 count as 1.
func (c *Calendar) Deadline(received time.Time, days int) time.Time {
	days = max(days, 1)
	t := received.In(c.loc)
	d := DateOf(t)
	if c.IsWorkingDay(d) && !t.After(c.opening(d)) {
		// The whole of day d is ahead: it is the first of the days.
		return c.closing(c.nextWorkingDay(d, days-1))
	}
	return c.closing(c.nextWorkingDay(d, days))
}

// nextWorkingDay returns the n-th working day after d (d itself when n is 0).
func (c *Calendar) nextWorkingDay(d Date, n int) Date {
	for n > 0 {
		d = d.AddDays(1)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

func (c *Calendar) opening(d Date) time.Time { return d.At(c.open.hour(), c.open.minute(), c.loc) }
func (c *Calendar) closing(d Date) time.Time { return d.At(c.close.hour(), c.close.minute(), c.loc) }
