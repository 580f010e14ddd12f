package conversation

import (
	"errors"
	"fmt"
	"strings"
)

// The KPPN staff groups' progress commands (issue 5). Every KPPN has its own
// staff group: the configured one (Config.GroupChatID, for Config.KPPNCode)
// or any group a group administrator bound with /hubungkan. In such a group
// its members map satker (/impor), set stages (/set), ask for reports
// (/laporan) and follow up the lagging satker (/belum), always for the
// group's own KPPN.

// dataKPPN is the callback data prefix of /belum's buttons.
const dataKPPN = "k:"

// groupKPPN returns the KPPN whose staff group the update's chat is: the
// KPPN it was bound to with /hubungkan, else the configured KPPN when it is
// the configured staff group; ok is false for any other chat.
func (e *Engine) groupKPPN(t *turn) (code string, ok bool, err error) {
	if !t.u.ChatType.IsGroup() {
		return "", false, nil
	}
	k, bound, err := t.tx.KPPNOfGroup(t.ctx, t.u.ChatID)
	if err != nil {
		return "", false, fmt.Errorf("kppn of group %d: %w", t.u.ChatID, err)
	}
	if bound {
		return k.Code, true, nil
	}
	if e.cfg.GroupChatID != 0 && t.u.ChatID == e.cfg.GroupChatID && e.cfg.KPPNCode != "" {
		return e.cfg.KPPNCode, true, nil
	}
	return "", false, nil
}

// kppnStaff reports whether the update's sender is a member of the chat, a
// KPPN staff group (the caller checked that with groupKPPN).
func (e *Engine) kppnStaff(t *turn) (bool, error) {
	if e.cfg.Members == nil {
		return true, nil
	}
	ok, err := e.cfg.Members.IsMember(t.ctx, t.u.ChatID, t.u.UserID)
	if err != nil {
		return false, fmt.Errorf("check membership of %d in %d: %w", t.u.UserID, t.u.ChatID, err)
	}
	return ok, nil
}

// kppnOfficer finds the update's KPPN and checks that its sender may act
// for it; when not, the sender is told why (only when a command that may
// be meant for another bot names this one) and ok is false.
func (e *Engine) kppnOfficer(t *turn) (code string, ok bool, err error) {
	code, ok, err = e.groupKPPN(t)
	if err != nil {
		return "", false, err
	}
	if !ok {
		if t.u.Kind == KindCallback || t.u.Kind == KindDocument || t.u.Addressed {
			e.tell(t, textKPPNUnbound)
		}
		return "", false, nil
	}
	staff, err := e.kppnStaff(t)
	if err != nil {
		return "", false, err
	}
	if !staff {
		e.tell(t, textKPPNNotStaff)
		return "", false, nil
	}
	return code, true, nil
}

// kppnCommand runs /hubungkan, /set, /impor, /laporan or /belum.
func (e *Engine) kppnCommand(t *turn) error {
	if t.u.Command == "hubungkan" {
		return e.kppnBind(t)
	}
	code, ok, err := e.kppnOfficer(t)
	if err != nil || !ok {
		return err
	}
	switch t.u.Command {
	case "set":
		return e.kppnSet(t, code)
	case "impor":
		e.kppnImportCommand(t)
		return nil
	case "laporan":
		return e.kppnReport(t, code)
	case "belum":
		return e.kppnLagging(t, code)
	}
	return nil
}

// kppnBind is /hubungkan <kode KPPN>: a group administrator makes the
// group the staff group of a KPPN.
func (e *Engine) kppnBind(t *turn) error {
	if e.cfg.Admins == nil {
		t.reply(textKPPNBindDisabled)
		return nil
	}
	admin, err := e.cfg.Admins.IsAdmin(t.ctx, t.u.ChatID, t.u.UserID)
	if err != nil {
		return fmt.Errorf("check admin of %d in %d: %w", t.u.UserID, t.u.ChatID, err)
	}
	if !admin {
		t.reply(textKPPNBindNotAdmin)
		return nil
	}
	old, bound, err := t.tx.KPPNOfGroup(t.ctx, t.u.ChatID)
	if err != nil {
		return fmt.Errorf("kppn of group %d: %w", t.u.ChatID, err)
	}
	arg := strings.TrimSpace(t.u.Args)
	if arg == "" {
		if bound {
			t.reply(fmt.Sprintf(textKPPNBindCurrent, kppnTitle(old)) + "\n" + textKPPNBindUsage)
		} else {
			t.reply(textKPPNBindUsage)
		}
		return nil
	}
	code, problem := ValidateKodeKPPN(arg)
	if problem != "" {
		t.reply(problem + "\n" + textKPPNBindUsage)
		return nil
	}
	if err := t.tx.BindGroup(t.ctx, code, t.u.ChatID, officer(t)); err != nil {
		return fmt.Errorf("bind group %d to kppn %s: %w", t.u.ChatID, code, err)
	}
	now, _, err := t.tx.KPPNOfGroup(t.ctx, t.u.ChatID)
	if err != nil {
		return fmt.Errorf("kppn of group %d: %w", t.u.ChatID, err)
	}
	if now.Code == "" {
		now.Code = code
	}
	extra := ""
	if bound && old.Code != code {
		extra = fmt.Sprintf(textKPPNBindMoved, kppnTitle(old))
	}
	if e.cfg.GroupChatID != 0 && e.cfg.GroupChatID != t.u.ChatID {
		extra += textKPPNBindMainDesk
	}
	title := kppnTitle(now)
	t.reply(fmt.Sprintf(textKPPNBindDone, title, extra, EscapeHTML(code)))
	return nil
}

// kppnTitle names a KPPN: its code and, when known, its name.
func kppnTitle(k KPPN) string {
	if k.Name == "" {
		return EscapeHTML(k.Code)
	}
	return EscapeHTML(k.Code + " " + k.Name)
}

// kppnSatker loads satker code for an officer of KPPN kppn; found is false,
// and the officer told why, when it is not in the map or belongs to another
// KPPN.
func (e *Engine) kppnSatker(t *turn, kppn, code string) (SatkerProgress, bool, error) {
	p, err := t.tx.Satker(t.ctx, code)
	if errors.Is(err, ErrNotFound) {
		if t.u.Kind == KindCallback {
			e.tell(t, textKPPNNoSatkerBtn)
		} else {
			e.tell(t, fmt.Sprintf(textKPPNNoSatker, EscapeHTML(code)))
		}
		return p, false, nil
	}
	if err != nil {
		return p, false, fmt.Errorf("load satker %s: %w", code, err)
	}
	if p.KPPNCode != kppn {
		e.tell(t, fmt.Sprintf(textKPPNOtherSatker, EscapeHTML(code), EscapeHTML(p.KPPNCode), EscapeHTML(kppn)))
		return p, false, nil
	}
	return p, true, nil
}
