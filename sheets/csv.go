package sheets

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"posko/conversation"
)

// readCSV reads a CSV file (see Read).
func readCSV(data []byte) ([]conversation.SheetRow, error) {
	data, err := toUTF8(data)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = delimiter(data)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = true
	var out rows
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%w: csv: %w", ErrUnreadable, err)
		}
		line, _ := r.FieldPos(0)
		if err := out.add(line, rec); err != nil {
			return nil, err
		}
	}
}

// toUTF8 returns data as UTF-8 without a byte order mark: UTF-16 with a BOM
// (Excel's "Unicode Text") is decoded, text that is not valid UTF-8 is taken
// as Windows-1252 (Excel's CSV on Windows), and binary data is refused.
func toUTF8(data []byte) ([]byte, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		dec := unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()
		out, err := dec.Bytes(data)
		if err != nil {
			return nil, fmt.Errorf("%w: utf-16: %w", ErrUnreadable, err)
		}
		data = out
	}
	if bytes.IndexByte(data, 0) >= 0 {
		return nil, ErrUnsupported
	}
	if !utf8.Valid(data) {
		out, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err != nil {
			return nil, fmt.Errorf("%w: windows-1252: %w", ErrUnreadable, err)
		}
		data = out
	}
	return data, nil
}

// delimiter guesses the CSV delimiter from the first line that holds one
// outside quotes (a title line above the header may hold none): the most
// frequent of comma, semicolon (Excel with Indonesian regional settings)
// and tab; comma when no line has any.
func delimiter(data []byte) rune {
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		counts := map[byte]int{}
		quoted := false
		for _, c := range line {
			switch {
			case c == '"':
				quoted = !quoted
			case !quoted && (c == ',' || c == ';' || c == '\t'):
				counts[c]++
			}
		}
		best := byte(0)
		for _, c := range []byte{',', ';', '\t'} {
			if counts[c] > counts[best] {
				best = c
			}
		}
		if best != 0 {
			return rune(best)
		}
	}
	return ','
}
