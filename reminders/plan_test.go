package reminders

import (
	"testing"

	"posko/workdays"
)

// On the Friday afternoon before a holiday Monday, /pengingat shows the
// runs that will act: the reminders on Tuesday, not on the weekend or the
// holiday.
func TestPlanScheduleSkipsRunsThatWouldNotAct(t *testing.T) {
	cal := testCalendar(t)
	plan := Plan{
		Location: jakarta,
		Calendar: func() *workdays.Calendar { return cal },
		Jobs: []Planned{
			{Name: "lagging", Spec: DefaultLaggingSpec, Gate: OfficeHours},
			{Name: "sla", Spec: DefaultSLASpec},
			{Name: "nudges", Spec: DefaultNudgeSpec, Gate: OfficeHours},
			{Name: "weekly", Spec: DefaultWeeklySpec, Gate: WorkingDays},
			{Name: "broken", Spec: "every morning"},
		},
	}
	now := wib(t, "2026-12-04 15:10").UTC() // any zone in, Jakarta out
	got := plan.Schedule(now)
	want := []struct{ name, next string }{
		{"lagging", "2026-12-08 08:00"},
		{"sla", "2026-12-04 15:15"},
		{"nudges", "2026-12-08 08:00"},
		{"weekly", "2026-12-14 08:00"}, // the holiday Monday has none
	}
	if len(got) != len(want) {
		t.Fatalf("Schedule = %+v, want %d jobs", got, len(want))
	}
	for i, w := range want {
		if got[i].Name != w.name || !got[i].Next.Equal(wib(t, w.next)) || got[i].Next.Location() != jakarta {
			t.Errorf("job %d = %s at %v, want %s at %s WIB", i, got[i].Name, got[i].Next, w.name, w.next)
		}
	}

	plan.Calendar = nil // without a calendar: the cron's own next runs
	if got := plan.Schedule(now); !got[0].Next.Equal(wib(t, "2026-12-07 08:00")) {
		t.Errorf("without a calendar the lagging job's next run = %v, want Monday 08:00", got[0].Next)
	}
}

func TestCheckSpec(t *testing.T) {
	for _, ok := range []string{DefaultLaggingSpec, DefaultSLASpec, DefaultNudgeSpec, DefaultWeeklySpec, "CRON_TZ=Asia/Jakarta 30 7 * * 1-5"} {
		if err := CheckSpec(ok); err != nil {
			t.Errorf("CheckSpec(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"", "0 8 * *", "0 25 * * *", "0 0 8 * * 1"} {
		if CheckSpec(bad) == nil {
			t.Errorf("CheckSpec(%q) accepted it", bad)
		}
	}
}

func TestSpecsPlanGatesEachJobAsItRuns(t *testing.T) {
	cal := testCalendar(t)
	got := DefaultSpecs().Plan(jakarta, func() *workdays.Calendar { return cal }).Schedule(wib(t, "2026-12-05 10:00"))
	want := map[string]string{
		NameLagging: "2026-12-08 08:00", NameSLA: "2026-12-05 10:15", NameNudge: "2026-12-08 08:00", NameWeekly: "2026-12-14 08:00",
	}
	if len(got) != len(want) {
		t.Fatalf("Schedule = %+v", got)
	}
	for _, j := range got {
		if !j.Next.Equal(wib(t, want[j.Name])) {
			t.Errorf("%s next at %v, want %s", j.Name, j.Next, want[j.Name])
		}
	}
}
