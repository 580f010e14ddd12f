package postgres

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"

	"github.com/jackc/pgx/v5"

	"posko/conversation"
)

// Monday's report to each KPPN group (issue 7): a back-office job per KPPN
// and ISO week, claimed in weekly_reports so that two replicas, or a rerun,
// queue it once.

// isoWeek is the form of a week: "2026-W48".
var isoWeek = regexp.MustCompile(`^[0-9]{4}-W[0-9]{2}$`)

// QueueWeeklyReports queues jobs (as JobWeeklyReport, a zero At is now)
// for week, in one transaction, each unless a report of its KPPN for week
// was queued before; it returns how many were new. Every job must name its
// KPPN.
func (db *DB) QueueWeeklyReports(ctx context.Context, week string, jobs []conversation.Job) (int, error) {
	if !isoWeek.MatchString(week) {
		return 0, fmt.Errorf("queue weekly reports: week %q is not like 2026-W48", week)
	}
	for _, j := range jobs {
		if !digits(j.KPPNCode, 3) {
			return 0, fmt.Errorf("queue weekly reports of %s: KPPN %q", week, j.KPPNCode)
		}
	}
	// Claimed in KPPN order, so two runs wait for each other rather than
	// deadlock.
	list := slices.Clone(jobs)
	slices.SortStableFunc(list, func(a, b conversation.Job) int { return cmp.Compare(a.KPPNCode, b.KPPNCode) })
	var n int
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		n = 0
		for _, j := range list {
			tag, err := tx.Exec(ctx, `
				INSERT INTO weekly_reports (kppn_code, week) VALUES ($1, $2)
				ON CONFLICT (kppn_code, week) DO NOTHING`, j.KPPNCode, week)
			if err != nil {
				return fmt.Errorf("claim report of KPPN %s: %w", j.KPPNCode, err)
			}
			if tag.RowsAffected() == 0 {
				continue
			}
			j.Kind = conversation.JobWeeklyReport
			id, err := insertJob(ctx, tx, j)
			if err != nil {
				return fmt.Errorf("queue report of KPPN %s: %w", j.KPPNCode, err)
			}
			if _, err := tx.Exec(ctx, `UPDATE weekly_reports SET job_id = $3 WHERE kppn_code = $1 AND week = $2`,
				j.KPPNCode, week, id); err != nil {
				return fmt.Errorf("record report job of KPPN %s: %w", j.KPPNCode, err)
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("queue weekly reports of %s: %w", week, err)
	}
	return n, nil
}
