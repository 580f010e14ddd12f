package conversation

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// The progress side's test driver: the private chats of several people of
// one satker (the admin, the five users, strangers) on one engine and one
// in-memory store, as the runtime wires them.

const (
	pgSatker     = "409876"
	pgSatkerName = "KANTOR KEMENTERIAN AGAMA KOTA LUBUKLINGGAU"
	pgOther      = "401122"
	pgOtherName  = "PENGADILAN AGAMA LUBUKLINGGAU"
	pgBot        = "PoskoDigipayBot"
)

// satkerOffice is one engine and store shared by several private chats.
type satkerOffice struct {
	t      *testing.T
	e      *Engine
	tx     *fakeTx
	now    time.Time
	nextID int64
}

// newSatkerOffice returns an office at mon10 whose map holds pgSatker (admin
// stage reached) and pgOther.
func newSatkerOffice(t *testing.T) *satkerOffice {
	t.Helper()
	o := &satkerOffice{t: t, tx: &fakeTx{}, now: mon10, nextID: 5000}
	o.e = NewEngine(Config{GroupChatID: testGroup, KPPNCode: "070", BotUsername: pgBot, Now: func() time.Time { return o.now }})
	registerProgressFlows(o.e)
	o.tx.addSatker(SatkerProgress{Code: pgSatker, Name: pgSatkerName, KPPNCode: "070", AdminAt: mon10.Add(-48 * time.Hour), CreatedAt: mon10.Add(-30 * 24 * time.Hour)})
	o.tx.addSatker(SatkerProgress{Code: pgOther, Name: pgOtherName, KPPNCode: "070", CreatedAt: mon10.Add(-30 * 24 * time.Hour)})
	return o
}

// registerProgressFlows registers the progress forms unless NewEngine
// already did.
func registerProgressFlows(e *Engine) {
	for _, f := range e.progressFlows() {
		if _, ok := e.flows[f.Name]; !ok {
			e.addFlow(f)
		}
	}
}

// satkerMember is one private chat of the office.
type satkerMember struct {
	o    *satkerOffice
	id   int64 // chat id and user id
	name string
	st   State
}

// person returns the private chat of user id.
func (o *satkerOffice) person(id int64, name string) *satkerMember {
	return &satkerMember{o: o, id: id, name: name}
}

// linked returns the private chat of user id, linked to satker code in role.
func (o *satkerOffice) linked(id int64, name, code, role string) *satkerMember {
	o.t.Helper()
	via := ViaInvitation
	if role == RoleAdmin {
		via = ViaRegistration
	}
	if err := o.tx.LinkChat(context.Background(), SatkerLink{SatkerCode: code, ChatID: id, UserID: id, Role: role, Via: via, LinkedAt: o.now}); err != nil {
		o.t.Fatal(err)
	}
	return o.person(id, name)
}

// handle runs u from p and checks the invariants of every answer.
func (p *satkerMember) handle(u Update) []Outgoing {
	t := p.o.t
	t.Helper()
	p.o.nextID++
	u.ID = p.o.nextID
	u.ChatID, u.ChatType, u.At = p.id, ChatPrivate, p.o.now
	u.UserID, u.UserName = p.id, p.name
	u.MessageID = int(p.o.nextID)
	st, out, err := p.o.e.Handle(context.Background(), p.o.tx, p.st, u)
	if err != nil {
		t.Fatalf("Handle(%+v): %v", u, err)
	}
	checkOut(t, u, out)
	p.st = st
	return out
}

func (p *satkerMember) text(s string) []Outgoing { return p.handle(Update{Kind: KindText, Text: s}) }
func (p *satkerMember) cmd(name, args string) []Outgoing {
	return p.handle(Update{Kind: KindCommand, Command: name, Args: args, Text: "/" + name})
}
func (p *satkerMember) press(data string) []Outgoing {
	return p.handle(Update{Kind: KindCallback, CallbackID: "cb" + data, CallbackData: data})
}

// pressLabel presses the button labelled label on the last message of out that has it.
func (p *satkerMember) pressLabel(out []Outgoing, label string) []Outgoing {
	p.o.t.Helper()
	b, ok := findButton(out, label)
	if !ok {
		p.o.t.Fatalf("no button %q in %s", label, dump(out))
	}
	return p.press(b.Data)
}

// lastText is the text of the last message of out sent to p.
func (p *satkerMember) lastText(out []Outgoing) string {
	p.o.t.Helper()
	for i := len(out) - 1; i >= 0; i-- {
		if out[i].Kind == OutSend && out[i].ChatID == p.id {
			return out[i].Text
		}
	}
	p.o.t.Fatalf("no message to %d in %s", p.id, dump(out))
	return ""
}

// satker returns the fake's record of code.
func (o *satkerOffice) satker(code string) SatkerProgress {
	o.t.Helper()
	s, err := o.tx.Satker(context.Background(), code)
	if err != nil {
		o.t.Fatal(err)
	}
	return s
}

// progressTexts joins every text of out, to check what a chat was (not) told.
func progressTexts(out []Outgoing) string {
	var b strings.Builder
	for _, o := range out {
		b.WriteString(o.Text + "\n")
		for _, l := range labels(o) {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// checklistLabels are the buttons of the last message of out.
func checklistLabels(out []Outgoing) []string {
	for i := len(out) - 1; i >= 0; i-- {
		if out[i].Kind == OutSend {
			return labels(out[i])
		}
	}
	return nil
}

var inviteLinkRe = regexp.MustCompile(`https://t\.me/` + pgBot + `\?start=inv_([A-Za-z0-9_-]{22})\b`)

// inviteToken returns the token of the invitation link in out.
func inviteToken(t *testing.T, out []Outgoing) string {
	t.Helper()
	for _, o := range out {
		if m := inviteLinkRe.FindStringSubmatch(o.Text); m != nil {
			return m[1]
		}
	}
	t.Fatalf("no invitation link in %s", dump(out))
	return ""
}

// rolesOf lists the roles chat id holds for satker code in the fake.
func (o *satkerOffice) rolesOf(id int64, code string) []string {
	var roles []string
	for _, l := range o.tx.satkerLinks {
		if l.ChatID == id && l.SatkerCode == code {
			roles = append(roles, l.Role)
		}
	}
	slices.Sort(roles)
	return roles
}
