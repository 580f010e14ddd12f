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

// The forms users leave unfinished (issue 7): the update that opens or
// advances a form records it (TrackForm), and a form left for a day gets
// one nudge to continue (StaleForms, SendNudges).

// TrackForm records that the chat has form flow open, last touched at
// (now when zero); a new touch makes the form eligible for a nudge again.
// Flow "" forgets the chat's form.
func (s *txStore) TrackForm(ctx context.Context, chatID int64, flow string, at time.Time) error {
	if at.IsZero() {
		at = time.Now()
	}
	if err := s.begin(ctx); err != nil {
		return fmt.Errorf("track form of chat %d: %w", chatID, err)
	}
	var err error
	if flow == "" {
		_, err = s.tx.Exec(ctx, `DELETE FROM open_forms WHERE chat_id = $1`, chatID)
	} else {
		_, err = s.tx.Exec(ctx, `
			INSERT INTO open_forms (chat_id, flow, touched_at) VALUES ($1, $2, $3)
			ON CONFLICT (chat_id) DO UPDATE SET flow = excluded.flow, touched_at = excluded.touched_at,
			  nudged_at = CASE WHEN open_forms.touched_at = excluded.touched_at THEN open_forms.nudged_at END`,
			chatID, flow, at)
	}
	if err != nil {
		s.fail(err)
		return fmt.Errorf("track form %q of chat %d: %w", flow, chatID, err)
	}
	return nil
}

// StaleForms lists the forms last touched from from up to before and not
// nudged since, the longest left first, at most limit (all when limit <= 0).
func (db *DB) StaleForms(ctx context.Context, from, before time.Time, limit int) ([]reminders.OpenForm, error) {
	var lim *int
	if limit > 0 {
		lim = &limit
	}
	rows, err := db.pool.Query(ctx, `
		SELECT chat_id, flow, touched_at FROM open_forms
		WHERE nudged_at IS NULL AND touched_at < $1 AND touched_at >= $3
		ORDER BY touched_at, chat_id LIMIT $2`, before, lim, from)
	if err != nil {
		return nil, fmt.Errorf("forms left before %s: %w", before.Format(time.RFC3339), err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (reminders.OpenForm, error) {
		var f reminders.OpenForm
		err := r.Scan(&f.ChatID, &f.Flow, &f.TouchedAt)
		return f, err
	})
	if err != nil {
		return nil, fmt.Errorf("forms left before %s: %w", before.Format(time.RFC3339), err)
	}
	return list, nil
}

// SendNudges claims each form, still open, last touched at Form.TouchedAt
// and not nudged, and queues its Message (to the form's chat when it names
// none), in one transaction; it returns how many were sent. A form touched
// again since StaleForms read it is left alone.
func (db *DB) SendNudges(ctx context.Context, nudges []reminders.Nudge) (int, error) {
	if len(nudges) == 0 {
		return 0, nil
	}
	// Claimed in chat order, so two runs wait for each other rather than
	// deadlock.
	list := slices.Clone(nudges)
	slices.SortStableFunc(list, func(a, b reminders.Nudge) int { return cmp.Compare(a.Form.ChatID, b.Form.ChatID) })
	var n int
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		b := &pgx.Batch{}
		for _, nd := range list {
			b.Queue(`UPDATE open_forms SET nudged_at = now()
				WHERE chat_id = $1 AND touched_at = $2 AND nudged_at IS NULL`, nd.Form.ChatID, nd.Form.TouchedAt)
		}
		res := tx.SendBatch(ctx, b)
		var out []conversation.Outgoing
		for _, nd := range list {
			tag, err := res.Exec()
			if err != nil {
				_ = res.Close()
				return fmt.Errorf("claim form of chat %d: %w", nd.Form.ChatID, err)
			}
			if tag.RowsAffected() == 0 {
				continue
			}
			m := nd.Message
			if m.ChatID == 0 {
				m.ChatID = nd.Form.ChatID
			}
			out = append(out, m)
		}
		if err := res.Close(); err != nil {
			return fmt.Errorf("claim forms: %w", err)
		}
		n = len(out)
		return queueBatch(ctx, tx, out)
	})
	if err != nil {
		return 0, fmt.Errorf("send %d nudges: %w", len(nudges), err)
	}
	return n, nil
}
