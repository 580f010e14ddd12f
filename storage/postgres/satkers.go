package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Satker is a government work unit the KPPN knows, and its progress.
type Satker struct {
	Code              string     `db:"kode_satker"` // 6 digits
	Name              string     `db:"name"`
	KPPNCode          *string    `db:"kppn_code"` // 3 digits; nil when not known
	ManagesUP         bool       `db:"manages_up"`
	Mapped            bool       `db:"mapped"` // in the KPPN's map; false when first seen in a registration
	ContactName       string     `db:"contact_name"`
	ContactPhone      string     `db:"contact_phone"`
	ContactEmail      string     `db:"contact_email"`
	AdminRegisteredAt *time.Time `db:"admin_registered_at"` // progress stage 1
	CreatedAt         time.Time  `db:"created_at"`
	UpdatedAt         time.Time  `db:"updated_at"`
}

const satkerColumns = `kode_satker, name, kppn_code, manages_up, mapped, contact_name, contact_phone,
	contact_email, admin_registered_at, created_at, updated_at`

// UpsertSatker puts s in the KPPN's map: it inserts it, or updates the
// stored satker's name, KPPN, UP flag and contacts, leaving its progress
// alone. A satker first seen in a registration becomes mapped. A KPPN code
// not known yet is added to the KPPNs (with no name).
func (db *DB) UpsertSatker(ctx context.Context, s Satker) error {
	_, err := db.pool.Exec(ctx, `
		WITH kppn AS (INSERT INTO kppns (code) SELECT $3::char(3) WHERE $3::char(3) IS NOT NULL ON CONFLICT (code) DO NOTHING)
		INSERT INTO satkers (kode_satker, name, kppn_code, manages_up, mapped, contact_name, contact_phone, contact_email)
		VALUES ($1, $2, $3, $4, true, $5, $6, $7)
		ON CONFLICT (kode_satker) DO UPDATE SET name = excluded.name, kppn_code = excluded.kppn_code,
			manages_up = excluded.manages_up, mapped = true, contact_name = excluded.contact_name,
			contact_phone = excluded.contact_phone, contact_email = excluded.contact_email, updated_at = now()`,
		s.Code, s.Name, s.KPPNCode, s.ManagesUP, s.ContactName, s.ContactPhone, s.ContactEmail)
	if err != nil {
		return fmt.Errorf("upsert satker %s: %w", s.Code, interpretError(err))
	}
	return nil
}

// Satker returns the stored satker with the code; ErrNotFound when none.
func (db *DB) Satker(ctx context.Context, code string) (Satker, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+satkerColumns+` FROM satkers WHERE kode_satker = $1`, code)
	if err != nil {
		return Satker{}, fmt.Errorf("satker %s: %w", code, err)
	}
	s, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Satker])
	if err != nil {
		return Satker{}, fmt.Errorf("satker %s: %w", code, interpretError(err))
	}
	return s, nil
}

// LookupSatker returns the name of a satker in the KPPN's map. A satker
// only seen in an earlier registration (not mapped yet) is not found: the
// KPPN has still to check it.
func (s *txStore) LookupSatker(ctx context.Context, code string) (string, bool, error) {
	if err := s.begin(ctx); err != nil {
		return "", false, fmt.Errorf("lookup satker %s: %w", code, err)
	}
	var name string
	err := s.tx.QueryRow(ctx, `SELECT name FROM satkers WHERE kode_satker = $1 AND mapped`, code).Scan(&name)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return "", false, nil
	case err != nil:
		s.fail(err)
		return "", false, fmt.Errorf("lookup satker %s: %w", code, err)
	}
	return name, true, nil
}

// MarkAdminRegistered records progress stage 1 (the User Admin Satker is
// active) for the satker at the given time, unless it was reached before,
// and links the registrant's chat to the satker as its admin. A satker not
// in the map is added unmapped, under the name its latest registration from
// that chat gave, for the KPPN to check. A progress_history row "stage"
// records the registrant and chat.
func (s *txStore) MarkAdminRegistered(ctx context.Context, satkerCode string, chatID, userID int64, at time.Time) error {
	if err := s.begin(ctx); err != nil {
		return fmt.Errorf("mark admin registered %s: %w", satkerCode, err)
	}
	b := &pgx.Batch{}
	b.Queue(`
		INSERT INTO satkers (kode_satker, name, mapped, admin_registered_at)
		VALUES ($1, COALESCE((SELECT satker_name FROM registrations WHERE satker_code = $1 AND chat_id = $2
			ORDER BY id DESC LIMIT 1), ''), false, $3)
		ON CONFLICT (kode_satker) DO UPDATE
			SET admin_registered_at = COALESCE(satkers.admin_registered_at, excluded.admin_registered_at),
				updated_at = now()`, satkerCode, chatID, at)
	b.Queue(`
		INSERT INTO satker_links (chat_id, user_id, kode_satker, role, via, linked_at)
		VALUES ($1, $2, $3, 'admin', 'registration', $4)
		ON CONFLICT (chat_id, kode_satker, role) DO UPDATE SET user_id = excluded.user_id`,
		chatID, userID, satkerCode, at)
	b.Queue(`
		INSERT INTO progress_history (kode_satker, what, detail, actor_id, chat_id, at)
		VALUES ($1, 'stage', '{"stage": "admin", "done": true, "via": "registration"}', $2, $3, $4)`,
		satkerCode, userID, chatID, at)
	if err := s.tx.SendBatch(ctx, b).Close(); err != nil {
		s.fail(err)
		return fmt.Errorf("mark admin registered %s: %w", satkerCode, interpretError(err))
	}
	return nil
}
