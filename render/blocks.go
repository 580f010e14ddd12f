package render

import (
	"fmt"

	"github.com/signintech/gopdf"
)

// Table geometry, in millimetres: a number column, a label column and the value column.
const (
	cellPad     = 1.6
	colNoWidth  = 9.0
	colLabel    = 58.0
	colValue    = contentWidth - colNoWidth - colLabel
	signerWidth = 78.0 // each signature column
	signGap     = 24.0 // room for the wet signature (and a stamp) above the name
)

// paragraph is wrapped text across the content width.
type paragraph struct {
	text          string
	bold          bool
	delta         float64 // points added to the body size
	align         int     // gopdf.Left, gopdf.Center or gopdf.Right
	before, after float64 // space above and below, in millimetres
}

func (p paragraph) lines(d *document) ([]string, error) {
	if err := d.font(p.bold, p.delta); err != nil {
		return nil, err
	}
	return d.wrap(p.text, contentWidth)
}

func (p paragraph) height(d *document) (float64, error) {
	lines, err := p.lines(d)
	if err != nil {
		return 0, err
	}
	return p.before + float64(len(lines))*d.lineHeight(p.delta) + p.after, nil
}

func (p paragraph) draw(d *document, y float64) error {
	lines, err := p.lines(d)
	if err != nil {
		return err
	}
	y += p.before
	for _, line := range lines {
		if err := d.textAligned(marginLeft, contentWidth, y, line, p.align); err != nil {
			return err
		}
		y += d.lineHeight(p.delta)
	}
	return nil
}

// section is a shaded table row that names the group of fields below it.
type section struct{ title string }

// keepWithNext keeps a section heading on the page of its first row.
func (s section) keepWithNext() bool { return true }

func (s section) height(d *document) (float64, error) { return d.lineHeight(0) + 2*cellPad, nil }

func (s section) draw(d *document, y float64) error {
	h, _ := s.height(d)
	d.pdf.SetFillColor(230, 230, 230)
	d.pdf.RectFromUpperLeftWithStyle(marginLeft, y, contentWidth, h, "FD")
	d.pdf.SetFillColor(0, 0, 0)
	if err := d.font(true, 0); err != nil {
		return err
	}
	return d.text(marginLeft+cellPad, y+cellPad, s.title)
}

// row is one field of the form: its number, its label and the value, each wrapped inside its cell.
type row struct{ no, label, value string }

func (r row) lines(d *document) (labels, values []string, err error) {
	if err := d.font(false, 0); err != nil {
		return nil, nil, err
	}
	if labels, err = d.wrap(r.label, colLabel-2*cellPad); err != nil {
		return nil, nil, err
	}
	if err := d.font(true, 0); err != nil {
		return nil, nil, err
	}
	if values, err = d.wrap(r.value, colValue-2*cellPad); err != nil {
		return nil, nil, err
	}
	return labels, values, nil
}

func (r row) height(d *document) (float64, error) {
	labels, values, err := r.lines(d)
	if err != nil {
		return 0, err
	}
	return float64(max(len(labels), len(values)))*d.lineHeight(0) + 2*cellPad, nil
}

func (r row) draw(d *document, y float64) error {
	labels, values, err := r.lines(d)
	if err != nil {
		return err
	}
	h := float64(max(len(labels), len(values)))*d.lineHeight(0) + 2*cellPad
	d.pdf.RectFromUpperLeftWithStyle(marginLeft, y, colNoWidth, h, "D")
	d.pdf.RectFromUpperLeftWithStyle(marginLeft+colNoWidth, y, colLabel, h, "D")
	d.pdf.RectFromUpperLeftWithStyle(marginLeft+colNoWidth+colLabel, y, colValue, h, "D")
	if err := d.font(false, 0); err != nil {
		return err
	}
	if err := d.textAligned(marginLeft, colNoWidth, y+cellPad, r.no, gopdf.Center); err != nil {
		return err
	}
	if err := column(d, marginLeft+colNoWidth+cellPad, y+cellPad, d.lineHeight(0), labels); err != nil {
		return err
	}
	if err := d.font(true, 0); err != nil {
		return err
	}
	return column(d, marginLeft+colNoWidth+colLabel+cellPad, y+cellPad, d.lineHeight(0), values)
}

// column draws lines one under the other from (x, y), lh apart, in the current font.
func column(d *document, x, y, lh float64, lines []string) error {
	for i, line := range lines {
		if err := d.text(x, y+float64(i)*lh, line); err != nil {
			return err
		}
	}
	return nil
}

// signer is one signature column: the lines above the signature, then the name (bold, underlined) and NIP.
type signer struct {
	above []string // e.g. the place and date, then "Kuasa Pengguna Anggaran,"
	name  string
	nip   string
}

// signatures puts two signature columns side by side: the appointed admin left, the KPA right, the way
// Indonesian official letters place the deciding official.
type signatures struct {
	left, right signer
	before      float64
}

func (s signatures) columnLines(d *document, sg signer) (above, name []string, err error) {
	if err := d.font(false, 0); err != nil {
		return nil, nil, err
	}
	for _, a := range sg.above {
		lines, err := d.wrap(a, signerWidth)
		if err != nil {
			return nil, nil, err
		}
		above = append(above, lines...)
	}
	if err := d.font(true, 0); err != nil {
		return nil, nil, err
	}
	if name, err = d.wrap(sg.name, signerWidth); err != nil {
		return nil, nil, err
	}
	return above, name, nil
}

func (s signatures) height(d *document) (float64, error) {
	h := 0.0
	for _, sg := range []signer{s.left, s.right} {
		above, name, err := s.columnLines(d, sg)
		if err != nil {
			return 0, err
		}
		h = max(h, float64(len(above)+len(name)+1)*d.lineHeight(0)+signGap)
	}
	return s.before + h, nil
}

func (s signatures) draw(d *document, y float64) error {
	y += s.before
	// The KPA's column is right-aligned to the margin; the admin's mirrors it on the left. The columns
	// share their top and the names share one baseline, so both sign on the same line.
	xs := [2]float64{marginLeft, pageWidth - marginRight - signerWidth}
	lh := d.lineHeight(0)
	aboveMax := 0
	for _, sg := range []signer{s.left, s.right} {
		above, _, err := s.columnLines(d, sg)
		if err != nil {
			return err
		}
		aboveMax = max(aboveMax, len(above))
	}
	for i, sg := range []signer{s.left, s.right} {
		above, name, err := s.columnLines(d, sg)
		if err != nil {
			return err
		}
		if err := d.font(false, 0); err != nil {
			return err
		}
		// Bottom-align the lines above, so both titles sit right over the signature space.
		if err := column(d, xs[i], y+float64(aboveMax-len(above))*lh, lh, above); err != nil {
			return err
		}
		ny := y + float64(aboveMax)*lh + signGap
		if err := d.font(true, 0); err != nil {
			return err
		}
		for j, line := range name {
			ly := ny + float64(j)*lh
			if err := d.text(xs[i], ly, line); err != nil {
				return err
			}
			w, err := d.pdf.MeasureTextWidth(line)
			if err != nil {
				return fmt.Errorf("measure signer name: %w", err)
			}
			underline := ly + 0.8*lh
			d.pdf.Line(xs[i], underline, xs[i]+min(w, signerWidth), underline)
		}
		if err := d.font(false, 0); err != nil {
			return err
		}
		if err := d.text(xs[i], ny+float64(len(name))*lh, "NIP "+sg.nip); err != nil {
			return err
		}
	}
	return nil
}
