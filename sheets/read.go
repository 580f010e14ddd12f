// Package sheets reads the spreadsheets officers send to import (the satker
// map, Digipay transactions): the first sheet of an XLSX workbook, or a CSV
// file, as rows of trimmed text cells, each with its line in the file so a
// rejected row can be pointed at. What the columns mean is the conversation
// package's business (conversation.ParseSatkerSheet).
package sheets

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"

	"posko/conversation"
)

// MaxRows is the most non-empty rows a file may have, its header included.
const MaxRows = conversation.MaxSheetRows

// Errors of Read; Reason turns them into the officer's words.
var (
	// ErrUnsupported means the file is neither CSV nor XLSX (an old .xls, a
	// password-protected workbook, a PDF, an image).
	ErrUnsupported = errors.New("not a CSV or XLSX file")
	// ErrUnreadable means a CSV or XLSX file that cannot be parsed.
	ErrUnreadable = errors.New("unreadable file")
	// ErrNoSheet means a workbook without a worksheet to read.
	ErrNoSheet = errors.New("no worksheet")
	// ErrTooManyRows means more than MaxRows non-empty rows.
	ErrTooManyRows = errors.New("too many rows")
)

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1} // .xls, encrypted .xlsx
)

// Read reads a file named name: an XLSX workbook (by its zip signature or
// the .xlsx name) or else CSV (UTF-8 with or without a byte order mark,
// UTF-16 with one, or Windows-1252; the delimiter, comma, semicolon or tab,
// guessed from the first line that has one). It returns the non-empty rows
// of the first sheet in order, cells trimmed; each row's Line is its
// 1-based line in the file (the record's first line for a CSV field that
// spans lines, the row number in an XLSX sheet), so empty rows left out do
// not shift the numbers officers see. XLSX cells are read raw: a date is
// its serial number ("46037"), a number without its display format.
// Errors wrap ErrUnsupported, ErrUnreadable, ErrNoSheet or ErrTooManyRows.
func Read(name string, data []byte) ([]conversation.SheetRow, error) {
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case bytes.HasPrefix(data, zipMagic):
		if ext == ".ods" {
			return nil, ErrUnsupported
		}
		return readXLSX(data)
	case bytes.HasPrefix(data, oleMagic), bytes.HasPrefix(data, []byte("%PDF")):
		return nil, ErrUnsupported
	case ext == ".xlsx":
		return nil, ErrUnreadable
	case ext == ".xls" || ext == ".ods" || ext == ".pdf" || ext == ".doc" || ext == ".docx":
		return nil, ErrUnsupported
	}
	return readCSV(data)
}

// Reason is the officer's words, for conversation.ImportResult.Failed, for an
// error of Read.
func Reason(err error) string {
	switch {
	case errors.Is(err, ErrUnsupported):
		return conversation.TextSheetUnsupported
	case errors.Is(err, ErrNoSheet):
		return conversation.TextSheetNoSheet
	case errors.Is(err, ErrTooManyRows):
		return conversation.TextSheetTooManyRows
	}
	return conversation.TextSheetUnreadable
}

// rows collects the non-empty rows of a file, up to MaxRows.
type rows []conversation.SheetRow

// add appends the row at line, trimming its cells and dropping trailing
// empty ones; an empty row is left out. cells may be reused by the caller.
func (r *rows) add(line int, cells []string) error {
	n := 0
	for i, c := range cells {
		if strings.TrimSpace(c) != "" {
			n = i + 1
		}
	}
	if n == 0 {
		return nil
	}
	if len(*r) == MaxRows {
		return ErrTooManyRows
	}
	out := make([]string, n)
	for i := range out {
		out[i] = strings.TrimSpace(cells[i])
	}
	*r = append(*r, conversation.SheetRow{Line: line, Cells: out})
	return nil
}
