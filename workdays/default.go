package workdays

import (
	_ "embed"
	"fmt"
)

// defaultFile is a copy of ../shared/holidays-id.json: the national
// holidays and cuti bersama of the years it lists, with office hours and
// time zone. Update it when a new decree (SKB) is published; at runtime an
// operator can load a newer file instead (`posko holidays load`).
//
//go:embed holidays-id.json
var defaultFile []byte

// Default returns the calendar of the embedded holidays-id.json. Each call
// parses the file anew; keep the result rather than calling it per request.
func Default() (*Calendar, error) {
	c, err := Parse(defaultFile)
	if err != nil {
		return nil, fmt.Errorf("embedded holidays-id.json: %w", err)
	}
	return c, nil
}
