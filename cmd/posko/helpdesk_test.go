package main

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"posko/bot/telegramtest"
)

var ticketNumber = regexp.MustCompile(`TKT-[0-9]+`)

// helpdesk is one ticket opened through serve, and how officers talk about it
// in the staff group: in its topic (forum) or replying to its card (plain).
type helpdesk struct {
	t      *testing.T
	fake   *telegramtest.Server
	forum  bool
	number string
	card   telegramtest.Message // the ticket's card in the staff group
	thread int                  // its topic, in a forum
	// receipt is the asker's receipt, with "Masalah selesai".
	receipt telegramtest.Message
}

// openTicket asks for help with an album of two screenshots and returns the
// ticket once its card and album reached the staff group.
func openTicket(t *testing.T, fake *telegramtest.Server, e env, forum bool) *helpdesk {
	t.Helper()
	h := &helpdesk{t: t, fake: fake, forum: forum}
	fake.SendText(userChat, "/bantuan")
	q := fake.WaitMessage(t, userChat, contains("Bantuan apa"), wait)
	fake.Press(userChat, q.MessageID, buttonData(t, q, "Kendala aplikasi"))
	fake.WaitMessage(t, userChat, contains("kode satker"), wait)
	answer(t, fake, "40987", "6 digit") // wrong: asked again with the reason
	answer(t, fake, "409876", "Jelaskan kendala")
	answer(t, fake, "Tidak bisa login ke Digipay sejak pagi, muncul pesan sesi habis.", "tangkapan layar")
	before := lastID(fake, userChat)
	fake.SendAlbum(userChat, [][]byte{[]byte("jpeg layar 1"), []byte("jpeg layar 2")}, "")
	summary := fake.WaitMessage(t, userChat, after(before, contains("Kirim")), wait)
	fake.Press(userChat, summary.MessageID, buttonData(t, summary, "Kirim"))
	h.receipt = fake.WaitMessage(t, userChat, contains("sudah kami terima dengan nomor"), wait)
	h.number = ticketNumber.FindString(h.receipt.Plain)
	if h.number == "" || !h.receipt.HasButton(buttonData(t, h.receipt, "Masalah selesai")) {
		t.Fatalf("receipt %q without a ticket number or Masalah selesai", h.receipt.Plain)
	}
	h.card = fake.WaitMessage(t, groupChat, contains("Tiket "+h.number), wait)
	for _, want := range []string{"Kendala aplikasi", "409876", "sesi habis", "Ambil", "Eskalasi bank", "Selesai"} {
		if !strings.Contains(h.card.Plain, want) && buttonData(t, h.card, want) == "" {
			t.Errorf("card lacks %q:\n%s", want, h.card.Plain)
		}
	}
	if forum {
		topics := fake.Topics(groupChat)
		if len(topics) != 1 || !strings.HasPrefix(topics[0].Name, h.number+" · Kendala aplikasi") {
			t.Fatalf("topics %+v, want one for %s", topics, h.number)
		}
		h.thread = topics[0].ThreadID
		if h.card.ThreadID != h.thread {
			t.Errorf("card in thread %d, want the ticket's topic %d", h.card.ThreadID, h.thread)
		}
	}
	album := fake.WaitMessage(t, groupChat, func(m telegramtest.Message) bool {
		return m.MediaGroupID != "" && strings.Contains(m.Plain, h.number)
	}, wait)
	var pages []telegramtest.Message
	for _, m := range fake.Messages(groupChat) {
		if m.MediaGroupID == album.MediaGroupID {
			pages = append(pages, m)
		}
	}
	if len(pages) != 2 || pages[0].ThreadID != h.thread {
		t.Errorf("the album reached the group as %d pages in thread %d, want 2 in %d", len(pages), pages[0].ThreadID, h.thread)
	}
	// An officer reads the card before answering: by then the sender has
	// recorded it (and the topic) as sent, a few milliseconds after delivery.
	db := openDB(t, e)
	fake.Eventually(t, "the card and topic recorded", func() bool {
		var n int
		err := db.Pool().QueryRow(context.Background(), `
			SELECT count(*) FROM message_refs r JOIN tickets k ON r.ref IN ('ticket:' || k.id || ':card', 'ticket:' || k.id || ':topic')
			WHERE k.number = $1`, h.number).Scan(&n)
		return err == nil && (n == 2 || n == 1 && !forum)
	}, wait)
	return h
}

// officerSays sends text from the officer about the ticket and returns its update id.
func (h *helpdesk) officerSays(from int64, text string) int64 {
	if h.forum {
		return h.fake.SendTopicText(groupChat, from, h.thread, text)
	}
	return h.fake.SendGroupText(groupChat, from, text, h.card.MessageID)
}

// ticked waits until the bot put 👌 on message id of chat.
func (h *helpdesk) ticked(chat int64, id int) {
	h.t.Helper()
	h.fake.Eventually(h.t, "👌 on the message", func() bool {
		return slices.Equal(h.fake.Reactions(chat, id), []string{"👌"})
	}, wait)
}

func TestServeHelpDesk(t *testing.T) {
	for _, mode := range []struct {
		name  string
		forum bool
	}{{"plain group", false}, {"forum group", true}} {
		t.Run(mode.name, func(t *testing.T) {
			fake := telegramtest.New(t)
			fake.SetForum(groupChat, mode.forum)
			fake.SetMember(groupChat, officer, "member")
			fake.SetMember(groupChat, stranger, "left")
			e := registrationEnv(t, fake)
			start(t, e)
			h := openTicket(t, fake, e, mode.forum)

			// The officer answers with a text and a photo: both reach the asker, copied, with 👌 for the officer.
			up := h.officerSays(officer, "Silakan keluar lalu masuk kembali, kemudian coba lagi.")
			got := fake.WaitMessage(t, userChat, contains("keluar lalu masuk kembali"), wait)
			if !strings.Contains(got.Plain, "Petugas KPPN") {
				t.Errorf("asker got %q, want it headed Petugas KPPN", got.Plain)
			}
			h.ticked(groupChat, fake.MessageIDOf(up))
			up = fake.SendGroupPhoto(groupChat, officer, h.thread, map[bool]int{false: h.card.MessageID}[h.forum], []byte("jpeg petunjuk"), "Menu yang dipilih")
			photo := fake.WaitMessage(t, userChat, contains("Menu yang dipilih"), wait)
			if photo.Method != "copyMessage" || len(photo.FileIDs) != 1 {
				t.Errorf("the officer's photo reached the asker as %s with files %v, want a copy", photo.Method, photo.FileIDs)
			}
			h.ticked(groupChat, fake.MessageIDOf(up))

			// A stranger in the group is not relayed.
			h.officerSays(stranger, "pesan dari orang luar grup")

			// The asker follows up, then edits it: the staff see both, the edit as an edit.
			up = fake.SendText(userChat, "Sudah saya coba, masih gagal.")
			follow := fake.WaitMessage(t, groupChat, contains("masih gagal"), wait)
			if !strings.Contains(follow.Plain, h.number) || follow.ThreadID != h.thread {
				t.Errorf("follow-up %q in thread %d, want the ticket number in thread %d", follow.Plain, follow.ThreadID, h.thread)
			}
			asked := fake.MessageIDOf(up)
			h.ticked(userChat, asked)
			fake.SendEdit(userChat, asked, "Sudah saya coba dua kali, masih gagal.")
			edit := fake.WaitMessage(t, groupChat, contains("mengubah pesan"), wait)
			if !strings.Contains(edit.Plain, "dua kali") || edit.ReplyTo != follow.MessageID {
				t.Errorf("edit %q replies to %d, want the new text replying to the copy %d", edit.Plain, edit.ReplyTo, follow.MessageID)
			}
			// A follow-up album reaches the staff as one album, in the ticket's thread.
			fake.SendAlbum(userChat, [][]byte{[]byte("jpeg galat 1"), []byte("jpeg galat 2"), []byte("jpeg galat 3")}, "layar galat")
			first := fake.WaitMessage(t, groupChat, func(m telegramtest.Message) bool {
				return m.MediaGroupID != "" && strings.Contains(m.Plain, "layar galat")
			}, wait)
			var pages int
			for _, m := range fake.Messages(groupChat) {
				if m.MediaGroupID == first.MediaGroupID {
					pages++
				}
			}
			if pages != 3 || first.ThreadID != h.thread {
				t.Errorf("the follow-up album reached the group as %d pages of one album in thread %d, want 3 in %d", pages, first.ThreadID, h.thread)
			}

			for _, m := range fake.Messages(userChat) {
				if strings.Contains(m.Plain, "orang luar") {
					t.Errorf("a non-member's message reached the asker: %q", m.Plain)
				}
			}

			// Bank escalation: prompt, reply with bank and reference.
			fake.PressInGroup(groupChat, officer, h.card.MessageID, buttonData(t, h.card, "Eskalasi bank"))
			prompt := fake.WaitMessage(t, groupChat, contains("Eskalasi "+h.number), wait)
			fake.SendGroupText(groupChat, officer, "BRI, REF-2026-17", prompt.MessageID)
			bank := fake.WaitMessage(t, userChat, contains("REF-2026-17"), wait)
			if !strings.Contains(bank.Plain, "BRI") || !strings.Contains(bank.Plain, "Tenggat") {
				t.Errorf("asker told %q, want the bank, the reference and the deadline", bank.Plain)
			}
			fake.Eventually(t, "card shows the bank", func() bool {
				m, _ := fake.Message(groupChat, h.card.MessageID)
				return strings.Contains(m.Plain, "menunggu bank BRI")
			}, wait)

			// A face-to-face assistance is counted.
			fake.SendGroupText(groupChat, officer, "/posko 409876 registrasi admin satker", 0)
			fake.WaitMessage(t, groupChat, contains("Bulan ini: 1 asistensi"), wait)

			// The asker closes the ticket and rates it.
			fake.Press(userChat, h.receipt.MessageID, buttonData(t, h.receipt, "Masalah selesai"))
			rate := fake.WaitMessage(t, userChat, contains("Bagaimana penilaian Anda"), wait)
			fake.Press(userChat, rate.MessageID, buttonData(t, rate, "Sangat puas"))
			fake.WaitMessage(t, userChat, contains("saran atau komentar"), wait)
			answer(t, fake, "Pelayanan cepat dan jelas.", "komentar Anda sudah kami simpan")
			fake.WaitMessage(t, groupChat, contains("ditutup oleh penanya"), wait)

			db := openDB(t, e)
			var status string
			var rating, visits int
			var comment []byte
			err := db.Pool().QueryRow(context.Background(), `
				SELECT status, rating, rating_comment, (SELECT count(*) FROM posko_visits WHERE satker_code = '409876')
				FROM tickets WHERE number = $1`, h.number).Scan(&status, &rating, &comment, &visits)
			if err != nil {
				t.Fatal(err)
			}
			if status != "selesai" || rating != 4 || visits != 1 {
				t.Errorf("stored status %q rating %d visits %d, want selesai, 4, 1", status, rating, visits)
			}
			if len(comment) == 0 || strings.Contains(string(comment), "Pelayanan cepat") {
				t.Errorf("rating comment stored as %q, want it sealed", comment)
			}
		})
	}
}

func TestServeHelpDeskTellsTheOfficerWhenTheAskerBlockedTheBot(t *testing.T) {
	fake := telegramtest.New(t)
	fake.SetMember(groupChat, officer, "member")
	e := registrationEnv(t, fake)
	start(t, e)
	h := openTicket(t, fake, e, false)

	fake.BlockChat(userChat)
	up := h.officerSays(officer, "Apakah masih ada kendala?")
	warning := fake.WaitMessage(t, groupChat, contains("tidak terkirim"), wait)
	if warning.ReplyTo != fake.MessageIDOf(up) {
		t.Errorf("warning replies to %d, want the officer's message %d", warning.ReplyTo, fake.MessageIDOf(up))
	}
}

func TestServeHelpDeskReplyDeliveredOnceAcrossARestart(t *testing.T) {
	fake := telegramtest.New(t)
	fake.SetMember(groupChat, officer, "member")
	e := registrationEnv(t, fake)
	r := start(t, e)
	h := openTicket(t, fake, e, false)

	// The asker's copy cannot be sent yet: the reply is rescheduled, then the bot restarts.
	fake.FailNext("sendMessage", 3, 502, 0)
	up := h.officerSays(officer, "Akun Anda sudah kami aktifkan kembali.")
	fake.Eventually(t, "the reply tried and rescheduled", func() bool { return fake.Count("sendMessage") > 0 && strings.Contains(r.logs.String(), "rescheduled") }, wait)
	if err := r.stop(); err != nil {
		t.Fatal(err)
	}
	start(t, e)
	fake.WaitMessage(t, userChat, contains("sudah kami aktifkan kembali"), 3*wait)
	h.ticked(groupChat, fake.MessageIDOf(up))
	n := 0
	for _, m := range fake.Messages(userChat) {
		if strings.Contains(m.Plain, "sudah kami aktifkan kembali") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the asker got the reply %d times, want once", n)
	}
}
