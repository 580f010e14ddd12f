package workdays

import (
	"testing"
	"time"
)

// jakarta is the office's zone in these tests.
var jakarta = mustLoad("Asia/Jakarta")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// wib is a moment in Asia/Jakarta.
func wib(year int, month time.Month, day, hour, minute int) time.Time {
	return time.Date(year, month, day, hour, minute, 0, 0, jakarta)
}

func defaultCalendar(t *testing.T) *Calendar {
	t.Helper()
	c, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	return c
}

func TestDeadline(t *testing.T) {
	c := defaultCalendar(t)
	for _, tc := range []struct {
		name     string
		received time.Time
		days     int
		want     time.Time
	}{
		{"working day during hours", wib(2026, 11, 24, 10, 0), 1, wib(2026, 11, 25, 16, 0)},
		{"Friday during hours", wib(2026, 11, 27, 10, 0), 1, wib(2026, 11, 30, 16, 0)},
		{"Friday after hours", wib(2026, 11, 27, 17, 0), 1, wib(2026, 11, 30, 16, 0)},
		{"Friday at closing time is after hours", wib(2026, 11, 27, 16, 0), 1, wib(2026, 11, 30, 16, 0)},
		{"Friday late night", wib(2026, 11, 27, 23, 59), 1, wib(2026, 11, 30, 16, 0)},
		{"Saturday", wib(2026, 11, 28, 9, 0), 1, wib(2026, 11, 30, 16, 0)},
		{"Sunday", wib(2026, 11, 29, 20, 0), 1, wib(2026, 11, 30, 16, 0)},
		{"Friday after hours, Monday a holiday", wib(2026, 8, 14, 17, 0), 1, wib(2026, 8, 18, 16, 0)},
		{"Friday after hours, Monday cuti bersama and Tuesday a holiday", wib(2026, 2, 13, 17, 0), 1, wib(2026, 2, 18, 16, 0)},
		{"the day before a holiday and cuti bersama", wib(2026, 5, 13, 10, 0), 1, wib(2026, 5, 18, 16, 0)},
		{"before the Idul Fitri cuti bersama week", wib(2026, 3, 17, 10, 0), 1, wib(2026, 3, 25, 16, 0)},
		{"on a cuti bersama day", wib(2026, 3, 18, 9, 0), 1, wib(2026, 3, 25, 16, 0)},
		{"before Christmas cuti bersama", wib(2026, 12, 23, 10, 0), 1, wib(2026, 12, 28, 16, 0)},
		{"Christmas Eve after hours", wib(2026, 12, 23, 17, 0), 1, wib(2026, 12, 28, 16, 0)},
		// 2027 has no data: 1 January 2027 (really a holiday) counts as a working day.
		{"into a year without data", wib(2026, 12, 31, 10, 0), 1, wib(2027, 1, 1, 16, 0)},
		{"year without data: weekends only", wib(2027, 1, 1, 10, 0), 1, wib(2027, 1, 4, 16, 0)},
		{"07.00 on a working day: the whole day ahead", wib(2026, 11, 24, 7, 0), 1, wib(2026, 11, 24, 16, 0)},
		{"07.30 sharp on a working day", wib(2026, 11, 24, 7, 30), 1, wib(2026, 11, 24, 16, 0)},
		{"08.00 on a working day", wib(2026, 11, 24, 8, 0), 1, wib(2026, 11, 25, 16, 0)},
		{"07.00 on Friday", wib(2026, 11, 27, 7, 0), 1, wib(2026, 11, 27, 16, 0)},
		{"before opening on a holiday", wib(2026, 8, 17, 7, 0), 1, wib(2026, 8, 18, 16, 0)},
		{"2 working days across a weekend", wib(2026, 11, 26, 10, 0), 2, wib(2026, 11, 30, 16, 0)},
		{"3 working days across a holiday", wib(2026, 8, 13, 10, 0), 3, wib(2026, 8, 19, 16, 0)},
		{"0 days counts as 1", wib(2026, 11, 24, 10, 0), 0, wib(2026, 11, 25, 16, 0)},
		{"received in UTC, Monday evening in Jakarta", time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), 1, wib(2026, 11, 24, 16, 0)},
		{"received in UTC, still Friday in UTC but Saturday in Jakarta", time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC), 1, wib(2026, 11, 30, 16, 0)},
		{"2025 mid-year amendment: 18 August cuti bersama", wib(2025, 8, 15, 17, 0), 1, wib(2025, 8, 19, 16, 0)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := c.Deadline(tc.received, tc.days)
			if !got.Equal(tc.want) {
				t.Errorf("Deadline(%s, %d) = %s; want %s", tc.received, tc.days, c.FormatTime(got), c.FormatTime(tc.want))
			}
			if got.Location().String() != "Asia/Jakarta" {
				t.Errorf("Deadline in %s; want Asia/Jakarta", got.Location())
			}
		})
	}
}

func TestIsWorkingDay(t *testing.T) {
	c := defaultCalendar(t)
	for _, tc := range []struct {
		name string
		date Date
		want bool
	}{
		{"ordinary Monday", Date{2026, 11, 30}, true},
		{"Saturday", Date{2026, 11, 28}, false},
		{"Sunday", Date{2026, 11, 29}, false},
		{"national holiday on a weekday", Date{2026, 8, 17}, false},
		{"cuti bersama", Date{2026, 12, 24}, false},
		{"holiday on a Saturday", Date{2025, 3, 29}, false},
		{"year without data, 1 January", Date{2027, 1, 1}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.IsWorkingDay(tc.date); got != tc.want {
				t.Errorf("IsWorkingDay(%s) = %v; want %v", tc.date, got, tc.want)
			}
		})
	}
}

func TestInOfficeHours(t *testing.T) {
	c := defaultCalendar(t)
	for _, tc := range []struct {
		name string
		at   time.Time
		want bool
	}{
		{"07.29 on a working day", wib(2026, 11, 24, 7, 29), false},
		{"07.30 on a working day", wib(2026, 11, 24, 7, 30), true},
		{"15.59 on a working day", wib(2026, 11, 24, 15, 59), true},
		{"16.00 on a working day", wib(2026, 11, 24, 16, 0), false},
		{"10.00 on Saturday", wib(2026, 11, 28, 10, 0), false},
		{"10.00 on cuti bersama", wib(2026, 12, 24, 10, 0), false},
		{"03.00 UTC is 10.00 WIB", time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.InOfficeHours(tc.at); got != tc.want {
				t.Errorf("InOfficeHours(%s) = %v; want %v", tc.at, got, tc.want)
			}
		})
	}
}

func TestNextOpening(t *testing.T) {
	c := defaultCalendar(t)
	for _, tc := range []struct {
		name string
		at   time.Time
		want time.Time
	}{
		{"before opening on a working day", wib(2026, 11, 24, 6, 0), wib(2026, 11, 24, 7, 30)},
		{"open now", wib(2026, 11, 24, 10, 15), wib(2026, 11, 24, 10, 15)},
		{"after hours", wib(2026, 11, 24, 16, 0), wib(2026, 11, 25, 7, 30)},
		{"Friday evening", wib(2026, 11, 27, 19, 0), wib(2026, 11, 30, 7, 30)},
		{"Christmas Eve cuti bersama", wib(2026, 12, 24, 9, 0), wib(2026, 12, 28, 7, 30)},
		{"long holiday", wib(2026, 3, 17, 18, 0), wib(2026, 3, 25, 7, 30)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.NextOpening(tc.at); !got.Equal(tc.want) {
				t.Errorf("NextOpening(%s) = %s; want %s", tc.at, got, tc.want)
			}
		})
	}
}

func TestCoversAndYears(t *testing.T) {
	c := defaultCalendar(t)
	if got := c.Years(); len(got) != 2 || got[0] != 2025 || got[1] != 2026 {
		t.Errorf("Years() = %v; want [2025 2026]", got)
	}
	if !c.Covers(2026) || c.Covers(2027) {
		t.Errorf("Covers(2026), Covers(2027) = %v, %v; want true, false", c.Covers(2026), c.Covers(2027))
	}
	days := c.DaysIn(2026)
	if len(days) != 25 || days[0] != (Day{Date{2026, 1, 1}, NationalHoliday}) || days[24] != (Day{Date{2026, 12, 25}, NationalHoliday}) {
		t.Errorf("DaysIn(2026) = %d days from %v to %v; want 25 from 2026-01-01 to 2026-12-25",
			len(days), days[0], days[len(days)-1])
	}
	if k, ok := c.Holiday(Date{2026, 12, 24}); !ok || k != CutiBersama {
		t.Errorf("Holiday(2026-12-24) = %q, %v; want cuti_bersama", k, ok)
	}
}
