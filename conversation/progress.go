package conversation

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The satker's side of the progress in Digipay (issue 5, procedure 3): in a
// private chat linked to a satker, /progres shows the satker's checklist
// (progress_checklist.go) with the buttons the chat's roles allow: the admin
// records the five users (progress_users.go) and invites them
// (invitation.go); the Pejabat Pengadaan reports vendors and the Bendahara
// or PPK transactions (progress_report.go). A chat that is not linked by a
// verified path sees no satker data at all.

// Keys and callback data of the progress side.
const (
	keyProgress      = "progres" // menu key
	dataProgress     = "p:"      // callback data: p:<action>:<kode satker>[:<role>]
	invitationPrefix = "inv_"    // /start payload of an invitation link: inv_<token>

	progShow     = "s"  // show the satker's checklist
	progUsers    = "u"  // admin: record one of the five users
	progInvite   = "i"  // admin: choose the role to invite
	progInviteAs = "ir" // admin: create the invitation for a role
	progVendors  = "v"  // report the number of vendors
	progTx       = "t"  // report a transaction

	progDataSatker = "satker" // FormState.Data: the kode satker the form is about
)

// progressData is the callback data of action on satker code (and role).
func progressData(action, code string, role ...string) string {
	return dataProgress + strings.Join(append([]string{action, code}, role...), ":")
}

// satkerAccess is a satker the chat is linked to, with the chat's roles there.
type satkerAccess struct {
	Code  string
	Name  string
	Roles []string
}

// has reports whether the chat holds one of roles for the satker.
func (a satkerAccess) has(roles ...string) bool {
	for _, r := range roles {
		if slices.Contains(a.Roles, r) {
			return true
		}
	}
	return false
}

// accessOf groups the chat's verified links by satker, newest first.
func accessOf(ctx context.Context, tx Tx, chatID int64) ([]satkerAccess, error) {
	links, err := tx.LinksOf(ctx, chatID)
	if err != nil {
		return nil, fmt.Errorf("links of chat %d: %w", chatID, err)
	}
	var list []satkerAccess
	for _, l := range links {
		i := slices.IndexFunc(list, func(a satkerAccess) bool { return a.Code == l.SatkerCode })
		if i < 0 {
			list = append(list, satkerAccess{Code: l.SatkerCode, Name: l.SatkerName})
			i = len(list) - 1
		}
		if !slices.Contains(list[i].Roles, l.Role) {
			list[i].Roles = append(list[i].Roles, l.Role)
		}
	}
	return list, nil
}

// accessTo returns the chat's access to satker code; ok false when the chat
// is not linked to it.
func accessTo(ctx context.Context, tx Tx, chatID int64, code string) (satkerAccess, bool, error) {
	list, err := accessOf(ctx, tx, chatID)
	if err != nil {
		return satkerAccess{}, false, err
	}
	for _, a := range list {
		if a.Code == code {
			return a, true, nil
		}
	}
	return satkerAccess{}, false, nil
}

// progressItem is the menu's "Progres satker".
func (e *Engine) progressItem(t *turn) {
	if err := e.showProgress(t, ""); err != nil {
		t.fail(err)
	}
}

// progressCommand handles /progres [kode] and /undang [kode].
func (e *Engine) progressCommand(t *turn) error {
	arg := strings.TrimSpace(t.u.Args)
	if t.u.Command == "undang" {
		return e.inviteCommand(t, arg)
	}
	return e.showProgress(t, arg)
}

// showProgress shows the checklist of the chat's satker: of code when
// given, of the only one, or a choice when the chat is linked to several.
// A chat that is not linked learns how to get linked, and nothing else.
func (e *Engine) showProgress(t *turn, code string) error {
	list, err := accessOf(t.ctx, t.tx, t.u.ChatID)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		progressNotLinked(t, code)
		return nil
	}
	if code != "" {
		for _, a := range list {
			if a.Code == code {
				return e.sendChecklist(t, a.Code, "")
			}
		}
		chooseLinkedSatker(t, list, progShow, fmt.Sprintf(textProgNotYours, quote(code)))
		return nil
	}
	if len(list) == 1 {
		return e.sendChecklist(t, list[0].Code, "")
	}
	chooseLinkedSatker(t, list, progShow, textProgChoose)
	return nil
}

// progressNotLinked tells a chat without a satker link how to get one. It shows no
// satker data, whatever kode satker the user typed.
func progressNotLinked(t *turn, typed string) {
	text := textProgNotLinked
	if typed != "" {
		text = textProgNotLinkedCode + "\n\n" + text
	}
	t.send(text, [][]Button{
		{{Text: textMenuRegistration, Data: dataMenu + keyRegistration}},
		{{Text: textLinkReqButton, Data: dataStart + keyLinkRequest}},
		{{Text: textMenuTicket, Data: dataMenu + keyTicket}},
		{{Text: textMenuMain, Data: dataMenu + keyMenu}},
	})
}

// chooseLinkedSatker asks which of the chat's satker an action is about.
func chooseLinkedSatker(t *turn, list []satkerAccess, action, text string) {
	rows := make([][]Button, 0, len(list)+1)
	for _, a := range list {
		rows = append(rows, []Button{{Text: shorten(a.Code+" "+a.Name, 60), Data: progressData(action, a.Code)}})
	}
	rows = append(rows, []Button{{Text: textMenuMain, Data: dataMenu + keyMenu}})
	t.send(text, rows)
}

// sendChecklist sends the checklist of satker code, after prefix.
func (e *Engine) sendChecklist(t *turn, code, prefix string) error {
	out, err := checklistFor(t.ctx, t.tx, t.u.ChatID, code, prefix)
	if err != nil {
		return err
	}
	out.ThreadID = t.u.ThreadID
	t.out = append(t.out, out)
	return nil
}

// progressCallback handles the progress buttons: p:<action>:<code>[:<role>].
// Every press checks again that the chat holds a role allowing it.
func (e *Engine) progressCallback(t *turn) error {
	parts := strings.Split(strings.TrimPrefix(t.u.CallbackData, dataProgress), ":")
	if len(parts) < 2 || parts[1] == "" {
		return nil // stale: answered by Handle
	}
	action, code := parts[0], parts[1]
	t.answer("")
	a, ok, err := accessTo(t.ctx, t.tx, t.u.ChatID, code)
	if err != nil {
		return err
	}
	if !ok {
		progressNotLinked(t, "")
		return nil
	}
	if action != progShow && t.st.Form != nil {
		if fl := e.activeFlow(t); fl != nil {
			e.askResume(t, fl, "") // one form at a time
			return nil
		}
	}
	switch action {
	case progShow:
		return e.sendChecklist(t, code, "")
	case progUsers:
		if !a.has(RoleAdmin) {
			t.send(textProgAdminOnly, nil)
			return nil
		}
		return e.startProgressFlow(t, flowSatkerUser, code, fmt.Sprintf(textProgUsersIntro, EscapeHTML(code), EscapeHTML(a.Name)))
	case progInvite:
		return e.inviteChooseRole(t, a)
	case progInviteAs:
		if len(parts) < 3 {
			return nil
		}
		return e.invite(t, a, parts[2])
	case progVendors:
		return e.startVendorReport(t, a)
	case progTx:
		if !a.has(RoleAdmin, RoleBendahara, RolePPK) {
			t.send(textProgTxOnly, nil)
			return nil
		}
		return e.startProgressFlow(t, flowTransaction, code, fmt.Sprintf(textProgTxIntro, EscapeHTML(code), EscapeHTML(a.Name)))
	}
	return nil
}

// startProgressFlow opens the progress form name about satker code, with
// intro in place of the flow's own.
func (e *Engine) startProgressFlow(t *turn, name, code, intro string) error {
	fl, ok := e.flows[name]
	if !ok {
		return fmt.Errorf("progress form %s: %w", name, ErrNotFound)
	}
	// As startFlow, with the satker kept in the form's Data before the
	// first question is asked.
	t.st.Form = &FormState{
		Flow:    fl.Name,
		Session: strconv.FormatInt(t.u.ID, 36),
		Answers: map[string]Answer{},
		Data:    map[string]string{progDataSatker: code},
		Touched: t.now,
	}
	e.ask(t, fl, fmt.Sprintf(textFormIntro, EscapeHTML(fl.Title), intro))
	return nil
}

// submitterAccess checks, when a progress form is sent, that the chat still
// holds one of roles for the form's satker. It returns the refusal to send
// when not.
func submitterAccess(ctx context.Context, tx Tx, s Submission, refusal string, roles ...string) (satkerAccess, []Outgoing, error) {
	code := s.Data[progDataSatker]
	if code == "" { // opened by a /start link rather than from the checklist
		return satkerAccess{}, []Outgoing{{Kind: OutSend, ChatID: s.ChatID, Text: textProgFromChecklist}}, nil
	}
	a, ok, err := accessTo(ctx, tx, s.ChatID, code)
	if err != nil {
		return satkerAccess{}, nil, err
	}
	if !ok {
		return a, []Outgoing{{Kind: OutSend, ChatID: s.ChatID, Text: textProgNotLinked}}, nil
	}
	if !a.has(roles...) {
		return a, []Outgoing{{Kind: OutSend, ChatID: s.ChatID, Text: refusal}}, nil
	}
	return a, nil, nil
}

// submitterActor is who sent s, for the history of progress changes.
func submitterActor(s Submission) Actor {
	return Actor{UserID: s.UserID, Name: s.UserName, ChatID: s.ChatID}
}

// satkerOrNone reads satker code; ok false when it is not in the map.
func satkerOrNone(ctx context.Context, tx Tx, code string) (SatkerProgress, bool, error) {
	p, err := tx.Satker(ctx, code)
	if errors.Is(err, ErrNotFound) {
		return SatkerProgress{}, false, nil
	}
	if err != nil {
		return SatkerProgress{}, false, fmt.Errorf("satker %s: %w", code, err)
	}
	return p, true, nil
}
