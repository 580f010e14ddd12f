package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"posko/conversation"
)

// The satker map read as progress (issue 5): one satker with its users, and
// the satker still at a stage. The changes are in progress_changes.go.

// wibZone is the KPPN's time zone: transaction dates and report months are WIB.
var wibZone = time.FixedZone("WIB", 7*60*60)

// progressColumns are the satkers columns scanProgress reads, in its order.
const progressColumns = `kode_satker, name, COALESCE(kppn_code, ''), manages_up, mapped, contact_name, contact_phone,
	admin_registered_at, users_at, vendor_at, vendors, tx_at, tx_count, tx_value, last_contact_at, created_at`

// scanProgress reads one row of progressColumns, then the columns after
// them into extra. Nullable times are read into pgtype values rather than
// pointers: a report scans 25 000 rows.
func scanProgress(row pgx.Row, extra ...any) (conversation.SatkerProgress, error) {
	var (
		p                                 conversation.SatkerProgress
		admin, users, vendor, tx, contact pgtype.Timestamptz
	)
	dest := append([]any{&p.Code, &p.Name, &p.KPPNCode, &p.ManagesUP, &p.Mapped, &p.ContactName, &p.ContactPhone,
		&admin, &users, &vendor, &p.Vendors, &tx, &p.Transactions, &p.TxValue, &contact, &p.CreatedAt}, extra...)
	err := row.Scan(dest...)
	if err != nil {
		return p, err
	}
	p.AdminAt, p.UsersAt, p.VendorAt, p.TxAt, p.LastContactAt =
		orZero(admin), orZero(users), orZero(vendor), orZero(tx), orZero(contact)
	return p, nil
}

// orZero is t's time, or the zero time for NULL.
func orZero(t pgtype.Timestamptz) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time
}

// stageColumns maps each stage to the satkers column that records it.
var stageColumns = map[string]string{
	conversation.StageAdmin:  "admin_registered_at",
	conversation.StageUsers:  "users_at",
	conversation.StageVendor: "vendor_at",
	conversation.StageTx:     "tx_at",
}

// digits reports whether s is n ASCII digits. Codes are checked before they
// reach a char(n) column: a wrong length is an error there, which would
// leave the update's transaction unusable.
func digits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < n; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Satker returns a stored satker (mapped or only seen in a registration:
// see Mapped) with its progress, its ignored reminders about its first
// missing stage and its users in the order of conversation.UserRoles;
// ErrNotFound when there is none.
func (s *txStore) Satker(ctx context.Context, code string) (conversation.SatkerProgress, error) {
	if !digits(code, 6) {
		return conversation.SatkerProgress{}, fmt.Errorf("satker %q: %w", code, ErrNotFound)
	}
	if err := s.begin(ctx); err != nil {
		return conversation.SatkerProgress{}, fmt.Errorf("satker %s: %w", code, err)
	}
	var ignored int
	p, err := scanProgress(s.tx.QueryRow(ctx, `SELECT `+progressColumns+`, `+ignoredColumn+`
		FROM satkers WHERE kode_satker = $1`, code), &ignored)
	p.IgnoredReminders = ignored
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return conversation.SatkerProgress{}, fmt.Errorf("satker %s: %w", code, ErrNotFound)
	case err != nil:
		s.fail(err)
		return conversation.SatkerProgress{}, fmt.Errorf("satker %s: %w", code, err)
	}
	rows, err := s.tx.Query(ctx, `
		SELECT role, name, email, at FROM satker_users WHERE kode_satker = $1
		ORDER BY array_position($2::text[], role), role`, code, conversation.UserRoles())
	if err != nil {
		s.fail(err)
		return conversation.SatkerProgress{}, fmt.Errorf("users of satker %s: %w", code, err)
	}
	p.Users, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (conversation.SatkerUser, error) {
		var u conversation.SatkerUser
		err := r.Scan(&u.Role, &u.Name, &u.Email, &u.At)
		return u, err
	})
	if err != nil {
		s.fail(err)
		return conversation.SatkerProgress{}, fmt.Errorf("users of satker %s: %w", code, err)
	}
	return p, nil
}

// Lagging lists the mapped satker of KPPN kppnCode (every KPPN when "")
// that manage UP and have not reached stage, the oldest in the map first
// (then by code), at most limit (all when limit <= 0), each with its ignored
// reminders about its first missing stage (which may come before stage).
// Users are not read.
func (s *txStore) Lagging(ctx context.Context, kppnCode, stage string, limit int) ([]conversation.SatkerProgress, error) {
	column, ok := stageColumns[stage]
	if !ok {
		return nil, fmt.Errorf("lagging satker: unknown stage %q", stage)
	}
	if kppnCode != "" && !digits(kppnCode, 3) {
		return nil, nil // no KPPN has such a code
	}
	if err := s.begin(ctx); err != nil {
		return nil, fmt.Errorf("lagging satker: %w", err)
	}
	var lim *int
	if limit > 0 {
		lim = &limit
	}
	// The predicate matches the partial index satkers_lagging_<stage>.
	where := `WHERE mapped AND manages_up AND ` + column + ` IS NULL`
	args := []any{lim}
	if kppnCode != "" {
		where += ` AND kppn_code = $2`
		args = append(args, kppnCode)
	}
	rows, err := s.tx.Query(ctx, `SELECT `+progressColumns+`, `+ignoredColumn+` FROM satkers `+where+`
		ORDER BY created_at, kode_satker LIMIT $1`, args...)
	if err != nil {
		s.fail(err)
		return nil, fmt.Errorf("lagging satker of KPPN %s at %s: %w", kppnCode, stage, err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (conversation.SatkerProgress, error) {
		var ignored int
		p, err := scanProgress(r, &ignored)
		p.IgnoredReminders = ignored
		return p, err
	})
	if err != nil {
		s.fail(err)
		return nil, fmt.Errorf("lagging satker of KPPN %s at %s: %w", kppnCode, stage, err)
	}
	return list, nil
}
