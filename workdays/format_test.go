package workdays

import (
	"testing"
	"time"
)

func TestFormatTime(t *testing.T) {
	c := defaultCalendar(t)
	for _, tc := range []struct {
		name string
		at   time.Time
		want string
	}{
		{"deadline", wib(2026, 11, 30, 16, 0), "Senin, 30 November 2026 pukul 16.00 WIB"},
		{"opening, one-digit day", wib(2026, 12, 1, 7, 30), "Selasa, 1 Desember 2026 pukul 07.30 WIB"},
		{"UTC shown in WIB, date moves", time.Date(2026, 8, 16, 20, 5, 0, 0, time.UTC), "Senin, 17 Agustus 2026 pukul 03.05 WIB"},
		{"Friday", wib(2026, 5, 1, 9, 0), "Jumat, 1 Mei 2026 pukul 09.00 WIB"},
		{"Sunday in March", wib(2026, 3, 22, 23, 59), "Minggu, 22 Maret 2026 pukul 23.59 WIB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.FormatTime(tc.at); got != tc.want {
				t.Errorf("FormatTime = %q; want %q", got, tc.want)
			}
		})
	}
}

func TestFormatDate(t *testing.T) {
	for _, tc := range []struct {
		date Date
		want string
	}{
		{Date{2026, 2, 18}, "Rabu, 18 Februari 2026"},
		{Date{2026, 6, 4}, "Kamis, 4 Juni 2026"},
		{Date{2026, 7, 4}, "Sabtu, 4 Juli 2026"},
		{Date{2026, 4, 13}, "Senin, 13 April 2026"},
		{Date{2026, 9, 1}, "Selasa, 1 September 2026"},
		{Date{2026, 10, 2}, "Jumat, 2 Oktober 2026"},
		{Date{2027, 1, 3}, "Minggu, 3 Januari 2027"},
	} {
		t.Run(tc.date.String(), func(t *testing.T) {
			if got := FormatDate(tc.date); got != tc.want {
				t.Errorf("FormatDate(%s) = %q; want %q", tc.date, got, tc.want)
			}
		})
	}
}
