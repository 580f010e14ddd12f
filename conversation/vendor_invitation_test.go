package conversation

import (
	"slices"
	"strings"
	"testing"
)

func TestVendorInvitationUsedOrExpired(t *testing.T) {
	d := newVendorDesk(t)
	token := inviteVendor(t, d.pp)

	out := d.vendor.cmd("start", vendorInvitePrefix+token)
	mustContain(t, d.vendor.lastText(out), "mengundang Anda")

	// Someone else opens the same link: refused, shown nothing of the first.
	other := d.person(602, "Usaha Lain")
	out = other.cmd("start", vendorInvitePrefix+token)
	if got := other.lastText(out); got != textVendorInviteUsed {
		t.Errorf("used link: %q", got)
	}
	if len(toChat(out, d.pp.id)) != 0 || other.st.Form != nil {
		t.Errorf("used link told the PP or opened a form: %s", dump(out))
	}
	// It may still register on its own.
	out = other.pressLabel(out, textVendorBtnSelf)
	mustContain(t, other.lastText(out), "Pendaftaran Vendor Digipay", "Setuju")

	late := inviteVendor(t, d.pp)
	d.now = mon10.Add(vendorInvitationTTL)
	out = other.cmd("start", vendorInvitePrefix+late)
	if got := other.lastText(out); got != textVendorInviteExpired || !strings.Contains(got, "14 hari") {
		t.Errorf("expired link: %q", got)
	}
	if strings.Contains(progressTexts(out), pgSatkerName) {
		t.Errorf("an expired link showed the satker: %s", dump(out))
	}

	for _, payload := range []string{"vnd_AAAAAAAAAAAAAAAAAAAAAA", "vnd_", "vnd_<b>", "vnd_" + strings.Repeat("x", 90)} {
		out = other.cmd("start", payload)
		if got := other.lastText(out); got != textVendorInviteNotFound {
			t.Errorf("%.12s: %q", payload, got)
		}
	}
}

func TestVendorInvitationOnlyByThePPOrAdmin(t *testing.T) {
	d := newVendorDesk(t)
	admin := d.linked(101, "Rina Admin", pgSatker, RoleAdmin)
	ppk := d.linked(103, "Budi PPK", pgSatker, RolePPK)
	otherPP := d.linked(104, "PP Lain", pgOther, RolePP)

	// The admin may invite too.
	if tok := inviteVendor(t, admin); d.tx.vendorInvites[tok].CreatedBy.ChatID != admin.id {
		t.Errorf("admin's invitation = %+v", d.tx.vendorInvites[tok])
	}
	out := ppk.cmd("vendor", "")
	if got := ppk.lastText(out); got != textVendorPPOnly {
		t.Errorf("/vendor by the PPK: %q", got)
	}
	for _, p := range []*satkerMember{ppk, otherPP, d.vendor} {
		out = p.press(vendorData(vndInvite, pgSatker))
		if got := p.lastText(out); got != textVendorInvitePPOnly {
			t.Errorf("forged invite press by %s: %q", p.name, got)
		}
	}
	if len(d.tx.vendorInvites) != 1 {
		t.Errorf("invitations = %d, want 1", len(d.tx.vendorInvites))
	}

	// Without the bot's username no link can be made.
	d.e.cfg.BotUsername = ""
	out = d.pp.press(vendorData(vndInvite, pgSatker))
	if got := d.pp.lastText(out); got != textInviteUnavailable {
		t.Errorf("without a username: %q", got)
	}
}

func TestVendorSelfStartedNamesItsSatker(t *testing.T) {
	d := newVendorDesk(t)
	v := d.vendor

	out := v.cmd("vendor", "")
	mustContain(t, v.lastText(out), "Pendaftaran Vendor Digipay", "Pelindungan Data Pribadi")
	out = v.pressLabel(out, textNotice)
	mustContain(t, v.lastText(out), promptVendorSatker)
	out = v.text("999999")
	mustContain(t, v.lastText(out), "Kode satker 999999 tidak ada dalam daftar satker", promptVendorSatker)
	out = v.text("409 876")
	mustContain(t, v.lastText(out), "Satker 409876: "+pgSatkerName+".", promptVendorName)
	out = fillVendor(t, v, out)
	mustContain(t, v.lastText(out), "<b>Satker pengundang:</b> 409876 ("+pgSatkerName+")")
	out = v.pressLabel(out, textSend)

	stored := d.storedVendor(71)
	if stored.SatkerCode != pgSatker || stored.NPWP != "" || stored.LicenceKind != licenceSIUP || stored.Licence != "503/123/SIUP/2019" ||
		stored.Bank != "Bank Sumsel Babel" || stored.Form != VendorCompany || len(stored.Documents[VendorDocNPWP]) != 0 {
		t.Errorf("stored = %+v", stored)
	}
	card := vendorCard(t, out, d.pp.id)
	mustContain(t, card.Text, "mendaftar sendiri dan menyebut satker Anda", "NPWP: tidak punya", "SIUP: 503/123/SIUP/2019")
	if len(labels(card)) != 2 {
		t.Errorf("no decision buttons: %q", labels(card))
	}
	if strings.Contains(v.lastText(out), "belum memiliki Pejabat Pengadaan") {
		t.Errorf("receipt says nobody is linked: %s", v.lastText(out))
	}
}

func TestVendorForASatkerWithoutPP(t *testing.T) {
	d := newVendorDesk(t)
	admin := d.linked(301, "Admin Lain", pgOther, RoleAdmin)
	v := d.vendor

	// pgOther has no Pejabat Pengadaan: its admin decides.
	out := v.pressLabel(v.cmd("vendor", ""), textNotice)
	out = fillVendor(t, v, v.text(pgOther))
	out = v.pressLabel(out, textSend)
	if len(toChat(out, admin.id)) == 0 || len(toChat(out, d.pp.id)) != 0 {
		t.Errorf("package not to the admin alone: %s", dump(out))
	}

	// A satker nobody is linked to: the vendor and the KPPN are told.
	d.tx.satkerLinks = nil
	v2 := d.person(603, "Usaha Baru")
	out = v2.pressLabel(v2.cmd("vendor", ""), textNotice)
	out = fillVendor(t, v2, v2.text(pgOther))
	out = v2.pressLabel(out, textSend)
	mustContain(t, v2.lastText(out), "Nomor pendaftaran: <b>VND-000072</b>", "belum memiliki Pejabat Pengadaan", "menghubungi KPPN")
	notice := toChat(out, testGroup)
	if len(notice) != 1 || !strings.Contains(notice[0].Text, "VND-000072") || !strings.Contains(notice[0].Text, "mohon hubungi satker") {
		t.Errorf("KPPN not told: %s", dump(out))
	}
	if n := len(out) - len(toChat(out, v2.id)) - len(notice); n != 0 {
		t.Errorf("%d messages to someone else: %s", n, dump(out))
	}
}

func TestVendorLicenceChangeAsksTheDocumentAgain(t *testing.T) {
	d := newVendorDesk(t)
	v := d.vendor
	out := fillVendor(t, v, v.pressLabel(d.vendor.cmd("start", vendorInvitePrefix+inviteVendor(t, d.pp)), textNotice))
	out = v.pressLabel(out, "Ubah "+labelVendorLicence)
	out = v.pressLabel(out, licenceNIB)
	mustContain(t, v.lastText(out), promptVendorNIB)
	out = v.text("1234567890123")
	mustContain(t, v.lastText(out), "Jenis izin usaha Anda sekarang NIB", promptVendorDocNIB)
	out = vendorFile(v, KindDocument, File{ID: "nib-sari", Name: "nib.pdf", MIME: "application/pdf"}, "")
	mustContain(t, v.lastText(out), "Periksa kembali", "<b>NIB:</b> 1234567890123")
	if strings.Contains(v.lastText(out), "Nomor SIUP") {
		t.Errorf("the SIUP number is still shown: %s", v.lastText(out))
	}
	v.pressLabel(out, textSend)
	if s := d.storedVendor(71); s.LicenceKind != licenceNIB || s.Licence != "1234567890123" || s.Documents[VendorDocNIB][0].ID != "nib-sari" {
		t.Errorf("stored = %+v", s)
	}
}

func TestVendorPackageForStaffOnly(t *testing.T) {
	d := newVendorDesk(t)
	v := d.vendor
	out := fillVendor(t, v, v.pressLabel(v.cmd("start", vendorInvitePrefix+inviteVendor(t, d.pp)), textNotice))
	out = v.pressLabel(out, textSend)
	notice := toChat(out, testGroup)
	if len(notice) != 1 || notice[0].Text != "🏪 VND-000071 · CV Sinar Abadi · satker "+pgSatker+" · diajukan" {
		t.Fatalf("notice = %s", dump(notice))
	}
	open, ok := findButton(notice, textVendorBtnOpen)
	if !ok {
		t.Fatalf("no %q on the notice", textVendorBtnOpen)
	}

	got := d.room.press(mallo, open.Data, 77)
	if len(got) != 1 || !got[0].Alert || got[0].Text != textVendorNotStaff {
		t.Errorf("outsider: %s", dump(got))
	}
	got = d.room.must(d.room.handle(budi, Update{Kind: KindCallback, CallbackID: "cb-open", CallbackData: open.Data, MessageID: 90, ThreadID: 7}))
	if got[0].Kind != OutAnswer || len(got) != 4 {
		t.Fatalf("staff open: %s", dump(got))
	}
	card := got[1]
	mustContain(t, card.Text, "Pendaftaran vendor VND-000071", "1673********0003", "sari@sinarabadi.co.id")
	if strings.Contains(progressTexts(got), vendorNIK) || len(card.Buttons) != 0 || card.ChatID != testGroup || card.ThreadID != 7 {
		t.Errorf("staff package = %s", dump(got))
	}
	if got[2].Kind != OutDocument && got[2].Kind != OutPhoto || got[2].ThreadID != 7 {
		t.Errorf("documents = %s", dump(got[2:]))
	}
	if want := [][2]int64{{71, budi.id}}; !slices.Equal(d.tx.vendorOpened, want) {
		t.Errorf("openings audited %v, want only budi's %v", d.tx.vendorOpened, want)
	}

	// The Pejabat Pengadaan's decision buttons mean nothing in the group.
	got = d.room.press(budi, vendorData(vndEntered, 71), 78)
	if len(got) != 1 || got[0].Text != textStale || d.storedVendor(71).Status != VendorSubmitted {
		t.Errorf("decision in the group: %s", dump(got))
	}
}

func TestVendorCallbackDataFits(t *testing.T) {
	const maxID = int64(1<<63 - 1)
	for _, data := range []string{
		vendorData(vndTick, maxID, VendorStepProducts), vendorData(vndCorrect, maxID), vendorData(vndInvite, "409876"),
		vendorData(vndNew, ""), vendorData(vndHelp, maxID),
	} {
		if len(data) > 64 {
			t.Errorf("%q: %d bytes", data, len(data))
		}
		if _, _, _, ok := parseVendorData(data); !ok {
			t.Errorf("%q does not parse", data)
		}
	}
}

func TestValidateVendorNPWP(t *testing.T) {
	for _, tc := range []struct{ in, want, problem string }{
		{"tidak punya", vendorNoNPWP, ""},
		{"Belum ada NPWP.", vendorNoNPWP, ""},
		{"-", vendorNoNPWP, ""},
		{"00.000.000.0-000.000", vendorNoNPWP, ""},
		{"01.234.567.8-901.000", "0012345678901000", ""},
		{"3201 2345 6789 0001", "3201234567890001", ""},
		{"12.345.678", "", "Anda mengirim 8 digit"},
		{"punya dong", "", "tidak punya"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, problem := validateVendorNPWP(tc.in)
			if got != tc.want || tc.problem == "" && problem != "" || tc.problem != "" && !strings.Contains(problem, tc.problem) {
				t.Errorf("= %q, %q", got, problem)
			}
		})
	}
}
