package reminders

import (
	"time"

	"posko/workdays"
)

// Policy decides when a satker lagging at a stage is reminded again: at most
// once per Base (a week), the interval doubling with each reminder ignored in
// a row, up to Max, so a satker that does not answer is not spammed and one
// that does is not forgotten. It is pure: the jobs give it the time.
type Policy struct {
	// Base is the interval after a reminder that was answered (or the first).
	Base time.Duration
	// Max caps the interval however many reminders were ignored.
	Max time.Duration
	// FollowUpAfter is how many ignored reminders in a row make a satker a
	// case for a one-on-one follow-up by the KPPN (/belum marks it).
	FollowUpAfter int
}

// DefaultPolicy is a week, doubling up to four weeks; after three ignored
// reminders the KPPN follows up one on one.
func DefaultPolicy() Policy {
	return Policy{Base: 7 * 24 * time.Hour, Max: 28 * 24 * time.Hour, FollowUpAfter: 3}
}

// withDefaults fills the zero fields with DefaultPolicy's.
func (p Policy) withDefaults() Policy {
	d := DefaultPolicy()
	if p.Base <= 0 {
		p.Base = d.Base
	}
	if p.Max < p.Base {
		p.Max = max(d.Max, p.Base)
	}
	if p.FollowUpAfter <= 0 {
		p.FollowUpAfter = d.FollowUpAfter
	}
	return p
}

// Interval is the time to wait after the last reminder when the last
// ignored reminders in a row, that one included, were not answered:
// Base·2^(ignored-1), at most Max. So a satker that never answers is
// reminded after 7, 14, 28, 28… days; one that answered the last reminder
// (ignored 0) after Base again.
func (p Policy) Interval(ignored int) time.Duration {
	p = p.withDefaults()
	d := p.Base
	for range max(ignored-1, 0) {
		if d >= p.Max {
			break
		}
		d *= 2
	}
	return min(d, p.Max)
}

// Due reports whether c is to be reminded at now: not paused by an officer,
// not snoozed ("Ingatkan lagi minggu depan") to a later day, and its last
// reminder about the stage at least Interval(c.Ignored) ago. Both are
// counted in calendar days in now's location (give now in the office's
// zone), so a job that runs at 08:00 every day is not a day late because
// last week's run, or the press of "Ingatkan lagi", came a few seconds or
// hours later in the day.
func (p Policy) Due(c Candidate, now time.Time) bool {
	if c.Paused || (!c.SnoozedUntil.IsZero() && daysBetween(c.SnoozedUntil.In(now.Location()), now) < 0) {
		return false
	}
	if c.LastAt.IsZero() {
		return true
	}
	days := int(p.Interval(c.Ignored) / (24 * time.Hour))
	return daysBetween(c.LastAt.In(now.Location()), now) >= days
}

// FollowUp reports whether c ignored enough reminders to be followed up one
// on one.
func (p Policy) FollowUp(c Candidate) bool {
	return c.Ignored >= p.withDefaults().FollowUpAfter
}

// daysBetween counts the calendar days from a's date to b's, each in its own
// location.
func daysBetween(a, b time.Time) int {
	da, db := workdays.DateOf(a), workdays.DateOf(b)
	ua := time.Date(da.Year, da.Month, da.Day, 0, 0, 0, 0, time.UTC)
	ub := time.Date(db.Year, db.Month, db.Day, 0, 0, 0, 0, time.UTC)
	return int(ub.Sub(ua) / (24 * time.Hour))
}
