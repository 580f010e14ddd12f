package conversation

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Vendors (issue 6, procedures 4 and 5): /vendor routes each chat to its
// side. The Pejabat Pengadaan (or the admin) of a linked satker invites
// vendors and decides on their packages (vendor_invitation.go,
// vendor_satker.go); a vendor fills its form (vendor_fields.go), sends it
// (vendor_package.go) and, once input in Digipay, works through its
// checklist (vendor_checklist.go). The KPPN staff group sees a one-line
// notice per vendor and may open the package.

// Callback data of the vendor buttons: v:<action>[:<arg>[:<step>]], where
// arg is a kode satker or a vendor id. Every press checks again who may do it.
const (
	dataVendor = "v:"

	vndPage    = "p" // arg satker: the Pejabat Pengadaan's vendor page
	vndInvite  = "i" // arg satker: create an invitation link
	vndAgree   = "a" // arg satker: "Setuju" on an invitation's notice
	vndNew     = "n" // a vendor registers (again): the notice
	vndEntered = "e" // arg id: "Sudah saya input di Digipay"
	vndFix     = "f" // arg id: "Perlu perbaikan"
	vndOpen    = "o" // arg id: open the package again ("Buka paket")
	vndCorrect = "r" // arg id: the vendor's "Perbaiki"
	vndSteps   = "l" // arg id: the vendor's checklist
	vndTick    = "c" // arg id, step: tick or untick a checklist step
	vndHelp    = "h" // arg id: "Butuh bantuan"

	vendorListMax = 10 // vendors listed on a page, newest first
)

// vendorData is the callback data of action with its arguments.
func vendorData(action string, arg any, more ...string) string {
	return dataVendor + strings.Join(append([]string{action, fmt.Sprint(arg)}, more...), ":")
}

// parseVendorData splits v:<action>[:<arg>[:<step>]].
func parseVendorData(data string) (action, arg, step string, ok bool) {
	rest, ok := strings.CutPrefix(data, dataVendor)
	if !ok || rest == "" {
		return "", "", "", false
	}
	parts := strings.SplitN(rest, ":", 3)
	action = parts[0]
	if len(parts) > 1 {
		arg = parts[1]
	}
	if len(parts) > 2 {
		step = parts[2]
	}
	return action, arg, step, true
}

// vendorID reads a vendor id argument.
func vendorID(arg string) (int64, bool) {
	id, err := strconv.ParseInt(arg, 10, 64)
	return id, err == nil && id > 0
}

// vendorCommand is /vendor: the vendor page of a Pejabat Pengadaan or
// admin, the vendor's own registrations, or the vendor's notice.
func (e *Engine) vendorCommand(t *turn) error {
	list, err := accessOf(t.ctx, t.tx, t.u.ChatID)
	if err != nil {
		return err
	}
	deciders := slices.DeleteFunc(slices.Clone(list), func(a satkerAccess) bool { return !a.has(RolePP, RoleAdmin) })
	switch len(deciders) {
	case 0:
	case 1:
		return e.vendorSatkerPage(t, deciders[0])
	default:
		rows := make([][]Button, 0, len(deciders)+1)
		for _, a := range deciders {
			rows = append(rows, []Button{{Text: shorten(a.Code+" "+a.Name, 60), Data: vendorData(vndPage, a.Code)}})
		}
		t.send(textVendorChooseSatker, append(rows, []Button{{Text: textMenuMain, Data: dataMenu + keyMenu}}))
		return nil
	}
	vendors, err := t.tx.VendorsOf(t.ctx, t.u.ChatID)
	if err != nil {
		return fmt.Errorf("vendors of chat: %w", err)
	}
	if len(vendors) > 0 {
		e.vendorOwnPage(t, vendors)
		return nil
	}
	if len(list) > 0 {
		t.send(textVendorPPOnly, [][]Button{{{Text: textMenuMain, Data: dataMenu + keyMenu}}})
		return nil
	}
	e.offer(t, e.flows[keyVendor])
	return nil
}

// vendorItem is the menu's "Daftar sebagai vendor": the vendor's
// registrations when it has some, else the notice.
func (e *Engine) vendorItem(t *turn) {
	vendors, err := t.tx.VendorsOf(t.ctx, t.u.ChatID)
	if err != nil {
		t.fail(fmt.Errorf("vendors of chat: %w", err))
		return
	}
	if len(vendors) > 0 {
		e.vendorOwnPage(t, vendors)
		return
	}
	e.offer(t, e.flows[keyVendor])
}

// vendorOwnPage shows a vendor its registrations: the checklist when its
// only one is input in Digipay, else each with its state and buttons.
func (e *Engine) vendorOwnPage(t *turn, vendors []Vendor) {
	if len(vendors) == 1 && vendors[0].Status == VendorEntered {
		t.out = append(t.out, vendorChecklist(vendors[0], t.u.ChatID, ""))
		return
	}
	parts, rows := vendorStatusItems(vendors)
	rows = append(rows, []Button{{Text: textVendorBtnAnother, Data: vendorData(vndNew, "")}},
		[]Button{{Text: textMenuMain, Data: dataMenu + keyMenu}})
	t.send(textVendorOwnHeader+"\n\n"+strings.Join(parts, "\n\n"), rows)
}

// vendorStatusItems are the vendor's registrations as /status lists them,
// with "Perbaiki" for each returned one and "Langkah" for each input one.
func vendorStatusItems(vendors []Vendor) (parts []string, rows [][]Button) {
	for i, v := range vendors {
		if i == vendorListMax {
			parts = append(parts, fmt.Sprintf(textStatusMore, len(vendors)-vendorListMax))
			break
		}
		parts = append(parts, fmt.Sprintf(textVendorStatusItem, EscapeHTML(v.Number), field(v.BusinessName),
			EscapeHTML(v.SatkerCode), vendorStateText(v)))
		switch v.Status {
		case VendorFix:
			rows = append(rows, []Button{{Text: fmt.Sprintf(textFixButton, v.Number), Data: vendorData(vndCorrect, v.ID)}})
		case VendorEntered:
			rows = append(rows, []Button{{Text: fmt.Sprintf(textVendorBtnSteps, v.Number), Data: vendorData(vndSteps, v.ID)}})
		}
	}
	return parts, rows
}

// vendorSatkerPage is the Pejabat Pengadaan's page for a's satker: how
// inviting works, the vendors so far, "Undang vendor", and "Buka" for each
// package waiting for a decision.
func (e *Engine) vendorSatkerPage(t *turn, a satkerAccess) error {
	vendors, err := t.tx.VendorsOfSatker(t.ctx, a.Code)
	if err != nil {
		return fmt.Errorf("vendors of satker %s: %w", a.Code, err)
	}
	text := fmt.Sprintf(textVendorSatkerPage, EscapeHTML(a.Code), EscapeHTML(a.Name)) + "\n\n" + vendorLines(vendors)
	rows := [][]Button{{{Text: textVendorBtnInvite, Data: vendorData(vndInvite, a.Code)}}}
	for _, v := range vendors {
		if v.Status == VendorSubmitted && len(rows) <= 5 {
			rows = append(rows, []Button{{Text: fmt.Sprintf(textVendorBtnOpenOne, v.Number), Data: vendorData(vndOpen, v.ID)}})
		}
	}
	rows = append(rows, []Button{{Text: textProgBtnBack, Data: progressData(progShow, a.Code)}},
		[]Button{{Text: textMenuMain, Data: dataMenu + keyMenu}})
	t.send(text, rows)
	return nil
}

// vendorCallback handles a vendor button in a private chat.
func (e *Engine) vendorCallback(t *turn) error {
	action, arg, step, ok := parseVendorData(t.u.CallbackData)
	if !ok {
		return nil
	}
	switch action {
	case vndEntered, vndFix: // answered with an alert when refused
		id, ok := vendorID(arg)
		switch {
		case !ok:
			return nil
		case action == vndFix:
			return e.askVendorFix(t, id)
		}
		return e.vendorEntered(t, id)
	case vndTick:
		if id, ok := vendorID(arg); ok && slices.Contains(VendorSteps(), step) {
			return e.vendorTick(t, id, step)
		}
		return nil
	}
	if !slices.Contains([]string{vndPage, vndInvite, vndAgree, vndNew, vndOpen, vndCorrect, vndSteps, vndHelp}, action) {
		return nil // stale: answered by Handle
	}
	t.answer("")
	if t.st.Form != nil && action != vndSteps && action != vndOpen {
		if fl := e.activeFlow(t); fl != nil {
			if action == vndCorrect {
				id, _ := vendorID(arg)
				return e.startVendorCorrection(t, id) // explains the form in progress
			}
			e.askResume(t, fl, "") // one form at a time
			return nil
		}
	}
	switch action {
	case vndPage, vndInvite:
		a, ok, err := accessTo(t.ctx, t.tx, t.u.ChatID, arg)
		if err != nil {
			return err
		}
		if !ok || !a.has(RolePP, RoleAdmin) {
			t.send(textVendorInvitePPOnly, nil)
			return nil
		}
		if action == vndPage {
			return e.vendorSatkerPage(t, a)
		}
		return e.vendorInvite(t, a)
	case vndAgree:
		return e.startInvitedVendor(t, arg)
	case vndNew:
		e.offer(t, e.flows[keyVendor])
		return nil
	}
	id, ok := vendorID(arg)
	if !ok {
		return nil
	}
	switch action {
	case vndOpen:
		return e.reopenVendorPackage(t, id)
	case vndCorrect:
		return e.startVendorCorrection(t, id)
	case vndSteps:
		return e.showVendorSteps(t, id)
	case vndHelp:
		return e.openTicket(t)
	}
	return nil
}

// vendorGroupCallback is "Buka paket" on a notice in the staff group: the
// package, without the satker's decision buttons, for staff members only.
func (e *Engine) vendorGroupCallback(t *turn) error {
	action, arg, _, ok := parseVendorData(t.u.CallbackData)
	id, okID := vendorID(arg)
	if !ok || action != vndOpen || !okID {
		return nil
	}
	staff, err := e.isStaff(t)
	if err != nil {
		return err
	}
	if !staff {
		alert(t, textVendorNotStaff)
		return nil
	}
	v, err := t.tx.Vendor(t.ctx, id)
	if errors.Is(err, ErrNotFound) {
		alert(t, textVendorGone)
		return nil
	}
	if err != nil {
		return fmt.Errorf("load vendor %d: %w", id, err)
	}
	if err := t.tx.RecordVendorOpened(t.ctx, v.ID, officer(t), t.now); err != nil {
		return fmt.Errorf("audit opening of vendor %d: %w", v.ID, err)
	}
	t.answer(plain(fmt.Sprintf(textVendorOpenedToast, v.Number)))
	for _, o := range vendorPackage(v, t.u.ChatID, vendorOriginNone, false) {
		o.ThreadID = t.u.ThreadID
		t.out = append(t.out, o)
	}
	return nil
}
