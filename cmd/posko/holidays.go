package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"

	"posko/storage/postgres"
	"posko/workdays"
)

const holidaysUsage = `usage: posko holidays load FILE | posko holidays list [YEAR]
  load FILE    check a holiday file (the shape of workdays/holidays-id.json) and store it: each year
               the file lists replaces that year's holidays; its office hours and time zone apply from now
  list         the years of the working-day calendar in force, where each comes from
  list YEAR    the holidays and cuti bersama of YEAR`

// holidaysCommand runs `posko holidays …`; args are the words after
// "holidays". Both subcommands apply pending migrations first, as serve does.
// A file is checked before the database is touched, so a bad file changes
// nothing.
func holidaysCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var (
		file string
		year int
	)
	switch {
	case len(args) == 2 && args[0] == "load":
		file = args[1]
	case len(args) == 1 && args[0] == "list":
	case len(args) == 2 && args[0] == "list":
		y, err := strconv.Atoi(args[1])
		if err != nil || len(args[1]) != 4 {
			return fmt.Errorf("holidays list: YEAR must be 4 digits, got %q\n%s", args[1], holidaysUsage)
		}
		year = y
	default:
		return fmt.Errorf("holidays: expected load FILE or list [YEAR]\n%s", holidaysUsage)
	}

	var cal *workdays.Calendar
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return fmt.Errorf("holidays load: %w", err)
		}
		if cal, err = workdays.Parse(data); err != nil {
			return fmt.Errorf("holidays load %s: %w", file, err)
		}
	}

	cfg, err := loadConfig(getenv, false)
	if err != nil {
		return err
	}
	logger := newLogger(cfg, stderr)
	db, err := postgres.Open(ctx, cfg.DatabaseURL, postgres.WithLogger(logger))
	if err != nil {
		return err
	}
	defer db.Close()
	if err := postgres.Migrate(ctx, db, logger); err != nil {
		return err
	}

	switch {
	case cal != nil:
		return loadHolidays(ctx, db, cal, stdout)
	case year != 0:
		return listHolidayYear(ctx, db, year, stdout)
	default:
		return listHolidayYears(ctx, db, stdout)
	}
}

// loadHolidays stores cal and prints one line per year it replaced.
func loadHolidays(ctx context.Context, db *postgres.DB, cal *workdays.Calendar, stdout io.Writer) error {
	years, err := db.LoadHolidays(ctx, cal)
	if err != nil {
		return fmt.Errorf("holidays load: %w", err)
	}
	for _, y := range years {
		before := "none stored before"
		if y.Replaced > 0 {
			before = fmt.Sprintf("replacing %d stored", y.Replaced)
		}
		fmt.Fprintf(stdout, "%d: %d days loaded (%d %s, %d %s), %s\n",
			y.Year, y.Days, y.National, workdays.NationalHoliday, y.CutiBersama, workdays.CutiBersama, before)
	}
	return nil
}

// listHolidayYears prints the calendar in force: office hours, then one
// line per year with data and where it comes from.
func listHolidayYears(ctx context.Context, db *postgres.DB, stdout io.Writer) error {
	cal, err := db.Calendar(ctx)
	if err != nil {
		return fmt.Errorf("holidays list: %w", err)
	}
	stored, err := db.HolidayYears(ctx)
	if err != nil {
		return fmt.Errorf("holidays list: %w", err)
	}
	loaded := make(map[int]postgres.HolidayYear, len(stored))
	for _, y := range stored {
		loaded[y.Year] = y
	}
	f := cal.File()
	fmt.Fprintf(stdout, "office hours %s–%s %s, Monday to Friday\n", f.OfficeHours.Start, f.OfficeHours.End, f.Timezone)
	for _, year := range cal.Years() {
		var national, cuti int
		days := cal.DaysIn(year)
		for _, d := range days {
			if d.Kind == workdays.NationalHoliday {
				national++
			} else {
				cuti++
			}
		}
		from := "embedded default"
		if y, ok := loaded[year]; ok {
			from = fmt.Sprintf("loaded %s from %q", y.LoadedAt.In(cal.Location()).Format("2006-01-02 15:04 MST"), y.Source)
		}
		fmt.Fprintf(stdout, "%d: %d days (%d %s, %d %s), %s\n",
			year, len(days), national, workdays.NationalHoliday, cuti, workdays.CutiBersama, from)
	}
	fmt.Fprintln(stdout, "other years: no holiday data, only Saturdays and Sundays are non-working days")
	return nil
}

// listHolidayYear prints the holidays and cuti bersama of year, one a line.
func listHolidayYear(ctx context.Context, db *postgres.DB, year int, stdout io.Writer) error {
	cal, err := db.Calendar(ctx)
	if err != nil {
		return fmt.Errorf("holidays list: %w", err)
	}
	if !cal.Covers(year) {
		fmt.Fprintf(stdout, "%d: no holiday data, only Saturdays and Sundays are non-working days\n", year)
		return nil
	}
	for _, d := range cal.DaysIn(year) {
		fmt.Fprintf(stdout, "%s  %-14s  %s\n", d.Date, d.Kind, workdays.FormatDate(d.Date))
	}
	return nil
}
