package reminders

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"posko/conversation"
	"posko/workdays"
)

// The default cron specs of the jobs (minute hour day month weekday, in the
// scheduler's zone, Asia/Jakarta).
const (
	DefaultLaggingSpec = "0 8 * * 1-5"  // weekday mornings
	DefaultSLASpec     = "*/15 * * * *" // every quarter hour
	DefaultNudgeSpec   = "0 * * * *"    // hourly
	DefaultWeeklySpec  = "0 8 * * 1"    // Monday morning
)

// The jobs' names as officers read them in /pengingat (the wording lives
// with every other text, in conversation).
const (
	NameLagging = conversation.TextJobLagging
	NameSLA     = conversation.TextJobSLA
	NameNudge   = conversation.TextJobNudge
	NameWeekly  = conversation.TextJobWeekly
)

// Specs are the cron specs of the four jobs (REMINDER_SCHEDULE,
// SLA_SCHEDULE, FORM_NUDGE_SCHEDULE, WEEKLY_REPORT_SCHEDULE).
type Specs struct {
	Lagging, SLA, Nudge, Weekly string
}

// DefaultSpecs are the default schedules.
func DefaultSpecs() Specs {
	return Specs{Lagging: DefaultLaggingSpec, SLA: DefaultSLASpec, Nudge: DefaultNudgeSpec, Weekly: DefaultWeeklySpec}
}

// Plan is the plan of the four jobs, each gated as the job itself is.
func (s Specs) Plan(loc *time.Location, cal func() *workdays.Calendar) Plan {
	return Plan{Location: loc, Calendar: cal, Jobs: []Planned{
		{Name: NameLagging, Spec: s.Lagging, Gate: OfficeHours},
		{Name: NameSLA, Spec: s.SLA, Gate: Always},
		{Name: NameNudge, Spec: s.Nudge, Gate: OfficeHours},
		{Name: NameWeekly, Spec: s.Weekly, Gate: WorkingDays},
	}}
}

// When a planned job does anything (see Planned.Gate).
const (
	Always      = ""             // every run
	WorkingDays = "working_days" // runs on working days only
	OfficeHours = "office_hours" // runs in office hours on working days only
)

// Planned is a scheduled job as /pengingat shows it.
type Planned struct {
	Name string // as officers read it, e.g. "Pengingat satker"
	Spec string // cron spec
	// Gate says on which runs the job acts (Always, WorkingDays,
	// OfficeHours): the runs it would skip are not shown as its next run.
	Gate string
}

// Plan lists the scheduled jobs for /pengingat (conversation.Config.Schedule).
type Plan struct {
	Jobs []Planned
	// Location is the scheduler's zone.
	Location *time.Location
	// Calendar gives the working-day calendar to skip the runs a gated job
	// would not act on; nil, or a nil result, shows the cron's next run.
	Calendar func() *workdays.Calendar
}

// searchRuns bounds the runs looked at for a gated job's next acting run:
// an hourly job across a month of holidays needs about 750.
const searchRuns = 2000

// Schedule lists each job with its next run after now on which it acts, in
// the order of Jobs. A job whose spec does not parse (loadConfig validates
// them at startup) is left out.
func (p Plan) Schedule(now time.Time) []conversation.ScheduledJob {
	loc := p.Location
	if loc == nil {
		loc = now.Location()
	}
	now = now.In(loc)
	var cal *workdays.Calendar
	if p.Calendar != nil {
		cal = p.Calendar()
	}
	out := make([]conversation.ScheduledJob, 0, len(p.Jobs))
	for _, j := range p.Jobs {
		sched, err := cron.ParseStandard(j.Spec)
		if err != nil {
			continue
		}
		next := sched.Next(now)
		first := next
		for i := 0; cal != nil && !next.IsZero() && !acts(j.Gate, cal, next); i++ {
			if i == searchRuns {
				next = first // none found: show the cron's
				break
			}
			next = sched.Next(next)
		}
		if next.IsZero() {
			continue
		}
		out = append(out, conversation.ScheduledJob{Name: j.Name, Next: next})
	}
	return out
}

// acts reports whether a job gated by gate acts when run at t.
func acts(gate string, cal *workdays.Calendar, t time.Time) bool {
	switch gate {
	case WorkingDays:
		return cal.IsWorkingDay(cal.DateOf(t))
	case OfficeHours:
		return cal.InOfficeHours(t)
	}
	return true
}

// CheckSpec reports whether spec is a cron spec the scheduler accepts.
func CheckSpec(spec string) error {
	if _, err := cron.ParseStandard(spec); err != nil {
		return fmt.Errorf("cron spec %q: %w", spec, err)
	}
	return nil
}

// CachedCalendar returns a Plan.Calendar reading store at most once per ttl
// (a /pengingat then costs no query). When reading fails it keeps the
// calendar it had, or gives nil.
func CachedCalendar(store Calendar, ttl time.Duration, log *slog.Logger) func() *workdays.Calendar {
	var (
		mu   sync.Mutex
		cal  *workdays.Calendar
		read time.Time
	)
	return func() *workdays.Calendar {
		mu.Lock()
		defer mu.Unlock()
		if cal != nil && time.Since(read) < ttl {
			return cal
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		c, err := store.Calendar(ctx)
		if err != nil {
			logger(log).Warn("read the calendar for /pengingat", slog.Any("err", err))
			return cal
		}
		cal, read = c, time.Now()
		return cal
	}
}
