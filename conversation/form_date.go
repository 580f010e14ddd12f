package conversation

import (
	"fmt"
	"strings"
)

// dateLayout is how dates are typed and kept in answers: dd-mm-yyyy.
const dateLayout = "02-01-2006"

// ValidateDate checks a date typed as dd-mm-yyyy (slashes or dots also
// accepted, day and month with one digit too) and returns it as dd-mm-yyyy.
func ValidateDate(s string) (string, string) {
	v := strings.NewReplacer("/", "-", ".", "-", " ", "").Replace(strings.TrimSpace(s))
	parts := strings.Split(v, "-")
	if len(parts) != 3 || len(parts[2]) != 4 || len(parts[0]) < 1 || len(parts[0]) > 2 ||
		len(parts[1]) < 1 || len(parts[1]) > 2 || !allDigits(parts[0]+parts[1]+parts[2]) {
		return "", fmt.Sprintf(textDateFormat, quote(s))
	}
	day, month, year := atoi(parts[0]), atoi(parts[1]), atoi(parts[2])
	if month < 1 || month > 12 || day < 1 || day > daysIn(month, year) {
		return "", fmt.Sprintf(textDateValid, quote(s))
	}
	if year < 1945 {
		return "", fmt.Sprintf(textDateOld, quote(s))
	}
	return fmt.Sprintf("%02d-%02d-%04d", day, month, year), ""
}
