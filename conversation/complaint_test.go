package conversation

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func pdf(id string) File {
	return File{ID: id, UniqueID: "u" + id, Name: id + ".pdf", MIME: "application/pdf", Size: 300 << 10}
}

func photo(id string) File {
	return File{ID: id, UniqueID: "u" + id, MIME: "image/jpeg", Size: 120 << 10, Photo: true}
}

func TestComplaintHappyPath(t *testing.T) {
	c := newChat(t)

	o := only(t, sends(c.pressLabel(c.cmd("pengaduan", ""), "Sampaikan pengaduan di sini")))
	mustContain(t, o.Text, "<b>Pengaduan</b>", "/batal", "(1/4) Kategori", "Pengaduan Anda tentang apa?")
	if got, want := labels(o), []string{"Pelayanan petugas", "Aplikasi Digipay", "Waktu layanan", "Lainnya", "Batalkan"}; !slices.Equal(got, want) {
		t.Errorf("buttons = %v, want %v", got, want)
	}
	if c.st.Form.Session != "ru" { // update id 1002 in base 36
		t.Errorf("session = %q, want ru", c.st.Form.Session)
	}

	o = only(t, sends(c.pressLabel([]Outgoing{o}, "Aplikasi Digipay")))
	mustContain(t, o.Text, "(2/4) Uraian", "10–2000")
	if got, want := labels(o), []string{"« Kembali", "Batalkan"}; !slices.Equal(got, want) {
		t.Errorf("buttons = %v, want %v", got, want)
	}

	o = only(t, c.text("  Saya tidak bisa login <DIGIT> & OTP tidak masuk sejak kemarin.  "))
	mustContain(t, o.Text, "(3/4) Lampiran", "Opsional")
	if got, want := labels(o), []string{"« Kembali", "Lewati »", "Batalkan"}; !slices.Equal(got, want) {
		t.Errorf("buttons = %v, want %v", got, want)
	}

	// An album of three pages: the first one answers, the others join it silently.
	o = only(t, c.file(KindDocument, pdf("p1"), "album-1"))
	mustContain(t, o.Text, "(4/4) Nomor HP")
	for _, f := range []File{photo("p2"), pdf("p3")} {
		kind := KindDocument
		if f.Photo {
			kind = KindPhoto
		}
		if out := c.file(kind, f, "album-1"); len(out) != 0 {
			t.Errorf("album page answered: %s", dump(out))
		}
	}

	o = only(t, c.text("0812-3456-7890"))
	mustContain(t, o.Text, "Periksa kembali pengaduan Anda",
		"<b>Kategori:</b> Aplikasi Digipay",
		"<b>Uraian:</b> Saya tidak bisa login &lt;DIGIT&gt; &amp; OTP tidak masuk sejak kemarin.",
		"<b>Lampiran:</b> 3 berkas (album)",
		"<b>Nomor HP:</b> +6281234567890")
	if got, want := labels(o), []string{"Ubah Kategori", "Ubah Uraian", "Ubah Lampiran", "Ubah Nomor HP", "Kirim", "Batalkan"}; !slices.Equal(got, want) {
		t.Errorf("buttons = %v, want %v", got, want)
	}

	c.now = c.now.Add(3 * time.Minute)
	out := c.pressLabel([]Outgoing{o}, "Kirim")
	if len(c.tx.complaints) != 1 {
		t.Fatalf("%d complaints saved", len(c.tx.complaints))
	}
	got := c.tx.complaints[0]
	want := Complaint{ChatID: testUser, UserID: testUser, UserName: "Siti <Aminah>", Category: "Aplikasi Digipay",
		Text: "Saya tidak bisa login <DIGIT> & OTP tidak masuk sejak kemarin.", Contact: "+6281234567890",
		Files: []File{pdf("p1"), photo("p2"), pdf("p3")}, CreatedAt: c.now}
	if got.ChatID != want.ChatID || got.UserID != want.UserID || got.UserName != want.UserName || got.Category != want.Category ||
		got.Text != want.Text || got.Contact != want.Contact || !slices.Equal(got.Files, want.Files) || !got.CreatedAt.Equal(want.CreatedAt) {
		t.Errorf("saved %+v\nwant  %+v", got, want)
	}
	if c.st.Form != nil {
		t.Errorf("form not cleared: %+v", c.st.Form)
	}

	// The user's receipt, then the staff group: the complaint, then the attachments.
	if len(out) != 5 {
		t.Fatalf("got %d messages: %s", len(out), dump(out))
	}
	receipt := out[1]
	if receipt.ChatID != testUser {
		t.Errorf("receipt to %d", receipt.ChatID)
	}
	mustContain(t, receipt.Text, "PGD-000123", "1 hari kerja")
	staff := out[2]
	if staff.ChatID != testGroup {
		t.Errorf("staff message to %d", staff.ChatID)
	}
	mustContain(t, staff.Text, "Pengaduan baru PGD-000123", "Aplikasi Digipay", "Siti &lt;Aminah&gt; (@siti_a)",
		"+62812*****890", "02-03-2026 16.03 WIB", "3 berkas", "login &lt;DIGIT&gt; &amp; OTP")
	if strings.Contains(staff.Text, "+6281234567890") {
		t.Errorf("phone number not masked: %s", staff.Text)
	}
	if out[3].Kind != OutPhoto || len(out[3].Files) != 1 || out[3].Files[0].ID != "p2" || out[3].ChatID != testGroup {
		t.Errorf("photo attachment = %+v", out[3])
	}
	if out[4].Kind != OutMediaGroup || len(out[4].Files) != 2 || out[4].Files[0].ID != "p1" || out[4].Text != "Lampiran PGD-000123" {
		t.Errorf("documents attachment = %+v", out[4])
	}

	// A second press on "Kirim" (double tap) is stale and saves nothing.
	o = only(t, c.pressLabel([]Outgoing{o}, "Kirim"))
	if o.Kind != OutAnswer || !strings.Contains(o.Text, "tidak berlaku") || len(c.tx.complaints) != 1 {
		t.Errorf("second Kirim: %+v, %d complaints", o, len(c.tx.complaints))
	}
}

func TestComplaintSkippingOptionalFields(t *testing.T) {
	c := newChat(t)
	c.tx = &fakeTx{}
	c.e = NewEngine(Config{Now: func() time.Time { return c.now }}) // no staff group
	c.press("s:pengaduan")
	c.text("lainnya") // a choice may be typed
	out := c.text("Antrean di loket terlalu lama.")
	out = c.pressLabel(out, "Lewati »")
	mustContain(t, only(t, sends(out)).Text, "(4/4) Nomor HP")
	out = c.pressLabel(out, "Lewati »")
	o := only(t, sends(out))
	mustContain(t, o.Text, "<b>Kategori:</b> Lainnya", "<b>Lampiran:</b> <i>(dilewati)</i>", "<b>Nomor HP:</b> <i>(dilewati)</i>")
	out = c.pressLabel(out, "Kirim")
	if got := sends(out); len(got) != 1 || !strings.Contains(got[0].Text, "PGD-000123") {
		t.Errorf("without a staff group want only the receipt: %s", dump(out))
	}
	if s := c.tx.complaints[0]; s.Contact != "" || len(s.Files) != 0 || s.Category != "Lainnya" {
		t.Errorf("saved %+v", s)
	}
}

func TestComplaintSubmitFailureIsAFault(t *testing.T) {
	c := newChat(t)
	c.press("s:pengaduan")
	c.text("2")
	c.text("Aplikasi sering gagal memuat katalog.")
	c.press("f:" + c.st.Form.Session + ":2:k")
	c.press("f:" + c.st.Form.Session + ":3:k")
	before := c.st
	c.tx.err = errDown
	st, out, err := c.e.Handle(t.Context(), c.tx, c.st, Update{ID: 9000, ChatID: testUser, ChatType: ChatPrivate,
		Kind: KindCallback, CallbackID: "q", CallbackData: "f:" + c.st.Form.Session + ":4:s"})
	if err == nil || !strings.Contains(err.Error(), "database unreachable") {
		t.Fatalf("err = %v", err)
	}
	if out != nil || st.Form == nil || st.Form.Step != before.Form.Step || st.LastUpdateID != before.LastUpdateID {
		t.Errorf("after a fault got state %+v and %d messages", st, len(out))
	}
}

func TestAttachments(t *testing.T) {
	docs := func(n int) []File {
		var f []File
		for i := range n {
			f = append(f, pdf(string(rune('a'+i))))
		}
		return f
	}
	for _, tc := range []struct {
		name  string
		files []File
		want  []OutKind
		sizes []int
	}{
		{"none", nil, nil, nil},
		{"one photo", []File{photo("x")}, []OutKind{OutPhoto}, []int{1}},
		{"one document", docs(1), []OutKind{OutDocument}, []int{1}},
		{"photo and documents apart", append([]File{photo("x")}, docs(2)...), []OutKind{OutPhoto, OutMediaGroup}, []int{1, 2}},
		{"eleven documents: no album of one", docs(11), []OutKind{OutMediaGroup, OutMediaGroup}, []int{9, 2}},
		{"twenty documents", docs(20), []OutKind{OutMediaGroup, OutMediaGroup}, []int{10, 10}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := attachments(testGroup, "Lampiran PGD-000001", tc.files)
			var kinds []OutKind
			var sizes []int
			for _, o := range out {
				kinds, sizes = append(kinds, o.Kind), append(sizes, len(o.Files))
				if o.ChatID != testGroup || o.Text != "Lampiran PGD-000001" {
					t.Errorf("message %+v", o)
				}
			}
			if !slices.Equal(kinds, tc.want) || !slices.Equal(sizes, tc.sizes) {
				t.Errorf("got %v %v, want %v %v", kinds, sizes, tc.want, tc.sizes)
			}
		})
	}
}

func TestMaskPhone(t *testing.T) {
	for in, want := range map[string]string{
		"+6281234567890": "+62812*****890",
		"+628123456789":  "+62812****789",
		"+62812345":      "*********",
	} {
		if got := maskPhone(in); got != want {
			t.Errorf("maskPhone(%q) = %q, want %q", in, got, want)
		}
	}
}
