package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"posko/storage/postgres/pgtest"
)

// writeHolidayFile writes content to a file in a fresh directory and returns its path.
func writeHolidayFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatalf("write %s: %v", path, err)
	}
	return path
}

// holidayEnv is a getenv over a fixed map.
func holidayEnv(env map[string]string) func(string) string {
	return func(name string) string { return env[name] }
}

func TestHolidaysCommandRefuses(t *testing.T) {
	bad := writeHolidayFile(t, "bad.json", `{"source":"SKB 2027","timezone":"Asia/Jakarta",
		"office_hours":{"start":"07:30","end":"16:00"},
		"days":[{"date":"2027-02-30","kind":"libur_nasional"},{"date":"2027-03-01","kind":"libur"}]}`)
	// Nothing listens on port 1: a command that reached the database would
	// fail with a connection error instead of the expected one.
	env := holidayEnv(map[string]string{"DATABASE_URL": "postgres://postgres@127.0.0.1:1/posko?sslmode=disable"})
	for _, tc := range []struct {
		name  string
		args  []string
		wants []string
	}{
		{"no subcommand", nil, []string{"expected load FILE or list [YEAR]", "usage: posko holidays"}},
		{"unknown subcommand", []string{"import", "x.json"}, []string{"expected load FILE or list [YEAR]"}},
		{"load without a file", []string{"load"}, []string{"expected load FILE or list [YEAR]"}},
		{"year not 4 digits", []string{"list", "26"}, []string{`YEAR must be 4 digits, got "26"`}},
		{"missing file", []string{"load", filepath.Join(t.TempDir(), "none.json")}, []string{"no such file"}},
		{"invalid file", []string{"load", bad}, []string{
			"invalid holiday file", `days[0]: date "2027-02-30" is not a real day`, `days[1]: kind "libur" unknown`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := holidaysCommand(context.Background(), tc.args, env, &stdout, &stderr)
			if err == nil {
				t.Fatalf("holidays %v succeeded; stdout %q", tc.args, stdout.String())
			}
			for _, want := range tc.wants {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
			}
			if stdout.Len() > 0 {
				t.Errorf("stdout %q; want nothing", stdout.String())
			}
		})
	}
}

func TestHolidaysCommand(t *testing.T) {
	ctx := context.Background()
	env := holidayEnv(map[string]string{"DATABASE_URL": pgtest.New(t), "LOG_FORMAT": "text"})
	run := func(t *testing.T, args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if err := holidaysCommand(ctx, args, env, &stdout, &stderr); err != nil {
			t.Fatalf("holidays %v: %v\nstderr: %s", args, err, stderr.String())
		}
		return stdout.String()
	}
	file := writeHolidayFile(t, "holidays-2027.json", `{
		"source": "SKB 2026 amended, SKB 2027",
		"timezone": "Asia/Jakarta",
		"office_hours": {"start": "07:30", "end": "16:00"},
		"days": [
			{"date": "2027-01-01", "kind": "libur_nasional"},
			{"date": "2026-12-24", "kind": "cuti_bersama"},
			{"date": "2026-12-25", "kind": "libur_nasional"},
			{"date": "2027-02-08", "kind": "cuti_bersama"}
		]}`)

	for _, step := range []struct {
		name  string
		args  []string
		wants []string // lines (or parts of lines) expected in stdout
	}{
		{"list before any load", []string{"list"}, []string{
			"office hours 07:30–16:00 Asia/Jakarta, Monday to Friday",
			"2025: 28 days (17 libur_nasional, 11 cuti_bersama), embedded default",
			"2026: 25 days (17 libur_nasional, 8 cuti_bersama), embedded default",
			"other years: no holiday data",
		}},
		{"load", []string{"load", file}, []string{
			"2026: 2 days loaded (1 libur_nasional, 1 cuti_bersama), none stored before\n" +
				"2027: 2 days loaded (1 libur_nasional, 1 cuti_bersama), none stored before\n",
		}},
		{"load again replaces", []string{"load", file}, []string{
			"2026: 2 days loaded (1 libur_nasional, 1 cuti_bersama), replacing 2 stored\n",
		}},
		{"list after the load", []string{"list"}, []string{
			"2025: 28 days (17 libur_nasional, 11 cuti_bersama), embedded default",
			`2026: 2 days (1 libur_nasional, 1 cuti_bersama), loaded `,
			`from "SKB 2026 amended, SKB 2027"`,
			"2027: 2 days (1 libur_nasional, 1 cuti_bersama), loaded ",
		}},
		{"list a year", []string{"list", "2027"}, []string{
			"2027-01-01  libur_nasional  Jumat, 1 Januari 2027\n2027-02-08  cuti_bersama    Senin, 8 Februari 2027\n",
		}},
		{"list a year without data", []string{"list", "2030"}, []string{
			"2030: no holiday data, only Saturdays and Sundays are non-working days\n",
		}},
	} {
		t.Run(step.name, func(t *testing.T) {
			out := run(t, step.args...)
			for _, want := range step.wants {
				if !strings.Contains(out, want) {
					t.Errorf("holidays %v printed\n%s\nwithout %q", step.args, out, want)
				}
			}
		})
	}
}
