package postgres

import (
	"context"
	"sync"
	"testing"
	"time"

	"posko/workdays"
)

// holidayFile builds a validated calendar for the tests.
func holidayFile(t *testing.T, source, start, end string, days ...workdays.FileDay) *workdays.Calendar {
	t.Helper()
	cal, err := workdays.New(workdays.File{
		Source: source, Timezone: "Asia/Jakarta",
		OfficeHours: workdays.OfficeHours{Start: start, End: end}, Days: days,
	})
	if err != nil {
		t.Fatalf("workdays.New: %v", err)
	}
	return cal
}

func holidayEntry(date string, kind workdays.Kind) workdays.FileDay {
	return workdays.FileDay{Date: date, Kind: kind}
}

func TestCalendarEmptyTableIsDefault(t *testing.T) {
	db := newDB(t)
	got, err := db.Calendar(context.Background())
	if err != nil {
		t.Fatalf("Calendar: %v", err)
	}
	def, err := workdays.Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	if g, w := got.File(), def.File(); g.Source != w.Source || len(g.Days) != len(w.Days) || g.OfficeHours != w.OfficeHours {
		t.Errorf("Calendar() = %q with %d days; want the embedded default (%d days)", g.Source, len(g.Days), len(w.Days))
	}
}

func TestLoadHolidays(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	wib, _ := time.LoadLocation("Asia/Jakarta")
	at := func(y int, m time.Month, d, h, mi int) time.Time { return time.Date(y, m, d, h, mi, 0, 0, wib) }

	// An amended 2026 (24 December no longer cuti bersama, 31 December added)
	// and a first 2027, with new office hours.
	amended := holidayFile(t, "SKB 2026 amended + SKB 2027", "08:00", "15:30",
		holidayEntry("2026-12-25", workdays.NationalHoliday),
		holidayEntry("2026-12-31", workdays.CutiBersama),
		holidayEntry("2027-01-01", workdays.NationalHoliday),
	)
	loaded, err := db.LoadHolidays(ctx, amended)
	if err != nil {
		t.Fatalf("LoadHolidays: %v", err)
	}
	if len(loaded) != 2 || loaded[0].Year != 2026 || loaded[0].Days != 2 || loaded[0].National != 1 ||
		loaded[0].CutiBersama != 1 || loaded[0].Replaced != 0 || loaded[1].Year != 2027 || loaded[1].Days != 1 ||
		loaded[0].LoadedAt.IsZero() || loaded[0].Source != "SKB 2026 amended + SKB 2027" {
		t.Fatalf("LoadHolidays = %+v; want 2026 (2 days: 1 national, 1 cuti bersama, 0 replaced) and 2027 (1 day)", loaded)
	}

	cal, err := db.Calendar(ctx)
	if err != nil {
		t.Fatalf("Calendar: %v", err)
	}
	for _, tc := range []struct {
		name     string
		received time.Time
		want     time.Time
	}{
		{"2025 keeps the embedded data", at(2025, 8, 15, 17, 0), at(2025, 8, 19, 15, 30)},
		{"2026 replaced: 17 August is an ordinary day now", at(2026, 8, 14, 17, 0), at(2026, 8, 17, 15, 30)},
		{"2026 replaced: 24 December is a working day", at(2026, 12, 23, 10, 0), at(2026, 12, 24, 15, 30)},
		{"2027 loaded: new year's day is a holiday", at(2026, 12, 30, 10, 0), at(2027, 1, 4, 15, 30)},
		{"new office hours: 07.45 is before opening", at(2026, 11, 24, 7, 45), at(2026, 11, 24, 15, 30)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := cal.Deadline(tc.received, 1); !got.Equal(tc.want) {
				t.Errorf("Deadline(%s) = %s; want %s", tc.received, cal.FormatTime(got), cal.FormatTime(tc.want))
			}
		})
	}
	if got := cal.Years(); len(got) != 3 || got[0] != 2025 || got[2] != 2027 {
		t.Errorf("Years() = %v; want [2025 2026 2027]", got)
	}
	if n := len(cal.DaysIn(2025)); n != 28 {
		t.Errorf("2025 has %d days; want the embedded 28", n)
	}

	// Loading 2026 again replaces only 2026.
	again := holidayFile(t, "SKB 2026 second amendment", "07:30", "16:00",
		holidayEntry("2026-01-01", workdays.NationalHoliday),
		holidayEntry("2026-08-17", workdays.NationalHoliday),
		holidayEntry("2026-12-24", workdays.CutiBersama),
	)
	loaded, err = db.LoadHolidays(ctx, again)
	if err != nil {
		t.Fatalf("LoadHolidays again: %v", err)
	}
	if len(loaded) != 1 || loaded[0].Year != 2026 || loaded[0].Days != 3 || loaded[0].Replaced != 2 {
		t.Fatalf("LoadHolidays again = %+v; want 2026: 3 days replacing 2", loaded)
	}
	years, err := db.HolidayYears(ctx)
	if err != nil {
		t.Fatalf("HolidayYears: %v", err)
	}
	if len(years) != 2 || years[0].Year != 2026 || years[0].Days != 3 || years[0].National != 2 ||
		years[0].CutiBersama != 1 || years[0].Source != "SKB 2026 second amendment" ||
		years[1].Year != 2027 || years[1].Days != 1 || years[1].Source != "SKB 2026 amended + SKB 2027" {
		t.Fatalf("HolidayYears = %+v; want 2026 (3 days, second amendment) and 2027 (1 day, first file)", years)
	}
	cal, err = db.Calendar(ctx)
	if err != nil {
		t.Fatalf("Calendar: %v", err)
	}
	if _, ok := cal.Holiday(workdays.Date{Year: 2026, Month: 12, Day: 31}); ok {
		t.Errorf("2026-12-31 is still a holiday after 2026 was replaced")
	}
	if _, ok := cal.Holiday(workdays.Date{Year: 2027, Month: 1, Day: 1}); !ok {
		t.Errorf("2027-01-01 lost when only 2026 was loaded")
	}
	if got := cal.Deadline(at(2026, 11, 24, 7, 45), 1); !got.Equal(at(2026, 11, 25, 16, 0)) {
		t.Errorf("office hours not restored to 07:30–16:00: deadline %s", cal.FormatTime(got))
	}
	if got := count(t, db, `SELECT count(*) FROM holiday_settings`); got != 1 {
		t.Errorf("holiday_settings has %d rows; want 1", got)
	}
}

func TestLoadHolidaysConcurrent(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	cal, err := workdays.Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for range 6 {
		wg.Go(func() {
			if _, err := db.LoadHolidays(ctx, cal); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent LoadHolidays: %v", err)
	}
	if got := count(t, db, `SELECT count(*) FROM holidays`); got != 53 {
		t.Errorf("holidays has %d rows; want 53", got)
	}
}
