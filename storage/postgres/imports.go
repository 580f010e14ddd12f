package postgres

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"posko/conversation"
)

// Imports of files an officer sends (the satker map, Digipay's transactions),
// done by the back office. Each file is one transaction: it is applied whole
// or not at all. Rows are copied into a temporary table and merged in one
// statement, so 25 000 rows take one COPY and a few statements.

// reasonUnknownSatker is why a transaction row of a satker not in the map is
// rejected; the officer reads it (Bahasa Indonesia).
const reasonUnknownSatker = "kode satker %s tidak ada di peta satker"

// reasonBadChannel and reasonNegativeValue reject transaction rows the
// parser let through.
const (
	reasonBadChannel    = "saluran %q bukan CMS atau KKP"
	reasonNegativeValue = "nilai transaksi tidak boleh negatif"
)

// ImportSatkers upserts the rows into the satker map in one transaction
// (kode satker is the key; a code given twice takes its last row, the
// earlier counting as unchanged). An
// imported satker is mapped; its progress and contact email are left alone.
// A row without a KPPN code gets defaultKPPN; KPPN codes not known yet are
// added (with no name). A row equal to what was stored changes nothing and
// counts as unchanged. Every satker added or updated gets a progress_history
// row "map" by the importer. A row with a malformed code is an error and
// nothing is imported: the parser rejects those.
func (db *DB) ImportSatkers(ctx context.Context, rows []conversation.SatkerRow, defaultKPPN string, by conversation.Actor) (added, updated, unchanged int, err error) {
	if len(rows) == 0 {
		return 0, 0, 0, nil
	}
	for _, r := range rows {
		kppn := r.KPPNCode
		if kppn == "" {
			kppn = defaultKPPN
		}
		if !digits(r.Code, 6) || (kppn != "" && !digits(kppn, 3)) {
			return 0, 0, 0, fmt.Errorf("import satkers: line %d: malformed kode satker %q or KPPN %q", r.Line, r.Code, kppn)
		}
	}
	err = pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `
			CREATE TEMP TABLE satker_import (line int, kode_satker char(6), name text, kppn_code char(3),
			  manages_up boolean, contact_name text, contact_phone text) ON COMMIT DROP`)
		if err != nil {
			return fmt.Errorf("temporary table: %w", err)
		}
		_, err = tx.CopyFrom(ctx, pgx.Identifier{"satker_import"},
			[]string{"line", "kode_satker", "name", "kppn_code", "manages_up", "contact_name", "contact_phone"},
			pgx.CopyFromSlice(len(rows), func(i int) ([]any, error) {
				r := &rows[i]
				var kppn *string
				switch {
				case r.KPPNCode != "":
					kppn = &r.KPPNCode
				case defaultKPPN != "":
					kppn = &defaultKPPN
				}
				return []any{r.Line, r.Code, r.Name, kppn, r.ManagesUP, r.ContactName, r.ContactPhone}, nil
			}))
		if err != nil {
			return fmt.Errorf("copy: %w", err)
		}
		_, err = tx.Exec(ctx, `
			INSERT INTO kppns (code) SELECT DISTINCT kppn_code FROM satker_import WHERE kppn_code IS NOT NULL
			ON CONFLICT (code) DO NOTHING`)
		if err != nil {
			return fmt.Errorf("KPPNs: %w", err)
		}
		return tx.QueryRow(ctx, `
			WITH latest AS (
			  SELECT DISTINCT ON (kode_satker) * FROM satker_import ORDER BY kode_satker, line DESC),
			up AS (
			  INSERT INTO satkers AS s (kode_satker, name, kppn_code, manages_up, mapped, contact_name, contact_phone)
			  SELECT kode_satker, name, kppn_code, manages_up, true, contact_name, contact_phone FROM latest
			  ON CONFLICT (kode_satker) DO UPDATE SET name = excluded.name, kppn_code = excluded.kppn_code,
			    manages_up = excluded.manages_up, mapped = true, contact_name = excluded.contact_name,
			    contact_phone = excluded.contact_phone, updated_at = now()
			  WHERE (s.name, s.kppn_code, s.manages_up, s.mapped, s.contact_name, s.contact_phone)
			    IS DISTINCT FROM (excluded.name, excluded.kppn_code, excluded.manages_up, excluded.mapped,
			      excluded.contact_name, excluded.contact_phone)
			  RETURNING s.kode_satker, s.xmax = 0 AS inserted),
			hist AS (
			  INSERT INTO progress_history (kode_satker, what, detail, actor_id, actor_name, chat_id)
			  SELECT kode_satker, 'map',
			    CASE WHEN inserted THEN '{"import": "added"}'::jsonb ELSE '{"import": "updated"}'::jsonb END,
			    $1, $2, $3
			  FROM up)
			SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up`,
			by.UserID, by.Name, by.ChatID).Scan(&added, &updated)
	})
	if err != nil {
		return 0, 0, 0, fmt.Errorf("import %d satkers: %w", len(rows), interpretError(err))
	}
	return added, updated, len(rows) - added - updated, nil
}

// ImportTransactions adds the rows, imported from Digipay, in one
// transaction. A row whose (kode satker, Ref) was recorded before, or comes
// earlier in the same file, is a duplicate (rows without a Ref are always
// added). A row of a satker not in the map, with a channel other than CMS
// or KKP, or a negative value is rejected with the reason. Each satker's
// counts grow by what was added, its stage transaksi is the earliest
// transaction's date, and it gets one progress_history row "import".
func (db *DB) ImportTransactions(ctx context.Context, rows []conversation.TransactionRow, by conversation.Actor) (added, duplicates int, rejected []conversation.RowProblem, err error) {
	valid := make([]conversation.TransactionRow, 0, len(rows))
	for _, r := range rows {
		switch {
		case !digits(r.SatkerCode, 6):
			rejected = append(rejected, conversation.RowProblem{Line: r.Line, Reason: fmt.Sprintf(reasonUnknownSatker, r.SatkerCode)})
		case r.Channel != conversation.ChannelCMS && r.Channel != conversation.ChannelKKP:
			rejected = append(rejected, conversation.RowProblem{Line: r.Line, Reason: fmt.Sprintf(reasonBadChannel, r.Channel)})
		case r.Value < 0:
			rejected = append(rejected, conversation.RowProblem{Line: r.Line, Reason: reasonNegativeValue})
		default:
			valid = append(valid, r)
		}
	}
	if len(valid) == 0 {
		return 0, 0, rejected, nil
	}
	var unknown []conversation.RowProblem
	err = pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		unknown = nil
		_, err := tx.Exec(ctx, `
			CREATE TEMP TABLE tx_import (line int, kode_satker char(6), date date, vendor text, value bigint,
			  channel text, ref text) ON COMMIT DROP`)
		if err != nil {
			return fmt.Errorf("temporary table: %w", err)
		}
		_, err = tx.CopyFrom(ctx, pgx.Identifier{"tx_import"},
			[]string{"line", "kode_satker", "date", "vendor", "value", "channel", "ref"},
			pgx.CopyFromSlice(len(valid), func(i int) ([]any, error) {
				r := &valid[i]
				return []any{r.Line, r.SatkerCode, wibDate(r.Date), r.Vendor, r.Value, r.Channel, r.Ref}, nil
			}))
		if err != nil {
			return fmt.Errorf("copy: %w", err)
		}
		rs, err := tx.Query(ctx, `
			SELECT line, kode_satker FROM tx_import i
			WHERE NOT EXISTS (SELECT 1 FROM satkers s WHERE s.kode_satker = i.kode_satker)
			ORDER BY line`)
		if err != nil {
			return fmt.Errorf("unknown satker: %w", err)
		}
		unknown, err = pgx.CollectRows(rs, func(r pgx.CollectableRow) (conversation.RowProblem, error) {
			var (
				p    conversation.RowProblem
				code string
			)
			err := r.Scan(&p.Line, &code)
			p.Reason = fmt.Sprintf(reasonUnknownSatker, code)
			return p, err
		})
		if err != nil {
			return fmt.Errorf("unknown satker: %w", err)
		}
		return tx.QueryRow(ctx, `
			WITH ins AS (
			  INSERT INTO transactions (kode_satker, date, vendor, value, channel, ref, source, actor_id, actor_name, actor_chat)
			  SELECT i.kode_satker, i.date, i.vendor, i.value, i.channel, i.ref, 'import', $1, $2, $3
			  FROM tx_import i JOIN satkers s ON s.kode_satker = i.kode_satker
			  ORDER BY i.line
			  ON CONFLICT (kode_satker, ref) WHERE ref <> '' DO NOTHING
			  RETURNING kode_satker, date, value),
			per AS (
			  SELECT kode_satker, count(*) AS n, sum(value)::bigint AS v, min(date) AS first FROM ins GROUP BY kode_satker),
			upd AS (
			  UPDATE satkers s SET tx_count = s.tx_count + per.n, tx_value = s.tx_value + per.v,
			    tx_at = LEAST(s.tx_at, per.first::timestamp AT TIME ZONE 'Asia/Jakarta'), updated_at = now()
			  FROM per WHERE s.kode_satker = per.kode_satker),
			hist AS (
			  INSERT INTO progress_history (kode_satker, what, detail, actor_id, actor_name, chat_id)
			  SELECT kode_satker, 'import', jsonb_build_object('transactions', n, 'value', v), $1, $2, $3 FROM per)
			SELECT count(*) FROM ins`, by.UserID, by.Name, by.ChatID).Scan(&added)
	})
	if err != nil {
		return 0, 0, nil, fmt.Errorf("import %d transactions: %w", len(rows), interpretError(err))
	}
	duplicates = len(valid) - len(unknown) - added
	rejected = append(rejected, unknown...)
	slices.SortFunc(rejected, func(a, b conversation.RowProblem) int { return a.Line - b.Line })
	return added, duplicates, rejected, nil
}
