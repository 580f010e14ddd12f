package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"posko/conversation"
)

// monthOf returns the bounds of the WIB month holding t: its first moment
// and the next month's.
func monthOf(t time.Time) (start, next time.Time) {
	y, m, _ := t.In(wibZone).Date()
	start = time.Date(y, m, 1, 0, 0, 0, 0, wibZone)
	return start, start.AddDate(0, 1, 0)
}

// Report reads the report of KPPN kppnCode as of now, in one round trip:
// the KPPN; every mapped satker of it that manages UP, by code, with its
// progress (not its users); and this WIB month's figures: the transactions
// dated in it of those satker, the help tickets opened in it whose satker
// belongs to the KPPN (and of those, the ones first answered by their
// deadline), and the face-to-face assistances given to its satker.
// ErrNotFound when the KPPN is unknown.
func (db *DB) Report(ctx context.Context, kppnCode string, now time.Time) (conversation.Report, error) {
	if !digits(kppnCode, 3) {
		return conversation.Report{}, fmt.Errorf("report of KPPN %q: %w", kppnCode, ErrNotFound)
	}
	start, next := monthOf(now)
	r := conversation.Report{At: now}
	b := &pgx.Batch{}
	b.Queue(`
		SELECT k.code, k.name, COALESCE(m.to_chat, k.group_chat_id, 0)
		FROM kppns k LEFT JOIN chat_migrations m ON m.from_chat = k.group_chat_id
		WHERE k.code = $1`, kppnCode).QueryRow(func(row pgx.Row) error {
		return row.Scan(&r.KPPN.Code, &r.KPPN.Name, &r.KPPN.GroupChatID)
	})
	b.Queue(`SELECT `+progressColumns+`, COALESCE(u.n, 0)
		FROM satkers LEFT JOIN (SELECT kode_satker, count(*) AS n FROM satker_users GROUP BY kode_satker) u USING (kode_satker)
		WHERE kppn_code = $1 AND mapped AND manages_up
		ORDER BY kode_satker`, kppnCode).Query(func(rows pgx.Rows) error {
		var err error
		r.Satkers, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (conversation.SatkerProgress, error) {
			var users int
			p, err := scanProgress(row, &users)
			p.UsersRecorded = users
			return p, err
		})
		return err
	})
	b.Queue(`
		WITH tx AS (
		  SELECT count(*) AS n, COALESCE(sum(t.value), 0)::bigint AS v
		  FROM transactions t JOIN satkers s ON s.kode_satker = t.kode_satker
		  WHERE t.date >= $2 AND t.date < $3 AND s.kppn_code = $1 AND s.mapped AND s.manages_up),
		tk AS (
		  SELECT count(*) AS n, count(*) FILTER (WHERE t.first_response_at <= t.deadline) AS on_time
		  FROM tickets t JOIN satkers s ON s.kode_satker = t.satker_code
		  WHERE t.created_at >= $4 AND t.created_at < $5 AND s.kppn_code = $1),
		pv AS (
		  SELECT count(*) AS n
		  FROM posko_visits v JOIN satkers s ON s.kode_satker = v.satker_code
		  WHERE v.at >= $4 AND v.at < $5 AND s.kppn_code = $1)
		SELECT tx.n, tx.v, tk.n, tk.on_time, pv.n FROM tx, tk, pv`,
		kppnCode, start, next, start, next).QueryRow(func(row pgx.Row) error {
		return row.Scan(&r.MonthTransactions, &r.MonthTxValue, &r.Tickets, &r.TicketsOnTime, &r.PoskoVisits)
	})
	err := db.pool.SendBatch(ctx, b).Close()
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return conversation.Report{}, fmt.Errorf("report of KPPN %s: %w", kppnCode, ErrNotFound)
	case err != nil:
		return conversation.Report{}, fmt.Errorf("report of KPPN %s: %w", kppnCode, err)
	}
	return r, nil
}
