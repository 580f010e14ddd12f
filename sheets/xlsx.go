package sheets

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/xuri/excelize/v2"

	"posko/conversation"
)

// unzipLimit bounds what an XLSX may unpack to, so that a small crafted file
// (a zip bomb) cannot fill memory or disk; 100 000 rows of a dozen columns
// stay far below it.
const unzipLimit = 512 << 20

// readXLSX reads the first sheet of an XLSX workbook (see Read).
func readXLSX(data []byte) (_ []conversation.SheetRow, err error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: unzipLimit})
	if err != nil {
		if errors.Is(err, excelize.ErrWorkbookFileFormat) {
			return nil, fmt.Errorf("%w: %w", ErrUnsupported, err)
		}
		return nil, fmt.Errorf("%w: xlsx: %w", ErrUnreadable, err)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("%w: close xlsx: %w", ErrUnreadable, cerr)
		}
	}()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, ErrNoSheet
	}
	it, err := f.Rows(sheets[0])
	if err != nil {
		return nil, fmt.Errorf("%w: sheet %q: %w", ErrNoSheet, sheets[0], err)
	}
	var out rows
	for line := 1; it.Next(); line++ {
		cells, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			_ = it.Close()
			return nil, fmt.Errorf("%w: row %d: %w", ErrUnreadable, line, err)
		}
		if err := out.add(line, cells); err != nil {
			_ = it.Close()
			return nil, err
		}
	}
	if err := it.Close(); err != nil {
		return nil, fmt.Errorf("%w: rows: %w", ErrUnreadable, err)
	}
	return out, nil
}
