package main

import (
	"regexp"
	"strings"
	"testing"

	"posko/bot/telegramtest"
)

// forumAnswer sends text in the user's chat and waits for a later message
// containing next.
func forumAnswer(t *testing.T, fake *telegramtest.Server, text, next string) telegramtest.Message {
	t.Helper()
	before := forumLastID(fake, userChat)
	fake.SendText(userChat, text)
	return fake.WaitMessage(t, userChat, func(m telegramtest.Message) bool {
		return m.MessageID > before && contains(next)(m)
	}, wait)
}

// forumLastID is the id of the last message in the chat, 0 when none.
func forumLastID(fake *telegramtest.Server, chatID int64) int {
	id := 0
	for _, m := range fake.Messages(chatID) {
		id = max(id, m.MessageID)
	}
	return id
}

// forumSubmit fills the registration with valid answers, submits it and
// returns the request number from the receipt.
func forumSubmit(t *testing.T, fake *telegramtest.Server) string {
	t.Helper()
	fake.SendText(userChat, "/daftar")
	notice := fake.WaitMessage(t, userChat, contains("UU"), wait)
	fake.Press(userChat, notice.MessageID, buttonData(t, notice, "Setuju"))
	fake.WaitMessage(t, userChat, contains("Kode satker Anda"), wait)
	for _, step := range [][2]string{
		{"409876", "nama satker sesuai DIPA"},
		{"Satker Uji Lubuklinggau", "Nama lengkap PNS"},
		{"Budi Santoso, S.E.", "NIP admin"},
		{"198503152010011003", "NIK admin"},
		{"1673011503850003", "Jabatan admin"},
		{"Pengelola Keuangan", "Nomor HP admin"},
		{"0812-3456-7890", "email admin"},
		{"budi.santoso@kemenkeu.go.id", "Nomor SK"},
		{"KEP-12/WPB.07/2026", "Tanggal SK"},
		{"05-03-2026", "Nama lengkap KPA"},
		{"Drs. Ahmad Fauzi", "NIP KPA"},
		{"197002011995031002", "Kirim SK Penunjukan"},
	} {
		forumAnswer(t, fake, step[0], step[1])
	}
	later := func(before int, match func(telegramtest.Message) bool) func(telegramtest.Message) bool {
		return func(m telegramtest.Message) bool { return m.MessageID > before && match(m) }
	}
	before := forumLastID(fake, userChat)
	fake.SendPhoto(userChat, []byte("\xff\xd8 SK"), "")
	fake.WaitMessage(t, userChat, later(before, contains("KTP admin")), wait)
	before = forumLastID(fake, userChat)
	fake.SendPhoto(userChat, []byte("\xff\xd8 KTP"), "")
	fake.WaitMessage(t, userChat, later(before, contains("mintakan tanda tangan KPA")), wait)
	before = forumLastID(fake, userChat)
	fake.SendDocument(userChat, "form-ttd.pdf", "application/pdf", []byte("%PDF-1.4 formulir"), "")
	summary := fake.WaitMessage(t, userChat, later(before, contains("Periksa kembali")), wait)
	before = forumLastID(fake, userChat)
	fake.Press(userChat, summary.MessageID, buttonData(t, summary, "Kirim"))
	receipt := fake.WaitMessage(t, userChat, later(before, contains("Nomor permintaan")), wait)
	number := regexp.MustCompile(`REG-[0-9]+`).FindString(receipt.Plain)
	if number == "" {
		t.Fatalf("no request number in the receipt %q", receipt.Plain)
	}
	return number
}

func TestServeRegistrationGetsItsOwnForumTopic(t *testing.T) {
	fake := telegramtest.New(t)
	fake.SetForum(groupChat, true)
	fake.SetMember(groupChat, officer, "member")
	e := newEnv(t, fake)
	e["TELEGRAM_RATE_PRIVATE"] = "0"
	e["TELEGRAM_RATE_GROUP"] = "0"
	start(t, e)

	number := forumSubmit(t, fake)
	card := fake.WaitMessage(t, groupChat, contains("Registrasi Admin Satker "+number), wait)
	topics := fake.Topics(groupChat)
	if len(topics) != 1 || !strings.HasPrefix(topics[0].Name, number+" · ") || !strings.Contains(topics[0].Name, "Satker Uji Lubuklinggau") {
		t.Fatalf("topics %+v, want one named for %s and its satker", topics, number)
	}
	thread := topics[0].ThreadID
	if card.ThreadID != thread {
		t.Errorf("card in thread %d, want the request's topic %d", card.ThreadID, thread)
	}
	docs := fake.WaitMessage(t, groupChat, func(m telegramtest.Message) bool {
		return m.Method == "sendDocument" && strings.HasPrefix(m.Plain, number)
	}, wait)
	if docs.ThreadID != thread {
		t.Errorf("document in thread %d, want %d", docs.ThreadID, thread)
	}

	// The reject prompt stays in the topic.
	fake.PressInGroup(groupChat, officer, card.MessageID, buttonData(t, card, "Tolak"))
	prompt := fake.WaitMessage(t, groupChat, contains("Penolakan "+number), wait)
	if prompt.ThreadID != thread {
		t.Errorf("reject prompt in thread %d, want %d", prompt.ThreadID, thread)
	}
}
