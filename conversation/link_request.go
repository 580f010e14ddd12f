package conversation

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Linking an account to a satker by an officer's approval (issue 5), the
// third verified path beside the admin registration and the invitation link:
// a person whose chat is not linked asks from /progres with a short form
// (kode satker, role, name, mobile); the staff group gets a card with
// "Setujui" and "Tolak"; an officer's press links the chat, or turns the
// request down, and the requester is told. Before the approval the requester
// learns nothing of the satker, not even its name: a kode satker alone
// proves nothing.
//
// The decision is stateless: the card's callback data carries the whole
// request (l:<chat>:<kode>:<role index>:y|n; a private chat's id is its
// user's id) and nothing is stored before an officer approves. A press once
// the link exists is answered as stale; two approvals at once are harmless,
// as LinkChat is idempotent. A rejection leaves no trace, so a "Tolak" still
// pressable on a client that had not received the card's edit tells the
// requester a second time.
//
// Routing: ProgressStore looks a KPPN up only by its group's chat
// (KPPNOfGroup), not a group by KPPN code, so every card goes to the
// configured staff group (Config.GroupChatID), whichever KPPN the satker
// belongs to; the card says so when it is another KPPN's satker. A member of
// a group bound to the satker's KPPN may decide a card that reaches it too.

// Names and callback data of the link request.
const (
	keyLinkRequest = "hubungkan_akun" // the flow's name and /start payload
	dataLink       = "l:"             // l:<chat>:<kode satker>:<role index>:<linkYes|linkNo>
	linkYes        = "y"
	linkNo         = "n"

	linkFieldSatker = "kode_satker"
	linkFieldRole   = "peran"
	linkFieldName   = "nama"
	linkFieldMobile = "hp"
)

// linkRoles are the roles a link request may ask for; the callback data
// carries a role as its index here, so the order must not change.
func linkRoles() []string { return append([]string{RoleAdmin}, UserRoles()...) }

// linkRequest is the request a card's button carries.
type linkRequest struct {
	ChatID  int64 // the requester's private chat, which is their user id
	Code    string
	Role    string
	Approve bool
}

// linkData is the callback data of the decision approve on a request of
// chatID for satker code in linkRoles()[role]: at most 32 bytes.
func linkData(chatID int64, code string, role int, approve bool) string {
	d := linkNo
	if approve {
		d = linkYes
	}
	return dataLink + strconv.FormatInt(chatID, 10) + ":" + code + ":" + strconv.Itoa(role) + ":" + d
}

// parseLinkData reads the callback data linkData made; ok is false for
// anything else.
func parseLinkData(data string) (r linkRequest, ok bool) {
	rest, ok := strings.CutPrefix(data, dataLink)
	parts := strings.Split(rest, ":")
	if !ok || len(parts) != 4 {
		return r, false
	}
	id, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil || id <= 0 {
		return r, false
	}
	if code, problem := ValidateKodeSatker(parts[1]); problem != "" || code != parts[1] {
		return r, false
	}
	i, err := strconv.Atoi(parts[2])
	roles := linkRoles()
	if err != nil || i < 0 || i >= len(roles) || parts[2] != strconv.Itoa(i) {
		return r, false
	}
	switch parts[3] {
	case linkYes:
		r.Approve = true
	case linkNo:
	default:
		return r, false
	}
	r.ChatID, r.Code, r.Role = id, parts[1], roles[i]
	return r, true
}

// linkRequestFlow is the form "Permintaan penghubungan akun".
func (e *Engine) linkRequestFlow() Flow {
	roles := make([]string, 0, len(linkRoles()))
	for _, r := range linkRoles() {
		roles = append(roles, satkerRoleName(r))
	}
	return Flow{
		Name:   keyLinkRequest,
		Title:  textLinkReqTitle,
		Object: textLinkReqObject,
		Intro:  textLinkReqIntro,
		Fields: []Field{
			{Key: linkFieldSatker, Label: labelLinkReqSatker, Prompt: promptLinkReqSatker, Kind: FieldText,
				Validate: ValidateKodeSatker, Check: checkLinkSatker},
			{Key: linkFieldRole, Label: labelLinkReqRole, Prompt: promptLinkReqRole, Kind: FieldChoice, Choices: roles},
			{Key: linkFieldName, Label: labelLinkReqName, Prompt: promptLinkReqName, Kind: FieldText, Validate: validatePersonName},
			{Key: linkFieldMobile, Label: labelLinkReqMobile, Prompt: promptLinkReqMobile, Kind: FieldText, Validate: ValidateMobile},
		},
		Submit: e.submitLinkRequest,
	}
}

// checkLinkSatker accepts only a kode satker of the KPPN's map. It notes
// nothing beside the code: the requester is shown nothing of the satker.
func checkLinkSatker(fc FieldContext, a Answer) (Answer, string, error) {
	_, ok, err := mappedSatker(fc.Ctx, fc.Tx, a.Value)
	if err != nil {
		return a, "", err
	}
	a.Note = ""
	if !ok {
		return a, textLinkReqUnknown, nil
	}
	return a, "", nil
}

// mappedSatker reads satker code; ok is false unless it is in the map.
func mappedSatker(ctx context.Context, tx Tx, code string) (SatkerProgress, bool, error) {
	p, found, err := satkerOrNone(ctx, tx, code)
	return p, found && p.Mapped, err
}

// submitLinkRequest gives the requester a receipt and puts the card in the
// staff group, unless the chat already holds the role or the satker left
// the map meanwhile.
func (e *Engine) submitLinkRequest(ctx context.Context, tx Tx, s Submission) ([]Outgoing, error) {
	say := func(text string) []Outgoing {
		return []Outgoing{{Kind: OutSend, ChatID: s.ChatID, Text: text,
			Buttons: [][]Button{{{Text: textMenuMain, Data: dataMenu + keyMenu}}}}}
	}
	roleIdx := slices.IndexFunc(linkRoles(), func(r string) bool { return satkerRoleName(r) == s.Value(linkFieldRole) })
	if roleIdx < 0 {
		return say(textFlowGone), nil // a choice of an older release
	}
	role, code := linkRoles()[roleIdx], s.Value(linkFieldSatker)
	if e.cfg.GroupChatID == 0 {
		return say(textLinkReqNoDesk), nil
	}
	p, ok, err := mappedSatker(ctx, tx, code)
	if err != nil {
		return nil, err
	}
	if !ok {
		return say(textLinkReqUnknown), nil
	}
	a, linked, err := accessTo(ctx, tx, s.ChatID, code)
	if err != nil {
		return nil, err
	}
	if linked && a.has(role) {
		return say(fmt.Sprintf(textLinkReqAlready, EscapeHTML(code), satkerRoleName(role))), nil
	}
	links, err := tx.LinksOfSatker(ctx, code)
	if err != nil {
		return nil, fmt.Errorf("links of satker %s: %w", code, err)
	}
	inRole := 0
	for _, l := range links {
		if l.Role == role {
			inRole++
		}
	}
	out := say(fmt.Sprintf(textLinkReqReceipt, EscapeHTML(code), satkerRoleName(role)))
	return append(out, Outgoing{
		Kind: OutSend, ChatID: e.cfg.GroupChatID, Text: e.linkCard(s, p, role, inRole),
		Buttons: [][]Button{{
			{Text: textLinkBtnApprove, Data: linkData(s.ChatID, code, roleIdx, true)},
			{Text: textLinkBtnReject, Data: linkData(s.ChatID, code, roleIdx, false)},
		}},
	}), nil
}

// linkCard is the staff group's card of a request: who asks (the name they
// typed, their Telegram account, the mobile masked), for which satker and
// role, and what helps the officer check it.
func (e *Engine) linkCard(s Submission, p SatkerProgress, role string, inRole int) string {
	lines := []string{textLinkCardTitle, "", fmt.Sprintf(textLinkCardSatker, EscapeHTML(p.Code), field(p.Name))}
	if p.KPPNCode != "" && p.KPPNCode != e.cfg.KPPNCode {
		lines = append(lines, fmt.Sprintf(textLinkCardOtherKPPN, EscapeHTML(p.KPPNCode)))
	}
	if p.ContactName != "" || p.ContactPhone != "" {
		lines = append(lines, fmt.Sprintf(textLinkCardPIC, field(p.ContactName), field(p.ContactPhone)))
	}
	roleName := satkerRoleName(role)
	lines = append(lines, fmt.Sprintf(textLinkCardRole, roleName))
	if inRole > 0 {
		lines = append(lines, fmt.Sprintf(textLinkCardLinked, roleName, inRole))
	}
	username := "-"
	if s.Username != "" {
		username = "@" + EscapeHTML(s.Username)
	}
	lines = append(lines, "",
		fmt.Sprintf(textLinkCardName, field(s.Value(linkFieldName))),
		fmt.Sprintf(textLinkCardMobile, EscapeHTML(maskPhone(s.Value(linkFieldMobile)))),
		fmt.Sprintf(textLinkCardAccount, s.UserID, field(s.UserName), username, s.UserID),
		"", textLinkCardHint)
	return strings.Join(lines, "\n")
}

// linkCallback is an officer's "Setujui" or "Tolak" on a card.
func (e *Engine) linkCallback(t *turn) error {
	r, ok := parseLinkData(t.u.CallbackData)
	if !ok {
		return nil // stale: answered by Handle
	}
	p, found, err := satkerOrNone(t.ctx, t.tx, r.Code)
	if err != nil {
		return err
	}
	staff, err := e.linkStaff(t, p.KPPNCode)
	if err != nil {
		return err
	}
	if !staff {
		alert(t, textLinkNotStaff)
		return nil
	}
	roleName := satkerRoleName(r.Role)
	links, err := t.tx.LinksOf(t.ctx, r.ChatID)
	if err != nil {
		return fmt.Errorf("links of chat %d: %w", r.ChatID, err)
	}
	if i := slices.IndexFunc(links, func(l SatkerLink) bool { return l.SatkerCode == r.Code && l.Role == r.Role }); i >= 0 {
		// Decided already (or linked another way meanwhile): say so, and
		// close the card if it still shows its buttons.
		alert(t, fmt.Sprintf(textLinkAlreadyToast, roleName))
		since := "-"
		if at := links[i].LinkedAt; !at.IsZero() {
			since = whenWIB(at)
		}
		t.out = append(t.out, e.linkCardClosed(t, r, p.Name, fmt.Sprintf(textLinkLinked, roleName, since, linkVia(links[i].Via))))
		return nil
	}
	who := textReviewUnknownOfficer
	if name := shorten(t.u.UserName, 64); name != "" {
		who = EscapeHTML(name)
	}
	if !r.Approve {
		t.answer(textLinkRejectedToast)
		t.out = append(t.out, e.linkCardClosed(t, r, p.Name, fmt.Sprintf(textLinkRejected, who, whenWIB(t.now))),
			Outgoing{Kind: OutSend, ChatID: r.ChatID, Text: fmt.Sprintf(textLinkNotifyRejected, EscapeHTML(r.Code), roleName),
				Buttons: [][]Button{{{Text: textMenuMain, Data: dataMenu + keyMenu}}}})
		return nil
	}
	if !found || !p.Mapped {
		alert(t, fmt.Sprintf(textLinkGoneToast, r.Code))
		return nil
	}
	l := SatkerLink{SatkerCode: r.Code, SatkerName: p.Name, KPPNCode: p.KPPNCode, ChatID: r.ChatID, UserID: r.ChatID,
		Role: r.Role, Via: ViaOfficer, LinkedAt: t.now, By: officer(t)}
	if err := t.tx.LinkChat(t.ctx, l); err != nil {
		return fmt.Errorf("link chat %d to satker %s as %s: %w", r.ChatID, r.Code, r.Role, err)
	}
	t.answer(textLinkApprovedToast)
	t.out = append(t.out, e.linkCardClosed(t, r, p.Name, fmt.Sprintf(textLinkApproved, who, whenWIB(t.now))),
		Outgoing{Kind: OutSend, ChatID: r.ChatID,
			Text:    fmt.Sprintf(textLinkNotifyApproved, EscapeHTML(r.Code), field(p.Name), roleName),
			Buttons: [][]Button{{{Text: textMenuProgress, Data: dataMenu + keyProgress}}, {{Text: textMenuMain, Data: dataMenu + keyMenu}}}})
	return nil
}

// linkStaff reports whether the sender may decide a request about a satker
// of KPPN kppn: a member of the configured staff group pressing there, or a
// member of a group bound to that KPPN pressing there.
func (e *Engine) linkStaff(t *turn, kppn string) (bool, error) {
	if e.cfg.GroupChatID != 0 && t.u.ChatID == e.cfg.GroupChatID {
		return e.isStaff(t)
	}
	code, ok, err := e.groupKPPN(t)
	if err != nil || !ok || kppn == "" || code != kppn {
		return false, err
	}
	return e.kppnStaff(t)
}

// linkCardClosed is the card, pressed in this update, edited to its
// outcome and without buttons. The callback data holds no more than the
// satker, the role and the account, so the requester's name and mobile
// leave the card with its buttons.
func (e *Engine) linkCardClosed(t *turn, r linkRequest, satkerName, outcome string) Outgoing {
	text := strings.Join([]string{textLinkCardTitle, "",
		fmt.Sprintf(textLinkCardSatker, EscapeHTML(r.Code), field(satkerName)),
		fmt.Sprintf(textLinkCardRole, satkerRoleName(r.Role)),
		fmt.Sprintf(textLinkCardAccountID, r.ChatID, r.ChatID),
		"", outcome}, "\n")
	return Outgoing{Kind: OutEdit, ChatID: t.u.ChatID, MessageID: t.u.MessageID, Text: text}
}

// linkVia names the way a chat was linked, for the officers.
func linkVia(via string) string {
	switch via {
	case ViaRegistration:
		return textLinkViaRegistration
	case ViaInvitation:
		return textLinkViaInvitation
	case ViaOfficer:
		return textLinkViaOfficer
	}
	return EscapeHTML(via)
}
