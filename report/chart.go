package report

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"posko/conversation"
)

// Chart sizes Chart accepts, in pixels.
const (
	minChartSide = 200
	maxChartSide = 8000
)

// progressWeeks is how many weeks the progress side shows.
const progressWeeks = 26

// palette colours the funnel's bars and the progress lines: the satker
// managing UP, then the stages in order.
var palette = []color.Color{
	color.RGBA{0x7F, 0x7F, 0x7F, 0xFF}, // satker
	color.RGBA{0x1F, 0x4E, 0x78, 0xFF}, // admin
	color.RGBA{0x2E, 0x75, 0xB6, 0xFF}, // pengguna
	color.RGBA{0x54, 0x8C, 0x2F, 0xFF}, // vendor
	color.RGBA{0xC5, 0x5A, 0x11, 0xFF}, // transaksi
}

// Chart draws r as a PNG image of exactly width×height pixels: on the left
// the funnel (satker managing UP, then how many reached each stage, with
// counts and shares), on the right the progress over the last 26 weeks (for
// each stage, how many satker had reached it by the end of each week, from
// the stages' dates). The resolution grows with the height so the text
// keeps its proportion.
func Chart(r conversation.Report, width, height int) ([]byte, error) {
	if width < minChartSide || height < minChartSide || width > maxChartSide || height > maxChartSide {
		return nil, fmt.Errorf("chart size %dx%d: want %d to %d pixels a side", width, height, minChartSide, maxChartSide)
	}
	l := conversation.ReportText()
	dpi := min(600, max(36, 96*height/800))
	c := vgimg.NewWith(vgimg.UseImage(image.NewRGBA(image.Rect(0, 0, width, height))), vgimg.UseDPI(dpi))
	dc := draw.New(c)
	tiles := draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Millimeter * 6, PadTop: vg.Millimeter * 3,
		PadBottom: vg.Millimeter * 3, PadLeft: vg.Millimeter * 3, PadRight: vg.Millimeter * 4}
	funnel, err := funnelPlot(r.Figures(), l, dc.Max.Y-dc.Min.Y)
	if err != nil {
		return nil, err
	}
	funnel.Draw(tiles.At(dc, 0, 0))
	progress, err := progressPlot(r, l)
	if err != nil {
		return nil, err
	}
	progress.Draw(tiles.At(dc, 1, 0))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("encode chart: %w", err)
	}
	return buf.Bytes(), nil
}

// funnelPlot draws the funnel: one horizontal bar per step, the satker
// managing UP on top, each labelled with its count and share.
func funnelPlot(f conversation.ReportFigures, l conversation.ReportLabels, canvasHeight vg.Length) (*plot.Plot, error) {
	p := newPlot(l.FunnelTitle)
	p.X.Label.Text = l.FunnelX
	values := []int{f.Satkers, f.WithAdmin, f.WithUsers, f.WithVendor, f.WithTx}
	names := []string{l.FunnelSatkers, conversation.StageName(conversation.StageAdmin),
		conversation.StageName(conversation.StageUsers), conversation.StageName(conversation.StageVendor),
		conversation.StageName(conversation.StageTx)}
	var labels plotter.XYLabels
	top := 1
	for i, v := range values {
		pos := float64(len(values) - 1 - i)
		bar, err := plotter.NewBarChart(plotter.Values{float64(v)}, canvasHeight*0.085)
		if err != nil {
			return nil, fmt.Errorf("funnel bar: %w", err)
		}
		bar.Horizontal, bar.XMin, bar.Color, bar.LineStyle.Width = true, pos, palette[i], 0
		p.Add(bar)
		labels.XYs = append(labels.XYs, plotter.XY{X: float64(v), Y: pos})
		labels.Labels = append(labels.Labels, conversation.FormatCount(int64(v))+" ("+conversation.FormatPercent(v, f.Satkers)+")")
		top = max(top, v)
	}
	lab, err := plotter.NewLabels(labels)
	if err != nil {
		return nil, fmt.Errorf("funnel labels: %w", err)
	}
	for i := range lab.TextStyle {
		lab.TextStyle[i].YAlign = draw.YCenter
	}
	lab.Offset = vg.Point{X: vg.Millimeter * 1.5}
	p.Add(lab)
	slices.Reverse(names)
	p.NominalY(names...)
	p.X.Min, p.X.Max = 0, float64(top)*1.45
	p.X.Tick.Marker = plot.TickerFunc(countTicks)
	return p, nil
}

// progressPlot draws, for the satker managing UP and for each stage, how
// many satker were there by the end of each of the last weeks.
func progressPlot(r conversation.Report, l conversation.ReportLabels) (*plot.Plot, error) {
	p := newPlot(l.ProgressTitle)
	p.X.Label.Text = l.ProgressX
	p.Y.Label.Text = l.ProgressY
	p.Add(plotter.NewGrid())
	end := r.At.In(wib)
	ends := make([]int64, progressWeeks)
	for k := range ends {
		ends[k] = end.AddDate(0, 0, -7*(progressWeeks-1-k)).Unix()
	}
	series := []struct {
		name string
		at   func(s *conversation.SatkerProgress) time.Time
	}{
		{l.FunnelSatkers, func(s *conversation.SatkerProgress) time.Time { return s.CreatedAt }},
		{conversation.StageName(conversation.StageAdmin), func(s *conversation.SatkerProgress) time.Time { return s.AdminAt }},
		{conversation.StageName(conversation.StageUsers), func(s *conversation.SatkerProgress) time.Time { return s.UsersAt }},
		{conversation.StageName(conversation.StageVendor), func(s *conversation.SatkerProgress) time.Time { return s.VendorAt }},
		{conversation.StageName(conversation.StageTx), func(s *conversation.SatkerProgress) time.Time { return s.TxAt }},
	}
	top := 1
	dates := make([]int64, 0, len(r.Satkers))
	for i, se := range series {
		dates = dates[:0]
		for j := range r.Satkers {
			switch t := se.at(&r.Satkers[j]); {
			case !t.IsZero():
				dates = append(dates, t.Unix())
			case i == 0: // in the map since before it recorded when
				dates = append(dates, math.MinInt64)
			}
		}
		slices.Sort(dates)
		xys := make(plotter.XYs, progressWeeks)
		for k, e := range ends {
			n, _ := slices.BinarySearch(dates, e+1) // the dates up to e
			xys[k] = plotter.XY{X: float64(k), Y: float64(n)}
			top = max(top, n)
		}
		line, err := plotter.NewLine(xys)
		if err != nil {
			return nil, fmt.Errorf("progress line: %w", err)
		}
		line.Color, line.Width = palette[i], vg.Points(2)
		if i == 0 {
			line.Dashes = []vg.Length{vg.Points(6), vg.Points(4)}
		}
		p.Add(line)
		p.Legend.Add(se.name, line)
	}
	p.Legend.Top, p.Legend.Left = true, true
	p.Legend.XOffs = vg.Millimeter * 2
	p.X.Min, p.X.Max = 0, progressWeeks-1
	p.Y.Min, p.Y.Max = 0, float64(top)*1.3 // room for the legend
	p.X.Tick.Marker = plot.TickerFunc(func(_, _ float64) []plot.Tick {
		ticks := make([]plot.Tick, progressWeeks)
		for k := range ticks {
			ticks[k].Value = float64(k)
			if (progressWeeks-1-k)%4 == 0 {
				ticks[k].Label = time.Unix(ends[k], 0).In(wib).Format("02/01")
			}
		}
		return ticks
	})
	p.Y.Tick.Marker = plot.TickerFunc(countTicks)
	return p, nil
}

// newPlot starts a plot with a bold-sized title.
func newPlot(title string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(14)
	p.Title.Padding = vg.Points(8)
	return p
}

// countTicks marks counts of satker: whole numbers only, written with the
// Indonesian thousands separator.
func countTicks(lo, hi float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(lo, hi)
	for i, t := range ticks {
		if t.Label == "" {
			continue
		}
		if t.Value != math.Trunc(t.Value) {
			ticks[i].Label = ""
			continue
		}
		ticks[i].Label = conversation.FormatCount(int64(t.Value))
	}
	return ticks
}
