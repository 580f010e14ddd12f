package reminders

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"posko/conversation"
)

// laggingJob is the job on store with a fake clock and the stub message.
func laggingJob(store *fakeStore, clk *clock) *Lagging {
	return &Lagging{Store: store, Policy: DefaultPolicy(), Logger: discard(), Now: clk.Now, Message: stageReminderStub}
}

// The Friday afternoon before a long weekend: reminders go out on Friday
// morning, then nothing until Tuesday morning (Monday is a holiday).
func TestLaggingScheduleAroundAHolidayWeekend(t *testing.T) {
	store := &fakeStore{cal: testCalendar(t), candidates: []Candidate{candidate("123456", conversation.StageAdmin, 1001)}}
	clk := &clock{}
	job := laggingJob(store, clk)
	steps := []struct {
		at    string
		sends bool
	}{
		{"2026-12-04 08:00", true},  // Friday morning
		{"2026-12-04 16:30", false}, // Friday after hours
		{"2026-12-05 08:00", false}, // Saturday
		{"2026-12-06 08:00", false}, // Sunday
		{"2026-12-07 08:00", false}, // Monday, a holiday
		{"2026-12-08 07:00", false}, // Tuesday before the office opens
		{"2026-12-08 08:00", true},  // Tuesday morning
	}
	for _, s := range steps {
		clk.now = wib(t, s.at)
		before := len(store.sends)
		if err := job.Run(context.Background()); err != nil {
			t.Fatalf("%s: %v", s.at, err)
		}
		if got := len(store.sends) > before; got != s.sends {
			t.Errorf("%s: sent = %v, want %v", s.at, got, s.sends)
		}
	}
	if len(store.days) != 2 || !store.days[0].Equal(wib(t, "2026-12-04 00:00")) || !store.days[1].Equal(wib(t, "2026-12-08 00:00")) {
		t.Errorf("SendReminders days = %v, want the two WIB midnights of Friday and Tuesday", store.days)
	}
	if m := store.sends[0].Message; m.ChatID != 1001 || m.Text != "123456 admin" {
		t.Errorf("reminder = %+v, want the stage reminder to chat 1001", m)
	}
}

// A satker that never answers is reminded after 7, 14, 28 and 28 days,
// and never twice on one day however often the job runs.
func TestLaggingIntervalsGrowWhenIgnored(t *testing.T) {
	store := &fakeStore{cal: testCalendar(t), remember: true,
		candidates: []Candidate{candidate("123456", conversation.StageVendor, 1001)}}
	clk := &clock{}
	job := laggingJob(store, clk)
	first := wib(t, "2027-01-05 08:00") // a Tuesday
	var sentOn []int
	for day := 0; day <= 80; day++ {
		for _, hour := range []int{8, 8, 13} { // twice at 08:00 (two replicas), once at 13:00
			clk.now = first.AddDate(0, 0, day).Add(time.Duration(hour-8) * time.Hour)
			before := len(store.sends)
			if err := job.Run(context.Background()); err != nil {
				t.Fatal(err)
			}
			if len(store.sends) > before {
				sentOn = append(sentOn, day)
			}
		}
	}
	want := []int{0, 7, 21, 49, 77}
	if fmt.Sprint(sentOn) != fmt.Sprint(want) {
		t.Errorf("reminded on days %v, want %v (intervals 7, 14, 28, 28)", sentOn, want)
	}
}

func TestLaggingSkipsBlockedChatsAndRecordsNothingForPaused(t *testing.T) {
	blocked := candidate("111111", conversation.StageAdmin, 1001, 1002, 1001) // 1001 in two roles
	blocked.Blocked = map[int64]bool{1002: true}
	paused := candidate("222222", conversation.StageUsers, 2001)
	paused.Paused = true
	snoozed := candidate("333333", conversation.StageTx, 3001)
	snoozed.SnoozedUntil = wib(t, "2026-12-10 10:00")
	recent := candidate("444444", conversation.StageTx, 4001)
	recent.LastAt = wib(t, "2026-12-01 08:00")
	store := &fakeStore{cal: testCalendar(t), candidates: []Candidate{blocked, paused, snoozed, recent}}
	job := laggingJob(store, &clock{now: wib(t, "2026-12-04 08:00")})
	if err := job.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := map[int64]Send{}
	for _, s := range store.sends {
		got[s.ChatID] = s
	}
	if len(store.sends) != 2 {
		t.Fatalf("sends = %+v, want chat 1001 reminded and chat 1002 skipped, nothing else", store.sends)
	}
	if s := got[1001]; s.Skip != "" || s.Message.ChatID != 1001 || s.SatkerCode != "111111" || s.Stage != conversation.StageAdmin {
		t.Errorf("send to 1001 = %+v", s)
	}
	if s := got[1002]; s.Skip != SkipBlocked || s.Message.Text != "" {
		t.Errorf("send to blocked 1002 = %+v, want skipped as %q with no message", s, SkipBlocked)
	}
}

func TestLaggingQueuesInBatches(t *testing.T) {
	store := &fakeStore{cal: testCalendar(t)}
	for i := range 1200 {
		store.candidates = append(store.candidates, candidate(fmt.Sprintf("%06d", i), conversation.StageAdmin, int64(10000+i)))
	}
	job := laggingJob(store, &clock{now: wib(t, "2026-12-04 09:00")})
	if err := job.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(store.sends) != 1200 || len(store.days) != 3 {
		t.Errorf("%d sends in %d calls, want 1200 in 3 batches", len(store.sends), len(store.days))
	}
}

func TestLaggingSendsTheConversationReminderByDefault(t *testing.T) {
	store := &fakeStore{cal: testCalendar(t), candidates: []Candidate{candidate("123456", conversation.StageVendor, 1001)}}
	job := &Lagging{Store: store, Now: func() time.Time { return wib(t, "2026-12-04 08:00") }}
	if err := job.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(store.sends) != 1 {
		t.Fatalf("sends = %+v", store.sends)
	}
	m := store.sends[0].Message
	if m.ChatID != 1001 || !strings.Contains(m.Text, "123456") || len(m.Buttons) == 0 {
		t.Errorf("reminder = %+v, want conversation.StageReminder's text and buttons", m)
	}
}
