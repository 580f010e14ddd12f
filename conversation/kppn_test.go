package conversation

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

// The KPPN groups' test driver: the configured staff group (testGroup, KPPN
// 070) and a second group, each with its own members; ani administers both.

const secondGroup = int64(-1009876543)

var dedi = officerT{7003, "Dedi Kurniawan"} // a member of the second group only

// fakeAdmins is the AdminChecker: ids administer every group.
type fakeAdmins struct {
	ids map[int64]bool
	err error
}

func (a *fakeAdmins) IsAdmin(_ context.Context, _, userID int64) (bool, error) {
	return a.ids[userID], a.err
}

// chatMembers is a MemberChecker with members per chat; it records the
// chats it was asked about.
type chatMembers struct {
	of    map[int64]map[int64]bool
	asked []int64
}

func (m *chatMembers) IsMember(_ context.Context, chatID, userID int64) (bool, error) {
	m.asked = append(m.asked, chatID)
	return m.of[chatID][userID], nil
}

// kppnRoom drives the KPPN groups through one engine and one store.
type kppnRoom struct {
	*staffRoom
	members *chatMembers
	admins  *fakeAdmins
}

func newKPPNRoom(t *testing.T, options ...func(*Config)) *kppnRoom {
	t.Helper()
	r := &kppnRoom{staffRoom: newStaffRoom(t),
		members: &chatMembers{of: map[int64]map[int64]bool{
			testGroup:   {budi.id: true, ani.id: true},
			secondGroup: {ani.id: true, dedi.id: true},
		}},
		admins: &fakeAdmins{ids: map[int64]bool{ani.id: true}},
	}
	cfg := Config{GroupChatID: testGroup, KPPNCode: "070", Now: func() time.Time { return r.now },
		Members: r.members, Admins: r.admins, BotUsername: "posko_bot"}
	for _, o := range options {
		o(&cfg)
	}
	r.e = NewEngine(cfg)
	r.seed()
	return r
}

// seed fills the map: four satker of KPPN 070 at various stages and one of
// KPPN 071.
func (r *kppnRoom) seed() {
	day := 24 * time.Hour
	f := &r.tx.progressFake
	f.addSatker(SatkerProgress{Code: "409876", Name: "KEMENAG KOTA LUBUKLINGGAU", KPPNCode: "070",
		ContactName: "Rina", ContactPhone: "+6281234567890", AdminAt: t0.Add(-20 * day), CreatedAt: t0.Add(-30 * day)})
	f.addSatker(SatkerProgress{Code: "409877", Name: "PENGADILAN AGAMA LUBUKLINGGAU", KPPNCode: "070",
		ContactName: "Joko", ContactPhone: "+6281298765432", CreatedAt: t0.Add(-60 * day)})
	f.addSatker(SatkerProgress{Code: "409878", Name: "BPS KABUPATEN MUSI RAWAS", KPPNCode: "070",
		AdminAt: t0, UsersAt: t0, VendorAt: t0, TxAt: t0, CreatedAt: t0.Add(-10 * day)})
	f.addSatker(SatkerProgress{Code: "409879", Name: "KANTOR PERTANAHAN MUSI RAWAS", KPPNCode: "070",
		AdminAt: t0, UsersAt: t0, CreatedAt: t0.Add(-45 * day), LastContactAt: t0.Add(-3 * day)})
	f.addSatker(SatkerProgress{Code: "501111", Name: "SATKER KPPN LAIN", KPPNCode: "071",
		ContactName: "Sari", ContactPhone: "+6281311112222", CreatedAt: t0.Add(-90 * day)})
}

// in moves the driver to chat.
func (r *kppnRoom) in(chat int64) *kppnRoom {
	r.chatID = chat
	return r
}

// cmd is who sending /name args.
func (r *kppnRoom) cmd(who officerT, name, args string) []Outgoing {
	r.t.Helper()
	return r.must(r.handle(who, Update{Kind: KindCommand, Command: name, Args: args, Text: strings.TrimSpace("/" + name + " " + args)}))
}

// replyText is the text of the single reply in out.
func (r *kppnRoom) replyText(out []Outgoing) string {
	r.t.Helper()
	o := only(r.t, out)
	if o.Kind != OutSend || o.ChatID != r.chatID {
		r.t.Fatalf("want a message to chat %d: %s", r.chatID, dump(out))
	}
	return o.Text
}

// alertText is the alert a press got, failing when it is not one.
func alertText(t *testing.T, out []Outgoing) string {
	t.Helper()
	if len(out) == 0 || out[0].Kind != OutAnswer || !out[0].Alert {
		t.Fatalf("want an alert first: %s", dump(out))
	}
	return out[0].Text
}

func TestHubungkan(t *testing.T) {
	t.Run("an admin binds a group", func(t *testing.T) {
		r := newKPPNRoom(t).in(secondGroup)
		text := r.replyText(r.cmd(ani, "hubungkan", "071"))
		mustContain(t, text, "KPPN 071", "/belum", "/laporan", "/impor", "/set", "grup petugas utama")
		if k := r.tx.kppns["071"]; k == nil || k.GroupChatID != secondGroup {
			t.Fatalf("KPPN 071 bound to %+v, want group %d", k, secondGroup)
		}
		// Binding it elsewhere moves it, and says so.
		text = r.replyText(r.cmd(ani, "hubungkan", "0 7 2"))
		mustContain(t, text, "KPPN 072", "Sebelumnya grup ini terhubung dengan KPPN 071")
		if r.tx.kppns["071"].GroupChatID != 0 || r.tx.kppns["072"].GroupChatID != secondGroup {
			t.Errorf("after moving: 071 → %d, 072 → %d", r.tx.kppns["071"].GroupChatID, r.tx.kppns["072"].GroupChatID)
		}
		// Without a code it tells the current binding.
		mustContain(t, r.replyText(r.cmd(ani, "hubungkan", "")), "terhubung dengan KPPN 072", "Format")
	})
	tests := []struct {
		name    string
		who     officerT
		args    string
		options []func(*Config)
		want    string
	}{
		{"not an admin", budi, "071", nil, textKPPNBindNotAdmin},
		{"a stranger", mallo, "071", nil, textKPPNBindNotAdmin},
		{"no admin checker", ani, "071", []func(*Config){func(c *Config) { c.Admins = nil }}, textKPPNBindDisabled},
		{"code too short", ani, "71", nil, "Kode KPPN harus 3 digit angka; Anda mengirim 2 digit."},
		{"code not digits", ani, "KPPN", nil, "Kode KPPN hanya boleh berisi angka"},
		{"no code", ani, "", nil, textKPPNBindUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newKPPNRoom(t, tt.options...).in(secondGroup)
			mustContain(t, r.replyText(r.cmd(tt.who, "hubungkan", tt.args)), tt.want)
			if len(r.tx.kppns) != 0 {
				t.Errorf("a group was bound: %+v", r.tx.kppns)
			}
		})
	}
}

func TestBoundGroupActsForItsKPPN(t *testing.T) {
	r := newKPPNRoom(t).in(secondGroup)
	// Before binding, the second group is no KPPN group.
	if out := r.cmd(dedi, "laporan", ""); len(out) != 0 {
		t.Errorf("/laporan in an unbound group answered: %s", dump(out))
	}
	out := r.must(r.handle(dedi, Update{Kind: KindCommand, Command: "laporan", Addressed: true, Text: "/laporan@posko_bot"}))
	mustContain(t, r.replyText(out), "belum terhubung dengan KPPN", "/hubungkan")
	r.cmd(ani, "hubungkan", "071")

	r.members.asked = nil
	mustContain(t, r.replyText(r.cmd(dedi, "laporan", "")), "Laporan sedang disiapkan", "KPPN 071")
	if len(r.tx.jobs) != 1 || r.tx.jobs[0].KPPNCode != "071" || r.tx.jobs[0].ChatID != secondGroup {
		t.Fatalf("jobs %+v, want a report of KPPN 071 for the second group", r.tx.jobs)
	}
	if !slices.Equal(r.members.asked, []int64{secondGroup}) {
		t.Errorf("membership asked in %v, want the second group", r.members.asked)
	}
	// Its lists hold only its KPPN's satker.
	text := r.cmd(dedi, "belum", "")[0].Text
	mustContain(t, text, "KPPN 071", "501111")
	if strings.Contains(text, "4098") {
		t.Errorf("/belum of KPPN 071 lists satker of 070:\n%s", text)
	}
	// A satker of another KPPN cannot be set from here.
	mustContain(t, r.replyText(r.cmd(dedi, "set", "409877 admin")), "KPPN 070, bukan KPPN 071")
	if len(r.tx.stageSets) != 0 {
		t.Errorf("stage set across KPPN: %v", r.tx.stageSets)
	}
	// A member of the main group only is no member here.
	mustContain(t, r.replyText(r.cmd(budi, "belum", "")), textKPPNNotStaff)

	// The main group still acts for its configured KPPN.
	r.in(testGroup)
	r.cmd(budi, "laporan", "")
	if j := r.tx.jobs[len(r.tx.jobs)-1]; j.KPPNCode != "070" || j.ChatID != testGroup {
		t.Errorf("report job from the main group: %+v", j)
	}
}

func TestKPPNCommandsRefuseNonMembers(t *testing.T) {
	r := newKPPNRoom(t)
	for _, c := range []struct{ name, args string }{
		{"set", "409877 admin"}, {"belum", ""}, {"laporan", ""}, {"impor", ""},
	} {
		mustContain(t, r.replyText(r.cmd(mallo, c.name, c.args)), textKPPNNotStaff)
	}
	out := r.must(r.handle(mallo, Update{Kind: KindDocument, Text: "/impor",
		File: &File{ID: "f1", Name: "peta.csv", MIME: "text/csv", Size: 1000}}))
	mustContain(t, r.replyText(out), textKPPNNotStaff)
	for _, data := range []string{"k:409877:admin:r", "k:409877:admin:f"} {
		mustContain(t, alertText(t, r.press(mallo, data, 600)), plain(textKPPNNotStaff))
	}
	if len(r.tx.jobs) != 0 || len(r.tx.stageSets) != 0 || len(r.tx.followUps) != 0 {
		t.Errorf("a non-member changed something: jobs %v, stages %v, follow-ups %v", r.tx.jobs, r.tx.stageSets, r.tx.followUps)
	}
}

func TestSetStage(t *testing.T) {
	tests := []struct {
		args  string
		stage string
		done  bool
		want  []string
	}{
		{"409877 admin", StageAdmin, true, []string{"Admin satker aktif</b> satker 409877", "sudah tercapai", "✅ Admin satker aktif (2 Mar 2026)", "Tahap berikutnya: <b>5 user satker dibuat"}},
		{"409877 user", StageUsers, true, []string{"5 user satker dibuat</b>", "✅ 5 user satker dibuat"}},
		{"409877 2", StageUsers, true, []string{"5 user satker dibuat</b>"}},
		{"409877 Transaksi", StageTx, true, []string{"Transaksi melalui Digipay</b>"}},
		{"409877 4 ya", StageTx, true, []string{"sudah tercapai"}},
		{"409876 admin tidak", StageAdmin, false, []string{"belum tercapai", "⬜ Admin satker aktif", "Tahap berikutnya: <b>Admin satker aktif"}},
		{"409878 vendor", StageVendor, true, []string{"Semua tahap sudah tercapai"}},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			r := newKPPNRoom(t)
			text := r.replyText(r.cmd(budi, "set", tt.args))
			mustContain(t, text, tt.want...)
			code := strings.Fields(tt.args)[0]
			want := code + " " + tt.stage + " " + map[bool]string{true: "ya", false: "tidak"}[tt.done]
			if !slices.Equal(r.tx.stageSets, []string{want}) {
				t.Errorf("stages set %v, want [%s]", r.tx.stageSets, want)
			}
			if p := r.tx.satkerMap[code]; p.Reached(tt.stage) != tt.done {
				t.Errorf("satker %s reached %s = %v, want %v", code, tt.stage, !tt.done, tt.done)
			}
		})
	}
}

func TestSetStageBadInput(t *testing.T) {
	tests := []struct {
		name, args string
		want       string
	}{
		{"nothing", "", "Format: <code>/set kode_satker tahap [tidak]</code>"},
		{"no stage", "409877", textKPPNSetMissing},
		{"short code", "40987 admin", "Kode satker harus 6 digit angka; Anda mengirim 5 digit."},
		{"unknown stage", "409877 bendahara", "Tahap “bendahara” tidak dikenal."},
		{"stage number 5", "409877 5", "Tahap “5” tidak dikenal."},
		{"bad flag", "409877 admin mungkin", "Kata ketiga hanya boleh"},
		{"too many words", "409877 admin tidak lagi", "Terlalu banyak kata: 4"},
		{"not in the map", "409999 admin", "Satker 409999 tidak ada di peta satker"},
		{"another KPPN's satker", "501111 admin", "Satker 501111 terdaftar pada KPPN 071, bukan KPPN 070"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newKPPNRoom(t)
			text := r.replyText(r.cmd(budi, "set", tt.args))
			mustContain(t, text, tt.want)
			if len(r.tx.stageSets) != 0 {
				t.Errorf("stage set on bad input: %v", r.tx.stageSets)
			}
		})
	}
}

func TestKPPNStageAliases(t *testing.T) {
	for in, want := range map[string]string{"1": StageAdmin, "ADMIN": StageAdmin, "pengguna": StageUsers,
		"users": StageUsers, "3": StageVendor, "tx": StageTx, "transaksi": StageTx} {
		if got, ok := kppnStage(in); !ok || got != want {
			t.Errorf("kppnStage(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "0", "5", "bendahara"} {
		if got, ok := kppnStage(in); ok {
			t.Errorf("kppnStage(%q) = %q, want unknown", in, got)
		}
	}
}

func TestKPPNRupiah(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1.000", 1250000: "1.250.000", -45000: "-45.000"} {
		if got := FormatCount(n); got != want {
			t.Errorf("FormatCount(%d) = %q, want %q", n, got, want)
		}
	}
}
