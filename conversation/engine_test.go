package conversation

import (
	"context"
	"slices"
	"strings"
	"testing"
)

func TestStartAndMenu(t *testing.T) {
	for _, tc := range []struct {
		name, cmd, args string
		want            []string
	}{
		{"start greets by name, escaped", "start", "", []string{"Selamat datang", "Siti &lt;Aminah&gt;", "Posko Digipay Online"}},
		{"start with an unknown payload", "start", "xyz", []string{"Selamat datang"}},
		{"menu", "menu", "", []string{"Selamat datang"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newChat(t)
			o := only(t, c.cmd(tc.cmd, tc.args))
			mustContain(t, o.Text, tc.want...)
			if got, want := labels(o), []string{"Daftar Admin Satker", "Daftar sebagai vendor", "Minta bantuan", "Progres satker", "Panduan layanan", "Pengaduan"}; !slices.Equal(got, want) {
				t.Errorf("menu = %v, want %v", got, want)
			}
			if c.st.Form != nil {
				t.Errorf("form started: %+v", c.st.Form)
			}
		})
	}
}

func TestPanduanIsFaithfulToTheServiceStandard(t *testing.T) {
	want := []string{
		// requirements
		"Form Permintaan Registrasi Admin Digipay Satker", "SK Penunjukan", "KTP", "Aplikasi Digipay",
		// the five procedures
		"1. Asistensi implementasi Digipay", "2. Pendaftaran user admin satker", "3. Pendaftaran user level satker",
		"4. Pendaftaran admin vendor", "5. Pendaftaran user level vendor",
		"satker pengelola UP", "pihak bank", "ditandatangani KPA", "DIGIT",
		"PPK, Pemesan, Pejabat Pengadaan, Penerima Barang/Jasa, dan Bendahara",
		"SIUP, NPWP, Kartu Tanda Daftar Perusahaan, SKKPP", "staf dan kurir", "foto dan harga",
		// service level, cost, outputs
		"1 hari kerja", "tidak dipungut biaya", "User Admin Satker aktif",
		"Data/laporan realisasi rekrutmen satker, vendor, dan transaksi",
	}
	for _, tc := range []struct {
		name string
		run  func(c *chat) []Outgoing
	}{
		{"command", func(c *chat) []Outgoing { return c.cmd("panduan", "") }},
		{"menu button", func(c *chat) []Outgoing { return sends(c.press("m:panduan")) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := only(t, tc.run(newChat(t)))
			mustContain(t, o.Text, want...)
			if _, ok := findButton([]Outgoing{o}, "Pengaduan"); !ok {
				t.Errorf("no Pengaduan button: %v", labels(o))
			}
		})
	}
}

func TestPengaduanListsEveryChannel(t *testing.T) {
	want := []string{
		"Kotak pengaduan", "Front Office (FO) KPPN Lubuk Linggau",
		"Jalan Air Kuti, Lubuk Linggau Timur I, Kota Lubuklinggau, Sumatera Selatan 31625",
		"(0733) 451572 – 451573", "Faksimili: (0733) 451571", "0815-1936-6898", "kppn070@kemenkeu.go.id",
		"Tatap muka", "http://bit.ly/PengaduanKPPNLLG", "SILAMPARI", "SIPANDU", "http://pengaduandjpb.kemenkeu.go.id",
		"WISE", "www.wise.kemenkeu.go.id", "GOL KPK", "https://gol.kpk.go.id", "LAPOR!",
	}
	for _, tc := range []struct {
		name string
		run  func(c *chat) []Outgoing
	}{
		{"command", func(c *chat) []Outgoing { return c.cmd("pengaduan", "") }},
		{"menu button", func(c *chat) []Outgoing { return sends(c.press("m:pengaduan")) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := only(t, tc.run(newChat(t)))
			mustContain(t, o.Text, want...)
			b, ok := findButton([]Outgoing{o}, "Sampaikan pengaduan di sini")
			if !ok || b.Data != "s:pengaduan" {
				t.Errorf("complaint button = %+v, %v", b, ok)
			}
		})
	}
}

func TestOutsideAFormTheUserGetsAHint(t *testing.T) {
	for _, tc := range []struct {
		name string
		u    Update
	}{
		{"plain text", Update{Kind: KindText, Text: "halo pak"}},
		{"unknown command", Update{Kind: KindCommand, Command: "lowongan"}},
		{"sticker", Update{Kind: KindSticker}},
		{"voice note", Update{Kind: KindVoice}},
		{"document", Update{Kind: KindDocument, File: &File{ID: "d", Name: "a.pdf", MIME: "application/pdf"}}},
		{"10 000 characters", Update{Kind: KindText, Text: strings.Repeat("a", 10000)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newChat(t)
			o := only(t, c.handle(tc.u))
			mustContain(t, o.Text, "/menu", "/panduan")
			if c.st.Form != nil {
				t.Errorf("form = %+v", c.st.Form)
			}
		})
	}
}

func TestBatalWithoutAForm(t *testing.T) {
	c := newChat(t)
	mustContain(t, only(t, c.cmd("batal", "")).Text, "Tidak ada pengisian")
}

func TestMembershipAndEditsChangeNoAnswer(t *testing.T) {
	for _, tc := range []struct {
		name      string
		u         Update
		wantReply string // "" for no reply
	}{
		{"bot blocked or unblocked", Update{Kind: KindMembership}, ""},
		{"edited message during a form", Update{Kind: KindEdited, Text: "ralat"}, "kirim ulang jawabannya"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newChat(t)
			c.press("s:pengaduan")
			before := c.st.Form.clone()
			out := c.handle(tc.u)
			switch {
			case tc.wantReply == "" && len(out) != 0:
				t.Errorf("replied: %s", dump(out))
			case tc.wantReply != "" && (len(out) != 1 || !strings.Contains(out[0].Text, tc.wantReply)):
				t.Errorf("reply = %s, want one message saying %q", dump(out), tc.wantReply)
			}
			if c.st.Form.Step != before.Step || len(c.st.Form.Answers) != len(before.Answers) {
				t.Errorf("form changed: %+v", c.st.Form)
			}
		})
	}
	t.Run("edited message outside a form", func(t *testing.T) {
		c := newChat(t)
		if out := c.handle(Update{Kind: KindEdited, Text: "ralat"}); len(out) != 0 {
			t.Errorf("replied: %s", dump(out))
		}
	})
}

func TestStaleCallbacksAreAnsweredAndChangeNothing(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(c *chat)
		data  string
	}{
		{"unknown data", nil, "garbage"},
		{"empty data", nil, ""},
		{"unknown menu entry", nil, "m:lowongan"},
		{"unknown flow", nil, "s:lowongan"},
		{"form button without a form", nil, "f:abc:0:c:1"},
		{"button of an older form", func(c *chat) { c.press("s:pengaduan") }, "f:oldsession:0:c:1"},
		{"button of an older step", func(c *chat) {
			c.press("s:pengaduan")
			c.press("f:" + c.st.Form.Session + ":0:c:1")
		}, "f:SESSION:0:c:2"},
		{"skip on a required field", func(c *chat) { c.press("s:pengaduan") }, "f:SESSION:0:k"},
		{"choice out of range", func(c *chat) { c.press("s:pengaduan") }, "f:SESSION:0:c:9"},
		{"send before the summary", func(c *chat) { c.press("s:pengaduan") }, "f:SESSION:0:s"},
		{"resume when not asked", func(c *chat) { c.press("s:pengaduan") }, "f:SESSION:0:n"},
		{"malformed step", func(c *chat) { c.press("s:pengaduan") }, "f:SESSION:x:c:1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newChat(t)
			if tc.setup != nil {
				tc.setup(c)
			}
			before := c.st.Form.clone()
			data := tc.data
			if c.st.Form != nil {
				data = strings.Replace(data, "SESSION", c.st.Form.Session, 1)
			}
			o := only(t, c.press(data))
			if o.Kind != OutAnswer || !strings.Contains(o.Text, "Tombol ini sudah tidak berlaku") {
				t.Errorf("answer = %+v", o)
			}
			if (before == nil) != (c.st.Form == nil) || before != nil &&
				(before.Step != c.st.Form.Step || len(before.Answers) != len(c.st.Form.Answers) || before.Session != c.st.Form.Session) {
				t.Errorf("form changed: %+v → %+v", before, c.st.Form)
			}
		})
	}
}

func TestGroupChats(t *testing.T) {
	for _, tc := range []struct {
		name   string
		chatID int64
		u      Update
		want   []string // nil: no reply
		reply  bool
	}{
		{"chatter is ignored", testGroup, Update{Kind: KindText, Text: "selamat pagi semua"}, nil, false},
		{"sticker is ignored", testGroup, Update{Kind: KindSticker}, nil, false},
		{"unknown command is ignored", testGroup, Update{Kind: KindCommand, Command: "batal"}, nil, false},
		{"unknown command naming the bot gets a hint", testGroup, Update{Kind: KindCommand, Command: "batal", Addressed: true}, []string{"/panduan"}, true},
		{"membership is ignored", testGroup, Update{Kind: KindMembership}, nil, false},
		{"migration is ignored", testGroup, Update{Kind: KindMembership, MigrateToChatID: -100999}, nil, false},
		{"start in the staff group", testGroup, Update{Kind: KindCommand, Command: "start"}, []string{"meneruskan pengaduan"}, true},
		{"start in another group", -42, Update{Kind: KindCommand, Command: "start"}, []string{"chat pribadi"}, true},
		{"panduan", testGroup, Update{Kind: KindCommand, Command: "panduan"}, []string{"1 hari kerja", "5. Pendaftaran user level vendor"}, true},
		{"pengaduan", -42, Update{Kind: KindCommand, Command: "pengaduan"}, []string{"https://gol.kpk.go.id", "chat pribadi"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newGroupChat(t, tc.chatID)
			tc.u.ThreadID = 7
			out := c.handle(tc.u)
			if tc.want == nil {
				if len(out) != 0 {
					t.Errorf("replied: %s", dump(out))
				}
				if c.st.Form != nil || !c.st.UpdatedAt.IsZero() {
					t.Errorf("state changed: %+v", c.st)
				}
				return
			}
			o := only(t, out)
			mustContain(t, o.Text, tc.want...)
			if len(o.Buttons) != 0 {
				t.Errorf("buttons in a group: %v", labels(o))
			}
			if o.ThreadID != 7 || o.ReplyTo != int(c.nextID) {
				t.Errorf("thread %d reply %d, want 7 and %d", o.ThreadID, o.ReplyTo, c.nextID)
			}
		})
	}
	t.Run("callback is answered", func(t *testing.T) {
		c := newGroupChat(t, testGroup)
		o := only(t, c.press("m:panduan"))
		if o.Kind != OutAnswer {
			t.Errorf("got %+v", o)
		}
	})
}

func TestFailure(t *testing.T) {
	e := NewEngine(Config{})
	for _, tc := range []struct {
		name  string
		u     Update
		kinds []OutKind
	}{
		{"text", Update{ChatID: 1, ChatType: ChatPrivate, Kind: KindText}, []OutKind{OutSend}},
		{"callback", Update{ChatID: 1, ChatType: ChatPrivate, Kind: KindCallback, CallbackID: "q"}, []OutKind{OutAnswer, OutSend}},
		{"group command", Update{ChatID: -1, ChatType: ChatGroup, Kind: KindCommand, ThreadID: 3}, []OutKind{OutSend}},
		{"group chatter", Update{ChatID: -1, ChatType: ChatGroup, Kind: KindText}, nil},
		{"membership", Update{ChatID: 1, ChatType: ChatPrivate, Kind: KindMembership}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := e.Failure(tc.u)
			checkOut(t, tc.u, out)
			var kinds []OutKind
			for _, o := range out {
				kinds = append(kinds, o.Kind)
				if o.Kind == OutSend && (o.Text != "Maaf, terjadi gangguan. Silakan coba lagi." || o.ThreadID != tc.u.ThreadID) {
					t.Errorf("message = %+v", o)
				}
			}
			if !slices.Equal(kinds, tc.kinds) {
				t.Errorf("kinds = %v, want %v", kinds, tc.kinds)
			}
		})
	}
}

func TestCommands(t *testing.T) {
	private, group := NewEngine(Config{}).Commands()
	names := func(cs []Command) []string {
		var n []string
		for _, c := range cs {
			if c.Description == "" || len(c.Description) > 256 {
				t.Errorf("description of %s: %q", c.Command, c.Description)
			}
			n = append(n, c.Command)
		}
		return n
	}
	if got, want := names(private), []string{"start", "menu", "panduan", "daftar", "status", "bantuan", "progres", "undang", "vendor", "pengaduan", "batal"}; !slices.Equal(got, want) {
		t.Errorf("private = %v, want %v", got, want)
	}
	if got, want := names(group), []string{"start", "panduan", "pengaduan", "tolak", "tiket", "posko", "catatan", "eskalasi", "blokir", "bukablokir", "laporan", "belum", "pengingat", "impor", "set", "hubungkan"}; !slices.Equal(got, want) {
		t.Errorf("group = %v, want %v", got, want)
	}
}

func TestHandleLeavesItsInputAlone(t *testing.T) {
	c := newChat(t)
	c.press("s:pengaduan")
	c.text("1")
	in := c.st
	inAnswers := len(in.Form.Answers)
	_, _, err := c.e.Handle(context.Background(), c.tx, in,
		Update{ID: 5000, ChatID: testUser, ChatType: ChatPrivate, Kind: KindText, Text: "Petugas tidak ada di loket"})
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Form.Answers) != inAnswers || in.Form.Step != 1 {
		t.Errorf("input state changed: %+v", in.Form)
	}
}
