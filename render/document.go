package render

import (
	"fmt"

	"github.com/signintech/gopdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// A4 page geometry, in millimetres.
const (
	pageWidth     = 210.0
	pageHeight    = 297.0
	marginLeft    = 20.0
	marginRight   = 20.0
	marginTop     = 16.0
	contentBottom = pageHeight - 22.0 // the footer lives below
	contentWidth  = pageWidth - marginLeft - marginRight
)

// Font families registered in every document. Both are the Go fonts (golang.org/x/image/font/gofont),
// TrueType files compiled into the binary: they cover Latin-1, Latin Extended-A, curly quotes and dashes,
// so names such as "Ñ" or "é" print as written and no font is read from disk or the network.
const (
	fontRegular = "regular"
	fontBold    = "bold"
)

// ptToMM converts typographic points to millimetres.
const ptToMM = 25.4 / 72

// document draws blocks of text on A4 pages with gopdf. It does no I/O and logs nothing.
type document struct {
	pdf  *gopdf.GoPdf
	body float64 // body font size in points
}

// block is a piece of a page that is never split across pages: a paragraph, a table row, the signatures.
type block interface {
	// height is the block's height in millimetres at the document's current body size.
	height(d *document) (float64, error)
	// draw draws the block with its top edge at y.
	draw(d *document, y float64) error
}

// keeper is a block that must share its page with the block after it, such as a heading.
type keeper interface{ keepWithNext() bool }

// newDocument starts an A4 document with the Go fonts registered and info as its metadata.
func newDocument(info gopdf.PdfInfo) (*document, error) {
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4, Unit: gopdf.UnitMM})
	pdf.SetInfo(info)
	// cleanText already replaced what the fonts lack; '?' rather than gopdf's default blank is a last
	// guard, so a missing letter is visible on paper instead of silently becoming a space.
	opt := gopdf.TtfOption{OnGlyphNotFoundSubstitute: func(rune) rune { return '?' }}
	if err := pdf.AddTTFFontDataWithOption(fontRegular, goregular.TTF, opt); err != nil {
		return nil, fmt.Errorf("add regular font: %w", err)
	}
	if err := pdf.AddTTFFontDataWithOption(fontBold, gobold.TTF, opt); err != nil {
		return nil, fmt.Errorf("add bold font: %w", err)
	}
	d := &document{pdf: pdf, body: 10}
	if err := d.font(false, 0); err != nil {
		return nil, err
	}
	return d, nil
}

// font selects the regular or bold face at the body size plus delta points.
func (d *document) font(bold bool, delta float64) error {
	family := fontRegular
	if bold {
		family = fontBold
	}
	if err := d.pdf.SetFont(family, "", d.body+delta); err != nil {
		return fmt.Errorf("set font %s: %w", family, err)
	}
	return nil
}

// lineHeight is the distance between baselines, in millimetres, at the body size plus delta points.
func (d *document) lineHeight(delta float64) float64 {
	return (d.body + delta) * ptToMM * 1.3
}

// has reports whether the fonts can draw r. The regular and bold Go fonts cover the same characters.
func (d *document) has(r rune) bool {
	ok, err := d.pdf.IsCurrFontContainGlyph(r)
	return err == nil && ok
}

// clean prepares user-supplied text for drawing; see cleanText.
func (d *document) clean(s string) string { return cleanText(s, d.has) }

// wrap breaks text into lines no wider than width millimetres in the current font, at spaces where it
// can and inside a word when a word alone is too wide (long e-mail addresses, numbers without spaces).
func (d *document) wrap(text string, width float64) ([]string, error) {
	if text == "" {
		return []string{""}, nil
	}
	lines, err := d.pdf.SplitTextWithWordWrap(text, width)
	if err != nil {
		return nil, fmt.Errorf("wrap text: %w", err)
	}
	return lines, nil
}

// text draws s with its top-left corner at (x, y) in the current font.
func (d *document) text(x, y float64, s string) error {
	if s == "" {
		return nil
	}
	d.pdf.SetXY(x, y)
	if err := d.pdf.Cell(nil, s); err != nil {
		return fmt.Errorf("draw text: %w", err)
	}
	return nil
}

// textAligned draws s in the box [x, x+w] at y, aligned by align (gopdf.Left, gopdf.Center or gopdf.Right).
func (d *document) textAligned(x, w, y float64, s string, align int) error {
	if align != gopdf.Left {
		tw, err := d.pdf.MeasureTextWidth(s)
		if err != nil {
			return fmt.Errorf("measure text: %w", err)
		}
		switch align {
		case gopdf.Center:
			x += (w - tw) / 2
		case gopdf.Right:
			x += w - tw
		}
	}
	return d.text(x, y, s)
}

// layout places blocks top to bottom from marginTop. It returns the blocks of each page with their top
// edges; a block that does not fit on the current page starts the next one.
func (d *document) layout(blocks []block) ([][]placed, error) {
	pages := [][]placed{nil}
	y := marginTop
	for i, b := range blocks {
		h, err := b.height(d)
		if err != nil {
			return nil, err
		}
		need := h
		if k, ok := b.(keeper); ok && k.keepWithNext() && i+1 < len(blocks) {
			// A heading at the foot of a page, with its rows on the next, reads as a mistake.
			next, err := blocks[i+1].height(d)
			if err != nil {
				return nil, err
			}
			need += next
		}
		if y+need > contentBottom && len(pages[len(pages)-1]) > 0 {
			pages = append(pages, nil)
			y = marginTop
		}
		pages[len(pages)-1] = append(pages[len(pages)-1], placed{block: b, y: y})
		y += h
	}
	return pages, nil
}

// placed is a block with the top edge it was given by layout.
type placed struct {
	block block
	y     float64
}

// fit picks the largest body size at which blocks fit on one page (the smallest size otherwise, the
// form then running over several pages) and returns the layout at that size.
func (d *document) fit(blocks []block) ([][]placed, error) {
	var pages [][]placed
	for _, size := range [...]float64{10, 9.5, 9, 8.5, 8} {
		d.body = size
		var err error
		if pages, err = d.layout(blocks); err != nil {
			return nil, err
		}
		if len(pages) == 1 {
			break
		}
	}
	return pages, nil
}

// render draws the laid-out pages, calling footer for each with its 1-based number and the page count,
// and returns the PDF file.
func (d *document) render(pages [][]placed, footer func(d *document, page, total int) error) ([]byte, error) {
	for i, page := range pages {
		d.pdf.AddPage()
		d.pdf.SetLineWidth(0.25)
		d.pdf.SetStrokeColor(0, 0, 0)
		for _, p := range page {
			if err := p.block.draw(d, p.y); err != nil {
				return nil, err
			}
		}
		if err := footer(d, i+1, len(pages)); err != nil {
			return nil, err
		}
	}
	out, err := d.pdf.GetBytesPdfReturnErr()
	if err != nil {
		return nil, fmt.Errorf("write pdf: %w", err)
	}
	return out, nil
}
