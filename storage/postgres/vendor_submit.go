package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"posko/conversation"
	"posko/sealed"
)

// SubmitVendor stores v under its reserved id: a new vendor, or one
// returned for correction (VendorFix) sent again (same id and number;
// ErrStale, with the vendor as stored, when it is in another state). Its
// status becomes diajukan and a zero SubmittedAt is now; the Pejabat
// Pengadaan's fields (FixReason, DecidedBy, DecidedName), the checklist and
// EnteredAt are kept as stored. Its documents not registered before (by kind
// and file_unique_id) are registered for download with subject
// "vendor:<id>", and a history row and an audit row are written. An id that
// was never reserved, or a satker not in the map, is ErrNotFound; nothing is
// stored without DOCUMENT_KEY (ErrNoDocumentKey).
func (s *txStore) SubmitVendor(ctx context.Context, v conversation.Vendor) (conversation.Vendor, error) {
	switch {
	case s.key == nil:
		return conversation.Vendor{}, fmt.Errorf("submit vendor %d: %w", v.ID, ErrNoDocumentKey)
	case v.Form != conversation.VendorPersonal && v.Form != conversation.VendorCompany:
		return conversation.Vendor{}, fmt.Errorf("submit vendor %d: unknown form of business %q", v.ID, v.Form)
	case !digits(v.SatkerCode, 6):
		return conversation.Vendor{}, fmt.Errorf("submit vendor %d: satker %q: %w", v.ID, v.SatkerCode, ErrNotFound)
	}
	if v.SubmittedAt.IsZero() {
		v.SubmittedAt = time.Now()
	}
	docs, err := json.Marshal(nonNilDocuments(v.Documents))
	if err != nil {
		return conversation.Vendor{}, fmt.Errorf("submit vendor %d: encode documents: %w", v.ID, err)
	}
	if err := s.begin(ctx); err != nil {
		return conversation.Vendor{}, fmt.Errorf("submit vendor %d: %w", v.ID, err)
	}
	stored, err := s.submitVendor(ctx, v, docs)
	if err != nil {
		return stored, fmt.Errorf("submit vendor %d: %w", v.ID, err)
	}
	return stored, nil
}

func (s *txStore) submitVendor(ctx context.Context, v conversation.Vendor, docs []byte) (conversation.Vendor, error) {
	var reserved, satkerKnown bool
	err := s.tx.QueryRow(ctx, `
		SELECT $1::bigint > 0 AND $1::bigint <= last_value AND is_called,
		  EXISTS (SELECT 1 FROM satkers WHERE kode_satker = $2)
		FROM vendor_ids`, v.ID, v.SatkerCode).Scan(&reserved, &satkerKnown)
	switch {
	case err != nil:
		s.fail(err)
		return conversation.Vendor{}, err
	case !reserved:
		return conversation.Vendor{}, fmt.Errorf("id was never reserved: %w", ErrNotFound)
	case !satkerKnown:
		return conversation.Vendor{}, fmt.Errorf("satker %s: %w", v.SatkerCode, ErrNotFound)
	}
	from := ""
	prev, err := s.lockVendor(ctx, v.ID)
	switch {
	case errors.Is(err, ErrNotFound):
	case err != nil:
		return conversation.Vendor{}, err
	case prev.Status != conversation.VendorFix:
		return prev, fmt.Errorf("vendor is %s: %w", prev.Status, conversation.ErrStale)
	default:
		from = prev.Status
	}

	nik := sealed.Seal(s.key, []byte(v.OwnerNIK), vendorSealAAD(v.ID, "owner_nik"))
	_, err = s.tx.Exec(ctx, `
		INSERT INTO vendors (id, number, satker_code, chat_id, user_id, user_name, business_name, form, owner_name,
			owner_nik, npwp, licence_kind, licence, address, bank, mobile, email, documents, status, submitted_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
		ON CONFLICT (id) DO UPDATE SET satker_code = excluded.satker_code, chat_id = excluded.chat_id,
			user_id = excluded.user_id, user_name = excluded.user_name, business_name = excluded.business_name,
			form = excluded.form, owner_name = excluded.owner_name, owner_nik = excluded.owner_nik,
			npwp = excluded.npwp, licence_kind = excluded.licence_kind, licence = excluded.licence,
			address = excluded.address, bank = excluded.bank, mobile = excluded.mobile, email = excluded.email,
			documents = excluded.documents, status = excluded.status, submitted_at = excluded.submitted_at,
			updated_at = now()`,
		v.ID, conversation.VendorNumber(v.ID), v.SatkerCode, v.ChatID, v.UserID, v.UserName, v.BusinessName,
		v.Form, v.OwnerName, nik, v.NPWP, v.LicenceKind, v.Licence, v.Address, v.Bank, v.Mobile, v.Email,
		string(docs), conversation.VendorSubmitted, v.SubmittedAt)
	if err != nil {
		s.fail(err)
		return conversation.Vendor{}, interpretError(err)
	}
	if err := s.registerFiles(ctx, vendorSubject(v.ID), v.ChatID, v.Documents, vendorDocumentRank); err != nil {
		return conversation.Vendor{}, err
	}
	stored, err := s.lockVendor(ctx, v.ID)
	if err != nil {
		return conversation.Vendor{}, err
	}
	by := conversation.Actor{UserID: v.UserID, Name: v.UserName, ChatID: v.ChatID}
	if err := s.recordVendorChange(ctx, stored, from, "vendor.submitted", by, "", v.SubmittedAt); err != nil {
		return conversation.Vendor{}, err
	}
	return stored, nil
}

// vendorDocumentRank orders a vendor's document kinds as the form asks for
// them.
func vendorDocumentRank(kind string) int {
	switch kind {
	case conversation.VendorDocKTP:
		return 0
	case conversation.VendorDocNPWP:
		return 1
	case conversation.VendorDocNIB:
		return 2
	case conversation.VendorDocTDP:
		return 3
	case conversation.VendorDocTax:
		return 4
	}
	return 5
}
