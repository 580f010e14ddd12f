package conversation

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// The message an officer gets about an import.

// ImportResultText is the message the officer who sent a file gets: what the
// import did (rows read, added, updated or already recorded, rejected rows
// with their line and reason, at most 20 listed), or why nothing was
// imported, with the columns the file must have.
func ImportResultText(res ImportResult) string {
	object, cols := textImportSatkerObject, satkerColumns
	if res.Kind == JobImportTx {
		object, cols = textImportTxObject, txColumns
	}
	file := fmt.Sprintf(textImportFile, EscapeHTML(shorten(res.File, 80)))
	if res.Failed != "" {
		lines := []string{fmt.Sprintf(textImportFailedTitle, object), file, "", res.Failed, textImportNothing, "", textImportColumns}
		for _, c := range cols {
			hint := c.hint
			switch {
			case c.required && hint != "":
				hint = textImportRequired + "; " + hint
			case c.required:
				hint = textImportRequired
			}
			if hint == "" {
				lines = append(lines, fmt.Sprintf(textImportColumn, c.label))
			} else {
				lines = append(lines, fmt.Sprintf(textImportColumnHint, c.label, hint))
			}
		}
		return strings.Join(lines, "\n")
	}
	lines := []string{fmt.Sprintf(textImportTitle, object), file, fmt.Sprintf(textImportRows, FormatCount(int64(res.Rows))), ""}
	if res.Kind == JobImportTx {
		lines = append(lines, fmt.Sprintf(textImportAddedTx, FormatCount(int64(res.Added))))
		if res.Updated > 0 {
			lines = append(lines, fmt.Sprintf(textImportUpdated, FormatCount(int64(res.Updated))))
		}
		if res.Unchanged > 0 {
			lines = append(lines, fmt.Sprintf(textImportKnownTx, FormatCount(int64(res.Unchanged))))
		}
	} else {
		lines = append(lines,
			fmt.Sprintf(textImportAdded, FormatCount(int64(res.Added))),
			fmt.Sprintf(textImportUpdated, FormatCount(int64(res.Updated))),
			fmt.Sprintf(textImportUnchanged, FormatCount(int64(res.Unchanged))))
	}
	lines = append(lines, fmt.Sprintf(textImportRejected, FormatCount(int64(len(res.Rejected)))), "")
	if len(res.Rejected) == 0 {
		return strings.Join(append(lines, textImportAllGood), "\n")
	}
	lines = append(lines, textImportRejHeader)
	size := utf8.RuneCountInString(strings.Join(lines, "\n")) + utf8.RuneCountInString(textImportFixHint)
	for i, p := range res.Rejected {
		line := fmt.Sprintf(textImportRejLine, p.Line, p.Reason)
		if size += utf8.RuneCountInString(line) + 1; i == maxListedProblems || size > maxImportText {
			lines = append(lines, fmt.Sprintf(textImportRejMore, FormatCount(int64(len(res.Rejected)-i))))
			break
		}
		lines = append(lines, line)
	}
	return strings.Join(append(lines, "", textImportFixHint), "\n")
}
