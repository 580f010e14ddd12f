package postgres

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"posko/conversation"
	"posko/reminders"
)

// The service-level watch (issue 7): registration requests and help tickets
// nearing or past their 1-working-day deadline, each alerted to the KPPN
// group once per threshold.

// SLAItems lists the registrations not yet decided (diajukan, diproses)
// and the active tickets (terbuka, diproses, eskalasi) whose deadline is
// before until, the earliest deadline first, with the satker's name (as the
// request gave it, else the map's) and the officer who took each.
func (db *DB) SLAItems(ctx context.Context, until time.Time) ([]conversation.SLAItem, error) {
	// The predicates match the partial indexes registrations_open and
	// tickets_active_deadline; selesai is the only status a ticket leaves
	// the watch with.
	rows, err := db.pool.Query(ctx, `
		SELECT 'registration', r.id, r.number, r.satker_code, COALESCE(NULLIF(r.satker_name, ''), s.name, ''),
		  r.deadline, r.taken_by_name, r.status
		FROM registrations r LEFT JOIN satkers s ON s.kode_satker = r.satker_code
		WHERE r.status IN ('diajukan', 'diproses') AND r.deadline < $1
		UNION ALL
		SELECT 'ticket', t.id, t.number, t.satker_code, COALESCE(NULLIF(t.satker_name, ''), s.name, ''),
		  t.deadline, t.taken_by_name, t.status
		FROM tickets t LEFT JOIN satkers s ON s.kode_satker = NULLIF(t.satker_code, '')::char(6)
		WHERE t.status <> 'selesai' AND t.deadline < $1
		ORDER BY 6, 1, 2`, until)
	if err != nil {
		return nil, fmt.Errorf("service-level items due before %s: %w", until.Format(time.RFC3339), err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (conversation.SLAItem, error) {
		var it conversation.SLAItem
		err := r.Scan(&it.Kind, &it.ID, &it.Number, &it.SatkerCode, &it.SatkerName, &it.Deadline, &it.TakenByName, &it.Status)
		return it, err
	})
	if err != nil {
		return nil, fmt.Errorf("service-level items due before %s: %w", until.Format(time.RFC3339), err)
	}
	return list, nil
}

// slaKey is the claim of an alert.
type slaKey struct {
	kind      string
	id        int64
	threshold string
}

// SendSLAAlerts claims each alert by (kind, item id, threshold) and queues
// the messages of those not claimed before, in one transaction; it returns
// how many were new. An alert listed twice is sent once.
func (db *DB) SendSLAAlerts(ctx context.Context, alerts []reminders.SLAAlert) (int, error) {
	if len(alerts) == 0 {
		return 0, nil
	}
	for _, a := range alerts {
		if (a.Item.Kind != conversation.SLARegistration && a.Item.Kind != conversation.SLATicket) ||
			(a.Threshold != conversation.SLANear && a.Threshold != conversation.SLAPast) {
			return 0, fmt.Errorf("send service-level alerts: unknown alert %q %q", a.Item.Kind, a.Threshold)
		}
	}
	list := slices.Clone(alerts)
	slices.SortStableFunc(list, func(a, b reminders.SLAAlert) int {
		return cmp.Or(cmp.Compare(a.Item.Kind, b.Item.Kind), cmp.Compare(a.Item.ID, b.Item.ID), cmp.Compare(a.Threshold, b.Threshold))
	})
	kinds, ids, thresholds := make([]string, len(list)), make([]int64, len(list)), make([]string, len(list))
	first := make(map[slaKey]int, len(list))
	for i, a := range list {
		kinds[i], ids[i], thresholds[i] = a.Item.Kind, a.Item.ID, a.Threshold
		if _, ok := first[slaKey{a.Item.Kind, a.Item.ID, a.Threshold}]; !ok {
			first[slaKey{a.Item.Kind, a.Item.ID, a.Threshold}] = i
		}
	}
	var n int
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
			INSERT INTO sla_alerts (kind, item_id, threshold)
			SELECT kind, item_id, threshold
			FROM unnest($1::text[], $2::bigint[], $3::text[]) WITH ORDINALITY AS a(kind, item_id, threshold, n)
			ORDER BY n
			ON CONFLICT (kind, item_id, threshold) DO NOTHING
			RETURNING kind, item_id, threshold`, kinds, ids, thresholds)
		if err != nil {
			return fmt.Errorf("claim: %w", err)
		}
		claimed, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (slaKey, error) {
			var k slaKey
			err := r.Scan(&k.kind, &k.id, &k.threshold)
			return k, err
		})
		if err != nil {
			return fmt.Errorf("claim: %w", err)
		}
		out := make([]conversation.Outgoing, 0, len(claimed))
		for _, k := range claimed {
			out = append(out, list[first[k]].Message)
		}
		n = len(claimed)
		return queueBatch(ctx, tx, out)
	})
	if err != nil {
		return 0, fmt.Errorf("send %d service-level alerts: %w", len(alerts), err)
	}
	return n, nil
}
