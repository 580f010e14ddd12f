package reminders

import (
	"testing"
	"time"
)

func TestPolicyIntervalGrowsWhenIgnoredUpToTheCap(t *testing.T) {
	p := DefaultPolicy()
	day := 24 * time.Hour
	// ignored counts the last reminder too: 0 when it was answered.
	for ignored, want := range []time.Duration{7 * day, 7 * day, 14 * day, 28 * day, 28 * day, 28 * day} {
		if got := p.Interval(ignored); got != want {
			t.Errorf("Interval(%d) = %v days, want %v", ignored, got/day, want/day)
		}
	}
	if got := (Policy{}).Interval(2); got != 14*day {
		t.Errorf("zero Policy Interval(2) = %v, want the defaults' 14 days", got/day)
	}
}

func TestPolicyDue(t *testing.T) {
	p := DefaultPolicy()
	now := wib(t, "2026-12-15 08:00")
	base := candidate("123456", "admin", 1)
	tests := []struct {
		name string
		edit func(c *Candidate)
		want bool
	}{
		{"never reminded", func(c *Candidate) {}, true},
		{"reminded 6 days ago", func(c *Candidate) { c.LastAt = wib(t, "2026-12-09 08:00") }, false},
		// A week ago a few seconds later in the day still counts as a week.
		{"reminded 7 days ago, later in the day", func(c *Candidate) { c.LastAt = wib(t, "2026-12-08 08:00").Add(40 * time.Second) }, true},
		// 23:30 WIB is 16:30 UTC the same day: days are counted in WIB.
		{"reminded late at night a week ago", func(c *Candidate) { c.LastAt = wib(t, "2026-12-08 23:30").UTC() }, true},
		{"the last one ignored, 7 days ago", func(c *Candidate) { c.LastAt, c.Ignored = wib(t, "2026-12-08 08:00"), 1 }, true},
		{"two ignored, 7 days ago", func(c *Candidate) { c.LastAt, c.Ignored = wib(t, "2026-12-08 08:00"), 2 }, false},
		{"two ignored, 14 days ago", func(c *Candidate) { c.LastAt, c.Ignored = wib(t, "2026-12-01 08:00"), 2 }, true},
		{"three ignored, 27 days ago", func(c *Candidate) { c.LastAt, c.Ignored = wib(t, "2026-11-18 08:00"), 3 }, false},
		{"ignored 5 times, 28 days ago (cap)", func(c *Candidate) { c.LastAt, c.Ignored = wib(t, "2026-11-17 08:00"), 5 }, true},
		{"ignored 5 times, 27 days ago", func(c *Candidate) { c.LastAt, c.Ignored = wib(t, "2026-11-18 08:00"), 5 }, false},
		{"paused", func(c *Candidate) { c.Paused = true }, false},
		{"snoozed until tomorrow", func(c *Candidate) { c.SnoozedUntil = wib(t, "2026-12-16 09:12") }, false},
		// "Ingatkan lagi minggu depan" pressed a week ago at 09:12: today's
		// 08:00 run reminds, not tomorrow's.
		{"snooze ends later today", func(c *Candidate) { c.SnoozedUntil = wib(t, "2026-12-15 09:12") }, true},
		{"snooze ended", func(c *Candidate) { c.SnoozedUntil = wib(t, "2026-12-14 09:12") }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base
			tt.edit(&c)
			if got := p.Due(c, now); got != tt.want {
				t.Errorf("Due = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPolicyFollowUp(t *testing.T) {
	p := Policy{FollowUpAfter: 2}
	if p.FollowUp(Candidate{Ignored: 1}) || !p.FollowUp(Candidate{Ignored: 2}) {
		t.Error("FollowUp must start at FollowUpAfter ignored reminders")
	}
	if (Policy{}).FollowUp(Candidate{Ignored: 2}) || !(Policy{}).FollowUp(Candidate{Ignored: 3}) {
		t.Error("the default FollowUpAfter is 3")
	}
}
