package conversation

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// buttonData lists the callback data of o's buttons, row by row.
func buttonData(o Outgoing) []string {
	var d []string
	for _, row := range o.Buttons {
		for _, b := range row {
			d = append(d, b.Data)
		}
	}
	return d
}

// inOrder fails unless the texts appear in text in this order.
func inOrder(t *testing.T, text string, want ...string) {
	t.Helper()
	at := -1
	for _, w := range want {
		i := strings.Index(text, w)
		if i < 0 || i < at {
			t.Errorf("%q missing or out of order in:\n%s", w, text)
			return
		}
		at = i
	}
}

func TestBelumDefault(t *testing.T) {
	r := newKPPNRoom(t)
	o := only(t, r.cmd(budi, "belum", ""))
	// Counts per stage: admin 409877; pengguna 409877 409876; vendor and
	// transaksi 409877 409879 409876. Then the list of the first stage.
	mustContain(t, o.Text, "KPPN 070",
		"Belum Admin satker aktif: 1 satker", "Belum 5 user satker dibuat: 2 satker",
		"Belum Vendor terdaftar: 3 satker", "Belum Transaksi melalui Digipay: 3 satker",
		"<b>Belum Admin satker aktif: 1 satker</b>",
		"1. <b>409877</b> PENGADILAN AGAMA LUBUKLINGGAU\n    PIC: Joko · +6281298765432 · kontak terakhir: belum pernah")
	if strings.Contains(o.Text, "2. ") || strings.Contains(o.Text, "501111") {
		t.Errorf("the list holds more than the admin stage's satker of KPPN 070:\n%s", o.Text)
	}
	if want := []string{"k:409877:admin:r", "k:409877:admin:f"}; !slices.Equal(buttonData(o), want) {
		t.Errorf("buttons %v, want %v", buttonData(o), want)
	}
	if want := []string{"🔔 Ingatkan 409877", "📝 Catat tindak lanjut"}; !slices.Equal(labels(o), want) {
		t.Errorf("labels %v, want %v", labels(o), want)
	}
}

func TestBelumStageOldestFirst(t *testing.T) {
	r := newKPPNRoom(t)
	for _, arg := range []string{"vendor", "3"} {
		o := only(t, r.cmd(budi, "belum", arg))
		mustContain(t, o.Text, "<b>Belum Vendor terdaftar: 3 satker</b>", "kontak terakhir: 27 Feb 2026")
		inOrder(t, o.Text, "1. <b>409877</b>", "2. <b>409879</b>", "3. <b>409876</b>")
		want := []string{"k:409877:vendor:r", "k:409877:vendor:f", "k:409879:vendor:r", "k:409879:vendor:f",
			"k:409876:vendor:r", "k:409876:vendor:f"}
		if !slices.Equal(buttonData(o), want) {
			t.Errorf("buttons %v, want %v", buttonData(o), want)
		}
		if strings.Contains(o.Text, "Belum Admin") {
			t.Errorf("/belum %s shows the counts of every stage:\n%s", arg, o.Text)
		}
	}
	mustContain(t, r.replyText(r.cmd(budi, "belum", "bendahara")), "Tahap “bendahara” tidak dikenal.", "Format")
}

func TestBelumNobodyLagging(t *testing.T) {
	r := newKPPNRoom(t)
	for _, p := range r.tx.satkerMap {
		p.AdminAt, p.UsersAt, p.VendorAt, p.TxAt = t0, t0, t0, t0
	}
	mustContain(t, r.replyText(r.cmd(budi, "belum", "")), "sudah mencapai semua tahap")
	mustContain(t, r.replyText(r.cmd(budi, "belum", "transaksi")), "Tidak ada satker KPPN 070 yang belum mencapai tahap <b>Transaksi")
}

func TestBelumLongList(t *testing.T) {
	r := newKPPNRoom(t)
	long := strings.Repeat("SATKER DENGAN NAMA SANGAT PANJANG & RUMIT <X> ", 5)
	for i := range 25 {
		r.tx.addSatker(SatkerProgress{Code: fmt.Sprintf("7%05d", i), Name: long, KPPNCode: "070",
			ContactName: strings.Repeat("Nama PIC Panjang ", 5), ContactPhone: "+6281234567890",
			AdminAt: t0, UsersAt: t0, LastContactAt: t0, CreatedAt: t0.Add(time.Duration(i) * time.Hour)})
	}
	o := only(t, r.cmd(budi, "belum", "transaksi")) // checkOut holds it to 4096 characters
	mustContain(t, o.Text, "Belum Transaksi melalui Digipay: 28 satker", "20. <b>700016</b>", "… dan 8 satker lainnya")
	if n := len(o.Buttons); n != lagListMax {
		t.Errorf("%d button rows, want %d", n, lagListMax)
	}
}

func TestIngatkanReachesLinkedChats(t *testing.T) {
	r := newKPPNRoom(t)
	r.tx.satkerLinks = []SatkerLink{
		{SatkerCode: "409876", ChatID: 81001, Role: RoleAdmin, Via: ViaRegistration},
		{SatkerCode: "409876", ChatID: 81002, Role: RolePP, Via: ViaInvitation},
		{SatkerCode: "409876", ChatID: 81001, Role: RolePPK, Via: ViaInvitation}, // the admin holds two roles
		{SatkerCode: "409877", ChatID: 81003, Role: RoleAdmin, Via: ViaOfficer},
	}
	out := r.press(budi, "k:409876:vendor:r", 600)
	if got := alertText(t, out); got != "Pengingat tahap vendor dikirim ke 2 chat satker 409876." {
		t.Errorf("alert %q", got)
	}
	var chats []int64
	for _, o := range sends(out) {
		chats = append(chats, o.ChatID)
		mustContain(t, o.Text, "Pengingat dari KPPN 070", "409876", "belum mendaftarkan <b>vendor</b>",
			"Langkah berikutnya: Pejabat Pengadaan", "Butuh bantuan? ketik /bantuan")
	}
	if !slices.Equal(chats, []int64{81001, 81002}) {
		t.Errorf("reminder sent to %v, want [81001 81002]", chats)
	}
	if want := []string{"409876: pengingat vendor dikirim"}; !slices.Equal(r.tx.followUps, want) {
		t.Errorf("follow-ups %v, want %v", r.tx.followUps, want)
	}

	t.Run("each stage has its own next step", func(t *testing.T) {
		for stage, want := range map[string]string{
			StageUsers: "mendaftarkan kelima user", StageTx: "buat pesanan pertama",
		} {
			out := r.press(ani, "k:409876:"+stage+":r", 600)
			mustContain(t, sends(out)[0].Text, want)
		}
		out := r.press(ani, "k:409877:admin:r", 600)
		mustContain(t, sends(out)[0].Text, "User Admin Digipay", "/daftar")
	})
	t.Run("nobody linked: follow up by phone", func(t *testing.T) {
		r.tx.followUps = nil
		out := r.press(budi, "k:409879:vendor:r", 600)
		if len(sends(out)) != 0 {
			t.Errorf("reminder sent to nobody: %s", dump(out))
		}
		mustContain(t, alertText(t, out), "Belum ada chat yang terhubung dengan satker 409879", "telepon")
		if len(r.tx.followUps) != 0 {
			t.Errorf("a reminder nobody got was recorded: %v", r.tx.followUps)
		}
	})
	t.Run("stage reached meanwhile", func(t *testing.T) {
		out := r.press(budi, "k:409878:vendor:r", 600)
		mustContain(t, alertText(t, out), "sudah mencapai tahap Vendor terdaftar")
		if len(sends(out)) != 0 {
			t.Errorf("reminder sent for a reached stage: %s", dump(out))
		}
	})
	t.Run("another KPPN's satker, or gone", func(t *testing.T) {
		mustContain(t, alertText(t, r.press(budi, "k:501111:admin:r", 600)), "bukan KPPN 070")
		mustContain(t, alertText(t, r.press(budi, "k:409000:admin:r", 600)), "sudah tidak ada di peta")
	})
	t.Run("a malformed press is stale", func(t *testing.T) {
		for _, data := range []string{"k:409876:vendor", "k:409876:3:r", "k:40987:vendor:r", "k:409876:vendor:x"} {
			out := r.press(budi, data, 600)
			if len(out) != 1 || out[0].Text != textStale {
				t.Errorf("%s: %s", data, dump(out))
			}
		}
	})
}

func TestCatatTindakLanjut(t *testing.T) {
	r := newKPPNRoom(t)
	out := r.press(ani, "k:409877:pengguna:f", 600)
	if out[0].Kind != OutAnswer || out[0].Alert {
		t.Fatalf("want a toast first: %s", dump(out))
	}
	prompt := only(t, sends(out))
	mustContain(t, prompt.Text, "Tindak lanjut 409877 (tahap pengguna): balas pesan ini", "PENGADILAN AGAMA", "Joko", "+6281298765432")
	first, _, _ := strings.Cut(plain(prompt.Text), "\n")

	reply := func(who officerT, text string) []Outgoing {
		return r.must(r.handle(who, Update{Kind: KindText, Text: text, ReplyToMessageID: 7000, ReplyToText: first, ReplyToBot: true}))
	}
	mustContain(t, r.replyText(reply(mallo, "sudah saya telepon")), textKPPNNotStaff)
	mustContain(t, r.replyText(reply(budi, "ok")), "minimal 3 karakter")
	mustContain(t, r.replyText(reply(budi, strings.Repeat("x", 1001))), "maksimal 1000 karakter; Anda mengirim 1001")
	if len(r.tx.followUps) != 0 {
		t.Fatalf("stored before a valid note: %v", r.tx.followUps)
	}
	note := "Telepon Pak Joko: admin sudah membuat 3 user, sisanya minggu ini."
	mustContain(t, r.replyText(reply(budi, "  "+note+" ")), "Tindak lanjut satker 409877 PENGADILAN AGAMA LUBUKLINGGAU tercatat")
	if want := []string{"409877: " + note}; !slices.Equal(r.tx.followUps, want) {
		t.Errorf("follow-ups %v, want %v", r.tx.followUps, want)
	}

	t.Run("other replies are not notes", func(t *testing.T) {
		r.tx.followUps = nil
		for _, replyTo := range []string{"", "Tindak lanjut 409877 sudah dilakukan kemarin", "Laporan sedang disiapkan…"} {
			r.must(r.handle(budi, Update{Kind: KindText, Text: "catatan lain", ReplyToMessageID: 7001, ReplyToText: replyTo}))
		}
		if len(r.tx.followUps) != 0 {
			t.Errorf("stored from another reply: %v", r.tx.followUps)
		}
	})
	t.Run("in a group of no KPPN it is not handled", func(t *testing.T) {
		handled, err := r.e.kppnReply(&turn{ctx: t.Context(), tx: r.tx, now: t0,
			u: Update{ChatID: -1005555, ChatType: ChatSupergroup, Kind: KindText, Text: "catatan", ReplyToText: first}})
		if err != nil || handled {
			t.Errorf("kppnReply in a stranger group: %v %v", handled, err)
		}
	})
}

func TestBelumStaysInOneMessage(t *testing.T) {
	r := newKPPNRoom(t)
	worst := strings.Repeat("&", 60) // every character escaped to five
	for i := range 20 {
		r.tx.addSatker(SatkerProgress{Code: fmt.Sprintf("8%05d", i), Name: worst, KPPNCode: "070",
			ContactName: worst, CreatedAt: t0.Add(time.Duration(i) * time.Hour)})
	}
	o := only(t, r.cmd(budi, "belum", "")) // checkOut holds it to 4096 characters
	mustContain(t, o.Text, "Belum Admin satker aktif: 21 satker", "satker lainnya")
	shown := strings.Count(o.Text, "\n    PIC: ")
	if shown == 0 || shown >= 21 || len(o.Buttons) != shown {
		t.Errorf("%d satker shown with %d button rows", shown, len(o.Buttons))
	}
	mustContain(t, o.Text, fmt.Sprintf("… dan %d satker lainnya", 21-shown))
}

func TestIngatkanNotTwiceInARow(t *testing.T) {
	r := newKPPNRoom(t)
	r.tx.satkerLinks = []SatkerLink{{SatkerCode: "409876", ChatID: 81001, Role: RoleAdmin, Via: ViaRegistration}}
	r.tx.satkerMap["409876"].LastContactAt = r.now.Add(-5 * time.Minute)
	out := r.press(ani, "k:409876:vendor:r", 600)
	if len(sends(out)) != 0 || !strings.Contains(alertText(t, out), "baru saja dihubungi") {
		t.Errorf("a second reminder minutes after the first: %s", dump(out))
	}
	r.tx.satkerMap["409876"].LastContactAt = r.now.Add(-time.Hour)
	if out := r.press(ani, "k:409876:vendor:r", 600); len(sends(out)) != 1 {
		t.Errorf("a reminder an hour after the last contact was not sent: %s", dump(out))
	}
}
