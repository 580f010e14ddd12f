package conversation

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

// linkDesk is the satker office (private chats) and the staff group on one
// engine and one store, with budi and ani the staff group's members.
type linkDesk struct {
	*satkerOffice
	room *staffRoom
}

func newLinkDesk(t *testing.T, options ...func(*Config)) *linkDesk {
	t.Helper()
	o := newSatkerOffice(t)
	members := &chatMembers{of: map[int64]map[int64]bool{
		testGroup:   {budi.id: true, ani.id: true},
		secondGroup: {dedi.id: true},
	}}
	cfg := Config{GroupChatID: testGroup, KPPNCode: "070", BotUsername: pgBot, Now: func() time.Time { return o.now },
		Members: members}
	for _, f := range options {
		f(&cfg)
	}
	o.e = NewEngine(cfg)
	room := &staffRoom{t: t, e: o.e, tx: o.tx, chatID: testGroup, now: o.now, nextID: 90000}
	return &linkDesk{satkerOffice: o, room: room}
}

// toChat returns the messages of out sent to chat id.
func toChat(out []Outgoing, id int64) []Outgoing {
	var m []Outgoing
	for _, o := range out {
		if o.ChatID == id {
			m = append(m, o)
		}
	}
	return m
}

// request has p fill the link request for code as role from /progres, as
// @username, and returns everything p was sent and the card the staff
// group received (zero when none).
func (d *linkDesk) request(p *satkerMember, username, code, role string) (seen []Outgoing, card Outgoing) {
	d.t.Helper()
	out := p.cmd("progres", "")
	seen = append(seen, out...)
	out = p.pressLabel(out, textLinkReqButton)
	seen = append(seen, out...)
	mustContain(d.t, p.lastText(out), textLinkReqTitle, promptLinkReqSatker)
	for _, step := range []func() []Outgoing{
		func() []Outgoing { return p.text(code) },
		func() []Outgoing { return p.pressLabel(out, satkerRoleName(role)) },
		func() []Outgoing { return p.text("Budi  Hartono") },
		func() []Outgoing { return p.text("0812-3456-7890") },
	} {
		out = step()
		seen = append(seen, out...)
	}
	mustContain(d.t, p.lastText(out), "<b>Kode satker:</b> "+code, "<b>Peran:</b> "+satkerRoleName(role),
		"<b>Nama lengkap:</b> Budi Hartono", "<b>Nomor HP:</b> +6281234567890")
	send, ok := findButton(out, textSend)
	if !ok {
		d.t.Fatalf("no summary: %s", dump(out))
	}
	out = p.handle(Update{Kind: KindCallback, CallbackID: "cb-send", CallbackData: send.Data, Username: username})
	seen = append(seen, toChat(out, p.id)...)
	for _, o := range out {
		if o.ChatID == testGroup {
			card = o
		}
	}
	return seen, card
}

// decide has who press label on card, delivered as message cardMessage.
func (d *linkDesk) decide(who officerT, card Outgoing, label string) []Outgoing {
	d.t.Helper()
	b, ok := findButton([]Outgoing{card}, label)
	if !ok {
		d.t.Fatalf("no button %q on the card %s", label, dump([]Outgoing{card}))
	}
	return d.room.press(who, b.Data, cardMessage)
}

func TestLinkRequestApproved(t *testing.T) {
	d := newLinkDesk(t)
	p := d.person(301, "Budi H")
	seen, card := d.request(p, "budi_ppk", pgSatker, RolePPK)

	if strings.Contains(progressTexts(seen), pgSatkerName) {
		t.Errorf("the requester saw the satker's name before approval: %s", dump(seen))
	}
	mustContain(t, p.lastText(seen), "Permintaan Anda untuk satker <b>"+pgSatker+"</b> sebagai <b>PPK</b> diteruskan ke petugas KPPN",
		"Anda akan diberi tahu")
	if card.Kind != OutSend {
		t.Fatalf("no card to the staff group")
	}
	mustContain(t, card.Text, "Permintaan penghubungan akun", pgSatker, pgSatkerName, "Peran yang diminta: <b>PPK</b>",
		"Budi Hartono", "+62812*****890", "@budi_ppk", "301", `tg://user?id=301`)
	if strings.Contains(card.Text, "81234567890") {
		t.Errorf("the card shows the whole mobile number:\n%s", card.Text)
	}
	if got := labels(card); !slices.Equal(got, []string{textLinkBtnApprove, textLinkBtnReject}) {
		t.Errorf("card buttons = %q", got)
	}
	if len(d.tx.satkerLinks) != 0 {
		t.Fatalf("linked before approval: %+v", d.tx.satkerLinks)
	}

	out := d.decide(budi, card, textLinkBtnApprove)
	if out[0].Kind != OutAnswer || out[0].Alert || out[0].Text != textLinkApprovedToast {
		t.Errorf("answer = %+v", out[0])
	}
	if got := d.rolesOf(p.id, pgSatker); !slices.Equal(got, []string{RolePPK}) {
		t.Fatalf("roles after approval = %q", got)
	}
	l := d.tx.satkerLinks[0]
	if l.Via != ViaOfficer || l.ChatID != p.id || l.UserID != p.id || !l.LinkedAt.Equal(d.now) {
		t.Errorf("stored link = %+v", l)
	}
	var edited, told bool
	for _, o := range out[1:] {
		switch {
		case o.Kind == OutEdit && o.ChatID == testGroup && o.MessageID == cardMessage:
			edited = true
			mustContain(t, o.Text, "Disetujui oleh Budi Santoso", pgSatker, "PPK")
			if len(o.Buttons) != 0 {
				t.Errorf("the decided card keeps buttons: %q", labels(o))
			}
		case o.Kind == OutSend && o.ChatID == p.id:
			told = true
			mustContain(t, o.Text, "Akun Anda terhubung dengan satker <b>"+pgSatker+"</b> "+pgSatkerName+" sebagai <b>PPK</b>", "/progres")
		default:
			t.Errorf("unexpected message %s", dump([]Outgoing{o}))
		}
	}
	if !edited || !told {
		t.Errorf("card edited %v, requester told %v: %s", edited, told, dump(out))
	}
	// Now /progres shows the satker.
	mustContain(t, p.lastText(p.cmd("progres", "")), pgSatkerName, "Peran Anda: PPK")

	// A second (stale) press changes nothing and tells nobody.
	out = d.decide(ani, card, textLinkBtnApprove)
	mustContain(t, alertText(t, out), "sudah diputuskan", "PPK")
	if len(toChat(out, p.id)) != 0 || len(d.tx.satkerLinks) != 1 {
		t.Errorf("second press: %s; links %+v", dump(out), d.tx.satkerLinks)
	}
	// "Tolak" after the approval does not tell the requester they were turned down.
	out = d.decide(ani, card, textLinkBtnReject)
	mustContain(t, alertText(t, out), "sudah diputuskan")
	if len(toChat(out, p.id)) != 0 || len(d.tx.satkerLinks) != 1 {
		t.Errorf("reject after approval: %s", dump(out))
	}
}

func TestLinkRequestRejected(t *testing.T) {
	d := newLinkDesk(t)
	p := d.person(302, "Sari")
	_, card := d.request(p, "", pgOther, RoleAdmin)
	mustContain(t, card.Text, pgOtherName, "Peran yang diminta: <b>Admin satker</b>", "(-)")

	out := d.decide(ani, card, textLinkBtnReject)
	if out[0].Kind != OutAnswer || out[0].Text != textLinkRejectedToast {
		t.Errorf("answer = %+v", out[0])
	}
	if len(d.tx.satkerLinks) != 0 {
		t.Fatalf("rejected but linked: %+v", d.tx.satkerLinks)
	}
	if len(out) != 3 || out[1].Kind != OutEdit || out[1].MessageID != cardMessage || len(out[1].Buttons) != 0 {
		t.Fatalf("want the answer, the card edited without buttons, the note: %s", dump(out))
	}
	mustContain(t, out[1].Text, "Ditolak oleh Ani &lt;Rahma&gt;")
	note := out[2]
	if note.ChatID != p.id {
		t.Fatalf("the requester was not told: %s", dump(out))
	}
	mustContain(t, note.Text, "belum dapat disetujui", "satker <b>"+pgOther+"</b>", "admin satker", "/bantuan")
	if strings.Contains(note.Text, pgOtherName) {
		t.Errorf("the rejection shows the satker's name: %s", note.Text)
	}
}

func TestLinkRequestUnknownKode(t *testing.T) {
	tests := []struct {
		name, code, want string
	}{
		{"not in the map", "409999", textLinkReqUnknown},
		{"in the map but not mapped", "409000", textLinkReqUnknown},
		{"not a kode satker", "40987", "Kode satker harus 6 digit angka"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newLinkDesk(t)
			d.tx.addSatker(SatkerProgress{Code: "409000", Name: "SATKER LAMA"})
			d.tx.satkerMap["409000"].Mapped = false
			p := d.person(303, "Joko")
			p.pressLabel(p.cmd("progres", ""), textLinkReqButton)
			out := p.text(tt.code)
			mustContain(t, p.lastText(out), tt.want, promptLinkReqSatker)
			if p.st.Form == nil || p.st.Form.Step != 0 {
				t.Errorf("form moved on: %+v", p.st.Form)
			}
			if strings.Contains(progressTexts(out), "SATKER LAMA") {
				t.Errorf("showed the satker's name: %s", dump(out))
			}
			// A kode of the map is taken, and nothing of the satker shown.
			out = p.text(pgSatker)
			mustContain(t, p.lastText(out), promptLinkReqRole)
			if strings.Contains(progressTexts(out), pgSatkerName) {
				t.Errorf("showed the satker's name: %s", dump(out))
			}
		})
	}
}

func TestLinkRequestRefusesNonMembers(t *testing.T) {
	d := newLinkDesk(t)
	p := d.person(304, "Rudi")
	_, card := d.request(p, "rudi", pgSatker, RoleBendahara)

	mustContain(t, alertText(t, d.decide(mallo, card, textLinkBtnApprove)), textLinkNotStaff)
	mustContain(t, alertText(t, d.decide(mallo, card, textLinkBtnReject)), textLinkNotStaff)
	// A member of a group bound to another KPPN cannot decide either.
	if err := d.tx.BindGroup(context.Background(), "071", secondGroup, Actor{}); err != nil {
		t.Fatal(err)
	}
	d.room.chatID = secondGroup
	mustContain(t, alertText(t, d.decide(dedi, card, textLinkBtnApprove)), textLinkNotStaff)
	if len(d.tx.satkerLinks) != 0 {
		t.Fatalf("a non-member linked: %+v", d.tx.satkerLinks)
	}
	// A member of the group bound to the satker's KPPN may.
	if err := d.tx.BindGroup(context.Background(), "070", secondGroup, Actor{}); err != nil {
		t.Fatal(err)
	}
	d.decide(dedi, card, textLinkBtnApprove)
	if got := d.rolesOf(p.id, pgSatker); !slices.Equal(got, []string{RoleBendahara}) {
		t.Errorf("roles = %q after a member of the bound group approved", got)
	}
}

func TestLinkRequestAlreadyLinked(t *testing.T) {
	d := newLinkDesk(t)
	d.linked(305, "Ina", pgSatker, RolePemesan)
	p := d.person(305, "Ina")
	out := p.handle(Update{Kind: KindCommand, Command: "start", Args: keyLinkRequest})
	for _, step := range []func() []Outgoing{
		func() []Outgoing { return p.text(pgSatker) },
		func() []Outgoing { return p.pressLabel(out, textProgRolePemesan) },
		func() []Outgoing { return p.text("Ina Marlina") },
		func() []Outgoing { return p.text("081234567890") },
	} {
		out = step()
	}
	out = p.pressLabel(out, textSend)
	if len(toChat(out, testGroup)) != 0 {
		t.Errorf("a card for a role the chat holds: %s", dump(out))
	}
	mustContain(t, p.lastText(out), "sudah terhubung", "Pemesan")
}

func TestLinkRequestNoDesk(t *testing.T) {
	d := newLinkDesk(t, func(c *Config) { c.GroupChatID = 0 })
	p := d.person(306, "Tono")
	out := p.handle(Update{Kind: KindCommand, Command: "start", Args: keyLinkRequest})
	for _, step := range []func() []Outgoing{
		func() []Outgoing { return p.text(pgSatker) },
		func() []Outgoing { return p.pressLabel(out, textProgRolePP) },
		func() []Outgoing { return p.text("Tono Sugiarto") },
		func() []Outgoing { return p.text("081234567890") },
	} {
		out = step()
	}
	out = p.pressLabel(out, textSend)
	if got := p.lastText(out); got != textLinkReqNoDesk || len(out) != 2 {
		t.Errorf("without a staff group: %s", dump(out))
	}
}

func TestLinkDataFits(t *testing.T) {
	for _, id := range []int64{1, testUser, 8_000_000_000, math.MaxInt64} {
		for i, role := range linkRoles() {
			for _, yes := range []bool{true, false} {
				data := linkData(id, "999999", i, yes)
				if len(data) > 64 {
					t.Errorf("%q: %d bytes", data, len(data))
				}
				got, ok := parseLinkData(data)
				if want := (linkRequest{ChatID: id, Code: "999999", Role: role, Approve: yes}); !ok || got != want {
					t.Errorf("parseLinkData(%q) = %+v %v, want %+v", data, got, ok, want)
				}
			}
		}
	}
	for _, bad := range []string{"l:", "l:1:409876:0", "l:0:409876:0:y", "l:-5:409876:0:y", "l:1:40987:0:y",
		"l:1:409876:6:y", "l:1:409876:01:y", "l:1:409876:0:x", "l:1:409876:0:y:z", "k:1:409876:0:y"} {
		if r, ok := parseLinkData(bad); ok {
			t.Errorf("parseLinkData(%q) = %+v, want refused", bad, r)
		}
	}
}
