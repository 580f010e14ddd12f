package bot

import (
	"html"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

var testTagRe = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>`)

// visibleText is what Telegram shows of an HTML text: tags removed, entities decoded.
func visibleText(s string) string {
	return html.UnescapeString(testTagRe.ReplaceAllString(s, ""))
}

// telegramLen counts UTF-16 code units of the visible text, as Telegram does.
func telegramLen(s string) int {
	return len(utf16.Encode([]rune(visibleText(s))))
}

// checkBalanced fails the test when chunk closes a tag it did not open, or
// leaves one open.
func checkBalanced(t *testing.T, chunk string) {
	t.Helper()
	var stack []string
	for _, m := range testTagRe.FindAllStringSubmatch(chunk, -1) {
		if m[1] == "" {
			stack = append(stack, m[2])
			continue
		}
		if len(stack) == 0 || stack[len(stack)-1] != m[2] {
			t.Fatalf("chunk closes <%s> that is not the innermost open tag (open: %v): %q", m[2], stack, clip(chunk))
		}
		stack = stack[:len(stack)-1]
	}
	if len(stack) > 0 {
		t.Fatalf("chunk leaves tags open %v: %q", stack, clip(chunk))
	}
}

func clip(s string) string {
	if len(s) > 120 {
		return s[:60] + " … " + s[len(s)-60:]
	}
	return s
}

// squeeze drops white space, so texts can be compared across cuts (a cut eats one line break or space).
func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

func TestSplitHTML(t *testing.T) {
	line := "Baris nomor sekian dari laporan satker yang panjang sekali.\n" // 60 characters
	tests := []struct {
		name       string
		text       string
		limit      int
		wantChunks int    // 0: do not check the count
		wantFirst  string // when set, the first chunk must be exactly this
		check      func(t *testing.T, chunks []string)
	}{
		{
			name: "short text unchanged", text: "<b>Halo</b> Anda &amp; tim", limit: MaxTextLen,
			wantChunks: 1, wantFirst: "<b>Halo</b> Anda &amp; tim",
		},
		{
			name: "5000 characters of lines split at a line break", text: strings.Repeat(line, 84)[:5000], limit: MaxTextLen,
			wantChunks: 2,
			check: func(t *testing.T, chunks []string) {
				if !strings.HasSuffix(chunks[0], "panjang sekali.") {
					t.Errorf("first chunk should end at a line end, ends %q", chunks[0][len(chunks[0])-20:])
				}
				if !strings.HasPrefix(chunks[1], "Baris nomor") {
					t.Errorf("second chunk should start a line, starts %q", chunks[1][:20])
				}
			},
		},
		{
			name: "no line breaks split at a space", text: strings.Repeat("kata ", 1000), limit: 1024,
			wantChunks: 5,
			check: func(t *testing.T, chunks []string) {
				for _, c := range chunks {
					if c = strings.TrimSpace(c); !strings.HasPrefix(c, "kata") || !strings.HasSuffix(c, "kata") {
						t.Errorf("chunk cut inside a word: %q", clip(c))
					}
				}
			},
		},
		{
			name: "one long word cut hard", text: strings.Repeat("x", 9000), limit: MaxTextLen,
			wantChunks: 3, wantFirst: strings.Repeat("x", 4096),
		},
		{
			name: "emoji counted as two units and never halved", text: strings.Repeat("😀", 3000), limit: MaxTextLen,
			wantChunks: 2, wantFirst: strings.Repeat("😀", 2048),
		},
		{
			name: "entities count as one character and stay whole", text: strings.Repeat("a&amp;", 10), limit: 5,
			wantChunks: 4, wantFirst: "a&amp;a&amp;a",
		},
		{
			name: "bold across the cut is closed and reopened", text: "<b>" + strings.Repeat(line, 100) + "</b>", limit: MaxTextLen,
			wantChunks: 2,
			check: func(t *testing.T, chunks []string) {
				if !strings.HasSuffix(chunks[0], "</b>") || !strings.HasPrefix(chunks[1], "<b>") {
					t.Errorf("bold not closed and reopened: ...%q | %q...", chunks[0][len(chunks[0])-10:], chunks[1][:10])
				}
			},
		},
		{
			name: "nested link reopened with its href", text: `<i>mulai <a href="https://example.org/a?b=1&amp;c=2">` + strings.Repeat("tautan ", 20) + `</a></i> akhir`, limit: 50,
			check: func(t *testing.T, chunks []string) {
				if !strings.HasPrefix(chunks[1], `<i><a href="https://example.org/a?b=1&amp;c=2">`) {
					t.Errorf("second chunk does not reopen the tags: %q", chunks[1])
				}
				if !strings.HasSuffix(chunks[0], "</a></i>") {
					t.Errorf("first chunk does not close the tags: %q", chunks[0])
				}
			},
		},
		{
			name: "tag just before a hard cut moves to the next chunk", text: "aaaa<b>bbbb</b>", limit: 4,
			wantChunks: 2, wantFirst: "aaaa",
		},
		{
			name: "blank lines at the cut are dropped", text: strings.Repeat("a", 10) + "\n\n\n" + strings.Repeat("b", 10), limit: 12,
			wantChunks: 2, wantFirst: strings.Repeat("a", 10),
			check: func(t *testing.T, chunks []string) {
				if chunks[1] != strings.Repeat("b", 10) {
					t.Errorf("second chunk = %q", chunks[1])
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chunks := SplitHTML(tt.text, tt.limit)
			if tt.wantChunks != 0 && len(chunks) != tt.wantChunks {
				t.Fatalf("got %d chunks, want %d: %q", len(chunks), tt.wantChunks, chunks)
			}
			if len(chunks) < 2 && tt.wantChunks != 1 {
				t.Fatalf("expected a split, got %d chunk(s)", len(chunks))
			}
			if tt.wantFirst != "" && chunks[0] != tt.wantFirst {
				t.Errorf("first chunk = %q, want %q", clip(chunks[0]), clip(tt.wantFirst))
			}
			var joined strings.Builder
			for i, c := range chunks {
				if n := telegramLen(c); n > tt.limit || n == 0 {
					t.Errorf("chunk %d has %d characters, limit %d", i, n, tt.limit)
				}
				if !utf8.ValidString(c) {
					t.Errorf("chunk %d is not valid UTF-8", i)
				}
				checkBalanced(t, c)
				joined.WriteString(visibleText(c))
			}
			if got, want := squeeze(joined.String()), squeeze(visibleText(tt.text)); got != want {
				t.Errorf("chunks lose or add text:\n got %q\nwant %q", clip(got), clip(want))
			}
			if tt.check != nil {
				tt.check(t, chunks)
			}
		})
	}
}
