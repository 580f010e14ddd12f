package conversation

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The vendor's test driver: the satker office (the Pejabat Pengadaan, the
// vendor, others) and the staff group on one engine and one store.

const vendorNIK = "1673051508850003"

type vendorDesk struct {
	*linkDesk
	pp     *satkerMember
	vendor *satkerMember
}

func newVendorDesk(t *testing.T) *vendorDesk {
	t.Helper()
	d := newLinkDesk(t)
	return &vendorDesk{linkDesk: d, pp: d.linked(102, "Dedi PP", pgSatker, RolePP), vendor: d.person(601, "Joko <Maju>")}
}

var vendorLinkRe = regexp.MustCompile(`https://t\.me/` + pgBot + `\?start=vnd_([A-Za-z0-9_-]{22})\b`)

// inviteVendor has pp create an invitation from /vendor and returns the
// token of the link received.
func inviteVendor(t *testing.T, pp *satkerMember) string {
	t.Helper()
	out := pp.cmd("vendor", "")
	mustContain(t, pp.lastText(out), "Vendor satker "+pgSatker, "Undang vendor")
	out = pp.pressLabel(out, textVendorBtnInvite)
	for _, o := range out {
		if m := vendorLinkRe.FindStringSubmatch(o.Text); m != nil {
			return m[1]
		}
	}
	t.Fatalf("no vendor link in %s", dump(out))
	return ""
}

// vendorFile is a file update of the vendor.
func vendorFile(p *satkerMember, kind Kind, f File, album string) []Outgoing {
	return p.handle(Update{Kind: kind, File: &f, MediaGroupID: album})
}

// fillVendor answers the vendor form from its business name to the summary
// with valid answers (no NPWP, a SIUP) and returns the summary.
func fillVendor(t *testing.T, p *satkerMember, out []Outgoing) []Outgoing {
	t.Helper()
	mustContain(t, p.lastText(out), promptVendorName)
	out = p.text("CV Sinar Abadi")
	out = p.pressLabel(out, choiceVendorCompany)
	mustContain(t, p.lastText(out), promptVendorOwner)
	p.text("Sari Dewi")
	p.text(vendorNIK)
	out = p.text("tidak punya")
	out = p.pressLabel(out, licenceSIUP)
	mustContain(t, p.lastText(out), promptVendorSIUP)
	p.text("503/123/SIUP/2019")
	out = p.text("Jl. Garuda No. 7, Lubuk Linggau")
	out = p.pressLabel(out, bankOther)
	mustContain(t, p.lastText(out), promptVendorBankName)
	p.text("Bank Sumsel Babel")
	p.text("0813 1111 2222")
	out = p.text("sari@sinarabadi.co.id")
	mustContain(t, p.lastText(out), promptVendorDocKTP)
	out = vendorFile(p, KindPhoto, File{ID: "ktp-sari", Photo: true}, "")
	mustContain(t, p.lastText(out), promptVendorDocNIB) // no NPWP: no NPWP card asked
	out = vendorFile(p, KindDocument, File{ID: "siup-sari", Name: "siup.pdf", MIME: "application/pdf"}, "")
	out = p.pressLabel(out, textSkip)
	out = p.pressLabel(out, textSkip)
	mustContain(t, p.lastText(out), "Periksa kembali pendaftaran vendor")
	return out
}

func TestVendorEndToEnd(t *testing.T) {
	d := newVendorDesk(t)
	pp, vendor := d.pp, d.vendor

	token := inviteVendor(t, pp)
	inv := d.tx.vendorInvites[token]
	if inv == nil || inv.SatkerCode != pgSatker || inv.CreatedBy.ChatID != pp.id || !inv.ExpiresAt.Equal(mon10.AddDate(0, 0, 14)) {
		t.Fatalf("stored invitation = %+v", inv)
	}

	// The vendor opens the link: the notice names the satker; the PP hears of it.
	out := vendor.cmd("start", vendorInvitePrefix+token)
	mustContain(t, vendor.lastText(out), "Satker <b>"+pgSatker+"</b> "+pgSatkerName+" mengundang Anda", "Pelindungan Data Pribadi")
	if m := toChat(out, pp.id); len(m) != 1 || !strings.Contains(m[0].Text, "Joko &lt;Maju&gt; telah membuka tautan undangan vendor") {
		t.Errorf("PP not told of the opened link: %s", dump(out))
	}
	if vendor.st.Form != nil {
		t.Fatalf("form opened before consent: %+v", vendor.st.Form)
	}
	out = vendor.pressLabel(out, textNotice)
	mustContain(t, vendor.lastText(out), "Untuk satker <b>"+pgSatker+"</b>", "(1/", labelVendorName)

	out = vendor.text("Toko   Maju Jaya")
	out = vendor.pressLabel(out, choiceVendorPersonal)
	vendor.text("Joko Susilo")
	out = vendor.text(vendorNIK)
	mustContain(t, vendor.lastText(out), promptVendorNPWP)
	out = vendor.text("12.345.678")
	mustContain(t, vendor.lastText(out), "NPWP harus 15 atau 16 digit angka; Anda mengirim 8 digit.", "ketik <b>tidak punya</b>", promptVendorNPWP)
	out = vendor.text("01.234.567.8-901.000")
	out = vendor.pressLabel(out, licenceNIB)
	out = vendor.text("1234 5678 9012")
	mustContain(t, vendor.lastText(out), "NIB harus 13 digit angka; Anda mengirim 12 digit.", promptVendorNIB)
	vendor.text("1234567890123")
	out = vendor.text("Jl. Yos Sudarso No. 12, Lubuk Linggau")
	out = vendor.pressLabel(out, "BRI")
	vendor.text("0812-3456-7890")
	out = vendor.text("Joko.Maju@Gmail.com")
	mustContain(t, vendor.lastText(out), promptVendorDocKTP)
	vendorFile(vendor, KindPhoto, File{ID: "ktp-1", Photo: true, Size: 150_000}, "")
	out = vendorFile(vendor, KindPhoto, File{ID: "npwp-1", Photo: true}, "")
	mustContain(t, vendor.lastText(out), promptVendorDocNIB)
	out = vendorFile(vendor, KindDocument, File{ID: "nib-1", Name: "nib-1.pdf", MIME: "application/pdf"}, "alb-nib")
	mustContain(t, vendor.lastText(out), promptVendorDocTDP, "NIB sudah berlaku sebagai TDP")
	if got := vendorFile(vendor, KindDocument, File{ID: "nib-2", Name: "nib-2.pdf", MIME: "application/pdf"}, "alb-nib"); len(got) != 0 {
		t.Errorf("second album page answered: %s", dump(got))
	}
	out = vendor.pressLabel(out, textSkip)
	mustContain(t, vendor.lastText(out), "SKKPP / surat keterangan status pajak", "<b>opsional</b>")
	out = vendor.pressLabel(out, textSkip)
	mustContain(t, vendor.lastText(out), "Periksa kembali pendaftaran vendor", "Toko Maju Jaya", "0012345678901000",
		"1234567890123", "+6281234567890", "joko.maju@gmail.com", "2 berkas (album)")
	if len(d.tx.vendors) != 0 {
		t.Fatalf("stored before Kirim: %v", d.tx.vendors)
	}

	out = vendor.pressLabel(out, textSend)
	v := d.storedVendor(71)
	if v.Number != "VND-000071" || v.SatkerCode != pgSatker || v.SatkerName != pgSatkerName || v.ChatID != vendor.id ||
		v.BusinessName != "Toko Maju Jaya" || v.Form != VendorPersonal || v.OwnerName != "Joko Susilo" || v.OwnerNIK != vendorNIK ||
		v.NPWP != "0012345678901000" || v.LicenceKind != "NIB" || v.Licence != "1234567890123" || v.Bank != "BRI" ||
		v.Mobile != "+6281234567890" || v.Email != "joko.maju@gmail.com" || v.Status != VendorSubmitted || !v.SubmittedAt.Equal(mon10) {
		t.Errorf("stored vendor = %+v", v)
	}
	if ids := docIDs(v.Documents); !slices.Equal(ids, []string{"kartu_npwp:npwp-1", "ktp_pemilik:ktp-1", "nib_siup:nib-1", "nib_siup:nib-2"}) {
		t.Errorf("documents = %v", ids)
	}
	mustContain(t, vendor.lastText(out), "Nomor pendaftaran: <b>VND-000071</b>", pgSatkerName, "/status")
	card := vendorCard(t, out, pp.id)
	mustContain(t, card.Text, "Pendaftaran vendor VND-000071", "melalui tautan undangan", "Toko Maju Jaya", "1673********0003",
		"0012345678901000", "NIB: 1234567890123", "Bank: BRI", "+6281234567890", "KTP pemilik (1 berkas)", "Dokumen NIB/SIUP (2 berkas)")
	if got := labels(card); !slices.Equal(got, []string{textVendorBtnEntered, textVendorBtnFix}) {
		t.Errorf("card buttons = %q", got)
	}
	if kinds := outKinds(toChat(out, pp.id)); !slices.Equal(kinds, []OutKind{OutSend, OutPhoto, OutPhoto, OutMediaGroup}) {
		t.Errorf("package = %v: %s", kinds, dump(out))
	}
	notices := toChat(out, testGroup)
	if len(notices) != 1 || notices[0].Text != "🏪 VND-000071 · Toko Maju Jaya · satker "+pgSatker+" · diajukan" {
		t.Errorf("group notice = %s", dump(notices))
	}
	if strings.Contains(progressTexts(toChat(out, pp.id))+progressTexts(toChat(out, testGroup)), vendorNIK) {
		t.Errorf("the full NIK left the vendor's chat: %s", dump(out))
	}

	// The vendor, or another satker's Pejabat Pengadaan, presses the PP's
	// buttons: refused, nothing changes.
	otherPP := d.linked(104, "PP Lain", pgOther, RolePP)
	for _, p := range []*satkerMember{vendor, otherPP} {
		for _, label := range []string{textVendorBtnEntered, textVendorBtnFix} {
			b, _ := findButton([]Outgoing{card}, label)
			got := p.press(b.Data)
			if a := got[0]; len(got) != 1 || !a.Alert || !strings.Contains(a.Text, "Hanya Pejabat Pengadaan") {
				t.Errorf("%s pressing %q: %s", p.name, label, dump(got))
			}
		}
	}
	if d.storedVendor(71).Status != VendorSubmitted || vendor.st.Form != nil || otherPP.st.Form != nil {
		t.Fatalf("a refused press changed something")
	}

	// "Perlu perbaikan": the PP writes the reason; the vendor is told.
	out = pp.pressLabel([]Outgoing{card}, textVendorBtnFix)
	mustContain(t, pp.lastText(out), "<b>Perbaikan VND-000071</b> · Toko Maju Jaya", promptVendorFixReason)
	out = pp.text("Foto KTP buram; mohon kirim ulang.")
	out = pp.pressLabel(out, textSend)
	if v := d.storedVendor(71); v.Status != VendorFix || v.FixReason != "Foto KTP buram; mohon kirim ulang." || v.DecidedBy != pp.id {
		t.Fatalf("after the reason: %+v", v)
	}
	mustContain(t, pp.lastText(out), "Catatan perbaikan <b>VND-000071</b> sudah dikirim")
	mustContain(t, vendor.lastText(out), "VND-000071 perlu diperbaiki", "Foto KTP buram; mohon kirim ulang.")

	// The vendor fixes the KTP only; everything else is kept.
	out = vendor.pressLabel(out, textReviewNotifyFix)
	mustContain(t, vendor.lastText(out), "Perbaikan pendaftaran vendor VND-000071", "Foto KTP buram", "Periksa kembali", "Toko Maju Jaya")
	out = vendor.pressLabel(out, "Ubah "+labelVendorDocKTP)
	out = vendorFile(vendor, KindPhoto, File{ID: "ktp-2", Photo: true}, "")
	out = vendor.pressLabel(out, textSend)
	v = d.storedVendor(71)
	if v.Status != VendorSubmitted || v.Number != "VND-000071" || len(d.tx.vendors) != 1 || v.Documents[VendorDocKTP][0].ID != "ktp-2" ||
		len(v.Documents[VendorDocNIB]) != 2 || v.Email != "joko.maju@gmail.com" {
		t.Fatalf("corrected vendor = %+v", v)
	}
	mustContain(t, vendor.lastText(out), "Perbaikan pendaftaran vendor <b>VND-000071</b> sudah kami terima")
	card = vendorCard(t, out, pp.id)
	mustContain(t, card.Text, "<b>PERBAIKAN</b>", "Foto KTP buram")

	// "Sudah saya input di Digipay": the vendor is told and gets its checklist.
	out = pp.pressLabel([]Outgoing{card}, textVendorBtnEntered)
	if out[0].Kind != OutAnswer || !strings.Contains(out[0].Text, "VND-000071 tercatat sudah diinput") {
		t.Errorf("toast = %+v", out[0])
	}
	if v := d.storedVendor(71); v.Status != VendorEntered || d.tx.vendorCounts[pgSatker] != 1 {
		t.Fatalf("after input: %+v, count %d", v, d.tx.vendorCounts[pgSatker])
	}
	if edits := kindOf(toChat(out, pp.id), OutEdit); len(edits) != 1 || len(edits[0].Buttons) != 0 ||
		!strings.Contains(edits[0].Text, "sudah diinput di Digipay oleh Dedi PP") {
		t.Errorf("card edit = %s", dump(out))
	}
	toVendor := toChat(out, vendor.id)
	if len(toVendor) != 2 {
		t.Fatalf("vendor got %s", dump(toVendor))
	}
	mustContain(t, toVendor[0].Text, "sudah diinput di Digipay", "joko.maju@gmail.com", "folder spam")
	mustContain(t, toVendor[1].Text, "Langkah Admin Vendor di Digipay", "Perbarui profil", "staf dan kurir", "<b>foto</b>", "<b>harga</b>", "0 dari 4")
	if n := toChat(out, testGroup); len(n) != 1 || !strings.HasSuffix(n[0].Text, "· diinput") {
		t.Errorf("group notice = %s", dump(n))
	}

	// A second press says who decided.
	out = pp.pressLabel([]Outgoing{card}, textVendorBtnEntered)
	if !out[0].Alert || !strings.Contains(out[0].Text, "sudah diproses oleh Dedi PP: diinput") {
		t.Errorf("second press: %s", dump(out))
	}
	if d.tx.vendorCounts[pgSatker] != 1 {
		t.Errorf("count raised twice")
	}

	// The vendor ticks its profile; the PP's /progres shows it.
	out = vendor.pressLabel(toVendor, "⬜ "+textVendorStepProfile+": tandai selesai")
	if _, ok := d.storedVendor(71).Steps[VendorStepProfile]; !ok {
		t.Fatalf("step not ticked: %+v", d.storedVendor(71).Steps)
	}
	if e := kindOf(out, OutEdit); len(e) != 1 || !strings.Contains(e[0].Text, "1 dari 4") || !slices.Contains(labels(e[0]), "✅ "+textVendorStepProfile) {
		t.Errorf("checklist edit = %s", dump(out))
	}
	out = pp.cmd("progres", "")
	mustContain(t, pp.lastText(out), "VND-000071 Toko Maju Jaya: diinput, langkah vendor 1/4")
	out = vendor.cmd("status", "")
	mustContain(t, vendor.lastText(out), "<b>VND-000071</b> · Toko Maju Jaya · satker "+pgSatker, "sudah diinput di Digipay")
	out = vendor.cmd("vendor", "")
	mustContain(t, vendor.lastText(out), "Langkah Admin Vendor", "1 dari 4")

	// Stuck: "Butuh bantuan" opens a help ticket.
	vendor.pressLabel(out, textVendorBtnHelp)
	if vendor.st.Form == nil || vendor.st.Form.Flow != keyTicket {
		t.Errorf("help did not open a ticket: %+v", vendor.st.Form)
	}
}

// storedVendor is the fake's record of vendor id.
func (d *vendorDesk) storedVendor(id int64) Vendor {
	d.t.Helper()
	v, ok := d.tx.vendors[id]
	if !ok {
		d.t.Fatalf("vendor %d not stored (have %v)", id, d.tx.vendors)
	}
	return *v
}

// vendorCard is the package card sent to chat id in out.
func vendorCard(t *testing.T, out []Outgoing, id int64) Outgoing {
	t.Helper()
	for _, o := range toChat(out, id) {
		if o.Kind == OutSend && strings.Contains(o.Text, "Pendaftaran vendor VND-") {
			return o
		}
	}
	t.Fatalf("no package card to %d in %s", id, dump(out))
	return Outgoing{}
}

func docIDs(docs map[string][]File) []string {
	var ids []string
	for kind, files := range docs {
		for _, f := range files {
			ids = append(ids, kind+":"+f.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

func outKinds(out []Outgoing) []OutKind {
	var k []OutKind
	for _, o := range out {
		k = append(k, o.Kind)
	}
	return k
}

func kindOf(out []Outgoing, kind OutKind) []Outgoing {
	var m []Outgoing
	for _, o := range out {
		if o.Kind == kind {
			m = append(m, o)
		}
	}
	return m
}
