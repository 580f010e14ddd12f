package reminders

import (
	"context"
	"testing"
	"time"

	"posko/conversation"
)

const staffGroup = int64(-1009001)

func TestSLAWatchAlertsNearAndPast(t *testing.T) {
	now := wib(t, "2026-12-08 14:15")
	store := &fakeStore{cal: testCalendar(t), items: []conversation.SLAItem{
		{Kind: conversation.SLARegistration, ID: 1, Number: "REG-000001", Deadline: wib(t, "2026-12-08 16:00"), TakenByName: "Rina"},
		{Kind: conversation.SLATicket, ID: 2, Number: "TKT-000002", Deadline: wib(t, "2026-12-04 16:00")},
		{Kind: conversation.SLATicket, ID: 3, Number: "TKT-000003", Deadline: now}, // due this very moment: past
		{Kind: conversation.SLATicket, ID: 4, Number: "TKT-000004", Deadline: wib(t, "2026-12-09 16:00")},
	}}
	job := &SLAWatch{Store: store, GroupChatID: staffGroup, Logger: discard(), Now: func() time.Time { return now }, Message: slaAlertStub}
	if err := job.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !store.until.Equal(now.Add(DefaultWarnBefore)) {
		t.Errorf("SLAItems until %v, want now + %v", store.until, DefaultWarnBefore)
	}
	want := map[string]string{"REG-000001": conversation.SLANear, "TKT-000002": conversation.SLAPast, "TKT-000003": conversation.SLAPast}
	if len(store.alerts) != len(want) {
		t.Fatalf("alerts = %+v, want %v", store.alerts, want)
	}
	for _, a := range store.alerts {
		if want[a.Item.Number] != a.Threshold {
			t.Errorf("%s alerted %q, want %q", a.Item.Number, a.Threshold, want[a.Item.Number])
		}
		if a.Message.ChatID != staffGroup || a.Message.Text != a.Item.Number+" "+a.Threshold {
			t.Errorf("%s message = %+v, want the alert to the staff group", a.Item.Number, a.Message)
		}
	}

	store.alerts = nil
	job.GroupChatID = 0
	if err := job.Run(context.Background()); err != nil || len(store.alerts) != 0 {
		t.Errorf("without a staff group: %d alerts, err %v; want none", len(store.alerts), err)
	}
}

func TestFormNudgesOnlyInOfficeHours(t *testing.T) {
	store := &fakeStore{cal: testCalendar(t), forms: []OpenForm{
		{ChatID: 1, Flow: "registration", TouchedAt: wib(t, "2026-12-03 08:30")},
		{ChatID: 2, Flow: "ticket", TouchedAt: wib(t, "2026-12-03 09:30")},  // not a day yet at 09:00
		{ChatID: 3, Flow: "retired", TouchedAt: wib(t, "2026-12-01 10:00")}, // a flow with no nudge
		{ChatID: 4, Flow: "ticket", TouchedAt: wib(t, "2026-11-25 10:00")},  // its state is gone: not nudged
	}}
	clk := &clock{}
	var asked []int64
	job := &FormNudges{Store: store, Logger: discard(), Now: clk.Now, Nudge: func(chatID int64, flow string) (conversation.Outgoing, bool) {
		asked = append(asked, chatID)
		if flow == "retired" {
			return conversation.Outgoing{}, false
		}
		return conversation.Outgoing{Kind: conversation.OutSend, Text: "lanjutkan " + flow}, true
	}}
	for _, at := range []string{"2026-12-04 06:00", "2026-12-04 16:00", "2026-12-05 10:00", "2026-12-07 10:00"} {
		clk.now = wib(t, at)
		if err := job.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		if len(store.nudges) != 0 || len(asked) != 0 {
			t.Fatalf("%s (office closed): nudged %+v", at, store.nudges)
		}
	}
	clk.now = wib(t, "2026-12-04 09:00")
	if err := job.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !store.before.Equal(clk.now.Add(-24 * time.Hour)) {
		t.Errorf("StaleForms before %v, want a day ago", store.before)
	}
	if len(store.nudges) != 1 || store.nudges[0].Form.ChatID != 1 || store.nudges[0].Message.ChatID != 1 ||
		store.nudges[0].Message.Text != "lanjutkan registration" {
		t.Errorf("nudges = %+v, want one to chat 1 about its registration", store.nudges)
	}
}

func TestWeeklyReportPerKPPN(t *testing.T) {
	tests := []struct {
		name  string
		kppns []conversation.KPPN
		want  map[string]int64 // KPPN → group
	}{
		{"each bound group", []conversation.KPPN{{Code: "070", GroupChatID: -100}, {Code: "071", GroupChatID: -200}, {Code: "072"}},
			map[string]int64{"070": -100, "071": -200}},
		{"configured group while none is bound", []conversation.KPPN{{Code: "070"}, {Code: "071", GroupChatID: -200}},
			map[string]int64{"070": staffGroup, "071": -200}},
		{"configured group bound to another KPPN", []conversation.KPPN{{Code: "070"}, {Code: "071", GroupChatID: staffGroup}},
			map[string]int64{"071": staffGroup}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := &fakeStore{cal: testCalendar(t), kppns: tt.kppns}
			now := wib(t, "2026-11-30 08:00")
			job := &WeeklyReport{Store: store, KPPNCode: "070", GroupChatID: staffGroup, Logger: discard(), Now: func() time.Time { return now }}
			if err := job.Run(context.Background()); err != nil {
				t.Fatal(err)
			}
			if store.week != "2026-W49" {
				t.Errorf("week = %q, want 2026-W49", store.week)
			}
			got := map[string]int64{}
			for _, j := range store.weekly {
				if j.Kind != conversation.JobWeeklyReport || !j.At.Equal(now) {
					t.Errorf("job = %+v, want a weekly report at %v", j, now)
				}
				got[j.KPPNCode] = j.ChatID
			}
			if len(got) != len(tt.want) || len(store.weekly) != len(tt.want) {
				t.Fatalf("jobs = %+v, want %v", store.weekly, tt.want)
			}
			for code, group := range tt.want {
				if got[code] != group {
					t.Errorf("KPPN %s report to %d, want %d", code, got[code], group)
				}
			}
		})
	}
	store := &fakeStore{cal: testCalendar(t), kppns: []conversation.KPPN{{Code: "070", GroupChatID: -100}}}
	job := &WeeklyReport{Store: store, Now: func() time.Time { return wib(t, "2026-12-07 08:00") }}
	if err := job.Run(context.Background()); err != nil || len(store.weekly) != 0 {
		t.Errorf("on a holiday Monday: %d jobs, err %v; want none", len(store.weekly), err)
	}
}

func TestISOWeek(t *testing.T) {
	for at, want := range map[string]string{"2026-12-31 10:00": "2026-W53", "2027-01-04 08:00": "2027-W01", "2026-01-01 08:00": "2026-W01"} {
		if got := ISOWeek(wib(t, at)); got != want {
			t.Errorf("ISOWeek(%s) = %s, want %s", at, got, want)
		}
	}
}
