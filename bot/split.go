package bot

import (
	"html"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Telegram's length limits, in UTF-16 code units of the text after HTML
// parsing (tags do not count; an entity such as &amp; counts as what it stands for).
const (
	MaxTextLen    = 4096 // sendMessage and editMessageText
	MaxCaptionLen = 1024 // captions of documents, photos and media groups
)

// SplitHTML cuts a Telegram HTML text into chunks of at most limit
// characters each, as Telegram counts them. It cuts at the last line break
// that fits, else at the last space, else inside a word; never inside a tag or
// an entity. Tags open at a cut are closed at the end of the chunk and
// reopened at the start of the next, so every chunk is balanced on its own.
// A text that fits is returned unchanged as the only chunk.
func SplitHTML(text string, limit int) []string {
	// Every character is at least as many UTF-8 bytes as UTF-16 units, and
	// tags are not visible at all: a text this short always fits.
	if len(text) <= limit {
		return []string{text}
	}
	sp := newHTMLSplitter(text)
	var chunks []string
	for !sp.done() {
		if c := sp.next(limit); c != "" {
			chunks = append(chunks, c)
		}
	}
	if len(chunks) == 0 {
		return []string{text}
	}
	return chunks
}

// htmlUnitKind says what one piece of a tokenised HTML text is.
type htmlUnitKind int

const (
	unitText  htmlUnitKind = iota // one character, or one entity
	unitOpen                      // an opening tag
	unitClose                     // a closing tag
)

// htmlUnit is one indivisible piece of a Telegram HTML text.
type htmlUnit struct {
	kind  htmlUnitKind
	raw   string
	width int    // UTF-16 code units Telegram counts (0 for tags)
	name  string // tag name, lower case
	space bool   // a space or a tab
	nl    bool   // a line break
}

// htmlSplitter hands out balanced chunks of a tokenised text, left to right.
type htmlSplitter struct {
	text  string
	units []htmlUnit
	pos   int
	open  []htmlUnit // tags open at pos
}

func newHTMLSplitter(text string) *htmlSplitter {
	return &htmlSplitter{text: text, units: tokenizeHTML(text)}
}

func (sp *htmlSplitter) done() bool { return sp.pos >= len(sp.units) }

// next returns the next chunk of at most limit characters, or "" when what
// was left holds nothing visible but white space.
func (sp *htmlSplitter) next(limit int) string {
	start := sp.pos
	width, end := 0, len(sp.units)
	for i := start; i < len(sp.units); i++ {
		if width+sp.units[i].width > limit {
			end = i
			break
		}
		width += sp.units[i].width
	}
	cut, resume := end, end
	if end < len(sp.units) {
		cut, resume = sp.breakBefore(start, end)
		for cut > start && sp.isBlank(cut-1) { // no white space before the cut either
			cut--
		}
	}
	opened := append([]htmlUnit(nil), sp.open...)
	var b strings.Builder
	visible := false
	for _, u := range opened {
		b.WriteString(u.raw)
	}
	for i := start; i < cut; i++ {
		u := sp.units[i]
		b.WriteString(u.raw)
		switch u.kind {
		case unitOpen:
			sp.open = append(sp.open, u)
		case unitClose:
			sp.closeTag(u.name)
		default:
			if !u.space && !u.nl {
				visible = true
			}
		}
	}
	for i := len(sp.open) - 1; i >= 0; i-- {
		b.WriteString("</" + sp.open[i].name + ">")
	}
	// Drop the line breaks and spaces at the cut: they would start the next chunk.
	for resume < len(sp.units) && sp.isBlank(resume) {
		resume++
	}
	sp.pos = resume
	if start == 0 && resume >= len(sp.units) {
		return sp.text // fits: keep it byte for byte
	}
	if !visible {
		return ""
	}
	return b.String()
}

// breakBefore picks where to cut between start and end (the first unit that
// does not fit): after the last line break, else the last space, else at end.
// It returns the cut and the index to resume from.
func (sp *htmlSplitter) breakBefore(start, end int) (cut, resume int) {
	for _, isBreak := range []func(htmlUnit) bool{
		func(u htmlUnit) bool { return u.nl },
		func(u htmlUnit) bool { return u.space },
	} {
		for i := end; i > start; i-- {
			if i < len(sp.units) && sp.units[i].kind == unitText && isBreak(sp.units[i]) && sp.hasVisible(start, i) {
				return i, i + 1
			}
		}
	}
	if end == start { // not even one unit fits: take it anyway rather than loop
		return end + 1, end + 1
	}
	// A hard cut: leave tags that open just before it to the next chunk.
	cut = end
	for cut > start+1 && sp.units[cut-1].kind == unitOpen {
		cut--
	}
	return cut, cut
}

func (sp *htmlSplitter) isBlank(i int) bool {
	u := sp.units[i]
	return u.kind == unitText && (u.nl || u.space)
}

func (sp *htmlSplitter) hasVisible(from, to int) bool {
	for i := from; i < to; i++ {
		u := sp.units[i]
		if u.kind == unitText && !u.space && !u.nl {
			return true
		}
	}
	return false
}

// closeTag pops the innermost open tag called name (and any left open inside it).
func (sp *htmlSplitter) closeTag(name string) {
	for i := len(sp.open) - 1; i >= 0; i-- {
		if sp.open[i].name == name {
			sp.open = sp.open[:i]
			return
		}
	}
}

// tokenizeHTML cuts text into tags, entities and single characters. A "<"
// without a closing ">" and an "&" that starts no entity are plain characters.
func tokenizeHTML(text string) []htmlUnit {
	units := make([]htmlUnit, 0, len(text))
	for i := 0; i < len(text); {
		switch text[i] {
		case '<':
			if j := strings.IndexByte(text[i:], '>'); j > 0 {
				raw := text[i : i+j+1]
				units = append(units, tagUnit(raw))
				i += j + 1
				continue
			}
		case '&':
			if j := strings.IndexByte(text[i:], ';'); j > 1 && j <= 32 {
				raw := text[i : i+j+1]
				if dec := html.UnescapeString(raw); dec != raw {
					units = append(units, htmlUnit{kind: unitText, raw: raw, width: utf16Len(dec)})
					i += j + 1
					continue
				}
			}
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		units = append(units, htmlUnit{
			kind:  unitText,
			raw:   text[i : i+size],
			width: utf16Len(string(r)),
			space: r == ' ' || r == '\t',
			nl:    r == '\n',
		})
		i += size
	}
	return units
}

func tagUnit(raw string) htmlUnit {
	inner := strings.TrimSuffix(strings.TrimPrefix(raw, "<"), ">")
	kind := unitOpen
	if strings.HasPrefix(inner, "/") {
		kind = unitClose
		inner = inner[1:]
	}
	name := inner
	if k := strings.IndexAny(inner, " \t\n/"); k >= 0 {
		name = inner[:k]
	}
	return htmlUnit{kind: kind, raw: raw, name: strings.ToLower(name)}
}

// utf16Len is the length of s in UTF-16 code units, the way Telegram counts.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
