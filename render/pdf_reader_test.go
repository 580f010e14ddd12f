package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// run is one piece of text the PDF draws in one go (one gopdf cell), as a reader sees it.
type run struct {
	page       int
	x, y, size float64 // points; y from the bottom of the page
	font       string
	text       string
}

// parsedPDF is what the tests read back from a rendered PDF: its plain text per page and its text runs.
type parsedPDF struct {
	pages []string
	runs  []run
}

// text is the text of all pages with line breaks turned into spaces, so a wrapped value reads whole.
func (p parsedPDF) text() string {
	return strings.Join(strings.Fields(strings.Join(p.pages, " ")), " ")
}

// parsePDF reads out with github.com/ledongthuc/pdf, an independent reader, failing the test when the
// file does not start like a PDF or does not parse.
func parsePDF(t *testing.T, out []byte) parsedPDF {
	t.Helper()
	if !bytes.HasPrefix(out, []byte("%PDF-")) {
		t.Fatalf("output starts with %q, want %%PDF-", out[:min(len(out), 8)])
	}
	r, err := pdf.NewReader(bytes.NewReader(out), int64(len(out)))
	if err != nil {
		t.Fatalf("parse pdf: %v", err)
	}
	var p parsedPDF
	for n := 1; n <= r.NumPage(); n++ {
		page := r.Page(n)
		text, err := page.GetPlainText(nil)
		if err != nil {
			t.Fatalf("text of page %d: %v", n, err)
		}
		p.pages = append(p.pages, text)
		// The reader reports one item per character, all with the cell's origin (it cannot size CID
		// fonts), and a stray U+FFFD after each cell: group them back into cells.
		var cur *run
		for _, c := range page.Content().Text {
			if cur == nil || c.X != cur.x || c.Y != cur.y || c.Font != cur.font || c.FontSize != cur.size {
				p.runs = append(p.runs, run{page: n, x: c.X, y: c.Y, size: c.FontSize, font: c.Font})
				cur = &p.runs[len(p.runs)-1]
			}
			if c.S != "\uFFFD" {
				cur.text += c.S
			}
		}
	}
	return p
}

// textWidth measures s in points with the Go font the PDF names, straight from the TrueType data, so
// the overflow check does not trust gopdf's own measurement.
func textWidth(t *testing.T, fontName string, size float64, s string) float64 {
	t.Helper()
	data := goregular.TTF
	if fontName == fontBold {
		data = gobold.TTF
	}
	f, err := sfnt.Parse(data)
	if err != nil {
		t.Fatalf("parse font: %v", err)
	}
	var buf sfnt.Buffer
	upem := fixed.Int26_6(f.UnitsPerEm())
	var units fixed.Int26_6
	for _, r := range s {
		idx, err := f.GlyphIndex(&buf, r)
		if err != nil {
			t.Fatalf("glyph %q: %v", r, err)
		}
		adv, err := f.GlyphAdvance(&buf, idx, upem, font.HintingNone)
		if err != nil {
			t.Fatalf("advance %q: %v", r, err)
		}
		units += adv
	}
	return float64(units) / float64(upem) * size
}

// checkInsidePage fails the test for any text run that starts or ends outside the margins, or sits in
// the top margin or below the page.
func checkInsidePage(t *testing.T, p parsedPDF) {
	t.Helper()
	const mm = 72 / 25.4
	const slack = 0.5 // points
	if len(p.runs) == 0 {
		t.Fatal("no text runs found in the pdf")
	}
	for _, r := range p.runs {
		right := r.x + textWidth(t, r.font, r.size, r.text)
		if r.x < marginLeft*mm-slack || right > (pageWidth-marginRight)*mm+slack {
			t.Errorf("page %d: %q spans x %.1f–%.1f pt, outside the margins %.1f–%.1f",
				r.page, r.text, r.x, right, marginLeft*mm, (pageWidth-marginRight)*mm)
		}
		if r.y < 0 || r.y > (pageHeight-marginTop)*mm {
			t.Errorf("page %d: %q at y %.1f pt, outside the page's text area", r.page, r.text, r.y)
		}
	}
}
