package reminders

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"posko/conversation"
)

// WeeklyReport is the Monday-morning job that queues the /laporan summary
// and chart for each KPPN's staff group; the back office builds and posts
// it. Each KPPN gets one report per ISO week whatever runs it (the store
// claims KPPN and week). On a non-working day it does nothing.
type WeeklyReport struct {
	Store WeeklyStore
	// KPPNCode and GroupChatID are the configured KPPN and staff group
	// (KPPN_CODE, KPPN_GROUP_CHAT_ID): that group gets the KPPN's report
	// while no group is bound to the KPPN with /hubungkan.
	KPPNCode    string
	GroupChatID int64
	Logger      *slog.Logger
	// Now returns the current time; time.Now when nil.
	Now func() time.Time
}

// Run is the job, for Scheduler.Add.
func (j *WeeklyReport) Run(ctx context.Context) error {
	cal, err := j.Store.Calendar(ctx)
	if err != nil {
		return fmt.Errorf("weekly report: %w", err)
	}
	now := nowFunc(j.Now)().In(cal.Location())
	if !cal.IsWorkingDay(cal.DateOf(now)) {
		return nil
	}
	kppns, err := j.Store.KPPNs(ctx)
	if err != nil {
		return fmt.Errorf("weekly report: %w", err)
	}
	jobs := weeklyJobs(kppns, j.KPPNCode, j.GroupChatID, now)
	if len(jobs) == 0 {
		return nil
	}
	week := ISOWeek(now)
	n, err := j.Store.QueueWeeklyReports(ctx, week, jobs)
	if err != nil {
		return fmt.Errorf("weekly report %s: %w", week, err)
	}
	logger(j.Logger).Info("weekly reports queued", slog.String("week", week), slog.Int("new", n), slog.Int("kppn", len(jobs)))
	return nil
}

// weeklyJobs is one report job per KPPN with a group, plus the configured
// group for the configured KPPN when that KPPN has none bound and the group
// serves no other KPPN.
func weeklyJobs(kppns []conversation.KPPN, code string, group int64, now time.Time) []conversation.Job {
	var jobs []conversation.Job
	configuredBound, groupUsed := false, false
	for _, k := range kppns {
		if k.GroupChatID == 0 {
			continue
		}
		configuredBound = configuredBound || k.Code == code
		groupUsed = groupUsed || k.GroupChatID == group
		jobs = append(jobs, conversation.Job{Kind: conversation.JobWeeklyReport, KPPNCode: k.Code, ChatID: k.GroupChatID, At: now})
	}
	if code != "" && group != 0 && !configuredBound && !groupUsed {
		jobs = append(jobs, conversation.Job{Kind: conversation.JobWeeklyReport, KPPNCode: code, ChatID: group, At: now})
	}
	return jobs
}

// ISOWeek names t's ISO week, e.g. "2026-W48".
func ISOWeek(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%d-W%02d", y, w)
}
