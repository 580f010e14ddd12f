package conversation

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Invitation links: the satker's admin links each of the five users' chats
// to the satker by giving them a single-use link that expires after
// invitationTTL (t.me/<bot>?start=inv_<token>). Only a chat linked as the
// satker's admin can create one; the link is the only proof the person who
// opens it holds the role.

// invitationTTL is how long an invitation link can be used.
const invitationTTL = 7 * 24 * time.Hour

// newInvitationToken returns 16 random bytes, base64url: 22 characters a
// /start payload may carry. The randomness comes from crypto/rand here
// rather than through Config: a token is never predictable, so tests read
// it from the link the admin receives instead of fixing it.
func newInvitationToken() string {
	b := make([]byte, 16)
	rand.Read(b) // never fails: crypto/rand crashes the program rather than return an error
	return base64.RawURLEncoding.EncodeToString(b)
}

// validInvitationToken reports whether token could be one newInvitationToken made.
func validInvitationToken(token string) bool {
	if token == "" || len(token) > 64 {
		return false
	}
	return !strings.ContainsFunc(token, func(r rune) bool { return !isAlnum(r) && r != '-' && r != '_' })
}

// inviteCommand is /undang [kode]: the role to invite for the satker the
// chat administers, or a choice of satker when it administers several.
func (e *Engine) inviteCommand(t *turn, code string) error {
	list, err := accessOf(t.ctx, t.tx, t.u.ChatID)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		progressNotLinked(t, code)
		return nil
	}
	admins := slices.DeleteFunc(slices.Clone(list), func(a satkerAccess) bool { return !a.has(RoleAdmin) })
	if code != "" {
		for _, a := range list {
			if a.Code == code {
				return e.inviteChooseRole(t, a)
			}
		}
		if len(admins) == 0 {
			t.send(textInviteAdminOnly, nil)
			return nil
		}
		chooseLinkedSatker(t, admins, progInvite, fmt.Sprintf(textProgNotYours, quote(code)))
		return nil
	}
	switch len(admins) {
	case 0:
		t.send(textInviteAdminOnly, nil)
		return nil
	case 1:
		return e.inviteChooseRole(t, admins[0])
	}
	chooseLinkedSatker(t, admins, progInvite, textInviteChooseSatker)
	return nil
}

// inviteChooseRole asks the admin of a's satker which role to invite,
// showing which roles already have a linked account.
func (e *Engine) inviteChooseRole(t *turn, a satkerAccess) error {
	if !a.has(RoleAdmin) {
		t.send(textInviteAdminOnly, nil)
		return nil
	}
	links, err := t.tx.LinksOfSatker(t.ctx, a.Code)
	if err != nil {
		return fmt.Errorf("links of satker %s: %w", a.Code, err)
	}
	rows := make([][]Button, 0, len(UserRoles())+1)
	for _, role := range UserRoles() {
		label := satkerRoleName(role)
		if slices.ContainsFunc(links, func(l SatkerLink) bool { return l.Role == role }) {
			label = fmt.Sprintf(textInviteRoleLinked, label)
		}
		rows = append(rows, []Button{{Text: label, Data: progressData(progInviteAs, a.Code, role)}})
	}
	rows = append(rows, []Button{{Text: textProgBtnBack, Data: progressData(progShow, a.Code)}})
	t.send(fmt.Sprintf(textInviteChooseRole, EscapeHTML(a.Code), EscapeHTML(a.Name)), rows)
	return nil
}

// invite creates an invitation for role and gives the admin the link, with
// a message ready to forward to the person who holds the role.
func (e *Engine) invite(t *turn, a satkerAccess, role string) error {
	if !a.has(RoleAdmin) {
		t.send(textInviteAdminOnly, nil)
		return nil
	}
	if !slices.Contains(UserRoles(), role) {
		t.send(textStale, nil)
		return nil
	}
	if e.cfg.BotUsername == "" {
		t.send(textInviteUnavailable, nil)
		return nil
	}
	inv := Invitation{
		Token: newInvitationToken(), SatkerCode: a.Code, Role: role,
		CreatedBy: Actor{UserID: t.u.UserID, Name: t.u.UserName, ChatID: t.u.ChatID},
		CreatedAt: t.now, ExpiresAt: t.now.Add(invitationTTL),
	}
	if err := t.tx.CreateInvitation(t.ctx, inv); err != nil {
		return fmt.Errorf("create invitation for %s of satker %s: %w", role, a.Code, err)
	}
	link := "https://t.me/" + e.cfg.BotUsername + "?start=" + invitationPrefix + inv.Token
	until := inv.ExpiresAt.In(wib()).Format("02-01-2006 15.04") + " WIB"
	roleName := satkerRoleName(role)
	t.send(fmt.Sprintf(textInviteCreated, roleName, EscapeHTML(a.Code), until), [][]Button{
		{{Text: textInviteAnother, Data: progressData(progInvite, a.Code)}},
		{{Text: textProgBtnBack, Data: progressData(progShow, a.Code)}},
	})
	t.send(fmt.Sprintf(textInviteForward, EscapeHTML(a.Code), EscapeHTML(a.Name), roleName, link, until), nil)
	return nil
}

// redeemInvitation is /start inv_<token>: the chat is linked to the
// invitation's satker in its role and shown the checklist; a link used,
// expired or unknown is explained.
func (e *Engine) redeemInvitation(t *turn, token string) error {
	if !validInvitationToken(token) {
		t.send(textInviteNotFound, nil)
		return nil
	}
	inv, err := t.tx.RedeemInvitation(t.ctx, token, t.u.ChatID, t.u.UserID, t.now)
	switch {
	case errors.Is(err, ErrNotFound):
		t.send(textInviteNotFound, nil)
		return nil
	case errors.Is(err, ErrExpired):
		t.send(textInviteExpired, nil)
		return nil
	case errors.Is(err, ErrUsed):
		// Opening one's own link twice is no reason for alarm.
		a, ok, err := accessTo(t.ctx, t.tx, t.u.ChatID, inv.SatkerCode)
		if err != nil {
			return err
		}
		if ok && a.has(inv.Role) {
			return e.sendChecklist(t, inv.SatkerCode, fmt.Sprintf(textInviteAlready, satkerRoleName(inv.Role)))
		}
		t.send(textInviteUsed, nil)
		return nil
	case err != nil:
		return fmt.Errorf("redeem invitation: %w", err) // the token is a secret: never in the error
	}
	p, _, err := satkerOrNone(t.ctx, t.tx, inv.SatkerCode)
	if err != nil {
		return err
	}
	roleName := satkerRoleName(inv.Role)
	if err := e.sendChecklist(t, inv.SatkerCode,
		fmt.Sprintf(textInviteLinked, EscapeHTML(inv.SatkerCode), EscapeHTML(p.Name), roleName)); err != nil {
		return err
	}
	if by := inv.CreatedBy.ChatID; by != 0 && by != t.u.ChatID {
		name := shorten(t.u.UserName, 64)
		if name == "" {
			name = textInviteSomeone
		}
		t.out = append(t.out, Outgoing{Kind: OutSend, ChatID: by,
			Text: fmt.Sprintf(textInviteJoined, EscapeHTML(name), roleName, EscapeHTML(inv.SatkerCode))})
	}
	return nil
}
