package render

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// wib is Western Indonesia Time (UTC+7, no daylight saving), the KPPN's time zone.
func wib() *time.Location { return time.FixedZone("WIB", 7*60*60) }

// IndonesianDate formats t as an Indonesian long date in WIB, the way official letters write it:
// "5 Maret 2026". A zero time gives "".
func IndonesianDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	months := [12]string{
		"Januari", "Februari", "Maret", "April", "Mei", "Juni",
		"Juli", "Agustus", "September", "Oktober", "November", "Desember",
	}
	t = t.In(wib())
	return strconv.Itoa(t.Day()) + " " + months[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// cleanText makes s safe to draw with a font whose coverage is has: it composes accents (NFC), turns
// control characters and line breaks into spaces, collapses runs of white space, and replaces a
// character the font lacks by the same letter with fewer accents ("ễ" → "ê") or, failing that, by "?". The PDF then never
// holds an invisible or silently dropped character.
func cleanText(s string, has func(rune) bool) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			space = b.Len() > 0
			continue
		}
		if !unicode.IsPrint(r) || unicode.Is(unicode.Mn, r) && !has(r) {
			// Format characters (zero-width joiners, direction marks, BOM) draw nothing, and an accent
			// the font cannot place is dropped rather than shown as "?".
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		if r == unicode.ReplacementChar {
			// Invalid UTF-8 (or U+FFFD itself): a plain "?" on paper, not a black diamond.
			b.WriteByte('?')
			continue
		}
		b.WriteRune(fallback(r, has))
	}
	return b.String()
}

// fallback returns r when the font has it, otherwise the same letter with fewer accents when the font
// has that ("ễ" → "ê" → "e"), otherwise '?'.
func fallback(r rune, has func(rune) bool) rune {
	if has(r) {
		return r
	}
	parts := []rune(norm.NFD.String(string(r)))
	for n := len(parts) - 1; n > 0; n-- {
		composed := []rune(norm.NFC.String(string(parts[:n])))
		if len(composed) == 1 && has(composed[0]) {
			return composed[0]
		}
	}
	return '?'
}
