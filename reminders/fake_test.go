package reminders

import (
	"context"
	"fmt"
	"testing"
	"time"

	"posko/conversation"
	"posko/workdays"
)

// jakarta is the office's zone.
var jakarta = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		panic(err)
	}
	return loc
}()

// wib is a moment in Jakarta: "2026-12-04 08:00".
func wib(t *testing.T, s string) time.Time {
	t.Helper()
	at, err := time.ParseInLocation("2006-01-02 15:04", s, jakarta)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

// testCalendar has office hours 07:30-16:00 and Monday 2026-12-07 as a
// holiday, after Friday 2026-12-04.
func testCalendar(t *testing.T) *workdays.Calendar {
	t.Helper()
	cal, err := workdays.New(workdays.File{
		Source:      "test",
		Timezone:    "Asia/Jakarta",
		OfficeHours: workdays.OfficeHours{Start: "07:30", End: "16:00"},
		Days:        []workdays.FileDay{{Date: "2026-12-07", Kind: workdays.NationalHoliday}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

// clock is a fake clock the jobs read through their Now field.
type clock struct{ now time.Time }

func (c *clock) Now() time.Time { return c.now }

// fakeStore is every store the jobs need, in memory.
type fakeStore struct {
	cal *workdays.Calendar

	candidates []Candidate
	sends      []Send      // every send recorded, in order
	days       []time.Time // the day of each SendReminders call
	// remember makes SendReminders update the candidates as the database
	// would: LastAt, and Ignored grown by one per reminder sent.
	remember bool

	items  []conversation.SLAItem
	until  time.Time
	alerts []SLAAlert

	forms  []OpenForm
	before time.Time
	nudges []Nudge

	kppns  []conversation.KPPN
	week   string
	weekly []conversation.Job
}

func (f *fakeStore) Calendar(context.Context) (*workdays.Calendar, error) { return f.cal, nil }

func (f *fakeStore) ReminderCandidates(context.Context) ([]Candidate, error) {
	return append([]Candidate(nil), f.candidates...), nil
}

func (f *fakeStore) SendReminders(_ context.Context, day time.Time, sends []Send) (sent, skipped int, err error) {
	f.days = append(f.days, day)
	for _, s := range sends {
		f.sends = append(f.sends, s)
		if s.Skip != "" {
			skipped++
		} else {
			sent++
		}
		if !f.remember {
			continue
		}
		for i := range f.candidates {
			c := &f.candidates[i]
			if c.Satker.Code == s.SatkerCode && c.Stage == s.Stage && !c.LastAt.Equal(day) {
				c.LastAt = day
				c.Ignored++
			}
		}
	}
	return sent, skipped, nil
}

func (f *fakeStore) SLAItems(_ context.Context, until time.Time) ([]conversation.SLAItem, error) {
	f.until = until
	var out []conversation.SLAItem
	for _, it := range f.items {
		if it.Deadline.Before(until) {
			out = append(out, it)
		}
	}
	return out, nil
}

func (f *fakeStore) SendSLAAlerts(_ context.Context, alerts []SLAAlert) (int, error) {
	f.alerts = append(f.alerts, alerts...)
	return len(alerts), nil
}

func (f *fakeStore) StaleForms(_ context.Context, from, before time.Time, limit int) ([]OpenForm, error) {
	f.before = before
	var out []OpenForm
	for _, o := range f.forms {
		if !o.TouchedAt.Before(from) && o.TouchedAt.Before(before) && len(out) < limit {
			out = append(out, o)
		}
	}
	return out, nil
}

func (f *fakeStore) SendNudges(_ context.Context, nudges []Nudge) (int, error) {
	f.nudges = append(f.nudges, nudges...)
	return len(nudges), nil
}

func (f *fakeStore) KPPNs(context.Context) ([]conversation.KPPN, error) { return f.kppns, nil }

func (f *fakeStore) QueueWeeklyReports(_ context.Context, week string, jobs []conversation.Job) (int, error) {
	f.week = week
	f.weekly = append(f.weekly, jobs...)
	return len(jobs), nil
}

var (
	_ LaggingStore = (*fakeStore)(nil)
	_ SLAStore     = (*fakeStore)(nil)
	_ FormStore    = (*fakeStore)(nil)
	_ WeeklyStore  = (*fakeStore)(nil)
)

// stageReminderStub stands in for conversation.StageReminder.
func stageReminderStub(p conversation.SatkerProgress, stage string, l conversation.SatkerLink) conversation.Outgoing {
	return conversation.Outgoing{Kind: conversation.OutSend, ChatID: l.ChatID, Text: fmt.Sprintf("%s %s", p.Code, stage)}
}

// slaAlertStub stands in for conversation.SLAAlert.
func slaAlertStub(group int64, it conversation.SLAItem, threshold string, _ time.Time, _ *workdays.Calendar) conversation.Outgoing {
	return conversation.Outgoing{Kind: conversation.OutSend, ChatID: group, Text: it.Number + " " + threshold}
}

// candidate is a satker at stage with one linked chat per id.
func candidate(code, stage string, chats ...int64) Candidate {
	c := Candidate{Satker: conversation.SatkerProgress{Code: code, Name: "Satker " + code, KPPNCode: "070"}, Stage: stage}
	for _, id := range chats {
		c.Chats = append(c.Chats, conversation.SatkerLink{SatkerCode: code, ChatID: id, Role: conversation.RoleAdmin})
	}
	return c
}
