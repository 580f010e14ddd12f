package conversation

import (
	"strings"
	"testing"
	"time"
)

// The officers' help-desk commands in the staff group.

func TestTicketListCommand(t *testing.T) {
	d := newDesk(t)
	mustContain(t, only(t, d.command(budi, "tiket", "", 0, 0)).Text, "Tidak ada tiket yang terbuka.")

	wib := func(day, hour int) time.Time { return time.Date(2026, 3, day, hour, 0, 0, 0, wib()) }
	// Created in this order; the store lists them by deadline.
	older := d.seed(Ticket{ChatID: 801, UserID: 801, UserName: "Andi", Category: "Lainnya", SatkerCode: "401111",
		CreatedAt: wib(2, 7), Deadline: wib(6, 16)})
	middle := d.seed(Ticket{ChatID: 802, UserID: 802, UserName: "Beni <B>", Category: "Proses transaksi",
		CreatedAt: wib(2, 8), Deadline: wib(5, 16), Status: TicketBank, BankName: "BRI"})
	late := d.seed(Ticket{ChatID: 803, UserID: 803, UserName: "Cici", Category: "Kendala aplikasi",
		CreatedAt: wib(2, 9), Deadline: wib(3, 16), Status: TicketTaken})
	closed := d.seed(Ticket{ChatID: 804, UserID: 804, UserName: "Dodi", Category: "Lainnya",
		CreatedAt: wib(2, 6), Deadline: wib(3, 16)})
	d.tx.tickets[closed.ID].Status = TicketClosed

	d.at(wib(4, 10)) // Wednesday 10.00: only the late one is overdue
	o := only(t, d.command(budi, "tiket", "", 0, 0))
	if o.ReplyTo != int(d.room.nextID) {
		t.Errorf("not a reply: %+v", o)
	}
	lines := strings.Split(o.Text, "\n")
	if lines[0] != "<b>Tiket terbuka: 3</b> (lewat tenggat: 1)" {
		t.Errorf("head %q", lines[0])
	}
	var order []string
	for _, l := range lines[1:] {
		if !strings.HasPrefix(l, " ") {
			order = append(order, l)
		}
	}
	want := []string{
		"🔴 <b>" + late.Number + "</b> · Kendala aplikasi · -",
		"🟡 <b>" + older.Number + "</b> · Lainnya · 401111",
		"⏳ <b>" + middle.Number + "</b> · Proses transaksi · -",
	}
	if strings.Join(order, "\n") != strings.Join(want, "\n") {
		t.Errorf("order\n%s\nwant\n%s", strings.Join(order, "\n"), strings.Join(want, "\n"))
	}
	mustContain(t, o.Text, "Cici · umur 2 hari · tenggat Selasa, 3 Maret 2026 pukul 16.00 WIB", "Beni &lt;B&gt;",
		"Andi · umur 2 hari")
	if strings.Contains(o.Text, closed.Number) {
		t.Errorf("closed ticket listed:\n%s", o.Text)
	}
}

func TestTicketPoskoCommand(t *testing.T) {
	d := newDesk(t)
	// Before this month (28 February 23.00 WIB) and in it (1 March 03.00 WIB).
	d.tx.visits = []PoskoVisit{
		{ID: 1, SatkerCode: "401111", Topic: "lama", At: time.Date(2026, 2, 28, 16, 0, 0, 0, time.UTC)},
		{ID: 2, SatkerCode: "401111", Topic: "awal bulan", At: time.Date(2026, 2, 28, 20, 0, 0, 0, time.UTC)},
	}

	o := only(t, d.command(ani, "posko", "409876   registrasi  admin satker", 0, 0))
	mustContain(t, o.Text, "Asistensi tatap muka #3 tercatat: satker 409876 "+tkSatkerName+", topik: registrasi admin satker.",
		"Bulan ini: 2 asistensi tatap muka")
	v := d.tx.visits[2]
	if v.SatkerCode != "409876" || v.SatkerName != tkSatkerName || v.Topic != "registrasi admin satker" || v.By.UserID != ani.id ||
		v.By.Name != ani.name || !v.At.Equal(mon10) {
		t.Errorf("stored %+v", v)
	}

	o = only(t, d.command(budi, "posko", "409999 input vendor", 0, 0))
	mustContain(t, o.Text, "satker 409999 (belum ada di peta satker)", "Bulan ini: 3")
	if d.tx.visits[3].SatkerName != "" {
		t.Errorf("unmapped satker named %q", d.tx.visits[3].SatkerName)
	}

	tests := []struct{ args, want string }{
		{"", "Format: <code>/posko kode_satker topik</code>"},
		{"12345 registrasi", "Kode satker harus 6 digit angka; Anda mengirim 5 digit."},
		{"40987X registrasi", "Kode satker hanya boleh berisi angka"},
		{"409876", "Topik asistensi terlalu pendek."},
		{"409876 ab", "Topik asistensi terlalu pendek."},
	}
	for _, tc := range tests {
		mustContain(t, only(t, d.command(budi, "posko", tc.args, 0, 0)).Text, tc.want)
	}
	if len(d.tx.visits) != 4 {
		t.Errorf("%d visits stored, want 4", len(d.tx.visits))
	}
	if out := d.command(mallo, "posko", "409876 registrasi", 0, 0); len(d.tx.visits) != 4 || !strings.Contains(only(t, out).Text, textTicketNotStaff) {
		t.Errorf("a non-member recorded a visit: %s", dump(out))
	}
}

func TestTicketNoteCommand(t *testing.T) {
	tests := []struct {
		name     string
		forum    bool
		args     string
		reply    int
		thread   int
		wantNote string // "" when no note is stored
		wantText string
	}{
		{"in the topic", true, "Sudah cek mutasi, tunggu bank", topicMsg, topicMsg, "Sudah cek mutasi, tunggu bank", "Catatan internal untuk TKT-000041 disimpan"},
		{"as a reply to the card", false, "Penanya sudah ditelepon", cardMessage, 0, "Penanya sudah ditelepon", "Catatan internal untuk TKT-000041 disimpan"},
		{"with the number", false, "tkt-41 Cek ulang besok", 0, 0, "Cek ulang besok", "Catatan internal untuk TKT-000041 disimpan"},
		{"with the number on its own line", false, "TKT-000041\nCek SPM", 0, 0, "Cek SPM", "Catatan internal untuk TKT-000041 disimpan"},
		{"number wins over the reply", false, "TKT-000041 catatan", 6100, 0, "catatan", "TKT-000041"},
		{"no text", false, "TKT-000041", 0, 0, "", "Format: <code>/catatan teks</code>"},
		{"no ticket", false, "catatan lepas", 0, 0, "", "Tiket tidak dikenali."},
		{"unknown number", false, "TKT-000099 x", 0, 0, "", "Tiket TKT-000099 tidak ditemukan."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var d *desk
			if tc.forum {
				d = newDesk(t, forum)
			} else {
				d = newDesk(t)
			}
			d.open("Proses transaksi", "")
			d.delivered(testGroup, topicMsg, TicketTopicRef(41))
			out := d.command(ani, "catatan", tc.args, tc.reply, tc.thread)
			o := only(t, out)
			if o.ChatID != testGroup || o.ThreadID != tc.thread {
				t.Errorf("answer to %d thread %d", o.ChatID, o.ThreadID)
			}
			mustContain(t, o.Text, tc.wantText)
			notes := d.messagesOf(41, TicketNote)
			if tc.wantNote == "" {
				if len(notes) != 0 {
					t.Errorf("stored %+v", notes)
				}
				return
			}
			if len(notes) != 1 || notes[0].Text != tc.wantNote || notes[0].UserID != ani.id || notes[0].ChatID != testGroup {
				t.Fatalf("stored %+v", notes)
			}
			if len(d.messagesOf(41, TicketOut)) != 0 {
				t.Error("the note counts as sent to the asker")
			}
			// A reply to the note finds the ticket (and reaches the asker).
			if got := to(d.officerSays(budi, "Setuju", notes[0].MessageID, tc.thread), testUser); len(got) != 1 {
				t.Errorf("reply to the note not relayed: %s", dump(got))
			}
		})
	}
}

func TestTicketBanCommand(t *testing.T) {
	d := newDesk(t)
	d.open("Proses transaksi", "")

	o := only(t, d.command(budi, "blokir", "TKT-000041 kirim pesan kasar berulang kali", 0, 0))
	mustContain(t, o.Text, "Penanya tiket TKT-000041 (Siti &lt;Aminah&gt;) tidak dapat lagi meminta bantuan", "/bukablokir TKT-000041")
	if !d.tx.banned[testUser] {
		t.Fatal("not banned")
	}

	out := d.asker.text("Halo?")
	mustContain(t, only(t, out).Text, "layanan bantuan melalui chat untuk akun Anda sedang dihentikan")
	if len(to(out, testGroup)) != 0 || len(d.messagesOf(41, TicketIn)) != 0 {
		t.Errorf("a banned asker's message was relayed: %s", dump(out))
	}
	mustContain(t, only(t, d.asker.cmd("bantuan", "")).Text, "sedang dihentikan")

	// As a reply to the card.
	o = only(t, d.command(budi, "bukablokir", "", cardMessage, 0))
	mustContain(t, o.Text, "Penanya tiket TKT-000041 (Siti &lt;Aminah&gt;) dapat kembali meminta bantuan")
	if d.tx.banned[testUser] {
		t.Fatal("still banned")
	}
	if got := to(d.asker.text("Terima kasih, Pak"), testGroup); len(got) != 1 {
		t.Errorf("not relayed after unban: %s", dump(got))
	}

	// Without a ticket to name.
	mustContain(t, only(t, d.command(budi, "blokir", "", 0, 0)).Text, "Tiket tidak dikenali.")
}

func TestTicketCommandsNeedStaff(t *testing.T) {
	for _, cmd := range []string{"tiket", "posko", "catatan", "eskalasi", "blokir", "bukablokir"} {
		t.Run(cmd, func(t *testing.T) {
			d := newDesk(t)
			d.open("Proses transaksi", "")
			out := d.command(mallo, cmd, "TKT-000041 409876 a, b", 0, 0)
			if o := only(t, out); o.Text != textTicketNotStaff || o.ChatID != testGroup {
				t.Errorf("non-member: %s", dump(out))
			}
			if d.tx.banned[testUser] || len(d.tx.visits) != 0 || len(d.tx.messages) != 0 || d.ticket(41).Status != TicketOpen {
				t.Error("a non-member changed something")
			}

			// In another group the commands are for the staff group only.
			d.room.chatID = -100777
			if out := d.command(budi, cmd, "TKT-000041", 0, 0); len(out) != 0 {
				t.Errorf("unaddressed command in another group answered: %s", dump(out))
			}
			out = d.officer(budi, Update{Kind: KindCommand, Command: cmd, Args: "TKT-000041", Addressed: true})
			if o := only(t, out); o.Text != textTicketNotStaff {
				t.Errorf("addressed command in another group: %s", dump(out))
			}
			if d.tx.banned[testUser] || len(d.tx.visits) != 0 {
				t.Error("a command in another group changed something")
			}
		})
	}
}
