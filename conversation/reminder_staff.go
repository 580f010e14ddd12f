package conversation

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"posko/workdays"
)

// The KPPN staff group's side of the scheduled reminders: /pengingat (what
// went out today, what runs next, pausing a satker's reminders), the
// service-level alerts the watch posts, and /belum's mark on satker that
// ignore their reminders.

// reminderCommand is /pengingat, /pengingat jeda <kode> and /pengingat
// lanjut <kode>, for the members of a KPPN staff group.
func (e *Engine) reminderCommand(t *turn) error {
	kppn, ok, err := e.kppnOfficer(t)
	if err != nil || !ok {
		return err
	}
	args := strings.Fields(strings.ToLower(t.u.Args))
	if len(args) == 0 {
		return e.reminderSummary(t, kppn)
	}
	if args[0] != "jeda" && args[0] != "lanjut" {
		t.reply(textReminderUsage)
		return nil
	}
	if len(args) != 2 {
		text := textReminderUsage
		if len(args) == 1 {
			text = textReminderNoCode + "\n" + text
		}
		t.reply(text)
		return nil
	}
	code, problem := ValidateKodeSatker(args[1])
	if problem != "" {
		t.reply(problem + "\n" + textReminderUsage)
		return nil
	}
	p, found, err := e.kppnSatker(t, kppn, code)
	if err != nil || !found {
		return err
	}
	paused := args[0] == "jeda"
	if err := t.tx.PauseReminders(t.ctx, p.Code, paused, officer(t)); err != nil {
		return fmt.Errorf("pause reminders of satker %s (%t): %w", p.Code, paused, err)
	}
	if paused {
		t.reply(fmt.Sprintf(textReminderPaused, EscapeHTML(p.Code), field(p.Name), EscapeHTML(p.Code)))
	} else {
		t.reply(fmt.Sprintf(textReminderResumed, EscapeHTML(p.Code), field(p.Name)))
	}
	return nil
}

// reminderSummary tells what the reminders of the KPPN's satker did today
// (WIB), by stage and outcome, and when the scheduled jobs run next.
func (e *Engine) reminderSummary(t *turn, kppn string) error {
	now := t.now.In(wib())
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, wib())
	counts, err := t.tx.RemindersOn(t.ctx, kppn, day)
	if err != nil {
		return fmt.Errorf("reminders of kppn %s on %s: %w", kppn, day.Format(time.DateOnly), err)
	}
	lines := []string{fmt.Sprintf(textReminderDayHead, EscapeHTML(kppn), workdays.FormatDate(workdays.DateOf(day))), "", textReminderToday}
	lines = append(lines, reminderCountLines(counts)...)
	lines = append(lines, "", textReminderNext)
	var jobs []ScheduledJob
	if e.cfg.Schedule != nil {
		jobs = e.cfg.Schedule(t.now)
	}
	if len(jobs) == 0 {
		lines = append(lines, textReminderNoJobs)
	}
	for _, j := range jobs {
		next := textReminderJobOff
		if !j.Next.IsZero() {
			next = whenWIB(j.Next)
		}
		lines = append(lines, fmt.Sprintf(textReminderJob, EscapeHTML(j.Name), next))
	}
	lines = append(lines, "", textReminderUsage)
	t.reply(strings.Join(lines, "\n"))
	return nil
}

// reminderCountLines is a line per stage (in stage order, unknown stages
// last) with its sent, skipped and failed reminders, and the totals.
func reminderCountLines(counts []ReminderCount) []string {
	type tally struct{ sent, skipped, failed int }
	by := map[string]*tally{}
	var order []string
	var total tally
	for _, c := range counts {
		if c.Count <= 0 {
			continue
		}
		x, ok := by[c.Stage]
		if !ok {
			x = &tally{}
			by[c.Stage] = x
			order = append(order, c.Stage)
		}
		switch c.Status {
		case ReminderSent:
			x.sent += c.Count
			total.sent += c.Count
		case ReminderSkipped:
			x.skipped += c.Count
			total.skipped += c.Count
		case ReminderFailed:
			x.failed += c.Count
			total.failed += c.Count
		}
	}
	if len(order) == 0 {
		return []string{textReminderNone}
	}
	rank := func(s string) int {
		if i := slices.Index(Stages(), s); i >= 0 {
			return i
		}
		return len(Stages())
	}
	slices.SortStableFunc(order, func(a, b string) int { return rank(a) - rank(b) })
	lines := make([]string, 0, len(order)+1)
	for _, s := range order {
		x := by[s]
		lines = append(lines, fmt.Sprintf(textReminderLine, kppnStageLabel(s), x.sent, x.skipped, x.failed))
	}
	return append(lines, fmt.Sprintf(textReminderTotal, total.sent, total.skipped, total.failed))
}

// followUpMark is /belum's mark on a satker that ignored FollowUpAfter
// reminders or more in a row: the KPPN follows it up one on one.
func (e *Engine) followUpMark(p SatkerProgress) string {
	if p.IgnoredReminders < e.cfg.FollowUpAfter {
		return ""
	}
	return fmt.Sprintf(textReminderFollowUp, p.IgnoredReminders)
}

// SLAAlert is the service-level watch's alert to the staff group about item
// reaching threshold (SLANear or SLAPast) at now: its number, satker,
// deadline and the officer handling it, or that nobody took it yet. It goes
// into the request's forum topic when there is one (the sender falls back
// to the main thread). cal formats the deadline; WIB when nil.
func SLAAlert(groupChatID int64, item SLAItem, threshold string, now time.Time, cal *workdays.Calendar) Outgoing {
	deadline := whenWIB(item.Deadline)
	if cal != nil {
		deadline = cal.FormatTime(item.Deadline)
	}
	satker := ""
	if item.SatkerCode != "" {
		satker = fmt.Sprintf(textSLASatker, EscapeHTML(item.SatkerCode), EscapeHTML(shorten(item.SatkerName, 80)))
		satker = strings.TrimRight(satker, " ")
	}
	who := textSLANotTaken
	if item.TakenByName != "" {
		who = fmt.Sprintf(textSLATakenBy, EscapeHTML(shorten(item.TakenByName, 64)))
	}
	var text string
	if threshold == SLAPast {
		text = fmt.Sprintf(textSLAPast, EscapeHTML(item.Number), satker, deadline, who)
		if item.TakenByName != "" {
			text += textSLAPastTaken
		} else {
			text += textSLAPastOpen
		}
	} else {
		text = fmt.Sprintf(textSLANear, EscapeHTML(item.Number), satker, deadline, who)
		if left := item.Deadline.Sub(now); left > 0 && left < 24*time.Hour {
			text += fmt.Sprintf(textSLANearLeft, slaDuration(left))
		}
	}
	thread := topicRef(item.ID)
	if item.Kind == SLATicket {
		thread = TicketTopicRef(item.ID)
	}
	return Outgoing{Kind: OutSend, ChatID: groupChatID, ThreadRef: thread, Text: text}
}

// slaDuration writes a time left as officers read it: "2 jam 15 menit".
func slaDuration(d time.Duration) string {
	m := int(d.Round(time.Minute) / time.Minute)
	if m < 60 {
		return fmt.Sprintf(textSLAMinutes, m)
	}
	return fmt.Sprintf(textSLAHours, m/60, m%60)
}
