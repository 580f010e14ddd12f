package postgres

import (
	"context"
	"sync"
	"testing"

	"posko/conversation"
)

func TestQueueWeeklyReports(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	jobs := []conversation.Job{{KPPNCode: "071", ChatID: -1071}, {KPPNCode: "070", ChatID: -1070, ThreadID: 5}}
	queue := func(week string, want int) {
		t.Helper()
		n, err := db.QueueWeeklyReports(ctx, week, jobs)
		if err != nil {
			t.Fatal(err)
		}
		if n != want {
			t.Errorf("QueueWeeklyReports(%s) = %d new, want %d", week, n, want)
		}
	}
	queue("2026-W45", 2)
	if n := count(t, db, `SELECT count(*) FROM jobs j JOIN weekly_reports w ON w.job_id = j.id
		WHERE j.kind = 'weekly_report' AND j.status = 'queued' AND w.week = '2026-W45' AND w.kppn_code = j.kppn_code
		AND ((j.kppn_code = '070' AND j.chat_id = -1070 AND j.thread_id = 5) OR (j.kppn_code = '071' AND j.chat_id = -1071))`); n != 2 {
		t.Errorf("%d weekly report jobs recorded for 2026-W45, want 2", n)
	}
	queue("2026-W45", 0)
	queue("2026-W46", 2)
	if n := count(t, db, `SELECT count(*) FROM jobs`); n != 4 {
		t.Errorf("%d jobs, want 4 (two KPPN, two weeks)", n)
	}

	t.Run("two replicas", func(t *testing.T) {
		var (
			wg   sync.WaitGroup
			n    [2]int
			errs [2]error
		)
		for i := range 2 {
			wg.Go(func() { n[i], errs[i] = db.QueueWeeklyReports(ctx, "2026-W47", jobs) })
		}
		wg.Wait()
		if errs[0] != nil || errs[1] != nil || n[0]+n[1] != 2 {
			t.Errorf("the replicas queued %d + %d (%v, %v), want 2 in all", n[0], n[1], errs[0], errs[1])
		}
		if n := count(t, db, `SELECT count(*) FROM jobs`); n != 6 {
			t.Errorf("%d jobs, want 6", n)
		}
	})
	t.Run("refused", func(t *testing.T) {
		for _, tt := range []struct {
			name, week string
			jobs       []conversation.Job
		}{
			{"malformed week", "2026-48", jobs},
			{"no KPPN", "2026-W48", []conversation.Job{{ChatID: -1}}},
		} {
			if _, err := db.QueueWeeklyReports(ctx, tt.week, tt.jobs); err == nil {
				t.Errorf("%s: accepted", tt.name)
			}
		}
		if n := count(t, db, `SELECT count(*) FROM weekly_reports WHERE week = '2026-W48'`); n != 0 {
			t.Error("a refused call recorded a report")
		}
	})
}
