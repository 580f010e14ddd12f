package conversation

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// After the Pejabat Pengadaan input the vendor in Digipay (procedure 5): the
// vendor admin's checklist (profile, requirements, staf and kurir users,
// products with photo and price), each step with a short how-to and a
// button the vendor ticks; "Butuh bantuan" opens a help ticket. The
// satker's /progres lists its vendors with how far each got.

// vendorStepsDone counts the checklist steps v ticked.
func vendorStepsDone(v Vendor) int {
	n := 0
	for _, s := range VendorSteps() {
		if _, ok := v.Steps[s]; ok {
			n++
		}
	}
	return n
}

// vendorChecklist is v's checklist for chatID, after prefix.
func vendorChecklist(v Vendor, chatID int64, prefix string) Outgoing {
	var b strings.Builder
	fmt.Fprintf(&b, textVendorStepsHead, field(v.BusinessName), EscapeHTML(v.Number), EscapeHTML(v.SatkerCode))
	rows := make([][]Button, 0, len(VendorSteps())+2)
	for i, step := range VendorSteps() {
		_, done := v.Steps[step]
		mark, label := textProgUnchecked, fmt.Sprintf(textVendorStepTodo, vendorStepName(step))
		if done {
			mark, label = textProgChecked, fmt.Sprintf(textVendorStepDone, vendorStepName(step))
		}
		fmt.Fprintf(&b, "\n\n%s <b>%d. %s</b>\n%s", mark, i+1, vendorStepTitle(step), vendorStepHowTo(step))
		rows = append(rows, []Button{{Text: label, Data: vendorData(vndTick, v.ID, step)}})
	}
	done := vendorStepsDone(v)
	b.WriteString("\n\n")
	if done == len(VendorSteps()) {
		b.WriteString(textVendorStepsAllDone)
	} else {
		fmt.Fprintf(&b, textVendorStepsCount, done, len(VendorSteps()))
	}
	rows = append(rows, []Button{{Text: textVendorBtnHelp, Data: vendorData(vndHelp, v.ID)}},
		[]Button{{Text: textMenuMain, Data: dataMenu + keyMenu}})
	return Outgoing{Kind: OutSend, ChatID: chatID, Text: joinPrefix(prefix, b.String()), Buttons: rows}
}

// ownVendor loads vendor id for its vendor: ok is false, and the presser
// told, when it is not theirs or not input in Digipay yet.
func ownVendor(t *turn, id int64) (Vendor, bool, error) {
	v, err := t.tx.Vendor(t.ctx, id)
	if errors.Is(err, ErrNotFound) || err == nil && v.ChatID != t.u.ChatID {
		alert(t, textVendorNotYours)
		return v, false, nil
	}
	if err != nil {
		return v, false, fmt.Errorf("load vendor %d: %w", id, err)
	}
	if v.Status != VendorEntered {
		alert(t, fmt.Sprintf(textVendorStepsNotYet, v.Number, vendorStatusName(v.Status)))
		return v, false, nil
	}
	return v, true, nil
}

// showVendorSteps sends the checklist of vendor id to its vendor.
func (e *Engine) showVendorSteps(t *turn, id int64) error {
	v, ok, err := ownVendor(t, id)
	if ok {
		t.out = append(t.out, vendorChecklist(v, t.u.ChatID, ""))
	}
	return err
}

// vendorTick ticks a step of vendor id's checklist, or unticks a ticked
// one, and edits the checklist in place.
func (e *Engine) vendorTick(t *turn, id int64, step string) error {
	v, ok, err := ownVendor(t, id)
	if !ok {
		return err
	}
	_, done := v.Steps[step]
	v, err = t.tx.TickVendorStep(t.ctx, id, step, !done, t.now)
	if err != nil {
		return fmt.Errorf("tick step %s of vendor %d: %w", step, id, err)
	}
	toast := fmt.Sprintf(textVendorTickedToast, vendorStepName(step))
	if done {
		toast = fmt.Sprintf(textVendorUntickedToast, vendorStepName(step))
	}
	t.answer(toast)
	c := vendorChecklist(v, t.u.ChatID, "")
	t.out = append(t.out, Outgoing{Kind: OutEdit, ChatID: t.u.ChatID, MessageID: t.u.MessageID, Text: c.Text, Buttons: c.Buttons})
	return nil
}

// vendorLines lists a satker's vendors, newest first, a line each: the
// state and, once input, how far the vendor got.
func vendorLines(vendors []Vendor) string {
	if len(vendors) == 0 {
		return textVendorNone
	}
	lines := []string{fmt.Sprintf(textVendorListHead, len(vendors))}
	for i, v := range vendors {
		if i == vendorListMax {
			lines = append(lines, fmt.Sprintf(textVendorListMore, len(vendors)-vendorListMax))
			break
		}
		state := vendorStatusName(v.Status)
		switch v.Status {
		case VendorSubmitted:
			state = textVendorLineWaiting
		case VendorFix:
			state = textVendorLineFix
		case VendorEntered:
			state = fmt.Sprintf(textVendorLineEntered, vendorStepsDone(v), len(VendorSteps()))
		}
		lines = append(lines, fmt.Sprintf(textVendorLine, EscapeHTML(v.Number), field(shorten(v.BusinessName, 60)), state))
	}
	return strings.Join(lines, "\n")
}

// vendorProgress is the part of a satker's /progres about its vendors,
// for the Pejabat Pengadaan and the admin.
func vendorProgress(ctx context.Context, tx Tx, a satkerAccess) (string, error) {
	if !a.has(RolePP, RoleAdmin) {
		return "", nil
	}
	vendors, err := tx.VendorsOfSatker(ctx, a.Code)
	if err != nil {
		return "", fmt.Errorf("vendors of satker %s: %w", a.Code, err)
	}
	return vendorLines(vendors), nil
}

// vendorStepName is a step's short name, for its button and toast.
func vendorStepName(step string) string {
	switch step {
	case VendorStepProfile:
		return textVendorStepProfile
	case VendorStepRequire:
		return textVendorStepRequire
	case VendorStepUsers:
		return textVendorStepUsers
	case VendorStepProducts:
		return textVendorStepProducts
	}
	return step
}

// vendorStepTitle is a step's title on the checklist.
func vendorStepTitle(step string) string {
	titles := []string{textVendorStepProfileTitle, textVendorStepRequireTitle, textVendorStepUsersTitle, textVendorStepProductsTitle}
	if i := slices.Index(VendorSteps(), step); i >= 0 {
		return titles[i]
	}
	return step
}

// vendorStepHowTo is a step's short how-to.
func vendorStepHowTo(step string) string {
	howTos := []string{textVendorStepProfileHow, textVendorStepRequireHow, textVendorStepUsersHow, textVendorStepProductsHow}
	if i := slices.Index(VendorSteps(), step); i >= 0 {
		return howTos[i]
	}
	return ""
}

// vendorStatusName is a state as officers and the Pejabat Pengadaan read it.
func vendorStatusName(status string) string {
	switch status {
	case VendorSubmitted:
		return textVendorNameSubmitted
	case VendorFix:
		return textVendorNameFix
	case VendorEntered:
		return textVendorNameEntered
	}
	return EscapeHTML(status)
}

// vendorStateText is a state as the vendor reads it.
func vendorStateText(v Vendor) string {
	switch v.Status {
	case VendorSubmitted:
		return textVendorStateSubmitted
	case VendorFix:
		return fmt.Sprintf(textVendorStateFix, EscapeHTML(shorten(v.FixReason, 500)))
	case VendorEntered:
		return textVendorStateEntered
	}
	return EscapeHTML(v.Status)
}
