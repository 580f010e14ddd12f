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

// The scheduled jobs' sends (package reminders): each message is claimed by
// a row with a unique key inserted in the transaction that queues it
// through the outbox (queueOutgoing, which wakes the sender), so two
// replicas running the same job send it once. Claims are taken in key
// order, so two runs over the same sends wait for each other instead of
// deadlocking.

// reminderKey is the claim of a reminder on a day.
type reminderKey struct {
	code, stage string
	chat        int64
}

// SendReminders records sends for the WIB date of day in one transaction:
// each is claimed by (satker, stage, chat, day) and a send claimed before
// (by another replica, or an earlier run that day) is left out. A claimed
// send is recorded as skipped when it says so (Skip), when its chat
// blocked the bot ("blocked") or when the satker's reminders are paused
// ("paused"), decided here in case that changed since ReminderCandidates;
// otherwise its Message (to ChatID when it names no chat) is queued under
// Ref "reminder:<id>". Sends of unknown satker are left out. It returns how
// many were newly sent and skipped.
func (db *DB) SendReminders(ctx context.Context, day time.Time, sends []reminders.Send) (sent, skipped int, err error) {
	if len(sends) == 0 {
		return 0, 0, nil
	}
	list := slices.Clone(sends)
	for _, s := range list {
		if _, ok := stageColumns[s.Stage]; !ok {
			return 0, 0, fmt.Errorf("send reminders: unknown stage %q", s.Stage)
		}
	}
	list = slices.DeleteFunc(list, func(s reminders.Send) bool { return !digits(s.SatkerCode, 6) })
	slices.SortStableFunc(list, func(a, b reminders.Send) int {
		return cmp.Or(cmp.Compare(a.SatkerCode, b.SatkerCode), cmp.Compare(a.Stage, b.Stage), cmp.Compare(a.ChatID, b.ChatID))
	})
	codes, stages := make([]string, len(list)), make([]string, len(list))
	chats, skips := make([]int64, len(list)), make([]string, len(list))
	first := make(map[reminderKey]int, len(list)) // a key's first send
	for i, s := range list {
		codes[i], stages[i], chats[i], skips[i] = s.SatkerCode, s.Stage, s.ChatID, s.Skip
		if _, ok := first[reminderKey{s.SatkerCode, s.Stage, s.ChatID}]; !ok {
			first[reminderKey{s.SatkerCode, s.Stage, s.ChatID}] = i
		}
	}
	err = pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
			INSERT INTO reminders (kode_satker, stage, chat_id, day, status, skip_reason)
			SELECT s.code, s.stage, s.chat_id, $5::date,
			  CASE WHEN s.skip <> '' OR ch.blocked_at IS NOT NULL OR p.kode_satker IS NOT NULL
			    THEN 'skipped' ELSE 'sent' END,
			  CASE WHEN s.skip <> '' THEN s.skip WHEN ch.blocked_at IS NOT NULL THEN 'blocked'
			    WHEN p.kode_satker IS NOT NULL THEN 'paused' ELSE '' END
			FROM unnest($1::char(6)[], $2::text[], $3::bigint[], $4::text[]) WITH ORDINALITY AS s(code, stage, chat_id, skip, n)
			JOIN satkers sat ON sat.kode_satker = s.code
			LEFT JOIN chats ch ON ch.chat_id = s.chat_id
			LEFT JOIN reminder_pauses p ON p.kode_satker = s.code
			ORDER BY s.n
			ON CONFLICT (kode_satker, stage, chat_id, day) DO NOTHING
			RETURNING id, kode_satker, stage, chat_id, status`,
			codes, stages, chats, skips, wibDay(day))
		if err != nil {
			return fmt.Errorf("claim: %w", err)
		}
		type claimed struct {
			id     int64
			key    reminderKey
			status string
		}
		got, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (claimed, error) {
			var c claimed
			err := r.Scan(&c.id, &c.key.code, &c.key.stage, &c.key.chat, &c.status)
			return c, err
		})
		if err != nil {
			return fmt.Errorf("claim: %w", err)
		}
		var out []conversation.Outgoing
		for _, c := range got {
			if c.status != conversation.ReminderSent {
				skipped++
				continue
			}
			sent++
			m := list[first[c.key]].Message
			if m.ChatID == 0 {
				m.ChatID = c.key.chat
			}
			m.Ref = reminderRef(c.id)
			out = append(out, m)
		}
		return queueBatch(ctx, tx, out)
	})
	if err != nil {
		return 0, 0, fmt.Errorf("send %d reminders for %s: %w", len(sends), wibDay(day), err)
	}
	return sent, skipped, nil
}

// queueBatch queues out through the outbox in tx, waking the sender when
// tx commits.
func queueBatch(ctx context.Context, tx pgx.Tx, out []conversation.Outgoing) error {
	if len(out) == 0 {
		return nil
	}
	b := &pgx.Batch{}
	if err := queueOutgoing(b, out); err != nil {
		return err
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("queue %d messages: %w", len(out), err)
	}
	return nil
}
