package postgres

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"posko/conversation"
	"posko/reminders"
)

// ReminderCandidates lists, in one query, every mapped satker managing UP
// that has not reached a stage (the oldest in the map first, like Lagging),
// with its first missing stage, the chats linked to it (the earliest link
// first; a chat holding two roles is listed per role), those that blocked
// the bot, and the history of its reminders about that stage: LastAt (sent
// or skipped, by the database's clock), Ignored (also in
// Satker.IgnoredReminders), the snooze (as stored: it may have passed) and
// whether an officer paused it. Users are not read.
func (db *DB) ReminderCandidates(ctx context.Context) ([]reminders.Candidate, error) {
	var list []reminders.Candidate
	err := pgx.BeginTxFunc(ctx, db.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		// The planner prices the query high enough to JIT-compile it, which
		// takes longer than running it; its hashes of the reminders fit in
		// memory with a little more than the default work_mem.
		if _, err := tx.Exec(ctx, `SET LOCAL jit = off; SET LOCAL work_mem = '32MB'`); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, candidatesQuery)
		if err != nil {
			return err
		}
		list, err = pgx.CollectRows(rows, scanCandidate)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reminder candidates: %w", err)
	}
	// Sorted here rather than in SQL, where the wide rows spill to disk.
	slices.SortFunc(list, func(a, b reminders.Candidate) int {
		return cmp.Or(a.Satker.CreatedAt.Compare(b.Satker.CreatedAt), cmp.Compare(a.Satker.Code, b.Satker.Code))
	})
	return list, nil
}

// candidatesQuery is ReminderCandidates' query. It reads the links and the
// reminders of the candidates' stages in bulk (hash joins and aggregates)
// rather than looking them up per candidate, which costs twice as much for
// 25 000 satker (BenchmarkReminderCandidates25k). The arrays of one
// aggregate are filled from the same rows in the same order, so they line
// up; scanCandidate orders the links and counts the ignored days.
var candidatesQuery = `
	WITH c AS MATERIALIZED (
	  SELECT kode_satker, name, kppn_code, manages_up, mapped, contact_name, contact_phone, admin_registered_at,
	    users_at, vendor_at, vendors, tx_at, tx_count, tx_value, last_contact_at, created_at,
	    ` + firstMissingStage + ` AS stage
	  FROM satkers
	  WHERE mapped AND manages_up
	    AND (admin_registered_at IS NULL OR users_at IS NULL OR vendor_at IS NULL OR tx_at IS NULL)),
	l AS (
	  SELECT sl.kode_satker, array_agg(sl.id) AS ids, array_agg(sl.chat_id) AS chat_ids,
	    array_agg(sl.user_id) AS user_ids, array_agg(sl.role) AS roles, array_agg(sl.via) AS vias,
	    array_agg(sl.linked_at) AS linked_ats, array_agg(ch.blocked_at IS NOT NULL) AS blocked
	  FROM satker_links sl LEFT JOIN chats ch ON ch.chat_id = sl.chat_id
	  GROUP BY sl.kode_satker),
	h AS (
	  SELECT r.kode_satker, max(r.at) AS last_at, max(r.day) FILTER (WHERE r.answered_at IS NOT NULL) AS answered_day,
	    array_agg(r.day) FILTER (WHERE r.status = 'sent' AND r.answered_at IS NULL) AS open_days
	  FROM reminders r JOIN c ON c.kode_satker = r.kode_satker AND c.stage = r.stage
	  GROUP BY r.kode_satker)
	SELECT c.kode_satker, c.name, COALESCE(c.kppn_code, ''), c.manages_up, c.mapped, c.contact_name, c.contact_phone,
	  c.admin_registered_at, c.users_at, c.vendor_at, c.vendors, c.tx_at, c.tx_count, c.tx_value,
	  c.last_contact_at, c.created_at, c.stage,
	  l.ids, l.chat_ids, l.user_ids, l.roles, l.vias, l.linked_ats, l.blocked,
	  h.last_at, h.answered_day, h.open_days, sn.snoozed_until, p.kode_satker IS NOT NULL
	FROM c
	LEFT JOIN l ON l.kode_satker = c.kode_satker
	LEFT JOIN h ON h.kode_satker = c.kode_satker
	LEFT JOIN reminder_snoozes sn ON sn.kode_satker = c.kode_satker AND sn.stage = c.stage
	LEFT JOIN reminder_pauses p ON p.kode_satker = c.kode_satker`

// scanCandidate reads one row of candidatesQuery.
func scanCandidate(r pgx.CollectableRow) (reminders.Candidate, error) {
	var (
		c                                 reminders.Candidate
		p                                 = &c.Satker
		admin, users, vendor, tx, contact pgtype.Timestamptz
		lastAt, snoozed                   pgtype.Timestamptz
		answered                          pgtype.Date
		ids, chats, userIDs               []int64
		roles, vias                       []string
		linkedAt, open                    []time.Time
		blocked                           []bool
	)
	err := r.Scan(&p.Code, &p.Name, &p.KPPNCode, &p.ManagesUP, &p.Mapped, &p.ContactName, &p.ContactPhone,
		&admin, &users, &vendor, &p.Vendors, &tx, &p.Transactions, &p.TxValue, &contact, &p.CreatedAt, &c.Stage,
		&ids, &chats, &userIDs, &roles, &vias, &linkedAt, &blocked,
		&lastAt, &answered, &open, &snoozed, &c.Paused)
	if err != nil {
		return c, err
	}
	p.AdminAt, p.UsersAt, p.VendorAt, p.TxAt, p.LastContactAt =
		orZero(admin), orZero(users), orZero(vendor), orZero(tx), orZero(contact)
	c.LastAt, c.SnoozedUntil = orZero(lastAt), orZero(snoozed)
	c.Ignored = ignoredDays(open, answered)
	p.IgnoredReminders = c.Ignored
	if len(chats) == 0 {
		return c, nil
	}
	order := make([]int, len(chats))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(linkedAt[a].Compare(linkedAt[b]), cmp.Compare(ids[a], ids[b]))
	})
	c.Chats = make([]conversation.SatkerLink, len(chats))
	for k, i := range order {
		c.Chats[k] = conversation.SatkerLink{SatkerCode: p.Code, SatkerName: p.Name, KPPNCode: p.KPPNCode,
			ChatID: chats[i], UserID: userIDs[i], Role: roles[i], Via: vias[i], LinkedAt: linkedAt[i]}
		if blocked[i] {
			if c.Blocked == nil {
				c.Blocked = map[int64]bool{}
			}
			c.Blocked[chats[i]] = true
		}
	}
	return c, nil
}

// ignoredDays counts the distinct days in open (of reminders sent and not
// answered) after answered, the last day a reminder was answered: the rule
// of ignoredColumn, applied to what candidatesQuery reads in bulk.
func ignoredDays(open []time.Time, answered pgtype.Date) int {
	open = slices.DeleteFunc(open, func(d time.Time) bool { return answered.Valid && !d.After(answered.Time) })
	slices.SortFunc(open, time.Time.Compare)
	return len(slices.CompactFunc(open, time.Time.Equal))
}
