package conversation

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// checklistFor is the checklist of satker code as chatID sees it: the four
// stages, the five users, the figures, the next step with a short how-to,
// the vendors registered through the bot (for the Pejabat Pengadaan and the
// admin), and the buttons the chat's roles allow, after prefix (what just
// changed).
func checklistFor(ctx context.Context, tx Tx, chatID int64, code, prefix string) (Outgoing, error) {
	out := Outgoing{Kind: OutSend, ChatID: chatID}
	a, ok, err := accessTo(ctx, tx, chatID, code)
	if err != nil {
		return out, err
	}
	if !ok {
		out.Text = textProgNotLinked
		return out, nil
	}
	p, found, err := satkerOrNone(ctx, tx, code)
	if err != nil {
		return out, err
	}
	menu := []Button{{Text: textMenuMain, Data: dataMenu + keyMenu}}
	if !found {
		out.Text = joinPrefix(prefix, fmt.Sprintf(textProgNoData, EscapeHTML(a.Code), EscapeHTML(a.Name)))
		out.Buttons = [][]Button{menu}
		return out, nil
	}
	vendors, err := vendorProgress(ctx, tx, a)
	if err != nil {
		return out, err
	}
	out.Text = joinPrefix(joinPrefix(prefix, checklistText(p, a)), vendors)
	out.Buttons = append(checklistButtons(a), menu)
	return out, nil
}

// checklistText renders the satker's progress. Only the admin, who records
// the users, sees their email addresses.
func checklistText(p SatkerProgress, a satkerAccess) string {
	var b strings.Builder
	roles := make([]string, len(a.Roles))
	for i, r := range a.Roles {
		roles[i] = satkerRoleName(r)
	}
	fmt.Fprintf(&b, textProgHead, EscapeHTML(p.Code), EscapeHTML(p.Name), EscapeHTML(strings.Join(roles, ", ")))
	b.WriteString("\n\n")

	b.WriteString(checkLine(p.Reached(StageAdmin), textProgStageAdmin, p.AdminAt))
	recorded := 0
	var users []string
	for _, role := range UserRoles() {
		u, ok := userInRole(p.Users, role)
		if !ok {
			users = append(users, fmt.Sprintf(textProgUserMissing, textProgUnchecked, satkerRoleName(role)))
			continue
		}
		recorded++
		who := EscapeHTML(u.Name)
		if a.has(RoleAdmin) {
			who += " (" + EscapeHTML(u.Email) + ")"
		}
		users = append(users, fmt.Sprintf(textProgUserLine, textProgChecked, satkerRoleName(role), who))
	}
	b.WriteString(checkLine(p.Reached(StageUsers), fmt.Sprintf(textProgStageUsers, recorded, len(UserRoles())), p.UsersAt))
	b.WriteString(strings.Join(users, "\n") + "\n")
	b.WriteString(checkLine(p.Reached(StageVendor), fmt.Sprintf(textProgStageVendor, FormatCount(int64(p.Vendors))), p.VendorAt))
	b.WriteString(checkLine(p.Reached(StageTx), fmt.Sprintf(textProgStageTx,
		FormatCount(int64(p.Transactions)), FormatCount(p.TxValue)), p.TxAt))

	b.WriteString("\n")
	switch p.Next() {
	case StageAdmin:
		b.WriteString(textProgNextAdmin)
	case StageUsers:
		b.WriteString(textProgNextUsers)
	case StageVendor:
		b.WriteString(textProgNextVendor)
	case StageTx:
		b.WriteString(textProgNextTx)
	default:
		b.WriteString(textProgAllDone)
	}
	return b.String()
}

// checkLine is one stage of the checklist: ✅ with the date it was reached,
// or ⬜.
func checkLine(done bool, text string, at time.Time) string {
	if !done {
		return textProgUnchecked + " " + text + "\n"
	}
	line := textProgChecked + " " + text
	if !at.IsZero() {
		line += fmt.Sprintf(textProgSince, at.In(wib()).Format(dateLayout))
	}
	return line + "\n"
}

// checklistButtons are the actions the chat's roles allow: the admin records
// and invites the users and may report anything; the Pejabat Pengadaan
// invites and reports vendors; the Bendahara and the PPK report transactions.
func checklistButtons(a satkerAccess) [][]Button {
	var rows [][]Button
	if a.has(RoleAdmin) {
		rows = append(rows, []Button{
			{Text: textProgBtnUsers, Data: progressData(progUsers, a.Code)},
			{Text: textProgBtnInvite, Data: progressData(progInvite, a.Code)},
		})
	}
	if a.has(RoleAdmin, RolePP) {
		rows = append(rows, []Button{{Text: textVendorBtnInvite, Data: vendorData(vndInvite, a.Code)}})
	}
	var report []Button
	if a.has(RoleAdmin, RolePP) {
		report = append(report, Button{Text: textProgBtnVendors, Data: progressData(progVendors, a.Code)})
	}
	if a.has(RoleAdmin, RoleBendahara, RolePPK) {
		report = append(report, Button{Text: textProgBtnTx, Data: progressData(progTx, a.Code)})
	}
	if len(report) > 0 {
		rows = append(rows, report)
	}
	return append(rows, []Button{{Text: textProgBtnRefresh, Data: progressData(progShow, a.Code)}})
}

// userInRole returns the satker's user recorded in role.
func userInRole(users []SatkerUser, role string) (SatkerUser, bool) {
	for _, u := range users {
		if u.Role == role {
			return u, true
		}
	}
	return SatkerUser{}, false
}

// satkerRoleName is a role as users read it.
func satkerRoleName(role string) string {
	switch role {
	case RoleAdmin:
		return textProgRoleAdmin
	case RolePPK:
		return textProgRolePPK
	case RolePemesan:
		return textProgRolePemesan
	case RolePP:
		return textProgRolePP
	case RolePenerima:
		return textProgRolePenerima
	case RoleBendahara:
		return textProgRoleBendahara
	}
	return role
}
