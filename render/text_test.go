package render

import (
	"testing"
	"time"
)

func TestIndonesianDate(t *testing.T) {
	tests := []struct {
		name string
		t    time.Time
		want string
	}{
		{"zero", time.Time{}, ""},
		{"January", time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC), "2 Januari 2026"},
		{"UTC evening is the next day in WIB", time.Date(2026, 3, 4, 17, 0, 0, 0, time.UTC), "5 Maret 2026"},
		{"UTC afternoon is still the same day", time.Date(2026, 3, 4, 16, 59, 0, 0, time.UTC), "4 Maret 2026"},
		{"year end in WIB", time.Date(2025, 12, 31, 17, 30, 0, 0, time.UTC), "1 Januari 2026"},
		{"already WIB", time.Date(2026, 8, 17, 0, 0, 0, 0, wib()), "17 Agustus 2026"},
		{"May", time.Date(2026, 5, 1, 8, 0, 0, 0, wib()), "1 Mei 2026"},
		{"December", time.Date(2026, 12, 25, 8, 0, 0, 0, wib()), "25 Desember 2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IndonesianDate(tt.t); got != tt.want {
				t.Errorf("IndonesianDate(%v) = %q, want %q", tt.t, got, tt.want)
			}
		})
	}
}

func TestCleanText(t *testing.T) {
	// A font that has ASCII, "ê" and the combining acute accent, and nothing else.
	has := func(r rune) bool { return r < 0x80 || r == 'ê' || r == '\u0301' }
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Budi Santoso", "Budi Santoso"},
		{"trimmed and collapsed", "  Budi \t\n  Santoso \r\n", "Budi Santoso"},
		{"non-breaking space", "Budi\u00a0Santoso", "Budi Santoso"},
		{"missing accent falls back step by step", "ễ", "ê"},
		{"missing letter falls back to its base", "Ñ", "N"},
		{"nothing to fall back to", "語", "?"},
		{"zero-width and direction marks dropped", "A\u200bB\u200eC\ufeff", "ABC"},
		{"control characters are spaces", "A\x00B\x07C", "A B C"},
		{"unsupported combining mark dropped", "n\u0308", "n"},
		{"supported combining mark kept", "q\u0301", "q\u0301"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanText(tt.in, has); got != tt.want {
				t.Errorf("cleanText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
