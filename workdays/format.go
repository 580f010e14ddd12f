package workdays

import (
	"fmt"
	"time"
)

var (
	dayNames = [...]string{
		time.Sunday: "Minggu", time.Monday: "Senin", time.Tuesday: "Selasa", time.Wednesday: "Rabu",
		time.Thursday: "Kamis", time.Friday: "Jumat", time.Saturday: "Sabtu",
	}
	monthNames = [...]string{
		time.January: "Januari", time.February: "Februari", time.March: "Maret", time.April: "April",
		time.May: "Mei", time.June: "Juni", time.July: "Juli", time.August: "Agustus",
		time.September: "September", time.October: "Oktober", time.November: "November",
		time.December: "Desember",
	}
)

// FormatDate writes d as Indonesian users read a date:
// "Senin, 30 November 2026".
func FormatDate(d Date) string {
	return fmt.Sprintf("%s, %d %s %d", dayNames[d.Weekday()], d.Day, monthNames[d.Month], d.Year)
}

// FormatTime writes t, in the office's time zone, as Indonesian users read
// a moment: "Senin, 30 November 2026 pukul 16.00 WIB". The zone is the
// zone's own abbreviation (WIB, WITA or WIT in Indonesia).
func (c *Calendar) FormatTime(t time.Time) string {
	t = t.In(c.loc)
	zone, _ := t.Zone()
	return fmt.Sprintf("%s pukul %02d.%02d %s", FormatDate(DateOf(t)), t.Hour(), t.Minute(), zone)
}
