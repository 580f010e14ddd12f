package report

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"testing"

	"posko/conversation"
)

func decodeChart(t *testing.T, data []byte, w, h int) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decode png: %v", err)
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Fatalf("chart is %dx%d, want %dx%d", b.Dx(), b.Dy(), w, h)
	}
	return img
}

// colours counts the distinct colours of img, a few at most for a blank one.
func colours(img image.Image) int {
	seen := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
		}
	}
	return len(seen)
}

// hasColour reports whether img holds a pixel of exactly c's colour.
func hasColour(img image.Image, c [3]uint8) bool {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if uint8(r>>8) == c[0] && uint8(g>>8) == c[1] && uint8(bl>>8) == c[2] {
				return true
			}
		}
	}
	return false
}

func TestChart(t *testing.T) {
	for _, size := range [][2]int{{1600, 800}, {1280, 720}, {801, 433}} {
		data, err := Chart(testReport(), size[0], size[1])
		if err != nil {
			t.Fatalf("%v: %v", size, err)
		}
		img := decodeChart(t, data, size[0], size[1])
		if n := colours(img); n < 20 {
			t.Errorf("%v: %d colours: the chart looks blank", size, n)
		}
		// The transaction bar is drawn in its colour.
		if !hasColour(img, [3]uint8{0xC5, 0x5A, 0x11}) {
			t.Errorf("%v: no bar of the transaction stage", size)
		}
		if os.Getenv("REPORT_CHART_OUT") != "" && size[0] == 1600 {
			_ = os.WriteFile(os.Getenv("REPORT_CHART_OUT"), data, 0o600)
		}
	}
}

func TestChartEmpty(t *testing.T) {
	r := conversation.Report{KPPN: conversation.KPPN{Code: "070"}, At: testReport().At}
	data, err := Chart(r, 1200, 600)
	if err != nil {
		t.Fatal(err)
	}
	img := decodeChart(t, data, 1200, 600)
	if n := colours(img); n < 5 {
		t.Errorf("%d colours: want at least axes and titles", n)
	}
}

func TestChartSize(t *testing.T) {
	for _, size := range [][2]int{{0, 600}, {1200, -1}, {100, 600}, {9000, 600}} {
		if _, err := Chart(testReport(), size[0], size[1]); err == nil {
			t.Errorf("%v: no error", size)
		}
	}
}

func BenchmarkChart25k(b *testing.B) {
	r := bigReport(25_000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Chart(r, 1600, 800); err != nil {
			b.Fatal(err)
		}
	}
}
