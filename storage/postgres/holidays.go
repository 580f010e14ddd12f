package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"posko/workdays"
)

// HolidayYear sums up one year of the holidays table.
type HolidayYear struct {
	Year        int       `db:"year"`
	Days        int       `db:"days"`         // days stored for the year
	National    int       `db:"national"`     // of which libur nasional
	CutiBersama int       `db:"cuti_bersama"` // of which cuti bersama
	Replaced    int       `db:"replaced"`     // days the year had before this load (LoadHolidays only)
	Source      string    `db:"source"`       // the loaded file's source
	LoadedAt    time.Time `db:"loaded_at"`    // when the year was loaded
}

// LoadHolidays stores cal's days in one transaction: for each year cal
// covers, the stored days of that year are replaced by cal's; other years
// are left alone. cal's time zone and office hours become the stored ones.
// It returns one summary per year loaded, in year order. Concurrent loads
// run one after the other.
func (db *DB) LoadHolidays(ctx context.Context, cal *workdays.Calendar) ([]HolidayYear, error) {
	f := cal.File()
	var out []HolidayYear
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		out = out[:0]
		// Readers (ACCESS SHARE) are not blocked; a second loader waits.
		if _, err := tx.Exec(ctx, `LOCK TABLE holidays IN SHARE ROW EXCLUSIVE MODE`); err != nil {
			return fmt.Errorf("lock: %w", err)
		}
		for _, year := range cal.Years() {
			y, err := replaceYear(ctx, tx, year, cal.DaysIn(year), f.Source)
			if err != nil {
				return fmt.Errorf("year %d: %w", year, err)
			}
			out = append(out, y)
		}
		_, err := tx.Exec(ctx, `
			INSERT INTO holiday_settings (id, timezone, office_start, office_end, source, loaded_at)
			VALUES (true, $1, $2, $3, $4, now())
			ON CONFLICT (id) DO UPDATE SET timezone = excluded.timezone, office_start = excluded.office_start,
				office_end = excluded.office_end, source = excluded.source, loaded_at = excluded.loaded_at`,
			f.Timezone, f.OfficeHours.Start, f.OfficeHours.End, f.Source)
		if err != nil {
			return fmt.Errorf("settings: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load holidays: %w", err)
	}
	return out, nil
}

// replaceYear deletes year's stored days and inserts days in their place.
func replaceYear(ctx context.Context, tx pgx.Tx, year int, days []workdays.Day, source string) (HolidayYear, error) {
	y := HolidayYear{Year: year, Days: len(days), Source: source}
	tag, err := tx.Exec(ctx, `DELETE FROM holidays WHERE date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1)`, year)
	if err != nil {
		return y, fmt.Errorf("delete: %w", err)
	}
	y.Replaced = int(tag.RowsAffected())
	dates := make([]string, len(days))
	kinds := make([]string, len(days))
	for i, d := range days {
		dates[i], kinds[i] = d.Date.String(), string(d.Kind)
		switch d.Kind {
		case workdays.NationalHoliday:
			y.National++
		case workdays.CutiBersama:
			y.CutiBersama++
		}
	}
	err = tx.QueryRow(ctx, `
		WITH ins AS (
			INSERT INTO holidays (date, kind, source, loaded_at)
			SELECT d::date, k, $3, now() FROM unnest($1::text[], $2::text[]) AS u(d, k)
			RETURNING loaded_at
		)
		SELECT max(loaded_at) FROM ins`, dates, kinds, source).Scan(&y.LoadedAt)
	if err != nil {
		return y, fmt.Errorf("insert: %w", interpretError(err))
	}
	return y, nil
}

// Calendar returns the working-day calendar in force: the embedded default
// (workdays.Default) with every year found in the holidays table replaced
// by the stored days, and the stored time zone and office hours when a file
// was loaded. With an empty table it is the embedded default.
func (db *DB) Calendar(ctx context.Context) (*workdays.Calendar, error) {
	var cal *workdays.Calendar
	err := pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly},
		func(tx pgx.Tx) (err error) {
			cal, err = calendarIn(ctx, tx)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	return cal, nil
}

// calendarIn reads the calendar in force (see DB.Calendar) through tx.
func calendarIn(ctx context.Context, tx pgx.Tx) (*workdays.Calendar, error) {
	def, err := workdays.Default()
	if err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, `SELECT to_char(date, 'YYYY-MM-DD'), kind FROM holidays ORDER BY date`)
	if err != nil {
		return nil, err
	}
	stored, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (workdays.FileDay, error) {
		var d workdays.FileDay
		err := row.Scan(&d.Date, &d.Kind)
		return d, err
	})
	if err != nil {
		return nil, err
	}
	if len(stored) == 0 {
		return def, nil
	}
	f := def.File()
	var s workdays.File
	err = tx.QueryRow(ctx, `SELECT timezone, office_start, office_end, source FROM holiday_settings`).
		Scan(&s.Timezone, &s.OfficeHours.Start, &s.OfficeHours.End, &s.Source)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
	case err != nil:
		return nil, err
	default:
		f.Source, f.Timezone, f.OfficeHours = s.Source, s.Timezone, s.OfficeHours
	}
	storedYears := make(map[string]bool)
	for _, d := range stored {
		storedYears[d.Date[:4]] = true
	}
	days := stored
	for _, d := range f.Days {
		if !storedYears[d.Date[:4]] {
			days = append(days, d)
		}
	}
	f.Days = days
	cal, err := workdays.New(f)
	if err != nil {
		return nil, fmt.Errorf("stored holidays: %w", err)
	}
	return cal, nil
}

// HolidayYears sums up the holidays table per year, in year order. Replaced
// is always 0. Years only the embedded default covers are not listed.
func (db *DB) HolidayYears(ctx context.Context) ([]HolidayYear, error) {
	rows, err := db.pool.Query(ctx, `
		SELECT extract(year FROM date)::int AS year, count(*)::int AS days,
			(count(*) FILTER (WHERE kind = $1))::int AS national,
			(count(*) FILTER (WHERE kind = $2))::int AS cuti_bersama,
			0 AS replaced, max(source) AS source, max(loaded_at) AS loaded_at
		FROM holidays GROUP BY 1 ORDER BY 1`, string(workdays.NationalHoliday), string(workdays.CutiBersama))
	if err != nil {
		return nil, fmt.Errorf("holiday years: %w", err)
	}
	years, err := pgx.CollectRows(rows, pgx.RowToStructByName[HolidayYear])
	if err != nil {
		return nil, fmt.Errorf("holiday years: %w", err)
	}
	return years, nil
}
