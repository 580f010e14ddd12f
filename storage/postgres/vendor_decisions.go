package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"posko/conversation"
)

// What happens to a vendor after it is submitted: the Pejabat Pengadaan's
// decision and the vendor's checklist, each with a history row and an audit
// row.

// DecideVendor locks vendor id and moves it from diajukan to to at at (now
// when zero): VendorFix with reason, or VendorEntered, which also raises the
// satker's vendor count by one (reaching stage vendor at at, the first time)
// with a progress_history row. When the vendor is no longer diajukan it is
// returned as it is, with ErrStale: of two officers pressing at once exactly
// one wins.
func (s *txStore) DecideVendor(ctx context.Context, id int64, to, reason string, by conversation.Actor, at time.Time) (conversation.Vendor, error) {
	if to != conversation.VendorFix && to != conversation.VendorEntered {
		return conversation.Vendor{}, fmt.Errorf("decide vendor %d: cannot move it to %q", id, to)
	}
	if at.IsZero() {
		at = time.Now()
	}
	v, err := s.lockVendor(ctx, id)
	if err != nil {
		return conversation.Vendor{}, fmt.Errorf("decide vendor %d: %w", id, err)
	}
	if v.Status != conversation.VendorSubmitted {
		return v, fmt.Errorf("decide vendor %d: it is %s: %w", id, v.Status, conversation.ErrStale)
	}
	prev := v.Status
	v.Status, v.DecidedBy, v.DecidedName = to, by.UserID, by.Name
	var entered *time.Time
	action, note := "vendor.entered", ""
	if to == conversation.VendorFix {
		v.FixReason, action, note = reason, "vendor.fix", reason
	} else {
		v.EnteredAt, entered = at, &at
	}
	err = s.tx.QueryRow(ctx, `
		UPDATE vendors SET status = $2, fix_reason = $3, decided_by = $4, decided_name = $5,
			entered_at = COALESCE($6, entered_at), updated_at = now()
		WHERE id = $1 RETURNING updated_at`,
		id, v.Status, v.FixReason, v.DecidedBy, v.DecidedName, entered).Scan(&v.UpdatedAt)
	if err != nil {
		s.fail(err)
		return conversation.Vendor{}, fmt.Errorf("decide vendor %d: %w", id, interpretError(err))
	}
	if to == conversation.VendorEntered {
		if err := s.countVendor(ctx, v, by, at); err != nil {
			return conversation.Vendor{}, fmt.Errorf("decide vendor %d: %w", id, err)
		}
	}
	if err := s.recordVendorChange(ctx, v, prev, action, by, note, at); err != nil {
		return conversation.Vendor{}, fmt.Errorf("decide vendor %d: %w", id, err)
	}
	return v, nil
}

// countVendor raises the vendor count of v's satker by one, reaching stage
// vendor at at unless it was reached before, with a progress_history row.
func (s *txStore) countVendor(ctx context.Context, v conversation.Vendor, by conversation.Actor, at time.Time) error {
	var n int
	err := s.tx.QueryRow(ctx, `
		WITH upd AS (
		  UPDATE satkers SET vendors = vendors + 1, vendor_at = COALESCE(vendor_at, $2), updated_at = now()
		  WHERE kode_satker = $1 RETURNING kode_satker, vendors),
		hist AS (
		  INSERT INTO progress_history (kode_satker, what, detail, actor_id, actor_name, chat_id, at)
		  SELECT kode_satker, 'vendors', jsonb_build_object('vendors', vendors, 'vendor', $3::text), $4, $5, $6, $2
		  FROM upd)
		SELECT count(*) FROM upd`, v.SatkerCode, at, v.Number, by.UserID, by.Name, by.ChatID).Scan(&n)
	switch {
	case err != nil:
		s.fail(err)
		return fmt.Errorf("count vendor of satker %s: %w", v.SatkerCode, interpretError(err))
	case n == 0:
		return fmt.Errorf("count vendor of satker %s: %w", v.SatkerCode, ErrNotFound)
	}
	return nil
}

// RecordVendorOpened audits that by opened vendor id's package.
func (s *txStore) RecordVendorOpened(ctx context.Context, id int64, by conversation.Actor, at time.Time) error {
	if err := s.begin(ctx); err != nil {
		return fmt.Errorf("audit opening of vendor %d: %w", id, err)
	}
	_, err := s.tx.Exec(ctx, `
		INSERT INTO audit_log (at, actor_id, chat_id, action, subject, detail)
		SELECT $2, $3, $4, 'vendor.opened', number, jsonb_build_object('name', $5::text) FROM vendors WHERE id = $1`,
		id, at, by.UserID, by.ChatID, by.Name)
	if err != nil {
		s.fail(err)
		return fmt.Errorf("audit opening of vendor %d: %w", id, err)
	}
	return nil
}

// TickVendorStep locks vendor id and records checklist step done at at (now
// when zero) or, with done false, not done. Ticking a step already ticked
// keeps its first time, and unticking one not ticked changes nothing; a
// change writes a history row and an audit row by the vendor.
func (s *txStore) TickVendorStep(ctx context.Context, id int64, step string, done bool, at time.Time) (conversation.Vendor, error) {
	if !slices.Contains(conversation.VendorSteps(), step) {
		return conversation.Vendor{}, fmt.Errorf("tick vendor %d: unknown step %q", id, step)
	}
	if at.IsZero() {
		at = time.Now()
	}
	v, err := s.lockVendor(ctx, id)
	if err != nil {
		return conversation.Vendor{}, fmt.Errorf("tick vendor %d: %w", id, err)
	}
	if _, ticked := v.Steps[step]; ticked == done {
		return v, nil
	}
	steps := make(map[string]time.Time, len(v.Steps)+1)
	for k, t := range v.Steps {
		steps[k] = t
	}
	note := "step " + step + " undone"
	if done {
		steps[step], note = at, "step "+step+" done"
	} else {
		delete(steps, step)
	}
	encoded, err := json.Marshal(steps)
	if err != nil {
		return conversation.Vendor{}, fmt.Errorf("tick vendor %d: encode steps: %w", id, err)
	}
	err = s.tx.QueryRow(ctx, `UPDATE vendors SET steps = $2, updated_at = now() WHERE id = $1 RETURNING updated_at`,
		id, string(encoded)).Scan(&v.UpdatedAt)
	if err != nil {
		s.fail(err)
		return conversation.Vendor{}, fmt.Errorf("tick vendor %d: %w", id, interpretError(err))
	}
	v.Steps = steps
	if len(v.Steps) == 0 {
		v.Steps = nil
	}
	by := conversation.Actor{UserID: v.UserID, Name: v.UserName, ChatID: v.ChatID}
	if err := s.recordVendorChange(ctx, v, v.Status, "vendor.step", by, note, at); err != nil {
		return conversation.Vendor{}, fmt.Errorf("tick vendor %d: %w", id, err)
	}
	return v, nil
}

// recordVendorChange writes the history row and the audit row (action) of
// v's move from status from ("" for a new vendor) to v.Status at at.
func (s *txStore) recordVendorChange(ctx context.Context, v conversation.Vendor, from, action string, by conversation.Actor, note string, at time.Time) error {
	var fromStatus *string
	if from != "" {
		fromStatus = &from
	}
	detail, err := json.Marshal(map[string]any{"number": v.Number, "from": from, "to": v.Status, "satker": v.SatkerCode})
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	_, err = s.tx.Exec(ctx, `
		WITH hist AS (
		  INSERT INTO vendor_history (vendor_id, from_status, to_status, actor_id, actor_name, note, at)
		  VALUES ($1, $2, $3, $4, $5, $6, $7))
		INSERT INTO audit_log (actor_id, chat_id, action, subject, detail) VALUES ($4, $8, $9, $10, $11)`,
		v.ID, fromStatus, v.Status, by.UserID, by.Name, note, at, by.ChatID, action, vendorSubject(v.ID), string(detail))
	if err != nil {
		s.fail(err)
		return fmt.Errorf("history: %w", err)
	}
	return nil
}
