package conversation

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// The staff group's side: officers answer a ticket by replying to its
// messages (plain group) or writing in its topic (forum), and act on it with
// the card's buttons.

func TestTicketOfficerReply(t *testing.T) {
	tests := []struct {
		name    string
		options []func(*Config)
		who     officerT
		tag     string
		absent  []string
	}{
		{"names hidden", nil, budi, "💬 <b>Petugas KPPN</b>:", []string{"Budi"}},
		{"names shown", []func(*Config){showOfficerName}, budi, "💬 <b>Petugas KPPN (Budi Santoso)</b>:", nil},
		{"name escaped", []func(*Config){showOfficerName}, ani, "💬 <b>Petugas KPPN (Ani &lt;Rahma&gt;)</b>:", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := newDesk(t, tc.options...)
			d.open("Proses transaksi", "")
			d.later(2 * time.Hour)

			out := d.officerSays(tc.who, "Silakan coba lagi setelah cache dihapus.", cardMessage, 0)
			officerMsg := int(d.room.nextID)
			asker := to(out, testUser)
			if len(asker) != 1 {
				t.Fatalf("want one message to the asker: %s", dump(out))
			}
			o := asker[0]
			if o.Kind != OutSend || o.Text != tc.tag+"\nSilakan coba lagi setelah cache dihapus." ||
				o.Ref != "ticket:41:out:"+strconv.Itoa(officerMsg) || o.ThreadRef != "" {
				t.Errorf("to the asker: %+v", o)
			}
			for _, s := range tc.absent {
				if strings.Contains(o.Text, s) {
					t.Errorf("shows %q: %s", s, o.Text)
				}
			}
			if o.Receipt == nil || *o.Receipt != (Receipt{ChatID: testGroup, MessageID: officerMsg, Failed: textTicketDelivered}) {
				t.Errorf("receipt %+v", o.Receipt)
			}
			mustContain(t, o.Receipt.Failed, "tidak terkirim", "memblokir bot")

			// Answering takes the ticket: its card shows who handles it.
			staff := to(out, testGroup)
			if len(staff) != 1 || staff[0].Kind != OutEdit || staff[0].MessageID != cardMessage {
				t.Fatalf("want the card edited: %s", dump(out))
			}
			mustContain(t, staff[0].Text, "Status: ditangani "+EscapeHTML(tc.who.name)+".")
			tk := d.ticket(41)
			if tk.Status != TicketTaken || tk.TakenBy != tc.who.id || !tk.FirstResponseAt.Equal(mon10.Add(2*time.Hour)) {
				t.Errorf("stored %s by %d, first response %v", tk.Status, tk.TakenBy, tk.FirstResponseAt)
			}
			outs := d.messagesOf(41, TicketOut)
			if len(outs) != 1 || outs[0].ChatID != testGroup || outs[0].MessageID != officerMsg || outs[0].UserID != tc.who.id {
				t.Errorf("stored %+v", outs)
			}

			// A second answer, as a reply to the first: relayed, the ticket
			// is taken already.
			out = d.officerSays(tc.who, "Sudah bisa?", officerMsg, 0)
			if len(to(out, testUser)) != 1 || len(to(out, testGroup)) != 0 {
				t.Errorf("second answer: %s", dump(out))
			}
		})
	}
}

func TestTicketOfficerReplyTargets(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(d *desk) (reply, thread int)
		who    officerT
		wantTo bool
	}{
		{"reply to the card", func(d *desk) (int, int) { return cardMessage, 0 }, budi, true},
		{"reply to the asker's message", func(d *desk) (int, int) {
			d.asker.text("Halo")
			d.delivered(testGroup, 6001, "ticket:41:in:"+strconv.Itoa(d.lastMsg()))
			return 6001, 0
		}, ani, true},
		{"reply to the attachments", func(d *desk) (int, int) {
			d.delivered(testGroup, 6002, "ticket:41:files")
			return 6002, 0
		}, budi, true},
		{"in the ticket's topic", func(d *desk) (int, int) {
			d.delivered(testGroup, topicMsg, TicketTopicRef(41))
			return topicMsg, topicMsg
		}, budi, true},
		{"reply in the topic to another message", func(d *desk) (int, int) {
			d.delivered(testGroup, topicMsg, TicketTopicRef(41))
			return 6010, topicMsg
		}, budi, true},
		{"a non-member's reply to the card", func(d *desk) (int, int) { return cardMessage, 0 }, mallo, false},
		{"chatter", func(d *desk) (int, int) { return 0, 0 }, budi, false},
		{"reply to a message of no ticket", func(d *desk) (int, int) { return 6100, 0 }, budi, false},
		{"a registration's topic", func(d *desk) (int, int) {
			d.delivered(testGroup, 950, "registration:123:topic")
			return 950, 950
		}, budi, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := newDesk(t)
			d.open("Proses transaksi", "")
			reply, thread := tc.setup(d)
			before := len(d.tx.messages)

			out := d.officerSays(tc.who, "Baik, kami cek.", reply, thread)
			if !tc.wantTo {
				if len(out) != 0 || len(d.tx.messages) != before || d.ticket(41).Status != TicketOpen {
					t.Errorf("acted on: %s, %d messages stored, status %s", dump(out), len(d.tx.messages)-before, d.ticket(41).Status)
				}
				return
			}
			asker := to(out, testUser)
			if len(asker) != 1 || !strings.HasSuffix(asker[0].Text, "\nBaik, kami cek.") {
				t.Fatalf("not relayed: %s", dump(out))
			}
			if r := asker[0].Receipt; r == nil || r.ThreadID != thread || r.ChatID != testGroup {
				t.Errorf("receipt %+v, want thread %d", r, thread)
			}
			if got := d.messagesOf(41, TicketOut); len(got) != 1 {
				t.Errorf("stored %d officer messages", len(got))
			}
		})
	}
}

func TestTicketOfficerMedia(t *testing.T) {
	d := newDesk(t)
	d.open("Proses transaksi", "")
	photo := File{ID: "officer-ph", Photo: true}

	out := d.officer(budi, Update{Kind: KindPhoto, File: &photo, Text: "Langkah 1", ReplyToMessageID: cardMessage})
	msg := int(d.room.nextID)
	o := only(t, to(out, testUser))
	if o.Kind != OutCopy || o.FromChatID != testGroup || o.MessageID != msg || o.Text != "💬 <b>Petugas KPPN</b>:\nLangkah 1" ||
		o.Ref != "ticket:41:out:"+strconv.Itoa(msg) || o.Receipt == nil {
		t.Errorf("photo %+v", o)
	}

	out = d.officer(budi, Update{Kind: KindSticker, ReplyToMessageID: cardMessage})
	asker := to(out, testUser)
	if len(asker) != 2 || asker[0].Text != "💬 <b>Petugas KPPN</b> mengirim stiker:" || asker[1].Kind != OutCopy || asker[1].Receipt == nil {
		t.Errorf("sticker %s", dump(out))
	}

	// An album from the officer is gathered into one album for the asker.
	var gather []string
	for _, id := range []string{"p1", "p2"} {
		f := File{ID: id, Photo: true}
		o := only(t, to(d.officer(budi, Update{Kind: KindPhoto, File: &f, MediaGroupID: "om", ReplyToMessageID: cardMessage}), testUser))
		if o.Kind != OutMediaGroup {
			t.Errorf("album page %s", o.Kind)
		}
		gather = append(gather, o.Gather)
	}
	if gather[0] != "ticket:41:album:om" || gather[1] != gather[0] {
		t.Errorf("gather keys %v", gather)
	}

	// An officer's edit is shown to the asker as an edit of its copy.
	out = d.officer(budi, Update{Kind: KindEdited, Text: "Langkah 1 (diperbaiki)", MessageID: msg, ReplyToMessageID: cardMessage})
	o = only(t, to(out, testUser))
	if o.ReplyRef != "ticket:41:out:"+strconv.Itoa(msg) || !strings.Contains(o.Text, "mengubah pesan menjadi:\nLangkah 1 (diperbaiki)") {
		t.Errorf("edit %+v", o)
	}
	if len(d.messagesOf(41, TicketEdit)) != 1 {
		t.Errorf("edit not stored")
	}
}

func TestTicketOfficerReplyToClosedTicket(t *testing.T) {
	d := newDesk(t)
	d.open("Proses transaksi", "")
	d.room.press(budi, "t:41:done", cardMessage)

	out := d.officerSays(ani, "Masih ada yang bisa dibantu?", cardMessage, 0)
	o := only(t, out)
	if o.ChatID != testGroup || o.ReplyTo != int(d.room.nextID) {
		t.Errorf("reply %+v", o)
	}
	mustContain(t, o.Text, "Tiket TKT-000041 sudah ditutup; pesan tidak diteruskan ke penanya.")
	if len(d.messagesOf(41, TicketOut)) != 0 {
		t.Error("stored as sent to the asker")
	}
	// Edits of old messages on a closed ticket are ignored silently.
	if out := d.officer(ani, Update{Kind: KindEdited, Text: "x", ReplyToMessageID: cardMessage}); len(out) != 0 {
		t.Errorf("edit on a closed ticket: %s", dump(out))
	}
}

func TestTicketTake(t *testing.T) {
	d := newDesk(t)
	d.open("Proses transaksi", "")

	out := d.room.press(budi, "t:41:take", cardMessage)
	if a := answerOf(t, out); a.Text != "Tiket TKT-000041 Anda ambil." {
		t.Errorf("toast %q", a.Text)
	}
	card := only(t, to(out, testGroup))
	if card.Kind != OutEdit || card.MessageID != cardMessage || !hasLabels(card, "Eskalasi bank", "Selesai") {
		t.Errorf("card %s of %d buttons %v", card.Kind, card.MessageID, labels(card))
	}
	mustContain(t, card.Text, "Status: ditangani Budi Santoso.")
	mustContain(t, only(t, to(out, testUser)).Text, "Tiket <b>TKT-000041</b> sedang ditangani oleh petugas KPPN.")
	if tk := d.ticket(41); tk.Status != TicketTaken || tk.TakenBy != budi.id || tk.TakenByName != budi.name {
		t.Errorf("stored %s by %d %q", tk.Status, tk.TakenBy, tk.TakenByName)
	}
	if last := d.tx.changes[len(d.tx.changes)-1]; last.ID != 41 || last.From != TicketOpen || last.To != TicketTaken || last.By.UserID != budi.id {
		t.Errorf("audit %+v", last)
	}

	// Ani was a moment late.
	out = d.room.press(ani, "t:41:take", cardMessage)
	if a := answerOf(t, out); !a.Alert || a.Text != "Sudah diproses oleh Budi Santoso (ditangani petugas)." {
		t.Errorf("late press answered %+v", a)
	}
	if len(to(out, testUser)) != 0 {
		t.Errorf("asker told twice: %s", dump(out))
	}
	if tk := d.ticket(41); tk.TakenBy != budi.id {
		t.Errorf("taken by %d", tk.TakenBy)
	}
	// Budi presses again.
	if a := answerOf(t, d.room.press(budi, "t:41:take", cardMessage)); a.Text != "Tiket TKT-000041 sudah Anda ambil." {
		t.Errorf("own press again %q", a.Text)
	}
	// A stranger in the group cannot press.
	out = d.room.press(mallo, "t:41:done", cardMessage)
	if a := answerOf(t, out); !a.Alert || a.Text != textTicketNotStaff || len(out) != 1 {
		t.Errorf("non-member %s", dump(out))
	}
	if d.ticket(41).Status != TicketTaken {
		t.Error("a non-member closed the ticket")
	}
	// Ambil shows the officer's name to the asker only when configured.
	d2 := newDesk(t, showOfficerName)
	d2.open("Lainnya", "")
	mustContain(t, only(t, to(d2.room.press(ani, "t:41:take", cardMessage), testUser)).Text, "petugas KPPN Ani &lt;Rahma&gt;")
}

func TestTicketEscalateToBank(t *testing.T) {
	d := newDesk(t)
	d.open("Proses transaksi", "")

	out := d.room.press(budi, "t:41:bank", cardMessage)
	answerOf(t, out)
	prompt := only(t, to(out, testGroup))
	if prompt.Ref != "ticket:41:bank" || !strings.HasPrefix(prompt.Text, "Eskalasi TKT-000041 ke bank\n") {
		t.Errorf("prompt %+v", prompt)
	}
	if d.ticket(41).Status != TicketOpen {
		t.Error("the prompt changed the ticket")
	}
	const promptMsg = 6200
	d.delivered(testGroup, promptMsg, prompt.Ref)
	firstLine, _, _ := strings.Cut(prompt.Text, "\n")
	reply := func(who officerT, text string) []Outgoing {
		return d.officer(who, Update{Kind: KindText, Text: text, ReplyToMessageID: promptMsg, ReplyToText: firstLine})
	}

	for _, bad := range []string{"BRI", "B, 12", "BRI, "} {
		o := only(t, reply(budi, bad))
		mustContain(t, o.Text, "Nama bank dan nomor referensi belum lengkap.")
		if o.ReplyTo != int(d.room.nextID) {
			t.Errorf("usage not a reply")
		}
	}
	if out := reply(mallo, "BRI, REF-0"); len(out) != 0 || d.ticket(41).Status != TicketOpen {
		t.Errorf("a non-member escalated: %s", dump(out))
	}
	if len(d.messagesOf(41, TicketOut)) != 0 {
		t.Error("the reply to the prompt was relayed to the asker")
	}

	d.later(time.Hour)
	out = reply(ani, "BRI, REF-1")
	tk := d.ticket(41)
	if tk.Status != TicketBank || tk.BankName != "BRI" || tk.BankRef != "REF-1" || !tk.EscalatedAt.Equal(mon10.Add(time.Hour)) ||
		tk.TakenBy != ani.id {
		t.Errorf("stored %s %q %q at %v by %d", tk.Status, tk.BankName, tk.BankRef, tk.EscalatedAt, tk.TakenBy)
	}
	staff := to(out, testGroup)
	if len(staff) != 2 {
		t.Fatalf("want the officer told and the card edited: %s", dump(out))
	}
	mustContain(t, staff[0].Text, "⏳ TKT-000041 dieskalasi ke BRI (ref. REF-1). Penanya sudah diberi tahu.")
	if staff[1].Kind != OutEdit || staff[1].MessageID != cardMessage {
		t.Errorf("card %s of %d", staff[1].Kind, staff[1].MessageID)
	}
	mustContain(t, staff[1].Text, "menunggu bank <b>BRI</b> (ref. REF-1)", "Tenggat: Selasa, 3 Maret 2026 pukul 16.00 WIB")
	asker := only(t, to(out, testUser))
	mustContain(t, asker.Text, "Tiket <b>TKT-000041</b> kami teruskan ke <b>BRI</b> (referensi: REF-1)",
		"Tenggat layanan: Selasa, 3 Maret 2026 pukul 16.00 WIB")

	// The asker's /status shows the ticket waiting on the bank.
	mustContain(t, d.asker.cmd("status", "")[0].Text, "menunggu tindak lanjut bank (BRI)")

	// /eskalasi changes the bank again; the deadline stays.
	out = d.command(budi, "eskalasi", "TKT-000041 Mandiri, 2026/11/ABC-17", 0, 0)
	if tk := d.ticket(41); tk.BankName != "Mandiri" || tk.BankRef != "2026/11/ABC-17" || !tk.Deadline.Equal(time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("stored %q %q deadline %v", tk.BankName, tk.BankRef, tk.Deadline)
	}
	if len(to(out, testUser)) != 1 {
		t.Errorf("asker not told: %s", dump(out))
	}
	mustContain(t, only(t, d.command(budi, "eskalasi", "TKT-000041", 0, 0)).Text, "Format: <code>/eskalasi")
}

func TestTicketOfficerDone(t *testing.T) {
	d := newDesk(t)
	d.open("Proses transaksi", "")
	d.later(3 * time.Hour)

	out := d.room.press(budi, "t:41:done", cardMessage)
	if a := answerOf(t, out); a.Text != "Tiket TKT-000041 selesai. Penanya sudah diberi tahu." {
		t.Errorf("toast %q", a.Text)
	}
	card := only(t, to(out, testGroup))
	if card.Kind != OutEdit || card.MessageID != cardMessage || len(card.Buttons) != 0 {
		t.Errorf("card %s of %d buttons %v", card.Kind, card.MessageID, labels(card))
	}
	mustContain(t, card.Text, "Status: ✅ selesai, ditutup oleh Budi Santoso pada Senin, 2 Maret 2026 pukul 13.00 WIB")
	asker := to(out, testUser)
	if len(asker) != 2 {
		t.Fatalf("want closed + rating: %s", dump(out))
	}
	mustContain(t, asker[0].Text, "Tiket <b>TKT-000041</b> telah diselesaikan oleh petugas KPPN.")
	if b, ok := findButton(asker, "3 · Puas"); !ok || b.Data != "q:41:3" {
		t.Errorf("rating buttons %v", labels(asker[1]))
	}
	tk := d.ticket(41)
	if tk.Status != TicketClosed || tk.ClosedBy != budi.name || tk.TakenBy != budi.id || !tk.ClosedAt.Equal(mon10.Add(3*time.Hour)) {
		t.Errorf("stored %s by %q taken %d at %v", tk.Status, tk.ClosedBy, tk.TakenBy, tk.ClosedAt)
	}
	// Ani presses Selesai on the old card, then Eskalasi bank.
	for _, data := range []string{"t:41:done", "t:41:bank", "t:41:take"} {
		out = d.room.press(ani, data, cardMessage)
		if a := answerOf(t, out); !a.Alert || a.Text != "Sudah diproses oleh Budi Santoso (selesai)." {
			t.Errorf("%s on a closed ticket: %+v", data, a)
		}
		if len(to(out, testUser)) != 0 {
			t.Errorf("%s told the asker: %s", data, dump(out))
		}
	}
	// A button of a ticket that does not exist.
	if a := answerOf(t, d.room.press(budi, "t:99:done", cardMessage)); a.Text != textTicketGone {
		t.Errorf("unknown ticket %q", a.Text)
	}
}

// Only edits of messages the asker received are shown to them: an edited
// /catatan (internal), another edited command, or an edited reply to the
// bank prompt never reach the asker.
func TestTicketOfficerEditsNotRelayed(t *testing.T) {
	d := newDesk(t, forum)
	d.open("Proses transaksi", "")
	d.delivered(testGroup, topicMsg, TicketTopicRef(41))
	d.delivered(testGroup, 6200, "ticket:41:bank")

	d.command(ani, "catatan", "cek mutasi rekening", topicMsg, topicMsg)
	note := int(d.room.nextID)
	d.command(ani, "blokir", "spam", topicMsg, topicMsg)
	ban := int(d.room.nextID)
	d.officer(ani, Update{Kind: KindText, Text: "BRI, REF-1", ReplyToMessageID: 6200, ThreadID: topicMsg,
		ReplyToText: "Eskalasi TKT-000041 ke bank"})
	bank := int(d.room.nextID)
	if d.ticket(41).BankName != "BRI" {
		t.Fatal("not escalated")
	}
	edits := []Update{
		{Kind: KindEdited, MessageID: note, Text: "/catatan cek mutasi rekening BRI, penanya tampak ragu", ThreadID: topicMsg, ReplyToMessageID: topicMsg},
		{Kind: KindEdited, MessageID: ban, Text: "/blokir spam berulang", ThreadID: topicMsg, ReplyToMessageID: topicMsg},
		{Kind: KindEdited, MessageID: bank, Text: "BRI, REF-2", ThreadID: topicMsg, ReplyToMessageID: 6200,
			ReplyToText: "Eskalasi TKT-000041 ke bank"},
	}
	for _, u := range edits {
		if out := d.officer(ani, u); len(to(out, testUser)) != 0 {
			t.Errorf("edit %q reached the asker: %s", u.Text, dump(out))
		}
	}
	// An edit of a real answer still does.
	d.officerSays(budi, "Coba lagi", topicMsg, topicMsg)
	answer := int(d.room.nextID)
	out := d.officer(budi, Update{Kind: KindEdited, MessageID: answer, Text: "Coba lagi besok", ThreadID: topicMsg, ReplyToMessageID: topicMsg})
	if got := to(out, testUser); len(got) != 1 || got[0].ReplyRef != "ticket:41:out:"+strconv.Itoa(answer) {
		t.Errorf("edit of an answer: %s", dump(out))
	}
}
