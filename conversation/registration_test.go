package conversation

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

// fakeForms is the FormRenderer of the tests: it records what it rendered.
type fakeForms struct{ got []Registration }

func (f *fakeForms) RegistrationForm(r Registration) ([]byte, error) {
	f.got = append(f.got, r)
	return []byte("%PDF-1.7 " + r.Number + " " + r.AdminNIK), nil
}

const (
	goodNIP    = "199001012015032001" // born 1 Jan 1990, woman
	goodNIK    = "1673014101900001"   // born 1 Jan 1990, woman (day + 40)
	kpaNIP     = "197005051995031002"
	knownCode  = "409876"
	knownName  = "KANTOR KEMENTERIAN AGAMA KOTA LUBUKLINGGAU"
	otherNIP   = "199102022015031001" // born 2 Feb 1991, man
	otherNIK   = "1673010202910002"   // born 2 Feb 1991, man
	dueTuesday = "Selasa, 3 Maret 2026 pukul 16.00 WIB"
)

func newRegChat(t *testing.T) (*chat, *fakeForms) {
	t.Helper()
	c := newChat(t)
	ff := &fakeForms{}
	c.e = NewEngine(Config{GroupChatID: testGroup, KPPNCode: "070", Forms: ff, Now: func() time.Time { return c.now }})
	c.tx.satkers = map[string]string{knownCode: knownName}
	return c, ff
}

func regPhoto(id string, size int64) File {
	return File{ID: id, UniqueID: "u" + id, Photo: true, Size: size}
}

func regPDF(id string) File {
	return File{ID: id, UniqueID: "u" + id, Name: id + ".pdf", MIME: "application/pdf", Size: 300 << 10}
}

// startRegistration opens the form through the purpose notice.
func startRegistration(t *testing.T, c *chat) []Outgoing {
	t.Helper()
	notice := only(t, c.cmd("daftar", ""))
	mustContain(t, notice.Text, "NIK", "KTP", "UU Nomor 27 Tahun 2022", "petugas KPPN")
	if got := labels(notice); !slices.Equal(got, []string{"Setuju", "Batal"}) {
		t.Fatalf("notice buttons = %v", got)
	}
	if c.st.Form != nil || len(c.tx.regs) != 0 {
		t.Fatalf("something kept before Setuju: form %+v, regs %v", c.st.Form, c.tx.regs)
	}
	return c.pressLabel([]Outgoing{notice}, "Setuju")
}

// answerData answers the twelve data questions of a known satker, checking
// each question is the one expected.
func answerData(t *testing.T, c *chat) {
	t.Helper()
	for _, step := range []struct{ ask, answer string }{
		{"Kode satker", knownCode},
		{"Nama admin", "Rina Oktaviani, S.E."},
		{"NIP admin", goodNIP},
		{"NIK admin", goodNIK},
		{"Jabatan admin", "Pengelola Keuangan"},
		{"Nomor HP admin", "0812 3456 7890"},
		{"Email admin", "Rina.Oktaviani@kemenag.go.id"},
		{"Nomor SK", "KEP-12/KK.06.10/1/KU.01/2026"},
		{"Tanggal SK", "5-2-2026"},
		{"Nama KPA", "Drs. H. Ahmad Fauzi, M.Si."},
		{"NIP KPA", kpaNIP},
	} {
		if c.st.Form == nil {
			t.Fatalf("no form before %s", step.ask)
		}
		fl := c.e.flows[keyRegistration]
		if got := fl.Fields[c.st.Form.Step].Label; got != step.ask {
			t.Fatalf("asked %q, want %q", got, step.ask)
		}
		c.text(step.answer)
	}
}

func TestRegistrationWholeForm(t *testing.T) {
	c, ff := newRegChat(t)
	first := startRegistration(t, c)
	mustContain(t, sends(first)[0].Text, "Pendaftaran Admin Satker", "Kode satker")

	// Bad answers are re-asked with the precise reason.
	mustContain(t, only(t, c.text("40987")).Text, "Kode satker harus 6 digit angka; Anda mengirim 5 digit.")
	mustContain(t, only(t, c.text(knownCode)).Text, "Satker 409876: "+knownName, "(2/14) Nama admin")
	c.text("Rina Oktaviani, S.E.")
	mustContain(t, only(t, c.text("19900101201503200")).Text, "NIP harus 18 digit angka; Anda mengirim 17 digit.", "NIP admin")
	c.text(goodNIP)
	mustContain(t, only(t, c.text("1673014102900001")).Text,
		"Tanggal lahir pada NIK (01-02-90) tidak sama dengan tanggal lahir pada NIP (01-01-1990).", "NIK admin")
	mustContain(t, only(t, c.text("1673010101900001")).Text, "Jenis kelamin pada NIK (laki-laki) tidak sama")
	c.text(goodNIK)
	c.text("Pengelola Keuangan")
	mustContain(t, only(t, c.text("0712345")).Text, "Nomor HP harus diawali 08")
	c.text("0812 3456 7890")
	c.text("Rina.Oktaviani@kemenag.go.id")
	c.text("KEP-12/KK.06.10/1/KU.01/2026")
	mustContain(t, only(t, c.text("2026-02-05")).Text, "format dd-mm-yyyy")
	mustContain(t, only(t, c.text("30-02-2026")).Text, "bukan tanggal yang valid")
	mustContain(t, only(t, c.text("03-03-2026")).Text, "tidak boleh setelah hari ini (02-03-2026)")
	c.text("5/2/2026")
	c.text("Drs. H. Ahmad Fauzi, M.Si.")
	mustContain(t, only(t, c.text(goodNIP)).Text, "NIP KPA sama dengan NIP admin")
	mustContain(t, only(t, c.text(kpaNIP)).Text, "SK Penunjukan")

	// Documents: an album for the SK, then the KTP.
	mustContain(t, only(t, c.file(KindPhoto, regPhoto("sk1", 900<<10), "alb")).Text, "KTP admin")
	if out := c.file(KindPhoto, regPhoto("sk2", 900<<10), "alb"); len(out) != 0 {
		t.Fatalf("album page answered: %s", dump(out))
	}
	c.file(KindPhoto, regPhoto("sk3", 900<<10), "alb")
	mustContain(t, only(t, c.handle(Update{Kind: KindSticker})).Text, "bukan stiker", "KTP admin")
	big := regPDF("ktpbig")
	big.Size = 21 << 20
	mustContain(t, only(t, c.file(KindDocument, big, "")).Text, "Berkas terlalu besar (21,0 MB)", "20 MB")
	if len(c.tx.regs) != 0 {
		t.Fatalf("number reserved before the signed form was due: %v", c.tx.regs)
	}

	// The KTP given, the pre-filled form comes before the question.
	out := c.file(KindPhoto, regPhoto("ktp", 500<<10), "")
	if len(out) != 2 || out[0].Kind != OutDocument || out[0].Upload == nil {
		t.Fatalf("want the pre-filled form then the question: %s", dump(out))
	}
	if got, want := out[0].Upload.Name, "Form-Registrasi-Admin-Digipay-REG-000123.pdf"; got != want {
		t.Errorf("file name %q, want %q", got, want)
	}
	mustContain(t, out[0].Text, "REG-000123", "tanda tangan KPA")
	mustContain(t, out[1].Text, "Formulir bertanda tangan")
	if len(ff.got) != 1 {
		t.Fatalf("rendered %d forms", len(ff.got))
	}
	if r := ff.got[0]; r.Number != "REG-000123" || r.AdminNIK != goodNIK || r.SatkerName != knownName ||
		r.AdminMobile != "+6281234567890" || r.AdminEmail != "rina.oktaviani@kemenag.go.id" ||
		!r.DecreeDate.Equal(time.Date(2026, 2, 5, 0, 0, 0, 0, wib())) || !r.UpdatedAt.Equal(t0) {
		t.Errorf("rendered %+v", r)
	}
	if c.st.Form.Data[regDataNumber] != "REG-000123" {
		t.Errorf("reserved number not kept: %v", c.st.Form.Data)
	}

	// A sticker or a re-ask does not render the form again.
	c.handle(Update{Kind: KindSticker})
	sum := only(t, c.file(KindDocument, regPDF("signed"), ""))
	if len(ff.got) != 1 {
		t.Errorf("form rendered %d times", len(ff.got))
	}
	mustContain(t, sum.Text, "Periksa kembali pendaftaran Anda", "Kode satker:</b> 409876 ("+knownName+")",
		"NIK admin:</b> "+goodNIK, "Nomor HP admin:</b> +6281234567890", "Tanggal SK:</b> 05-02-2026",
		"SK Penunjukan:</b> 3 berkas (album)", "KTP admin:</b> 1 berkas")
	if strings.Contains(sum.Text, "Nama satker") {
		t.Errorf("summary shows the satker name field of a mapped satker:\n%s", sum.Text)
	}
	for _, want := range []string{"Ubah NIK admin", "Ubah SK Penunjukan", "Ubah Formulir bertanda tangan", "Kirim"} {
		if _, ok := findButton([]Outgoing{sum}, want); !ok {
			t.Errorf("no button %q", want)
		}
	}

	out = c.pressLabel([]Outgoing{sum}, "Kirim")
	stored := c.tx.submitted()
	if len(stored) != 1 {
		t.Fatalf("stored %d registrations", len(stored))
	}
	r := stored[0]
	if r.ID != 123 || r.Number != "REG-000123" || r.Status != RegSubmitted || r.ChatID != testUser || r.UserID != testUser ||
		r.SatkerCode != knownCode || r.SatkerName != knownName || !r.SatkerKnown || r.AdminNIP != goodNIP || r.KPANIP != kpaNIP ||
		r.DecreeNumber != "KEP-12/KK.06.10/1/KU.01/2026" || !r.SubmittedAt.Equal(t0) {
		t.Errorf("stored %+v", r)
	}
	if got := len(r.Documents[DocDecree]); got != 3 || len(r.Documents[DocKTP]) != 1 || r.Documents[DocForm][0].ID != "signed" {
		t.Errorf("documents %+v", r.Documents)
	}
	// Monday 16.00 WIB is after hours: the day counted is Tuesday.
	if want := time.Date(2026, 3, 3, 16, 0, 0, 0, wib()); !r.Deadline.Equal(want) {
		t.Errorf("deadline %v, want %v", r.Deadline, want)
	}
	receipt := sends(out)[0]
	if receipt.ChatID != testUser {
		t.Fatalf("receipt to %d", receipt.ChatID)
	}
	mustContain(t, receipt.Text, "REG-000123", dueTuesday, "/status", knownName)
	toGroup := 0
	for _, o := range out {
		if o.ChatID == testGroup {
			toGroup++
		}
	}
	if toGroup == 0 {
		t.Errorf("nothing to the staff group: %s", dump(out))
	}
	if c.st.Form != nil {
		t.Errorf("form kept after Kirim")
	}
}

func TestRegistrationUnknownSatkerAsksTheName(t *testing.T) {
	c, _ := newRegChat(t)
	startRegistration(t, c)
	mustContain(t, only(t, c.text("123456")).Text, "(2/15) Nama satker", "belum ada dalam daftar satker")
	mustContain(t, only(t, c.text("Satker Baru <Uji>")).Text, "(3/15) Nama admin")
	finishForm(t, c, 1)
	out := c.pressLabel(c.lastOut, "Kirim")
	r := c.tx.submitted()[0]
	if r.SatkerKnown || r.SatkerName != "Satker Baru <Uji>" {
		t.Errorf("stored satker %q known=%v", r.SatkerName, r.SatkerKnown)
	}
	mustContain(t, sends(out)[0].Text, "Satker Baru &lt;Uji&gt;", "Kode satker 123456 belum ada dalam daftar satker KPPN")
}

// finishForm answers from "Nama admin" to the signed form, after the satker
// questions; the summary is left in c.lastOut.
func finishForm(t *testing.T, c *chat, skip int) {
	t.Helper()
	answers := []string{"Rina Oktaviani, S.E.", goodNIP, goodNIK, "Pengelola Keuangan", "081234567890",
		"rina@kemenag.go.id", "KEP-12/2026", "05-02-2026", "Ahmad Fauzi", kpaNIP}
	for _, a := range answers[skip-1:] {
		c.text(a)
	}
	c.file(KindDocument, regPDF("sk"), "")
	c.file(KindPhoto, regPhoto("ktp", 1000), "")
	c.lastOut = c.file(KindDocument, regPDF("signed"), "")
	mustContain(t, only(t, c.lastOut).Text, "Periksa kembali pendaftaran Anda")
}

func TestRegistrationEditInvalidatesNIKAndSignedForm(t *testing.T) {
	c, ff := newRegChat(t)
	startRegistration(t, c)
	c.text(knownCode)
	finishForm(t, c, 1)

	c.pressLabel(c.lastOut, "Ubah NIP admin")
	// The new NIP no longer agrees with the NIK: the NIK is asked again.
	mustContain(t, only(t, c.text(otherNIP)).Text, "NIK admin tidak sesuai dengan NIP admin yang baru", "NIK admin")
	// Then the form printed with the old data is void: a new one, and the question again.
	out := c.text(otherNIK)
	if len(out) != 2 || out[0].Kind != OutDocument || len(ff.got) != 2 || ff.got[1].AdminNIP != otherNIP {
		t.Fatalf("want a new pre-filled form: %s", dump(out))
	}
	mustContain(t, out[1].Text, "Data yang tercetak pada formulir berubah", "Formulir bertanda tangan")
	if ff.got[1].Number != ff.got[0].Number {
		t.Errorf("number changed: %s → %s", ff.got[0].Number, ff.got[1].Number)
	}
	sum := only(t, c.file(KindDocument, regPDF("signed2"), ""))
	mustContain(t, sum.Text, "NIP admin:</b> "+otherNIP, "NIK admin:</b> "+otherNIK)

	// Editing a field the form does not print keeps the signed form.
	c.pressLabel([]Outgoing{sum}, "Ubah KTP admin")
	mustContain(t, only(t, c.file(KindPhoto, regPhoto("ktp2", 1000), "")).Text, "Periksa kembali")
	c.press(formData(c.st.Form, actSend))
	r := c.tx.submitted()[0]
	if r.AdminNIK != otherNIK || r.Documents[DocForm][0].ID != "signed2" || r.Documents[DocKTP][0].ID != "ktp2" || len(c.tx.regs) != 1 {
		t.Errorf("stored %+v (%d reserved)", r, len(c.tx.regs))
	}
}

func TestRegistrationNoticeAndResume(t *testing.T) {
	c, _ := newRegChat(t)
	notice := only(t, c.press(dataMenu + keyRegistration)[1:])
	out := c.pressLabel([]Outgoing{notice}, "Batal")
	mustContain(t, sends(out)[0].Text, "Silakan pilih layanan")
	if c.st.Form != nil {
		t.Fatalf("form after Batal")
	}
	// A deep link shows the notice too.
	mustContain(t, only(t, c.cmd("start", "registrasi")).Text, "UU Nomor 27 Tahun 2022")

	startRegistration(t, c)
	c.text(knownCode)
	c.now = c.now.Add(2 * time.Hour)
	if got := only(t, c.text("Rina")).Text; got != "Pengisian pendaftaran Admin Satker Anda belum selesai.\nLanjutkan pendaftaran?" {
		t.Errorf("resume = %q", got)
	}
}

func TestStatusAndCorrection(t *testing.T) {
	c, ff := newRegChat(t)
	mustContain(t, only(t, c.cmd("status", "")).Text, "belum memiliki permintaan", "/daftar")
	if m := only(t, c.cmd("menu", "")); slices.Contains(labels(m), "Status permintaan") {
		t.Errorf("status entry without requests: %v", labels(m))
	}

	startRegistration(t, c)
	c.text(knownCode)
	finishForm(t, c, 1)
	c.pressLabel(c.lastOut, "Kirim")
	if m := only(t, c.cmd("menu", "")); !slices.Contains(labels(m), "Status permintaan") {
		t.Errorf("no status entry: %v", labels(m))
	}
	mustContain(t, only(t, c.cmd("status", "")).Text, "REG-000123", "diajukan, menunggu petugas", "Batas waktu: "+dueTuesday)
	c.st.Requests = false // the state expired: /status finds the requests and the entry comes back
	c.cmd("status", "")
	if m := only(t, c.cmd("menu", "")); !slices.Contains(labels(m), "Status permintaan") {
		t.Errorf("no status entry after /status found requests: %v", labels(m))
	}

	ctx := context.Background()
	officer := Actor{UserID: 777, Name: "Budi"}
	if _, err := c.tx.ChangeRegistration(ctx, 123, []string{RegSubmitted}, RegTaken, officer, func(r *Registration) {
		r.TakenBy, r.TakenByName = 777, "Budi <Petugas>"
	}); err != nil {
		t.Fatal(err)
	}
	mustContain(t, only(t, c.cmd("status", "")).Text, "diproses oleh Budi &lt;Petugas&gt;")

	if _, err := c.tx.ChangeRegistration(ctx, 123, []string{RegTaken}, RegRejected, officer, func(r *Registration) {
		r.RejectReason, r.RejectItems = "KTP buram & email salah", []string{RegFieldEmail, DocKTP}
	}); err != nil {
		t.Fatal(err)
	}
	st := only(t, c.cmd("status", ""))
	mustContain(t, st.Text, "ditolak: KTP buram &amp; email salah", "Yang perlu diperbaiki: Email admin, KTP admin.")

	// Another chat cannot open the correction.
	other := *c
	other.chatID = 999
	mustContain(t, sends(other.press(dataFix(123)))[0].Text, "tidak ditemukan")

	out := c.pressLabel([]Outgoing{st}, "Perbaiki REG-000123")
	mustContain(t, sends(out)[0].Text, "Perbaikan permintaan REG-000123", "KTP buram &amp; email salah",
		"Email admin, KTP admin", "(1/3) Email admin")
	mustContain(t, only(t, c.text("rina.baru@kemenag.go.id")).Text, "(2/3) KTP admin")
	// The email is printed on the form: a new one to sign comes with the last question.
	out = c.file(KindPhoto, regPhoto("ktp-new", 1000), "")
	if len(out) != 2 || out[0].Upload == nil || len(ff.got) != 2 || ff.got[1].AdminEmail != "rina.baru@kemenag.go.id" {
		t.Fatalf("want a new pre-filled form: %s", dump(out))
	}
	mustContain(t, out[1].Text, "(3/3) Formulir bertanda tangan")
	sum := only(t, c.file(KindDocument, regPDF("signed-new"), ""))
	mustContain(t, sum.Text, "Email admin:</b> rina.baru@kemenag.go.id", "KTP admin:</b> 1 berkas")
	if strings.Contains(sum.Text, "NIK admin") {
		t.Errorf("summary shows fields the officer did not name:\n%s", sum.Text)
	}
	out = c.pressLabel([]Outgoing{sum}, "Kirim")
	mustContain(t, sends(out)[0].Text, "Perbaikan permintaan <b>REG-000123</b> telah kami terima", dueTuesday)
	stored := c.tx.submitted()
	if len(stored) != 1 {
		t.Fatalf("%d requests stored", len(stored))
	}
	r := stored[0]
	if r.ID != 123 || r.Status != RegSubmitted || r.AdminEmail != "rina.baru@kemenag.go.id" || r.AdminNIK != goodNIK ||
		r.Documents[DocKTP][0].ID != "ktp-new" || r.Documents[DocDecree][0].ID != "sk" || r.Documents[DocForm][0].ID != "signed-new" {
		t.Errorf("stored %+v", r)
	}
	if last := c.tx.history[len(c.tx.history)-1]; last.From != RegRejected || last.To != RegSubmitted {
		t.Errorf("history %+v", last)
	}
	// The button of the old rejection no longer opens a correction.
	mustContain(t, sends(c.press(dataFix(123)))[0].Text, "tidak perlu diperbaiki", "diajukan")
}

func TestCorrectionOfADocumentOnly(t *testing.T) {
	c, ff := newRegChat(t)
	startRegistration(t, c)
	c.text(knownCode)
	finishForm(t, c, 1)
	c.pressLabel(c.lastOut, "Kirim")
	if _, err := c.tx.ChangeRegistration(context.Background(), 123, []string{RegSubmitted}, RegRejected, Actor{UserID: 7},
		func(r *Registration) { r.RejectReason, r.RejectItems = "KTP terpotong", []string{DocKTP} }); err != nil {
		t.Fatal(err)
	}
	out := c.press(dataFix(123))
	mustContain(t, sends(out)[0].Text, "(1/1) KTP admin")
	sum := only(t, c.file(KindDocument, big21(), ""))
	mustContain(t, sum.Text, "Berkas terlalu besar")
	sum = only(t, c.file(KindPhoto, regPhoto("ktp-2", 1000), ""))
	mustContain(t, sum.Text, "Periksa kembali", "KTP admin:</b> 1 berkas")
	c.pressLabel([]Outgoing{sum}, "Kirim")
	if len(ff.got) != 1 {
		t.Errorf("form rendered again for a KTP correction")
	}
	if r := c.tx.submitted()[0]; r.Documents[DocKTP][0].ID != "ktp-2" || r.Documents[DocForm][0].ID != "signed" || r.Status != RegSubmitted {
		t.Errorf("stored %+v", r)
	}
}

func big21() File {
	f := regPDF("big")
	f.Size = 21 << 20
	return f
}

func TestRegistrationItemLabel(t *testing.T) {
	for key, want := range map[string]string{RegFieldAdminNIK: "NIK admin", DocKTP: "KTP admin", DocForm: "Formulir bertanda tangan", "x": "x"} {
		if got := RegistrationItemLabel(key); got != want {
			t.Errorf("RegistrationItemLabel(%q) = %q, want %q", key, got, want)
		}
	}
	for _, key := range RegistrationItems() {
		if len(dataFix(1<<40)+":"+key) > 64 {
			t.Errorf("item %q too long for callback data", key)
		}
	}
}

func TestValidateDate(t *testing.T) {
	for _, tc := range []struct{ in, want, problem string }{
		{"05-03-2026", "05-03-2026", ""},
		{"5/3/2026", "05-03-2026", ""},
		{"29-02-2024", "29-02-2024", ""},
		{"29-02-2026", "", "bukan tanggal yang valid"},
		{"2026-03-05", "", "dd-mm-yyyy"},
		{"05-13-2026", "", "bukan tanggal yang valid"},
		{"kemarin", "", "dd-mm-yyyy"},
		{"01-01-1900", "", "terlalu lama"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, problem := ValidateDate(tc.in)
			if got != tc.want || !strings.Contains(problem, tc.problem) || (tc.problem == "") != (problem == "") {
				t.Errorf("ValidateDate(%q) = %q, %q", tc.in, got, problem)
			}
		})
	}
}
