package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"posko/bot/telegramtest"
	"posko/storage/postgres"
)

const (
	officer  = int64(880001)
	stranger = int64(880002)
)

// registrationEnv is an env with Telegram's per-chat limits off: the flow
// sends many messages, and the limits are tested elsewhere.
func registrationEnv(t *testing.T, fake *telegramtest.Server) env {
	e := newEnv(t, fake)
	e["TELEGRAM_RATE_PRIVATE"] = "0"
	e["TELEGRAM_RATE_GROUP"] = "0"
	return e
}

// lastID is the id of the last message the bot sent to the chat, 0 when none;
// anything the bot sends later has a greater id.
func lastID(fake *telegramtest.Server, chatID int64) int {
	id := 0
	for _, m := range fake.Messages(chatID) {
		id = max(id, m.MessageID)
	}
	return id
}

// after matches a message sent after the message with id before that also
// matches match.
func after(before int, match func(telegramtest.Message) bool) func(telegramtest.Message) bool {
	return func(m telegramtest.Message) bool { return m.MessageID > before && match(m) }
}

// answer sends text and waits for the next question, which must contain next.
func answer(t *testing.T, fake *telegramtest.Server, text, next string) telegramtest.Message {
	t.Helper()
	before := lastID(fake, userChat)
	fake.SendText(userChat, text)
	return fake.WaitMessage(t, userChat, after(before, func(m telegramtest.Message) bool {
		return strings.Contains(m.Plain, next)
	}), wait)
}

// submitted is a registration filled in and submitted by submitRegistration.
type submitted struct {
	number                string // REG-…
	sk1, sk2, ktp, signed []byte // the documents as sent
}

var regNumber = regexp.MustCompile(`REG-[0-9]+`)

// submitRegistration fills the Admin Satker registration in the user's chat,
// with a few wrong answers on the way, submits it and checks the receipt.
func submitRegistration(t *testing.T, fake *telegramtest.Server) submitted {
	t.Helper()
	fake.SendText(userChat, "/daftar")
	notice := fake.WaitMessage(t, userChat, contains("UU"), wait)
	fake.Press(userChat, notice.MessageID, buttonData(t, notice, "Setuju"))
	fake.WaitMessage(t, userChat, contains("Kode satker Anda"), wait)

	answer(t, fake, "40987", "6 digit")                  // wrong: asked again with the reason
	answer(t, fake, "409876", "nama satker sesuai DIPA") // unknown code: flagged, name asked
	answer(t, fake, "Satker Uji Lubuklinggau", "Nama lengkap PNS")
	answer(t, fake, "Budi Santoso, S.E.", "NIP admin")
	answer(t, fake, "19850315201001100", "18 digit") // 17 digits
	answer(t, fake, "198503152010011003", "NIK admin")
	answer(t, fake, "1673011604850003", "NIK") // birth date does not match the NIP
	answer(t, fake, "1673011503850003", "Jabatan admin")
	answer(t, fake, "Pengelola Keuangan", "Nomor HP admin")
	answer(t, fake, "0812-3456-7890", "email admin")
	answer(t, fake, "budi.santoso@kemenkeu.go.id", "Nomor SK")
	answer(t, fake, "KEP-12/WPB.07/2026", "Tanggal SK")
	answer(t, fake, "05-03-2099", "Tanggal SK") // in the future
	answer(t, fake, "05-03-2026", "Nama lengkap KPA")
	answer(t, fake, "Drs. Ahmad Fauzi", "NIP KPA")
	answer(t, fake, "197002011995031002", "Kirim SK Penunjukan")

	s := submitted{
		sk1: []byte("\xff\xd8 SK halaman 1"), sk2: []byte("\xff\xd8 SK halaman 2"),
		ktp: []byte("\xff\xd8 foto KTP"), signed: []byte("%PDF-1.4 formulir bertanda tangan"),
	}
	before := lastID(fake, userChat)
	fake.SendAlbum(userChat, [][]byte{s.sk1, s.sk2}, "")
	fake.WaitMessage(t, userChat, after(before, contains("KTP admin")), wait)
	before = lastID(fake, userChat)
	fake.SendSticker(userChat) // a sticker where the KTP is expected
	fake.WaitMessage(t, userChat, after(before, func(telegramtest.Message) bool { return true }), wait)
	before = lastID(fake, userChat)
	fake.SendPhoto(userChat, s.ktp, "")
	form := fake.WaitMessage(t, userChat, after(before, func(m telegramtest.Message) bool { return m.Method == "sendDocument" }), wait)
	if !bytes.HasPrefix(form.Upload, []byte("%PDF")) || !strings.HasSuffix(form.UploadName, ".pdf") {
		t.Fatalf("pre-filled form not sent as a PDF: %q (%d bytes)", form.UploadName, len(form.Upload))
	}
	fake.WaitMessage(t, userChat, after(before, contains("mintakan tanda tangan KPA")), wait)
	before = lastID(fake, userChat)
	fake.SendDocument(userChat, "form-ttd.pdf", "application/pdf", s.signed, "")
	summary := fake.WaitMessage(t, userChat, after(before, contains("Periksa kembali")), wait)
	before = lastID(fake, userChat)
	fake.Press(userChat, summary.MessageID, buttonData(t, summary, "Kirim"))
	receipt := fake.WaitMessage(t, userChat, after(before, contains("Nomor permintaan")), wait)
	if !strings.Contains(receipt.Plain, "REG-") || !strings.Contains(receipt.Plain, "WIB") {
		t.Errorf("receipt lacks the number or the deadline: %q", receipt.Plain)
	}
	s.number = regNumber.FindString(receipt.Plain)
	return s
}

func TestServeRegistrationFromChatToActiveAdmin(t *testing.T) {
	fake := telegramtest.New(t)
	e := registrationEnv(t, fake)
	start(t, e)
	fake.SetMember(groupChat, officer, "member")
	fake.SetMember(groupChat, stranger, "left")

	s := submitRegistration(t, fake)
	sk1, sk2, ktp, signed := s.sk1, s.sk2, s.ktp, s.signed

	card := fake.WaitMessage(t, groupChat, contains("Registrasi Admin Satker REG-"), wait)
	if strings.Contains(card.Plain, "1673011503850003") || strings.Contains(card.Plain, "198503152010011003") {
		t.Errorf("the staff card shows NIK or NIP in full: %q", card.Plain)
	}
	fake.WaitMessage(t, groupChat, func(m telegramtest.Message) bool { return m.Method == "sendMediaGroup" }, wait)

	// A stranger cannot act; an officer takes it, then records it.
	fake.PressInGroup(groupChat, stranger, card.MessageID, buttonData(t, card, "Ambil"))
	fake.WaitRequest(t, "answerCallbackQuery", func(r telegramtest.Request) bool {
		return strings.Contains(r.Params["text"], "Hanya petugas KPPN")
	}, wait)
	fake.PressInGroup(groupChat, officer, card.MessageID, buttonData(t, card, "Ambil"))
	taken := fake.WaitMessage(t, groupChat, func(m telegramtest.Message) bool {
		return m.MessageID == card.MessageID && strings.Contains(m.Plain, "diproses oleh")
	}, wait)
	before := lastID(fake, userChat)
	fake.PressInGroup(groupChat, officer, taken.MessageID, buttonData(t, taken, "Sudah direkam"))
	fake.WaitMessage(t, userChat, after(before, contains("DIGIT")), wait)
	fake.WaitMessage(t, groupChat, func(m telegramtest.Message) bool {
		return m.MessageID == card.MessageID && strings.Contains(m.Plain, "selesai")
	}, wait)

	before = lastID(fake, userChat)
	fake.SendText(userChat, "/status")
	fake.WaitMessage(t, userChat, after(before, contains("selesai")), wait)

	// The documents are kept encrypted: not in plaintext, and they decrypt to
	// what the user sent.
	db := openDB(t, e)
	var ids []int64
	deadline := time.Now().Add(20 * time.Second)
	for {
		rows, err := db.Pool().Query(context.Background(), "SELECT id FROM documents WHERE status = 'stored' ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		ids = ids[:0]
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		if len(ids) == 4 || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if len(ids) != 4 {
		t.Fatalf("stored documents = %d, want 4 (2 SK pages, KTP, signed form)", len(ids))
	}
	var plain int
	err := db.Pool().QueryRow(context.Background(), "SELECT count(*) FROM documents WHERE position($1::bytea in ciphertext) > 0", ktp).Scan(&plain)
	if err != nil || plain != 0 {
		t.Errorf("KTP bytes found in plaintext in %d rows (%v)", plain, err)
	}
	key, _ := base64.StdEncoding.DecodeString(testDocumentKey)
	want := [][]byte{sk1, sk2, ktp, signed}
	for i, id := range ids {
		_, content, err := db.OpenDocument(context.Background(), id, key, postgres.Actor{UserID: officer, ChatID: groupChat})
		if err != nil || !bytes.Equal(content, want[i]) {
			t.Errorf("document %d decrypts to %q (%v), want %q", id, content, err, want[i])
		}
	}
	var nikPlain int
	err = db.Pool().QueryRow(context.Background(),
		"SELECT count(*) FROM registrations r WHERE position('1673011503850003'::bytea in r::text::bytea) > 0").Scan(&nikPlain)
	if err != nil || nikPlain != 0 {
		t.Errorf("NIK found in plaintext in the registrations table (%d, %v)", nikPlain, err)
	}
}

// anyMessage matches every message.
func anyMessage(telegramtest.Message) bool { return true }

func TestServeRegistrationRejectedAndFixed(t *testing.T) {
	fake := telegramtest.New(t)
	e := registrationEnv(t, fake)
	start(t, e)
	fake.SetMember(groupChat, officer, "member")

	s := submitRegistration(t, fake)
	if s.number == "" {
		t.Fatal("no request number in the receipt")
	}
	card := fake.WaitMessage(t, groupChat, contains("Registrasi Admin Satker "+s.number), wait)
	fake.WaitMessage(t, groupChat, func(m telegramtest.Message) bool { return m.Method == "sendMediaGroup" }, wait)

	// The officer rejects it: "Tolak", the KTP named as wrong, then /tolak.
	before := lastID(fake, groupChat)
	fake.PressInGroup(groupChat, officer, card.MessageID, buttonData(t, card, "Tolak"))
	prompt := fake.WaitMessage(t, groupChat, after(before, contains("Penolakan "+s.number)), wait)
	if prompt.ReplyTo != card.MessageID {
		t.Errorf("reject prompt replies to %d, want the card %d", prompt.ReplyTo, card.MessageID)
	}
	fake.PressInGroup(groupChat, officer, prompt.MessageID, buttonData(t, prompt, "KTP admin"))
	fake.WaitMessage(t, groupChat, func(m telegramtest.Message) bool {
		return m.MessageID == prompt.MessageID && strings.Contains(m.Plain, "Dipilih: KTP admin")
	}, wait)
	const reason = "Foto KTP buram, tidak terbaca."
	before = lastID(fake, userChat)
	fake.SendGroupText(groupChat, officer, "/tolak "+s.number+" "+reason, 0)
	rejected := fake.WaitMessage(t, groupChat, func(m telegramtest.Message) bool {
		return m.MessageID == card.MessageID && strings.Contains(m.Plain, "ditolak")
	}, wait)
	if !strings.Contains(rejected.Plain, reason) || !strings.Contains(rejected.Plain, "KTP admin") {
		t.Errorf("rejected card lacks the reason or the item: %q", rejected.Plain)
	}
	if len(rejected.Buttons) != 0 {
		t.Errorf("rejected card still has buttons: %+v", rejected.Buttons)
	}
	notice := fake.WaitMessage(t, userChat, after(before, contains("perlu diperbaiki")), wait)
	if !strings.Contains(notice.Plain, s.number) || !strings.Contains(notice.Plain, reason) || !strings.Contains(notice.Plain, "KTP admin") {
		t.Errorf("rejection notice lacks the number, the reason or the item: %q", notice.Plain)
	}

	// The registrant fixes only the KTP.
	before = lastID(fake, userChat)
	fake.Press(userChat, notice.MessageID, buttonData(t, notice, "Perbaiki"))
	next := fake.WaitMessage(t, userChat, after(before, anyMessage), wait)
	if !strings.Contains(next.Plain, "Kirim KTP admin") || strings.Contains(next.Plain, "Kode satker Anda") {
		t.Fatalf("after Perbaiki the bot asks %q, want the KTP only", next.Plain)
	}
	before = lastID(fake, userChat)
	newKTP := []byte("\xff\xd8 foto KTP yang jelas")
	fake.SendPhoto(userChat, newKTP, "")
	next = fake.WaitMessage(t, userChat, after(before, anyMessage), wait)
	if !strings.Contains(next.Plain, "Periksa kembali") {
		t.Fatalf("after the new KTP the bot sends %q, want the summary", next.Plain)
	}
	before = lastID(fake, userChat)
	beforeGroup := lastID(fake, groupChat)
	fake.Press(userChat, next.MessageID, buttonData(t, next, "Kirim"))
	receipt := fake.WaitMessage(t, userChat, after(before, contains("Perbaikan permintaan")), wait)
	if got := regNumber.FindString(receipt.Plain); got != s.number {
		t.Errorf("resubmission receipt carries %q, want the same number %s: %q", got, s.number, receipt.Plain)
	}

	// A new card, marked as a correction; the officer records it.
	card2 := fake.WaitMessage(t, groupChat, after(beforeGroup, contains("Registrasi Admin Satker "+s.number)), wait)
	if !strings.Contains(card2.Plain, "PERBAIKAN") || !strings.Contains(card2.Plain, reason) {
		t.Errorf("new card not marked as a correction with the previous reason: %q", card2.Plain)
	}
	before = lastID(fake, userChat)
	fake.PressInGroup(groupChat, officer, card2.MessageID, buttonData(t, card2, "Sudah direkam"))
	done := fake.WaitMessage(t, userChat, after(before, contains("DIGIT")), wait)
	if !strings.Contains(done.Plain, "sudah direkam") || !strings.Contains(done.Plain, s.number) {
		t.Errorf("registrant told %q, want the request recorded", done.Plain)
	}
	fake.WaitMessage(t, groupChat, func(m telegramtest.Message) bool {
		return m.MessageID == card2.MessageID && strings.Contains(m.Plain, "selesai")
	}, wait)

	// The status history: submitted, rejected (with the reason), submitted
	// again, recorded, each by whom — and nothing else: marking the items to
	// fix is audited but changes no status.
	db := openDB(t, e)
	rows, err := db.Pool().Query(context.Background(), `
		SELECT COALESCE(h.from_status, '-'), h.to_status, h.actor_id, h.actor_name, h.note
		FROM registration_history h JOIN registrations r ON r.id = h.registration_id
		WHERE r.number = $1
		ORDER BY h.id`, s.number)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var from, to, name, note string
		var actor int64
		if err := rows.Scan(&from, &to, &actor, &name, &note); err != nil {
			t.Fatal(err)
		}
		if name == "" {
			t.Errorf("history row %s>%s has no actor name", from, to)
		}
		got = append(got, fmt.Sprintf("%s>%s %d %s", from, to, actor, note))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := []string{
		fmt.Sprintf("->diajukan %d ", userChat),
		fmt.Sprintf("diajukan>ditolak %d %s", officer, reason),
		fmt.Sprintf("ditolak>diajukan %d ", userChat),
		fmt.Sprintf("diajukan>selesai %d ", officer),
	}
	if !slices.Equal(got, want) {
		t.Errorf("registration_history =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestServeRegistrationContinuesAfterRestart(t *testing.T) {
	fake := telegramtest.New(t)
	e := registrationEnv(t, fake)
	bot := start(t, e)

	fake.SendText(userChat, "/daftar")
	notice := fake.WaitMessage(t, userChat, contains("UU"), wait)
	fake.Press(userChat, notice.MessageID, buttonData(t, notice, "Setuju"))
	fake.WaitMessage(t, userChat, contains("Kode satker Anda"), wait)
	answer(t, fake, "409876", "nama satker sesuai DIPA")
	answer(t, fake, "Satker Uji Lubuklinggau", "Nama lengkap PNS")
	if err := bot.stop(); err != nil {
		t.Fatal(err)
	}

	start(t, e)
	before := lastID(fake, userChat)
	fake.SendText(userChat, "Budi Santoso, S.E.")
	next := fake.WaitMessage(t, userChat, after(before, anyMessage), wait)
	if !strings.Contains(next.Plain, "NIP admin (18 digit") {
		t.Fatalf("after the restart the bot answers %q, want the NIP question", next.Plain)
	}
	answer(t, fake, "198503152010011003", "NIK admin")
	st, err := openStates(t, e).Load(context.Background(), userChat)
	if err != nil || st.Form == nil {
		t.Fatalf("state = %+v, %v; want the form in progress", st, err)
	}
	for key, want := range map[string]string{"kode_satker": "409876", "nama_satker": "Satker Uji Lubuklinggau", "nama_admin": "Budi Santoso, S.E."} {
		if got := st.Form.Answers[key].Value; got != want {
			t.Errorf("answer %s = %q, want %q (kept across the restart)", key, got, want)
		}
	}

	before = lastID(fake, userChat)
	fake.SendText(userChat, "/batal")
	fake.WaitMessage(t, userChat, after(before, contains("dibatalkan")), wait)
	st, err = openStates(t, e).Load(context.Background(), userChat)
	if err != nil || st.Form != nil {
		t.Errorf("state after /batal = %+v, %v; want no form", st.Form, err)
	}
}

func TestServeRegistrationTwoOfficersPressAtOnce(t *testing.T) {
	fake := telegramtest.New(t)
	e := registrationEnv(t, fake)
	start(t, e)
	const second = int64(880003)
	fake.SetMember(groupChat, officer, "member")
	fake.SetMember(groupChat, second, "member")
	s := submitRegistration(t, fake)
	card := fake.WaitMessage(t, groupChat, contains("Registrasi Admin Satker "+s.number), wait)
	done := buttonData(t, card, "Sudah direkam")

	fake.PressInGroup(groupChat, officer, card.MessageID, done)
	fake.PressInGroup(groupChat, second, card.MessageID, done)
	fake.WaitRequest(t, "answerCallbackQuery", func(r telegramtest.Request) bool {
		return strings.Contains(r.Params["text"], "Sudah diproses oleh")
	}, wait)
	fake.WaitMessage(t, userChat, contains("sudah direkam"), wait)
	time.Sleep(300 * time.Millisecond) // let anything done twice show up
	n := 0
	for _, m := range fake.Messages(userChat) {
		if strings.Contains(m.Plain, "sudah direkam") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("the registrant was told %d times, want once", n)
	}
	var history int
	err := openDB(t, e).Pool().QueryRow(context.Background(),
		`SELECT count(*) FROM registration_history h JOIN registrations r ON r.id = h.registration_id
		 WHERE r.number = $1 AND h.to_status = 'selesai'`, s.number).Scan(&history)
	if err != nil || history != 1 {
		t.Errorf("recorded as done %d times (%v), want once", history, err)
	}
}
