package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"posko/conversation"
	"posko/sealed"
)

// Vendor registrations (issue 6), stored through the update's transaction.
// The owner's NIK is sealed with DOCUMENT_KEY before it reaches the table;
// the documents are registered for the fetcher (documents.go) under subject
// "vendor:<id>". Decisions and the checklist are in vendor_decisions.go,
// invitation links in vendor_invitations.go.

// vendorSubject names a vendor in documents.subject and the audit log.
func vendorSubject(id int64) string { return "vendor:" + strconv.FormatInt(id, 10) }

// vendorSealAAD binds a vendor's sealed column to its row and column: a
// value copied to another row or column does not open.
func vendorSealAAD(id int64, column string) []byte {
	return []byte("posko:vendor:" + strconv.FormatInt(id, 10) + ":" + column)
}

// vendorRow is a vendors row as stored, with its satker's name.
type vendorRow struct {
	ID           int64      `db:"id"`
	Number       string     `db:"number"`
	SatkerCode   string     `db:"satker_code"`
	SatkerName   string     `db:"satker_name"`
	ChatID       int64      `db:"chat_id"`
	UserID       int64      `db:"user_id"`
	UserName     string     `db:"user_name"`
	BusinessName string     `db:"business_name"`
	Form         string     `db:"form"`
	OwnerName    string     `db:"owner_name"`
	OwnerNIK     []byte     `db:"owner_nik"`
	NPWP         string     `db:"npwp"`
	LicenceKind  string     `db:"licence_kind"`
	Licence      string     `db:"licence"`
	Address      string     `db:"address"`
	Bank         string     `db:"bank"`
	Mobile       string     `db:"mobile"`
	Email        string     `db:"email"`
	Documents    []byte     `db:"documents"`
	Status       string     `db:"status"`
	FixReason    string     `db:"fix_reason"`
	DecidedBy    int64      `db:"decided_by"`
	DecidedName  string     `db:"decided_name"`
	Steps        []byte     `db:"steps"`
	SubmittedAt  time.Time  `db:"submitted_at"`
	EnteredAt    *time.Time `db:"entered_at"`
	UpdatedAt    time.Time  `db:"updated_at"`
}

// vendorColumns selects a vendorRow from vendors v.
const vendorColumns = `v.id, v.number, v.satker_code,
	COALESCE((SELECT s.name FROM satkers s WHERE s.kode_satker = v.satker_code), '') AS satker_name,
	v.chat_id, v.user_id, v.user_name, v.business_name, v.form, v.owner_name, v.owner_nik, v.npwp,
	v.licence_kind, v.licence, v.address, v.bank, v.mobile, v.email, v.documents, v.status, v.fix_reason,
	v.decided_by, v.decided_name, v.steps, v.submitted_at, v.entered_at, v.updated_at`

// ReserveVendorNumber takes the next vendor id and number. Nothing is
// stored: SubmitVendor stores the vendor under this id later, and a number
// whose form is abandoned stays unused.
func (s *txStore) ReserveVendorNumber(ctx context.Context) (int64, string, error) {
	if err := s.begin(ctx); err != nil {
		return 0, "", fmt.Errorf("reserve vendor number: %w", err)
	}
	var id int64
	if err := s.tx.QueryRow(ctx, `SELECT nextval('vendor_ids')`).Scan(&id); err != nil {
		s.fail(err)
		return 0, "", fmt.Errorf("reserve vendor number: %w", err)
	}
	return id, conversation.VendorNumber(id), nil
}

// Vendor returns vendor id, locked (FOR UPDATE) until the update's
// transaction ends. An unknown id is ErrNotFound.
func (s *txStore) Vendor(ctx context.Context, id int64) (conversation.Vendor, error) {
	v, err := s.lockVendor(ctx, id)
	if err != nil {
		return conversation.Vendor{}, fmt.Errorf("vendor %d: %w", id, err)
	}
	return v, nil
}

func (s *txStore) lockVendor(ctx context.Context, id int64) (conversation.Vendor, error) {
	row, err := oneRow[vendorRow](ctx, s, `SELECT `+vendorColumns+` FROM vendors v WHERE v.id = $1 FOR UPDATE OF v`, id)
	if err != nil {
		return conversation.Vendor{}, err
	}
	return row.vendor(s.key)
}

// VendorsOf lists the vendor registrations of a vendor's chat, newest first.
func (s *txStore) VendorsOf(ctx context.Context, chatID int64) ([]conversation.Vendor, error) {
	list, err := s.listVendors(ctx, `v.chat_id = $1`, chatID)
	if err != nil {
		return nil, fmt.Errorf("vendors of chat %d: %w", chatID, err)
	}
	return list, nil
}

// VendorsOfSatker lists the vendor registrations of satker code, newest
// first.
func (s *txStore) VendorsOfSatker(ctx context.Context, code string) ([]conversation.Vendor, error) {
	if !digits(code, 6) {
		return nil, nil // no satker has such a code, so no vendor either
	}
	list, err := s.listVendors(ctx, `v.satker_code = $1`, code)
	if err != nil {
		return nil, fmt.Errorf("vendors of satker %s: %w", code, err)
	}
	return list, nil
}

// listVendors reads the vendors matching where (with its one argument),
// newest first. Without DOCUMENT_KEY, only an empty list can be read.
func (s *txStore) listVendors(ctx context.Context, where string, arg any) ([]conversation.Vendor, error) {
	if err := s.begin(ctx); err != nil {
		return nil, err
	}
	rows, err := s.tx.Query(ctx, `SELECT `+vendorColumns+` FROM vendors v WHERE `+where+` ORDER BY v.id DESC`, arg)
	if err != nil {
		s.fail(err)
		return nil, err
	}
	stored, err := pgx.CollectRows(rows, pgx.RowToStructByName[vendorRow])
	if err != nil {
		s.fail(err)
		return nil, err
	}
	list := make([]conversation.Vendor, len(stored))
	for i := range stored {
		if list[i], err = stored[i].vendor(s.key); err != nil {
			return nil, err
		}
	}
	return list, nil
}

// vendor decrypts the row into a conversation.Vendor.
func (row *vendorRow) vendor(key []byte) (conversation.Vendor, error) {
	if key == nil {
		return conversation.Vendor{}, ErrNoDocumentKey
	}
	v := conversation.Vendor{
		ID: row.ID, Number: row.Number, SatkerCode: row.SatkerCode, SatkerName: row.SatkerName,
		ChatID: row.ChatID, UserID: row.UserID, UserName: row.UserName,
		BusinessName: row.BusinessName, Form: row.Form, OwnerName: row.OwnerName, NPWP: row.NPWP,
		LicenceKind: row.LicenceKind, Licence: row.Licence, Address: row.Address, Bank: row.Bank,
		Mobile: row.Mobile, Email: row.Email,
		Status: row.Status, FixReason: row.FixReason, DecidedBy: row.DecidedBy, DecidedName: row.DecidedName,
		SubmittedAt: row.SubmittedAt, UpdatedAt: row.UpdatedAt,
	}
	if row.EnteredAt != nil {
		v.EnteredAt = *row.EnteredAt
	}
	nik, err := sealed.Open(key, row.OwnerNIK, vendorSealAAD(row.ID, "owner_nik"))
	if err != nil {
		return v, fmt.Errorf("open owner_nik: %w", err)
	}
	v.OwnerNIK = string(nik)
	if err := json.Unmarshal(row.Documents, &v.Documents); err != nil {
		return v, fmt.Errorf("decode documents: %w", err)
	}
	if len(v.Documents) == 0 {
		v.Documents = nil
	}
	if err := json.Unmarshal(row.Steps, &v.Steps); err != nil {
		return v, fmt.Errorf("decode steps: %w", err)
	}
	if len(v.Steps) == 0 {
		v.Steps = nil
	}
	return v, nil
}
