package conversation

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// atStep starts the complaint form and answers until the question of step.
func atStep(t *testing.T, step int) *chat {
	t.Helper()
	c := newChat(t)
	c.press("s:pengaduan")
	answers := []func(){
		func() { c.text("Pelayanan petugas") },
		func() { c.text("Petugas loket tidak ramah saat melayani.") },
		func() { c.file(KindDocument, pdf("bukti"), "") },
		func() { c.text("+62 812 3456 7890") },
	}
	for _, a := range answers[:step] {
		a()
	}
	if c.st.Form == nil || c.st.Form.Step != step {
		t.Fatalf("form = %+v, want step %d", c.st.Form, step)
	}
	return c
}

func TestFormRejectsAnswersWithAPreciseReason(t *testing.T) {
	big := File{ID: "big", Name: "scan.pdf", MIME: "application/pdf", Size: 25 << 20}
	word := File{ID: "w", Name: "surat.docx", MIME: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Size: 1000}
	for _, tc := range []struct {
		name string
		step int
		u    Update
		want []string
	}{
		{"sticker for a choice", 0, Update{Kind: KindSticker}, []string{"<b>Kategori</b>", "bukan stiker atau animasi", "(1/4) Kategori"}},
		{"unknown choice", 0, Update{Kind: KindText, Text: "keuangan <x>"}, []string{"Pilihan “keuangan &lt;x&gt;” tidak tersedia", "(1/4) Kategori"}},
		{"too short", 1, Update{Kind: KindText, Text: "halo"}, []string{"10–2000 karakter; Anda mengirim 4 karakter", "(2/4) Uraian"}},
		{"10 000 characters", 1, Update{Kind: KindText, Text: strings.Repeat("x", 10000)}, []string{"Anda mengirim 10000 karakter", "(2/4) Uraian"}},
		{"only spaces", 1, Update{Kind: KindText, Text: "   "}, []string{"tidak boleh kosong", "(2/4) Uraian"}},
		{"voice for text", 1, Update{Kind: KindVoice}, []string{"memerlukan jawaban berupa teks, bukan pesan suara", "(2/4) Uraian"}},
		{"photo for text", 1, Update{Kind: KindPhoto, File: &File{ID: "p", Photo: true}}, []string{"bukan foto", "(2/4) Uraian"}},
		{"text for a document", 2, Update{Kind: KindText, Text: "tidak ada"}, []string{"dokumen (PDF, JPG, atau PNG) atau foto, bukan teks", "(3/4) Lampiran", "Lewati"}},
		{"sticker for a document", 2, Update{Kind: KindSticker}, []string{"bukan stiker", "(3/4) Lampiran"}},
		{"video for a document", 2, Update{Kind: KindVoice}, []string{"bukan pesan suara, audio, atau video", "(3/4) Lampiran"}},
		{"file over 20 MB", 2, Update{Kind: KindDocument, File: &big}, []string{"terlalu besar (25,0 MB)", "20 MB", "(3/4) Lampiran"}},
		{"word document", 2, Update{Kind: KindDocument, File: &word}, []string{"Format berkas “surat.docx” tidak dapat kami terima", "PDF, JPG, atau PNG"}},
		{"phone with a wrong prefix", 3, Update{Kind: KindText, Text: "0733 451572"}, []string{"diawali 08 atau +62 8", "(4/4) Nomor HP"}},
		{"phone too short", 3, Update{Kind: KindText, Text: "0812345"}, []string{"10–13 digit", "Anda mengirim 7 digit"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := atStep(t, tc.step)
			before := c.st.Form.clone()
			o := only(t, c.handle(tc.u))
			mustContain(t, o.Text, tc.want...)
			if utf8.RuneCountInString(o.Text) > 1000 {
				t.Errorf("answer of %d characters echoes the input", utf8.RuneCountInString(o.Text))
			}
			if _, ok := findButton([]Outgoing{o}, "Batalkan"); !ok {
				t.Errorf("question asked again without its buttons: %v", labels(o))
			}
			if c.st.Form.Step != tc.step || len(c.st.Form.Answers) != len(before.Answers) {
				t.Errorf("form moved: %+v", c.st.Form)
			}
		})
	}
}

func TestFormAcceptsEveryShapeOfAnswer(t *testing.T) {
	for _, tc := range []struct {
		name  string
		step  int
		u     Update
		key   string
		value string
		files int
	}{
		{"choice by number", 0, Update{Kind: KindText, Text: " 3 "}, "kategori", "Waktu layanan", 0},
		{"choice typed in lower case", 0, Update{Kind: KindText, Text: "aplikasi digipay"}, "kategori", "Aplikasi Digipay", 0},
		{"text trimmed", 1, Update{Kind: KindText, Text: "  Loket tutup jam 14.00  "}, "uraian", "Loket tutup jam 14.00", 0},
		{"a photo", 2, Update{Kind: KindPhoto, File: &File{ID: "ph", Photo: true, Size: 200 << 10}}, "lampiran", "", 1},
		{"a PNG document", 2, Update{Kind: KindDocument, File: &File{ID: "png", Name: "layar.png", MIME: "image/png"}}, "lampiran", "", 1},
		{"a PDF without a MIME type", 2, Update{Kind: KindDocument, File: &File{ID: "x", Name: "SK.PDF"}}, "lampiran", "", 1},
		{"a shared contact", 3, Update{Kind: KindContact, Text: "6281234567890"}, "hp", "+6281234567890", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := atStep(t, tc.step)
			c.handle(tc.u)
			a := c.st.Form.Answers[tc.key]
			if a.Value != tc.value || len(a.Files) != tc.files || c.st.Form.Step != tc.step+1 {
				t.Errorf("answer %+v at step %d", a, c.st.Form.Step)
			}
		})
	}
}

func TestFormBackAndEdit(t *testing.T) {
	t.Run("back shows the previous answer", func(t *testing.T) {
		c := atStep(t, 2)
		o := only(t, sends(c.press("f:"+c.st.Form.Session+":2:b")))
		mustContain(t, o.Text, "(2/4) Uraian", "Jawaban sebelumnya: Petugas loket tidak ramah")
		o = only(t, c.text("Petugas loket terlambat membuka layanan."))
		mustContain(t, o.Text, "(3/4) Lampiran")
		if got := c.st.Form.Answers["uraian"].Value; got != "Petugas loket terlambat membuka layanan." {
			t.Errorf("uraian = %q", got)
		}
	})
	t.Run("edit from the summary returns to it", func(t *testing.T) {
		c := atStep(t, 4)
		o := only(t, sends(c.press("f:"+c.st.Form.Session+":4:e:0")))
		mustContain(t, o.Text, "(1/4) Kategori", "Jawaban sebelumnya: Pelayanan petugas")
		o = only(t, sends(c.pressLabel([]Outgoing{o}, "Lainnya")))
		mustContain(t, o.Text, "Periksa kembali", "<b>Kategori:</b> Lainnya", "<b>Nomor HP:</b> +6281234567890")
		if c.st.Form.Editing || c.st.Form.Step != 4 {
			t.Errorf("form = %+v", c.st.Form)
		}
	})
	t.Run("back while editing returns to the summary unchanged", func(t *testing.T) {
		c := atStep(t, 4)
		out := c.press("f:" + c.st.Form.Session + ":4:e:3")
		o := only(t, sends(c.pressLabel(out, "« Kembali")))
		mustContain(t, o.Text, "Periksa kembali", "+6281234567890")
	})
	t.Run("skip while editing clears the answer", func(t *testing.T) {
		c := atStep(t, 4)
		out := c.press("f:" + c.st.Form.Session + ":4:e:2")
		o := only(t, sends(c.pressLabel(out, "Lewati »")))
		mustContain(t, o.Text, "<b>Lampiran:</b> <i>(dilewati)</i>")
	})
	t.Run("text at the summary", func(t *testing.T) {
		c := atStep(t, 4)
		o := only(t, c.text("sudah benar"))
		mustContain(t, o.Text, "tekan Kirim atau Ubah", "Periksa kembali")
	})
}

func TestFormCancel(t *testing.T) {
	for _, tc := range []struct {
		name string
		step int
		run  func(c *chat) []Outgoing
	}{
		{"command at the first question", 0, func(c *chat) []Outgoing { return c.cmd("batal", "") }},
		{"command at the summary", 4, func(c *chat) []Outgoing { return c.cmd("batal", "") }},
		{"button", 2, func(c *chat) []Outgoing { return sends(c.press("f:" + c.st.Form.Session + ":2:x")) }},
		{"button of an earlier question", 3, func(c *chat) []Outgoing { return sends(c.press("f:" + c.st.Form.Session + ":0:x")) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := atStep(t, tc.step)
			o := only(t, tc.run(c))
			mustContain(t, o.Text, "Pengisian pengaduan dibatalkan.")
			if _, ok := findButton([]Outgoing{o}, "Panduan layanan"); !ok {
				t.Errorf("no menu after cancel: %v", labels(o))
			}
			if c.st.Form != nil {
				t.Errorf("form = %+v", c.st.Form)
			}
		})
	}
}

func TestFormResume(t *testing.T) {
	resumeButtons := func(t *testing.T, o Outgoing) {
		t.Helper()
		mustContain(t, o.Text, "Lanjutkan pengisian pengaduan?")
		for _, l := range []string{"Lanjutkan", "Mulai ulang", "Batalkan"} {
			if _, ok := findButton([]Outgoing{o}, l); !ok {
				t.Errorf("no %q button: %v", l, labels(o))
			}
		}
	}
	t.Run("start with an unfinished form, then continue", func(t *testing.T) {
		c := atStep(t, 2)
		o := only(t, c.cmd("start", ""))
		resumeButtons(t, o)
		o = only(t, sends(c.pressLabel([]Outgoing{o}, "Lanjutkan")))
		mustContain(t, o.Text, "(3/4) Lampiran")
		if c.st.Form.Resuming || len(c.st.Form.Answers) != 2 {
			t.Errorf("form = %+v", c.st.Form)
		}
	})
	t.Run("restart", func(t *testing.T) {
		c := atStep(t, 2)
		old := c.st.Form.Session
		out := c.cmd("menu", "")
		o := only(t, sends(c.pressLabel(out, "Mulai ulang")))
		mustContain(t, o.Text, "(1/4) Kategori")
		if c.st.Form.Session == old || c.st.Form.Step != 0 || len(c.st.Form.Answers) != 0 {
			t.Errorf("form = %+v", c.st.Form)
		}
		if a := only(t, c.press("f:"+old+":0:c:0")); a.Kind != OutAnswer || !strings.Contains(a.Text, "tidak berlaku") {
			t.Errorf("old session's button: %+v", a)
		}
	})
	t.Run("cancel", func(t *testing.T) {
		c := atStep(t, 1)
		out := c.press("s:pengaduan") // the complaint button again
		resumeButtons(t, only(t, sends(out)))
		mustContain(t, only(t, sends(c.pressLabel(out, "Batalkan"))).Text, "dibatalkan")
		if c.st.Form != nil {
			t.Errorf("form = %+v", c.st.Form)
		}
	})
	t.Run("back after more than an hour", func(t *testing.T) {
		c := atStep(t, 1)
		c.now = c.now.Add(61 * time.Minute)
		o := only(t, c.text("Petugas loket tidak ramah saat melayani."))
		resumeButtons(t, o)
		if _, ok := c.st.Form.Answers["uraian"]; ok {
			t.Errorf("the message after the pause was taken as an answer")
		}
		o = only(t, c.text("lagi"))
		mustContain(t, o.Text, "pilih salah satu tombol", "Lanjutkan pengisian pengaduan?")
		o = only(t, sends(c.pressLabel([]Outgoing{o}, "Lanjutkan")))
		mustContain(t, o.Text, "(2/4) Uraian")
	})
	t.Run("back within the hour", func(t *testing.T) {
		c := atStep(t, 1)
		c.now = c.now.Add(59 * time.Minute)
		mustContain(t, only(t, c.text("Petugas loket tidak ramah saat melayani.")).Text, "(3/4) Lampiran")
	})
	t.Run("current question's button after the pause", func(t *testing.T) {
		c := atStep(t, 0)
		c.now = c.now.Add(3 * time.Hour)
		mustContain(t, only(t, sends(c.press("f:"+c.st.Form.Session+":0:c:1"))).Text, "(2/4) Uraian")
	})
	t.Run("registration wording", func(t *testing.T) {
		c := newChat(t)
		fl := c.e.complaintFlow()
		fl.Name, fl.ResumeQuestion = "daftar", "Lanjutkan pendaftaran?"
		c.e.addFlow(fl)
		c.cmd("start", "daftar")
		o := only(t, c.cmd("start", ""))
		if o.Text != "Lanjutkan pendaftaran?" {
			t.Errorf("resume question = %q", o.Text)
		}
	})
}

func TestFormCommandsInTheMiddle(t *testing.T) {
	t.Run("panduan then the question again", func(t *testing.T) {
		c := atStep(t, 1)
		out := c.cmd("panduan", "")
		if len(out) != 2 {
			t.Fatalf("got %s", dump(out))
		}
		mustContain(t, out[0].Text, "1 hari kerja")
		mustContain(t, out[1].Text, "Anda sedang mengisi pengaduan", "(2/4) Uraian")
	})
	t.Run("unknown command", func(t *testing.T) {
		c := atStep(t, 1)
		mustContain(t, only(t, c.cmd("lowongan", "")).Text, "/lowongan tidak dikenal", "/batal", "(2/4) Uraian")
		if c.st.Form.Step != 1 {
			t.Errorf("step = %d", c.st.Form.Step)
		}
	})
	t.Run("deep link opens the form", func(t *testing.T) {
		c := newChat(t)
		mustContain(t, only(t, c.cmd("start", "pengaduan")).Text, "(1/4) Kategori")
	})
}

func TestFormAlbums(t *testing.T) {
	t.Run("album where text is expected: one answer only", func(t *testing.T) {
		c := atStep(t, 1)
		mustContain(t, only(t, c.file(KindPhoto, photo("a"), "g1")).Text, "bukan foto")
		for _, id := range []string{"b", "c"} {
			if out := c.file(KindPhoto, photo(id), "g1"); len(out) != 0 {
				t.Errorf("later album item answered: %s", dump(out))
			}
		}
		if c.st.Form.Step != 1 {
			t.Errorf("step = %d", c.st.Form.Step)
		}
	})
	t.Run("a page too big is reported once, the rest kept", func(t *testing.T) {
		c := atStep(t, 2)
		c.file(KindDocument, pdf("a"), "g2")
		big := pdf("b")
		big.Size = 30 << 20
		mustContain(t, only(t, c.file(KindDocument, big, "g2")).Text, "Satu halaman dari album", "terlalu besar")
		c.file(KindDocument, pdf("c"), "g2")
		if n := len(c.st.Form.Answers["lampiran"].Files); n != 2 {
			t.Errorf("%d files kept, want 2", n)
		}
	})
	t.Run("a new single file replaces the album", func(t *testing.T) {
		c := atStep(t, 2)
		c.file(KindDocument, pdf("a"), "g3")
		c.file(KindDocument, pdf("b"), "g3")
		c.press("f:" + c.st.Form.Session + ":3:b")
		c.file(KindDocument, pdf("z"), "")
		c.file(KindDocument, pdf("late"), "g3") // a straggler of the old album
		if f := c.st.Form.Answers["lampiran"].Files; len(f) != 1 || f[0].ID != "z" {
			t.Errorf("files = %+v", f)
		}
	})
}

func TestFormSummaryAfterAnAlbumsFirstPage(t *testing.T) {
	c := newChat(t)
	out := c.pressLabel(c.cmd("bantuan", ""), "Kendala aplikasi")
	out = c.pressLabel(out, textSkip)
	c.text("Aplikasi menolak login sejak pagi tadi.")
	out = c.file(KindPhoto, File{ID: "hal-1", Photo: true}, "album-9")
	summary := out[len(out)-1].Text
	if !strings.Contains(summary, textFilesAlbumFirst) || strings.Contains(summary, textFilesOne) {
		t.Errorf("summary after the album's first page:\n%s\nwant it to say the album's pages are kept", summary)
	}
	c.file(KindPhoto, File{ID: "hal-2", Photo: true}, "album-9")
	if got := c.st.Form.Answers[ticketFiles].Files; len(got) != 2 {
		t.Errorf("album pages kept: %d, want 2", len(got))
	}
}
