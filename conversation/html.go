package conversation

import (
	"html"
	"strings"
	"unicode/utf8"
)

// EscapeHTML makes s safe to insert into a Telegram HTML text: it escapes the
// characters Telegram's HTML parse mode treats as markup (as entities it
// understands: &lt; &gt; &amp; &quot; and numeric ones).
func EscapeHTML(s string) string {
	return html.EscapeString(s)
}

// shorten returns s cut to at most n runes, ending in "…" when it was cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// quote returns what the user sent, cut to a short prefix and escaped, for
// quoting in an answer: a 10 000-character input is never echoed whole.
func quote(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return EscapeHTML(shorten(s, 24))
}
