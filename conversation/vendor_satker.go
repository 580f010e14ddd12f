package conversation

import (
	"context"
	"errors"
	"fmt"
	"strconv"
)

// The satker's decisions on a vendor's package, in the private chat of its
// Pejabat Pengadaan (or admin): "Sudah saya input di Digipay" and "Perlu
// perbaikan", whose reason is a one-field form (keyVendorFix) keeping the
// vendor's id in the form's Data. Every decision goes through DecideVendor,
// conditional on the registration still waiting, so of two presses exactly
// one wins and the other is told who decided.

// Keys of the reason form.
const (
	vndFixReason = "alasan"
	vndFixMin    = 5
	vndFixMax    = 1000
)

// vendorFixFlow is the Pejabat Pengadaan's reason for "Perlu perbaikan".
func (e *Engine) vendorFixFlow() Flow {
	return Flow{
		Name:   keyVendorFix,
		Title:  textVendorFixTitle,
		Object: textVendorFixObject,
		Fields: []Field{{Key: vndFixReason, Label: labelVendorFixReason, Prompt: promptVendorFixReason, Kind: FieldText,
			Validate: TextBetween(vndFixMin, vndFixMax)}},
		Submit: e.submitVendorFix,
	}
}

// mayDecideVendor reports whether chatID may decide on v: the Pejabat
// Pengadaan or the admin of v's satker.
func mayDecideVendor(ctx context.Context, tx Tx, chatID int64, v Vendor) (bool, error) {
	a, ok, err := accessTo(ctx, tx, chatID, v.SatkerCode)
	return ok && a.has(RolePP, RoleAdmin), err
}

// decidableVendor loads vendor id for a decision by the presser: ok is
// false, and the presser told, when they may not decide or it is gone.
func (e *Engine) decidableVendor(t *turn, id int64) (Vendor, bool, error) {
	v, err := t.tx.Vendor(t.ctx, id)
	if errors.Is(err, ErrNotFound) {
		alert(t, textVendorGone)
		return v, false, nil
	}
	if err != nil {
		return v, false, fmt.Errorf("load vendor %d: %w", id, err)
	}
	may, err := mayDecideVendor(t.ctx, t.tx, t.u.ChatID, v)
	if err != nil || !may {
		alert(t, fmt.Sprintf(textVendorNotPP, v.SatkerCode))
		return v, false, err
	}
	return v, true, nil
}

// vendorDecided tells the presser that v was decided already, by whom, and
// brings the pressed card up to date.
func (e *Engine) vendorDecided(t *turn, v Vendor) {
	alert(t, plain(fmt.Sprintf(textVendorAlreadyDecided, EscapeHTML(v.Number), vendorDecider(v), vendorStatusName(v.Status))))
	if t.u.MessageID != 0 {
		t.out = append(t.out, Outgoing{Kind: OutEdit, ChatID: t.u.ChatID, MessageID: t.u.MessageID,
			Text: vendorCardText(v, vendorOriginNone, true)})
	}
}

// vendorEntered is "Sudah saya input di Digipay": the registration is
// input (the satker's vendor count rises), the card edited, the vendor told
// to expect Digipay's email and given its checklist, and the staff group
// told.
func (e *Engine) vendorEntered(t *turn, id int64) error {
	v, ok, err := e.decidableVendor(t, id)
	if !ok {
		return err
	}
	by := Actor{UserID: t.u.UserID, Name: t.u.UserName, ChatID: t.u.ChatID}
	v, err = t.tx.DecideVendor(t.ctx, id, VendorEntered, "", by, t.now)
	if errors.Is(err, ErrStale) {
		if v, err = t.tx.Vendor(t.ctx, id); err != nil {
			return fmt.Errorf("load vendor %d: %w", id, err)
		}
		e.vendorDecided(t, v)
		return nil
	}
	if err != nil {
		return fmt.Errorf("vendor %d entered: %w", id, err)
	}
	t.answer(plain(fmt.Sprintf(textVendorEnteredToast, v.Number)))
	t.out = append(t.out,
		Outgoing{Kind: OutEdit, ChatID: t.u.ChatID, MessageID: t.u.MessageID, Text: vendorCardText(v, vendorOriginNone, true)},
		Outgoing{Kind: OutSend, ChatID: v.ChatID, Text: fmt.Sprintf(textVendorNotifyEntered, EscapeHTML(v.SatkerCode),
			field(v.SatkerName), field(v.BusinessName), EscapeHTML(v.Number), field(v.Email))},
		vendorChecklist(v, v.ChatID, ""))
	t.out = append(t.out, e.vendorNotice(v, "")...)
	return nil
}

// askVendorFix is "Perlu perbaikan": the reason form, about vendor id.
func (e *Engine) askVendorFix(t *turn, id int64) error {
	v, ok, err := e.decidableVendor(t, id)
	if !ok {
		return err
	}
	if v.Status != VendorSubmitted {
		e.vendorDecided(t, v)
		return nil
	}
	t.answer("")
	if t.st.Form != nil {
		if cur := e.activeFlow(t); cur != nil {
			e.askResume(t, cur, "") // one form at a time
			return nil
		}
	}
	fl := e.flows[keyVendorFix]
	t.st.Form = &FormState{
		Flow: fl.Name, Session: strconv.FormatInt(t.u.ID, 36), Answers: map[string]Answer{}, Touched: t.now,
		Data: map[string]string{vndDataID: strconv.FormatInt(v.ID, 10), vndDataNumber: v.Number},
	}
	e.ask(t, fl, fmt.Sprintf(textVendorFixPrompt, EscapeHTML(v.Number), field(v.BusinessName)))
	return nil
}

// submitVendorFix sends the reason: the registration returns to the vendor,
// who is told why and given "Perbaiki"; the card is edited when it can be
// found.
func (e *Engine) submitVendorFix(ctx context.Context, tx Tx, s Submission) ([]Outgoing, error) {
	say := func(text string) []Outgoing { return []Outgoing{{Kind: OutSend, ChatID: s.ChatID, Text: text}} }
	id, ok := vendorID(s.Data[vndDataID])
	if !ok {
		return say(textVendorFixFromPackage), nil // opened by a /start link, not from a package
	}
	v, err := tx.Vendor(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return say(textVendorGone), nil
	}
	if err != nil {
		return nil, fmt.Errorf("load vendor %d: %w", id, err)
	}
	if may, err := mayDecideVendor(ctx, tx, s.ChatID, v); err != nil || !may {
		return say(fmt.Sprintf(textVendorNotPP, EscapeHTML(v.SatkerCode))), err
	}
	reason := s.Value(vndFixReason)
	by := Actor{UserID: s.UserID, Name: s.UserName, ChatID: s.ChatID}
	decided, err := tx.DecideVendor(ctx, id, VendorFix, reason, by, s.At)
	if errors.Is(err, ErrStale) {
		if v, err = tx.Vendor(ctx, id); err != nil {
			return nil, fmt.Errorf("load vendor %d: %w", id, err)
		}
		return say(fmt.Sprintf(textVendorAlreadyDecided, EscapeHTML(v.Number), vendorDecider(v), vendorStatusName(v.Status))), nil
	}
	if err != nil {
		return nil, fmt.Errorf("vendor %d to fix: %w", id, err)
	}
	if decided.FixReason == "" {
		decided.FixReason = reason
	}
	out := say(fmt.Sprintf(textVendorFixSent, EscapeHTML(decided.Number)))
	if card, found, err := e.sentID(ctx, vendorCardRef(id, s.ChatID)); err != nil {
		return nil, err
	} else if found {
		out = append(out, Outgoing{Kind: OutEdit, ChatID: s.ChatID, MessageID: card, Text: vendorCardText(decided, vendorOriginNone, true)})
	}
	return append(out, Outgoing{Kind: OutSend, ChatID: decided.ChatID,
		Text: fmt.Sprintf(textVendorNotifyFix, EscapeHTML(decided.Number), EscapeHTML(decided.SatkerCode),
			field(decided.SatkerName), EscapeHTML(reason)),
		Buttons: [][]Button{{{Text: textReviewNotifyFix, Data: vendorData(vndCorrect, decided.ID)}}},
	}), nil
}

// sentID finds the message_id of the message sent with ref, when the
// engine can look it up.
func (e *Engine) sentID(ctx context.Context, ref string) (int, bool, error) {
	if e.cfg.Sent == nil {
		return 0, false, nil
	}
	id, err := e.cfg.Sent.SentMessageID(ctx, ref)
	if errors.Is(err, ErrNotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("find message %s: %w", ref, err)
	}
	return id, true, nil
}

// reopenVendorPackage sends the package of vendor id again to its satker's
// Pejabat Pengadaan (from the vendor page), with the decisions still open.
func (e *Engine) reopenVendorPackage(t *turn, id int64) error {
	v, err := t.tx.Vendor(t.ctx, id)
	if errors.Is(err, ErrNotFound) {
		t.send(textVendorGone, nil)
		return nil
	}
	if err != nil {
		return fmt.Errorf("load vendor %d: %w", id, err)
	}
	may, err := mayDecideVendor(t.ctx, t.tx, t.u.ChatID, v)
	if err != nil {
		return err
	}
	if !may {
		t.send(fmt.Sprintf(textVendorNotPP, EscapeHTML(v.SatkerCode)), nil)
		return nil
	}
	t.out = append(t.out, vendorPackage(v, t.u.ChatID, vendorOriginNone, true)...)
	return nil
}
