package conversation

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Vendor invitations: the Pejabat Pengadaan (or admin) of a linked satker
// creates a single-use link t.me/<bot>?start=vnd_<token>, valid
// vendorInvitationTTL, and forwards it to the vendor by WhatsApp or on
// paper. Opening it uses it and shows the vendor the purpose notice with the
// satker named; "Setuju" opens the form bound to that satker.

// vendorInvitePrefix is the /start payload of a vendor invitation link.
const vendorInvitePrefix = "vnd_"

// vendorInvitationTTL is how long a vendor invitation link can be used.
const vendorInvitationTTL = 14 * 24 * time.Hour

// vendorInvite creates an invitation for a's satker and gives the Pejabat
// Pengadaan the link, with a message ready to forward to the vendor.
func (e *Engine) vendorInvite(t *turn, a satkerAccess) error {
	if e.cfg.BotUsername == "" {
		t.send(textInviteUnavailable, nil)
		return nil
	}
	inv := VendorInvitation{
		Token: newInvitationToken(), SatkerCode: a.Code,
		CreatedBy: Actor{UserID: t.u.UserID, Name: t.u.UserName, ChatID: t.u.ChatID},
		CreatedAt: t.now, ExpiresAt: t.now.Add(vendorInvitationTTL),
	}
	if err := t.tx.CreateVendorInvitation(t.ctx, inv); err != nil {
		return fmt.Errorf("create vendor invitation for satker %s: %w", a.Code, err)
	}
	link := "https://t.me/" + e.cfg.BotUsername + "?start=" + vendorInvitePrefix + inv.Token
	until := inv.ExpiresAt.In(wib()).Format("02-01-2006 15.04") + " WIB"
	t.send(fmt.Sprintf(textVendorInviteCreated, EscapeHTML(a.Code), until), [][]Button{
		{{Text: textVendorBtnInviteMore, Data: vendorData(vndInvite, a.Code)}},
		{{Text: textVendorBtnBack, Data: vendorData(vndPage, a.Code)}},
	})
	t.send(fmt.Sprintf(textVendorInviteForward, EscapeHTML(a.Code), EscapeHTML(a.Name), link, until), nil)
	return nil
}

// redeemVendorInvitation is /start vnd_<token>: the notice naming the
// satker, or why the link cannot be used.
func (e *Engine) redeemVendorInvitation(t *turn, token string) error {
	menu := [][]Button{{{Text: textVendorBtnSelf, Data: vendorData(vndNew, "")}}, {{Text: textMenuMain, Data: dataMenu + keyMenu}}}
	if !validInvitationToken(token) {
		t.send(textVendorInviteNotFound, menu)
		return nil
	}
	inv, err := t.tx.RedeemVendorInvitation(t.ctx, token, t.u.ChatID, t.now)
	switch {
	case errors.Is(err, ErrNotFound):
		t.send(textVendorInviteNotFound, menu)
		return nil
	case errors.Is(err, ErrExpired):
		t.send(textVendorInviteExpired, menu)
		return nil
	case errors.Is(err, ErrUsed):
		t.send(textVendorInviteUsed, menu)
		return nil
	case err != nil:
		return fmt.Errorf("redeem vendor invitation: %w", err) // the token is a secret: never in the error
	}
	p, _, err := satkerOrNone(t.ctx, t.tx, inv.SatkerCode)
	if err != nil {
		return err
	}
	t.send(fmt.Sprintf(textVendorInvited, EscapeHTML(inv.SatkerCode), field(p.Name))+"\n\n"+textVendorNotice, [][]Button{
		{{Text: textNotice, Data: vendorData(vndAgree, inv.SatkerCode)}},
		{{Text: textNoticeNo, Data: dataMenu + keyMenu}},
	})
	if by := inv.CreatedBy.ChatID; by != 0 && by != t.u.ChatID {
		name := shorten(t.u.UserName, 64)
		if name == "" {
			name = textInviteSomeone
		}
		t.out = append(t.out, Outgoing{Kind: OutSend, ChatID: by,
			Text: fmt.Sprintf(textVendorInviteOpened, EscapeHTML(name), EscapeHTML(inv.SatkerCode))})
	}
	return nil
}

// startInvitedVendor is "Setuju" on an invitation's notice: the form,
// bound to satker code, which is not asked.
func (e *Engine) startInvitedVendor(t *turn, code string) error {
	if _, problem := ValidateKodeSatker(code); problem != "" {
		return nil
	}
	p, ok, err := mappedSatker(t.ctx, t.tx, code)
	if err != nil {
		return err
	}
	if !ok {
		t.send(fmt.Sprintf(textVendorSatkerUnknown, EscapeHTML(code)), nil)
		return nil
	}
	fl := e.flows[keyVendor]
	t.st.Form = &FormState{
		Flow: fl.Name, Session: strconv.FormatInt(t.u.ID, 36), Answers: map[string]Answer{}, Touched: t.now,
		Data: map[string]string{vndDataSatker: p.Code, vndDataSatkerName: p.Name, vndDataInvited: "1"},
	}
	intro := fmt.Sprintf(textVendorIntroInvited, EscapeHTML(p.Code), field(p.Name))
	e.ask(t, fl, fmt.Sprintf(textFormIntro, EscapeHTML(fl.Title), intro))
	return nil
}
