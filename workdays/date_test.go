package workdays

import "testing"

func TestDate(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      string
		add     int
		want    string
		wantErr bool
	}{
		{"next day", "2026-12-31", 1, "2027-01-01", false},
		{"leap day", "2028-02-28", 1, "2028-02-29", false},
		{"backwards", "2026-03-01", -1, "2026-02-28", false},
		{"no 29 February in 2026", "2026-02-29", 0, "", true},
		{"month 13", "2026-13-01", 0, "", true},
		{"no padding", "2026-1-1", 0, "", true},
		{"time included", "2026-01-01T00:00:00Z", 0, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := ParseDate(tc.in)
			if (err != nil) != tc.wantErr {
				t.Fatalf("ParseDate(%q) error = %v; want error %v", tc.in, err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if got := d.AddDays(tc.add).String(); got != tc.want {
				t.Errorf("%s + %d days = %s; want %s", tc.in, tc.add, got, tc.want)
			}
		})
	}
	a, b := Date{2026, 12, 31}, Date{2027, 1, 1}
	if a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 {
		t.Errorf("Compare: %d %d %d; want -1 1 0", a.Compare(b), b.Compare(a), a.Compare(a))
	}
}
