package conversation

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// The asker's side of the help desk: /bantuan, the receipt, the card the
// staff group receives, and what happens to a second /bantuan.

func TestTicketOpenStepByStep(t *testing.T) {
	d := newDesk(t)
	c := d.asker

	out := c.cmd("bantuan", "")
	q := only(t, out)
	mustContain(t, q.Text, "<b>Permintaan bantuan</b>", "(1/4) Kategori", "Bantuan apa yang Anda perlukan?")
	if !hasLabels(q, "Registrasi admin satker", "Input/undang vendor", "Proses transaksi", "Kendala aplikasi", "Lainnya", "Batalkan") {
		t.Errorf("category buttons %v", labels(q))
	}

	q = only(t, to(c.pressLabel(out, "Proses transaksi"), testUser))
	mustContain(t, q.Text, "(2/4) Kode satker", "kode satker")
	if b, ok := findButton([]Outgoing{q}, textSkip); !ok || b.Data == "" {
		t.Errorf("the satker may be skipped: %v", labels(q))
	}

	q = only(t, c.text("12345"))
	mustContain(t, q.Text, "Kode satker harus 6 digit angka; Anda mengirim 5 digit.", "(2/4) Kode satker")
	if c.st.Form == nil || c.st.Form.Step != 1 {
		t.Fatalf("after a bad code the satker is asked again, state %+v", c.st.Form)
	}

	q = only(t, c.text("409 876"))
	mustContain(t, q.Text, "Satker 409876: "+tkSatkerName+".", "(3/4) Uraian")
	q = only(t, c.text("error"))
	mustContain(t, q.Text, "(3/4) Uraian")
	if c.st.Form.Step != 2 {
		t.Errorf("a 5-character description is re-asked, step %d", c.st.Form.Step)
	}
	q = only(t, c.text(tkProblem))
	mustContain(t, q.Text, "(4/4) Lampiran")

	// An album of two photos is one answer: its first page moves on to the
	// summary, the second is added silently.
	summary := only(t, c.file(KindPhoto, File{ID: "shot-1", Photo: true}, "album-7"))
	mustContain(t, summary.Text, "Periksa kembali permintaan bantuan Anda", "Proses transaksi", "409876 ("+tkSatkerName+")", tkProblem)
	if page := c.file(KindPhoto, File{ID: "shot-2", Photo: true}, "album-7"); len(page) != 0 {
		t.Errorf("the album's second page is answered: %s", dump(page))
	}
	if got := fileIDs(c.st.Form.Answers[ticketFiles].Files); !slices.Equal(got, []string{"shot-1", "shot-2"}) {
		t.Errorf("attachments %v, want both pages", got)
	}
	if len(d.tx.tickets) != 0 {
		t.Fatal("a ticket was stored before Kirim")
	}

	out = c.pressLabel([]Outgoing{summary}, textSend)
	if len(out) != 4 {
		t.Fatalf("want answer, receipt, card, album: %s", dump(out))
	}
	receipt := out[1]
	if receipt.Kind != OutSend || receipt.ChatID != testUser {
		t.Errorf("receipt %s to %d", receipt.Kind, receipt.ChatID)
	}
	mustContain(t, receipt.Text, "<b>TKT-000041</b>", "paling lambat <b>Selasa, 3 Maret 2026 pukul 16.00 WIB</b>")
	if strings.Contains(receipt.Text, "di luar jam layanan") {
		t.Errorf("receipt in office hours speaks of closed hours:\n%s", receipt.Text)
	}
	if b, ok := findButton([]Outgoing{receipt}, "Masalah selesai"); !ok || b.Data != "t:41:close" {
		t.Errorf("receipt buttons %v (%q)", labels(receipt), b.Data)
	}

	card := out[2]
	if card.Kind != OutSend || card.ChatID != testGroup || card.Ref != "ticket:41:card" || card.ThreadRef != "" {
		t.Errorf("card %s to %d ref %q thread %q", card.Kind, card.ChatID, card.Ref, card.ThreadRef)
	}
	mustContain(t, card.Text, "🆘 <b>Tiket TKT-000041</b> · Proses transaksi", "Satker: 409876 "+tkSatkerName,
		"Penanya: Siti &lt;Aminah&gt; (@siti_a) · ID 5550001", "Dibuka: Senin, 2 Maret 2026 pukul 10.00 WIB",
		"Tenggat: Selasa, 3 Maret 2026 pukul 16.00 WIB", tkProblem, "Lampiran: 2 berkas",
		"Status: menunggu petugas.", "Balas (reply) pesan tiket ini")
	if !hasLabels(card, "Ambil", "Eskalasi bank", "Selesai") {
		t.Errorf("card buttons %v", labels(card))
	}
	for label, data := range map[string]string{"Ambil": "t:41:take", "Eskalasi bank": "t:41:bank", "Selesai": "t:41:done"} {
		if b, _ := findButton([]Outgoing{card}, label); b.Data != data {
			t.Errorf("%s data %q, want %q", label, b.Data, data)
		}
	}
	album := out[3]
	if album.Kind != OutMediaGroup || album.ChatID != testGroup || !slices.Equal(fileIDs(album.Files), []string{"shot-1", "shot-2"}) ||
		album.Ref != "ticket:41:files" || !strings.Contains(album.Text, "Lampiran tiket TKT-000041") {
		t.Errorf("attachments %s %v ref %q %q", album.Kind, fileIDs(album.Files), album.Ref, album.Text)
	}

	if c.st.Form != nil || c.st.Ticket != 41 || !c.st.Requests {
		t.Errorf("state after Kirim: form %v, ticket %d, requests %v", c.st.Form, c.st.Ticket, c.st.Requests)
	}
	tk := d.ticket(41)
	want := Ticket{ID: 41, Number: "TKT-000041", ChatID: testUser, UserID: testUser, UserName: "Siti <Aminah>", Username: "siti_a",
		SatkerCode: tkSatker, SatkerName: tkSatkerName, Category: "Proses transaksi", Text: tkProblem, Status: TicketOpen,
		Deadline: time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC), CreatedAt: mon10, UpdatedAt: mon10}
	got := tk
	got.Files = nil
	if !got.Deadline.Equal(want.Deadline) {
		t.Errorf("deadline %v, want %v", got.Deadline, want.Deadline)
	}
	got.Deadline = want.Deadline
	if !reflect.DeepEqual(got, want) {
		t.Errorf("stored\n%+v\nwant\n%+v", got, want)
	}
	if !slices.Equal(fileIDs(tk.Files), []string{"shot-1", "shot-2"}) {
		t.Errorf("stored files %v", fileIDs(tk.Files))
	}
}

func TestTicketSatker(t *testing.T) {
	tests := []struct {
		name      string
		link      *[2]string // the chat's linked satker
		typed     string     // "" skips the question
		wantAsked bool
		code, sat string
		cardLines []string
		notOnCard []string
	}{
		{name: "linked chat", link: &[2]string{"409876", tkSatkerName}, code: "409876", sat: tkSatkerName,
			cardLines: []string{"Satker: 409876 " + tkSatkerName}, notOnCard: []string{"belum ada di peta"}},
		{name: "linked to an unmapped satker", link: &[2]string{"401234", ""}, code: "401234",
			cardLines: []string{"Satker: 401234", "Kode satker belum ada di peta satker KPPN"}},
		{name: "typed, mapped", typed: "409876", wantAsked: true, code: "409876", sat: tkSatkerName,
			cardLines: []string{"Satker: 409876 " + tkSatkerName}, notOnCard: []string{"belum ada di peta"}},
		{name: "typed, unmapped", typed: "409999", wantAsked: true, code: "409999",
			cardLines: []string{"Satker: 409999", "Kode satker belum ada di peta satker KPPN"}},
		{name: "skipped (a vendor)", wantAsked: true, cardLines: []string{"Satker: - (tidak disebutkan)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := newDesk(t)
			if tc.link != nil {
				d.tx.links = map[int64][2]string{testUser: *tc.link}
			}
			q := only(t, to(d.asker.pressLabel(d.asker.cmd("bantuan", ""), "Kendala aplikasi"), testUser))
			if asked := strings.Contains(q.Text, "Kode satker"); asked != tc.wantAsked {
				t.Fatalf("satker asked = %v, want %v:\n%s", asked, tc.wantAsked, q.Text)
			}
			if !tc.wantAsked {
				mustContain(t, q.Text, "(2/3) Uraian")
			}
			if tc.wantAsked && tc.typed != "" {
				d.asker.text(tc.typed)
			} else if tc.wantAsked {
				d.asker.pressLabel([]Outgoing{q}, textSkip)
			}
			summary := only(t, to(d.asker.pressLabel(d.asker.text(tkProblem), textSkip), testUser))
			if strings.Contains(summary.Text, "Kode satker") != tc.wantAsked {
				t.Errorf("summary shows the satker: %v, want %v:\n%s", !tc.wantAsked, tc.wantAsked, summary.Text)
			}
			out := d.asker.pressLabel([]Outgoing{summary}, textSend)
			tk := d.ticket(41)
			if tk.SatkerCode != tc.code || tk.SatkerName != tc.sat {
				t.Errorf("stored satker %q %q, want %q %q", tk.SatkerCode, tk.SatkerName, tc.code, tc.sat)
			}
			cards := withText(to(out, testGroup), "🆘")
			if len(cards) != 1 {
				t.Fatalf("want one card: %s", dump(out))
			}
			mustContain(t, cards[0].Text, tc.cardLines...)
			for _, s := range tc.notOnCard {
				if strings.Contains(cards[0].Text, s) {
					t.Errorf("card has %q:\n%s", s, cards[0].Text)
				}
			}
			if len(to(out, testGroup)) != 1 {
				t.Errorf("no attachments, want the card alone: %s", dump(out))
			}
		})
	}
}

func TestTicketReceiptOutsideOfficeHours(t *testing.T) {
	tests := []struct {
		name     string
		at       time.Time
		deadline string
		opening  string // "" in office hours
	}{
		{"Monday 10.00", mon10, "Selasa, 3 Maret 2026 pukul 16.00 WIB", ""},
		{"Monday 07.00, before opening", time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC),
			"Senin, 2 Maret 2026 pukul 16.00 WIB", "Senin, 2 Maret 2026 pukul 07.30 WIB"},
		{"Monday 16.00, at closing", t0, "Selasa, 3 Maret 2026 pukul 16.00 WIB", "Selasa, 3 Maret 2026 pukul 07.30 WIB"},
		{"Monday evening", mon17, "Selasa, 3 Maret 2026 pukul 16.00 WIB", "Selasa, 3 Maret 2026 pukul 07.30 WIB"},
		{"Sunday evening", sun20, "Senin, 2 Maret 2026 pukul 16.00 WIB", "Senin, 2 Maret 2026 pukul 07.30 WIB"},
		{"Friday evening", time.Date(2026, 3, 6, 12, 0, 0, 0, time.UTC),
			"Senin, 9 Maret 2026 pukul 16.00 WIB", "Senin, 9 Maret 2026 pukul 07.30 WIB"},
		{"eve of the Idul Fitri holidays", time.Date(2026, 3, 17, 10, 0, 0, 0, time.UTC),
			"Rabu, 25 Maret 2026 pukul 16.00 WIB", "Rabu, 25 Maret 2026 pukul 07.30 WIB"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := newDesk(t)
			d.at(tc.at)
			out, _ := d.open("Lainnya", "")
			receipts := withText(to(out, testUser), "TKT-000041")
			if len(receipts) != 1 {
				t.Fatalf("want one receipt: %s", dump(out))
			}
			text := receipts[0].Text
			mustContain(t, text, "paling lambat <b>"+tc.deadline+"</b>")
			if tc.opening == "" {
				if strings.Contains(text, "di luar jam layanan") {
					t.Errorf("in office hours:\n%s", text)
				}
				return
			}
			mustContain(t, text, "di luar jam layanan KPPN", "mulai menanggapi pada <b>"+tc.opening+"</b>")
		})
	}
}

func TestTicketSecondBantuan(t *testing.T) {
	for _, via := range []string{"command", "menu"} {
		t.Run(via, func(t *testing.T) {
			d := newDesk(t)
			d.open("Proses transaksi", "")
			var out []Outgoing
			if via == "command" {
				out = d.asker.cmd("bantuan", "")
			} else {
				out = d.asker.press(dataMenu + keyTicket)[1:]
			}
			msg := only(t, out)
			mustContain(t, msg.Text, "Anda masih memiliki tiket <b>TKT-000041</b> (Proses transaksi)", "Tulis saja pesan Anda di sini")
			if b, ok := findButton(out, "Masalah selesai"); !ok || b.Data != "t:41:close" {
				t.Errorf("buttons %v", labels(msg))
			}
			if d.asker.st.Form != nil || d.asker.st.Ticket != 41 {
				t.Errorf("no new form, ticket kept: form %v ticket %d", d.asker.st.Form, d.asker.st.Ticket)
			}
			if len(d.tx.tickets) != 1 {
				t.Errorf("%d tickets", len(d.tx.tickets))
			}
		})
	}
}

// A state that lost its ticket (expired in Redis) still finds the active one.
func TestTicketSecondBantuanAfterStateExpired(t *testing.T) {
	d := newDesk(t)
	d.open("Proses transaksi", "")
	d.asker.st = State{}
	mustContain(t, only(t, d.asker.cmd("bantuan", "")).Text, "Anda masih memiliki tiket <b>TKT-000041</b>")
	if d.asker.st.Ticket != 41 {
		t.Errorf("state ticket %d, want it found again", d.asker.st.Ticket)
	}
	// A message now goes into the ticket again.
	if got := to(d.asker.text("Halo, ada kabar?"), testGroup); len(got) != 1 {
		t.Errorf("follow-up not relayed: %s", dump(got))
	}
}

func TestTicketBannedUser(t *testing.T) {
	t.Run("no ticket", func(t *testing.T) {
		d := newDesk(t)
		d.tx.banned = map[int64]bool{testUser: true}
		msg := only(t, d.asker.cmd("bantuan", ""))
		mustContain(t, msg.Text, "Mohon maaf, layanan bantuan melalui chat untuk akun Anda sedang dihentikan")
		if d.asker.st.Form != nil || len(d.tx.tickets) != 0 {
			t.Errorf("banned user got a form %v or a ticket", d.asker.st.Form)
		}
	})
	t.Run("with an active ticket", func(t *testing.T) {
		d := newDesk(t)
		d.open("Proses transaksi", "")
		d.tx.banned = map[int64]bool{testUser: true}
		msg := only(t, d.asker.cmd("bantuan", ""))
		mustContain(t, msg.Text, "Mohon maaf, layanan bantuan melalui chat untuk akun Anda sedang dihentikan")
		if strings.Contains(msg.Text, "Tulis saja pesan Anda") {
			t.Errorf("a banned user is invited to write:\n%s", msg.Text)
		}
	})
}

func TestTicketStatus(t *testing.T) {
	d := newDesk(t)
	mustContain(t, only(t, d.asker.cmd("status", "")).Text, "Anda belum memiliki permintaan")

	d.open("Proses transaksi", "")
	d.asker.press("t:41:close")
	d.later(time.Hour)
	d.open("Kendala aplikasi", "409876")

	msg := only(t, d.asker.cmd("status", ""))
	mustContain(t, msg.Text, "<b>Tiket bantuan</b>", "<b>TKT-000042</b> · Kendala aplikasi\nStatus: menunggu petugas",
		"Tenggat layanan: Selasa, 3 Maret 2026 pukul 16.00 WIB", "<b>TKT-000041</b> · Proses transaksi\nStatus: selesai")
	if i, j := strings.Index(msg.Text, "TKT-000042"), strings.Index(msg.Text, "TKT-000041"); i > j {
		t.Errorf("newest first:\n%s", msg.Text)
	}
	if !hasLabels(msg, "Masalah selesai (TKT-000042)", "Menu utama") {
		t.Errorf("buttons %v, want Masalah selesai for the active ticket only", labels(msg))
	}
	if b, _ := findButton([]Outgoing{msg}, "Masalah selesai (TKT-000042)"); b.Data != "t:42:close" {
		t.Errorf("close data %q", b.Data)
	}
	if d.asker.st.Ticket != 42 {
		t.Errorf("state ticket %d", d.asker.st.Ticket)
	}

	// The button on /status closes the ticket.
	d.asker.pressLabel([]Outgoing{msg}, "Masalah selesai (TKT-000042)")
	if tk := d.ticket(42); tk.Status != TicketClosed || tk.ClosedBy != "penanya" {
		t.Errorf("ticket 42 %s by %q", tk.Status, tk.ClosedBy)
	}
}

func TestTicketAskerCloses(t *testing.T) {
	d := newDesk(t)
	out, _ := d.open("Proses transaksi", "")
	d.later(30 * time.Minute)

	out = d.asker.pressLabel(out, "Masalah selesai")
	if a := answerOf(t, out); a.Text != "" {
		t.Errorf("toast %q", a.Text)
	}
	asker := to(out, testUser)
	if len(asker) != 2 {
		t.Fatalf("want closed + rating question to the asker: %s", dump(out))
	}
	mustContain(t, asker[0].Text, "Tiket <b>TKT-000041</b> Anda tutup.")
	mustContain(t, asker[1].Text, "Bagaimana penilaian Anda atas layanan untuk tiket <b>TKT-000041</b>?")
	if !hasLabels(asker[1], "1 · Tidak puas", "2 · Kurang puas", "3 · Puas", "4 · Sangat puas") || len(asker[1].Buttons) != 2 {
		t.Errorf("rating buttons %v", asker[1].Buttons)
	}
	staff := to(out, testGroup)
	if len(staff) != 2 {
		t.Fatalf("want the card edited and a note to the staff: %s", dump(out))
	}
	if staff[0].Kind != OutEdit || staff[0].MessageID != cardMessage || len(staff[0].Buttons) != 0 {
		t.Errorf("card edit %s of %d buttons %v", staff[0].Kind, staff[0].MessageID, labels(staff[0]))
	}
	mustContain(t, staff[0].Text, "Status: ✅ selesai, ditutup oleh penanya pada Senin, 2 Maret 2026 pukul 10.30 WIB")
	mustContain(t, staff[1].Text, "✅ Tiket TKT-000041 ditutup oleh penanya.")

	tk := d.ticket(41)
	if tk.Status != TicketClosed || tk.ClosedBy != "penanya" || !tk.ClosedAt.Equal(mon10.Add(30*time.Minute)) {
		t.Errorf("stored %s by %q at %v", tk.Status, tk.ClosedBy, tk.ClosedAt)
	}
	if last := d.tx.changes[len(d.tx.changes)-1]; last.To != TicketClosed || last.By.UserID != testUser {
		t.Errorf("audit %+v", last)
	}
	if d.asker.st.Ticket != 0 {
		t.Errorf("state still holds ticket %d", d.asker.st.Ticket)
	}

	// Pressed again (an old receipt): already closed, nothing changes.
	again := d.asker.press("t:41:close")
	mustContain(t, only(t, to(again, testUser)).Text, "Tiket <b>TKT-000041</b> sudah ditutup.")
	if len(to(again, testGroup)) != 0 {
		t.Errorf("staff told twice: %s", dump(again))
	}

	// Someone else's ticket cannot be closed from this chat.
	other := d.seed(Ticket{ChatID: 777, UserID: 777, Category: "Lainnya"})
	d.asker.press(ticketData(other.ID, ticketClose))
	if d.ticket(other.ID).Status != TicketOpen {
		t.Error("another chat's ticket was closed")
	}

	// A plain message after closing is not relayed; the hint is shown.
	if got := to(d.asker.text("terima kasih"), testGroup); len(got) != 0 {
		t.Errorf("relayed after close: %s", dump(got))
	}
}

func TestTicketRating(t *testing.T) {
	tests := []struct {
		name  string
		close func(d *desk)
	}{
		{"closed by the officer", func(d *desk) { d.room.press(budi, "t:41:done", cardMessage) }},
		{"closed by the asker", func(d *desk) { d.asker.press("t:41:close") }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := newDesk(t)
			d.open("Proses transaksi", "")
			tc.close(d)
			d.later(time.Minute)

			out := d.asker.press("q:41:3")
			msg := only(t, to(out, testUser))
			mustContain(t, msg.Text, "Terima kasih atas penilaian Anda (3 · Puas).", "tulis saran atau komentar")
			if b, ok := findButton(out, "Lewati"); !ok || b.Data != "q:41:skip" {
				t.Errorf("skip button %v", labels(msg))
			}
			mustContain(t, only(t, to(out, testGroup)).Text, "⭐ Penilaian penanya untuk TKT-000041: 3 · Puas")
			if tk := d.ticket(41); tk.Rating != 3 || !tk.RatedAt.Equal(d.asker.now) {
				t.Errorf("stored rating %d at %v", tk.Rating, tk.RatedAt)
			}

			out = d.asker.text("Petugas cepat & jelas")
			mustContain(t, only(t, to(out, testUser)).Text, "komentar Anda sudah kami simpan")
			mustContain(t, only(t, to(out, testGroup)).Text, "3 · Puas", "Komentar: Petugas cepat &amp; jelas")
			if tk := d.ticket(41); tk.RatingComment != "Petugas cepat & jelas" {
				t.Errorf("stored comment %q", tk.RatingComment)
			}
			if d.asker.st.Rating != 0 || d.asker.st.Ticket != 0 {
				t.Errorf("state after the comment: rating %d ticket %d", d.asker.st.Rating, d.asker.st.Ticket)
			}

			out = d.asker.press("q:41:1")
			mustContain(t, only(t, to(out, testUser)).Text, "Tiket ini sudah Anda nilai.")
			if tk := d.ticket(41); tk.Rating != 3 {
				t.Errorf("rating changed to %d", tk.Rating)
			}
			if msgs := d.messagesOf(41, TicketIn); len(msgs) != 0 {
				t.Errorf("the comment went into the ticket: %+v", msgs)
			}
		})
	}
}

func TestTicketRatingSkipAndStale(t *testing.T) {
	d := newDesk(t)
	d.open("Proses transaksi", "")

	// Rating an open ticket is a stale press.
	out := d.asker.press("q:41:4")
	if a := answerOf(t, out); a.Text != textStale || len(out) != 1 {
		t.Errorf("rating an open ticket: %s", dump(out))
	}
	d.room.press(budi, "t:41:done", cardMessage)
	d.asker.press("q:41:4")
	out = d.asker.press("q:41:skip")
	mustContain(t, only(t, to(out, testUser)).Text, "Terima kasih. Ketik /menu")
	if d.asker.st.Rating != 0 {
		t.Errorf("still waiting for a comment on %d", d.asker.st.Rating)
	}
	// A message after skipping is no comment.
	d.asker.text("halo")
	if tk := d.ticket(41); tk.Rating != 4 || tk.RatingComment != "" {
		t.Errorf("stored rating %d comment %q", tk.Rating, tk.RatingComment)
	}
	// Another chat cannot rate the ticket.
	d.tx.tickets[41].Rating = 0
	d.asker.chatID = 777
	d.asker.press("q:41:1")
	if tk := d.ticket(41); tk.Rating != 0 {
		t.Errorf("another chat rated: %d", tk.Rating)
	}
}

// The asker's messages after the ticket was closed by an officer: told the
// ticket is closed, nothing relayed.
func TestTicketFollowUpAfterOfficerClosed(t *testing.T) {
	d := newDesk(t)
	d.open("Proses transaksi", "")
	d.room.press(budi, "t:41:done", cardMessage)
	out := d.asker.text("Masih error, Pak")
	msg := only(t, out)
	if msg.ChatID != testUser {
		t.Fatalf("sent to %d: %s", msg.ChatID, dump(out))
	}
	mustContain(t, msg.Text, "Tiket <b>TKT-000041</b> sudah ditutup. Pesan Anda belum kami teruskan.")
	if b, ok := findButton(out, "Minta bantuan"); !ok || b.Data != "m:bantuan" {
		t.Errorf("buttons %v", labels(msg))
	}
	if d.asker.st.Ticket != 0 || len(d.messagesOf(41, TicketIn)) != 0 {
		t.Errorf("state ticket %d, in messages %d", d.asker.st.Ticket, len(d.messagesOf(41, TicketIn)))
	}
	// A new ticket can be opened now.
	d.open("Lainnya", "")
	if d.asker.st.Ticket != 42 {
		t.Errorf("new ticket %d", d.asker.st.Ticket)
	}
}

// Without a staff group (KPPN_GROUP_CHAT_ID unset) no officer would read a
// ticket: none is opened, and nothing is ever sent to chat 0.
func TestTicketWithoutStaffGroup(t *testing.T) {
	c := newChat(t)
	c.now = mon10
	c.e = NewEngine(Config{KPPNCode: "070", Now: func() time.Time { return c.now }})
	msg := only(t, c.cmd("bantuan", ""))
	mustContain(t, msg.Text, "belum tersedia", "/pengaduan")
	if c.st.Form != nil {
		t.Fatal("a ticket form was opened")
	}
	// A ticket opened while the group was configured.
	tk, err := c.tx.OpenTicket(context.Background(), Ticket{ChatID: testUser, UserID: testUser, Category: "Lainnya", Status: TicketOpen})
	if err != nil {
		t.Fatal(err)
	}
	c.st.Ticket = tk.ID
	c.text("Halo?") // checkOut fails on a message without a chat
	c.press(ticketData(tk.ID, ticketClose))
	if got, _ := c.tx.Ticket(context.Background(), tk.ID); got.Status != TicketClosed {
		t.Errorf("ticket %s", got.Status)
	}
}

// The deep link t.me/<bot>?start=bantuan (and a crafted s:bantuan press)
// open the form without /bantuan's checks: Kirim still refuses a banned
// user and keeps one active ticket per chat.
func TestTicketDeepLink(t *testing.T) {
	fill := func(d *desk, open func() []Outgoing) []Outgoing {
		out := open()
		out = d.asker.pressLabel(out, "Lainnya")
		out = d.asker.pressLabel(out, textSkip)
		out = d.asker.pressLabel(d.asker.text(tkProblem), textSkip)
		return d.asker.pressLabel(out, textSend)
	}
	t.Run("banned", func(t *testing.T) {
		d := newDesk(t)
		d.tx.banned = map[int64]bool{testUser: true}
		out := fill(d, func() []Outgoing { return d.asker.cmd("start", "bantuan") })
		mustContain(t, only(t, to(out, testUser)).Text, "sedang dihentikan")
		if len(d.tx.tickets) != 0 || len(to(out, testGroup)) != 0 || d.asker.st.Ticket != 0 {
			t.Errorf("a banned user opened a ticket: %s", dump(out))
		}
	})
	t.Run("active ticket", func(t *testing.T) {
		d := newDesk(t)
		d.open("Proses transaksi", "")
		d.asker.st.Ticket = 0 // the state expired meanwhile
		out := fill(d, func() []Outgoing { return d.asker.press(dataStart + keyTicket)[1:] })
		mustContain(t, only(t, to(out, testUser)).Text, "Anda masih memiliki tiket <b>TKT-000041</b>")
		if len(d.tx.tickets) != 1 || len(to(out, testGroup)) != 0 || d.asker.st.Ticket != 41 {
			t.Errorf("second ticket: %d tickets, state %d: %s", len(d.tx.tickets), d.asker.st.Ticket, dump(out))
		}
	})
}
