package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"posko/bot/telegramtest"
)

var (
	vendorLink   = regexp.MustCompile(`https://t\.me/[A-Za-z0-9_]+\?start=(vnd_[A-Za-z0-9_-]+)`)
	vendorNumber = regexp.MustCompile(`VND-[0-9]+`)
)

const (
	ppChat     = int64(5201)
	vendorChat = int64(5301)
)

// say sends text from chat and waits for a message after it containing next.
func say(t *testing.T, fake *telegramtest.Server, chat int64, text, next string) telegramtest.Message {
	t.Helper()
	before := lastID(fake, chat)
	fake.SendText(chat, text)
	return fake.WaitMessage(t, chat, after(before, contains(next)), wait)
}

// press presses the button labelled label on m and waits for a message after it containing next.
func press(t *testing.T, fake *telegramtest.Server, chat int64, m telegramtest.Message, label, next string) telegramtest.Message {
	t.Helper()
	before := lastID(fake, chat)
	fake.Press(chat, m.MessageID, buttonData(t, m, label))
	return fake.WaitMessage(t, chat, after(before, contains(next)), wait)
}

func TestServeVendorInvitedRegisteredAndEntered(t *testing.T) {
	fake := telegramtest.New(t)
	e := registrationEnv(t, fake)
	start(t, e)
	if out, err := runCLI(t, e, "import-satker", writeTemp(t, "peta.csv", satkerCSV)); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	db := openDB(t, e)
	ctx := context.Background()
	if _, err := db.Pool().Exec(ctx, `
		INSERT INTO satker_links (chat_id, user_id, kode_satker, role, via) VALUES ($1, $1, '409876', 'pejabat_pengadaan', 'invitation')`, ppChat); err != nil {
		t.Fatal(err)
	}

	// The Pejabat Pengadaan invites a vendor.
	menu := say(t, fake, ppChat, "/vendor", "Undang vendor")
	forward := press(t, fake, ppChat, menu, "Undang vendor", "https://t.me/")
	m := vendorLink.FindStringSubmatch(forward.Plain)
	if m == nil {
		forward = fake.WaitMessage(t, ppChat, func(x telegramtest.Message) bool { return vendorLink.MatchString(x.Plain) }, wait)
		m = vendorLink.FindStringSubmatch(forward.Plain)
	}
	token := m[1]

	// The vendor opens it and fills the form, with a wrong NPWP and a 12-digit NIB on the way.
	notice := say(t, fake, vendorChat, "/start "+token, "mengundang Anda")
	q := press(t, fake, vendorChat, notice, "Setuju", "Nama usaha")
	q = say(t, fake, vendorChat, "Toko Maju Jaya", "bentuk usaha")
	q = press(t, fake, vendorChat, q, "Perorangan", "Nama lengkap pemilik")
	say(t, fake, vendorChat, "Joko Susilo", "NIK pemilik")
	say(t, fake, vendorChat, "1673051508850003", "NPWP usaha")
	say(t, fake, vendorChat, "12.345.678", "15 atau 16 digit")
	q = say(t, fake, vendorChat, "01.234.567.8-901.000", "Izin usaha apa")
	q = press(t, fake, vendorChat, q, "NIB", "13 digit")
	say(t, fake, vendorChat, "1234 5678 9012", "NIB harus 13 digit")
	say(t, fake, vendorChat, "1234567890123", "Alamat lengkap usaha")
	q = say(t, fake, vendorChat, "Jl. Yos Sudarso No. 12, Lubuk Linggau", "Di bank apa")
	q = press(t, fake, vendorChat, q, "BRI", "Nomor HP")
	say(t, fake, vendorChat, "0812-3456-7890", "Alamat email")
	say(t, fake, vendorChat, "joko.maju@gmail.com", "KTP pemilik")
	before := lastID(fake, vendorChat)
	fake.SendPhoto(vendorChat, []byte("jpeg ktp joko"), "")
	fake.WaitMessage(t, vendorChat, after(before, contains("kartu NPWP")), wait)
	before = lastID(fake, vendorChat)
	fake.SendPhoto(vendorChat, []byte("jpeg npwp"), "")
	fake.WaitMessage(t, vendorChat, after(before, contains("NIB atau SIUP")), wait)
	before = lastID(fake, vendorChat)
	fake.SendAlbum(vendorChat, [][]byte{[]byte("jpeg nib 1"), []byte("jpeg nib 2")}, "")
	q = fake.WaitMessage(t, vendorChat, after(before, contains("Tanda Daftar Perusahaan")), wait)
	q = press(t, fake, vendorChat, q, "Lewati", "status pajak")
	summary := press(t, fake, vendorChat, q, "Lewati", "Periksa kembali")
	receipt := press(t, fake, vendorChat, summary, "Kirim", "Nomor pendaftaran")
	number := vendorNumber.FindString(receipt.Plain)

	// The package reaches the Pejabat Pengadaan, NIK masked.
	card := fake.WaitMessage(t, ppChat, contains("Pendaftaran vendor "+number), wait)
	if strings.Contains(card.Plain, "1673051508850003") || !strings.Contains(card.Plain, "Toko Maju Jaya") {
		t.Errorf("package card:\n%s\nwant the business and the NIK masked", card.Plain)
	}
	// The vendor's forged press of the PP's button is refused.
	fake.Push(map[string]any{"callback_query": map[string]any{
		"id": "forged-1", "from": map[string]any{"id": vendorChat, "is_bot": false, "first_name": "Joko"},
		"chat_instance": "1", "data": buttonData(t, card, "Sudah saya input"),
		"message": map[string]any{"message_id": receipt.MessageID, "date": 0,
			"chat": map[string]any{"id": vendorChat, "type": "private", "first_name": "Joko"}},
	}})
	fake.WaitRequest(t, "answerCallbackQuery", func(r telegramtest.Request) bool {
		return strings.Contains(r.Params["text"], "Hanya Pejabat Pengadaan")
	}, wait)

	// "Perlu perbaikan" with a reason; the vendor fixes the KTP and sends again.
	q = press(t, fake, ppChat, card, "Perlu perbaikan", "Perbaikan "+number)
	q = say(t, fake, ppChat, "Foto KTP buram; mohon kirim ulang.", "Kirim")
	press(t, fake, ppChat, q, "Kirim", "Catatan perbaikan")
	fix := fake.WaitMessage(t, vendorChat, contains("perlu diperbaiki"), wait)
	summary = press(t, fake, vendorChat, fix, "Perbaiki", "Periksa kembali")
	press(t, fake, vendorChat, summary, "Ubah KTP pemilik", "KTP pemilik")
	before = lastID(fake, vendorChat)
	fake.SendPhoto(vendorChat, []byte("jpeg ktp joko jelas"), "")
	summary = fake.WaitMessage(t, vendorChat, after(before, contains("Periksa kembali")), wait)
	press(t, fake, vendorChat, summary, "Kirim", "Perbaikan pendaftaran vendor")
	card = fake.WaitMessage(t, ppChat, func(x telegramtest.Message) bool {
		return x.MessageID > card.MessageID && strings.Contains(x.Plain, "PERBAIKAN") && x.HasButton(buttonData(t, x, "Sudah saya input"))
	}, wait)

	// Input in Digipay: the vendor is told and gets its checklist, and ticks a step.
	fake.Press(ppChat, card.MessageID, buttonData(t, card, "Sudah saya input"))
	fake.WaitMessage(t, vendorChat, contains("sudah diinput di Digipay"), wait)
	steps := fake.WaitMessage(t, vendorChat, contains("Langkah Admin Vendor"), wait)
	fake.Press(vendorChat, steps.MessageID, buttonData(t, steps, "tandai selesai"))
	fake.Eventually(t, "the step ticked", func() bool {
		x, _ := fake.Message(vendorChat, steps.MessageID)
		return strings.Contains(x.Plain, "1 dari 4")
	}, wait)

	// Stored: status, the satker's vendor count, the documents sealed; the report counts the vendor.
	var status string
	var vendors, docs int
	err := db.Pool().QueryRow(ctx, `
		SELECT v.status, s.vendors, (SELECT count(*) FROM documents WHERE subject = 'vendor:' || v.id)
		FROM vendors v JOIN satkers s ON s.kode_satker = v.satker_code WHERE v.number = $1`, number).Scan(&status, &vendors, &docs)
	if err != nil {
		t.Fatal(err)
	}
	if status != "diinput" || vendors != 1 || docs != 5 {
		t.Errorf("stored status %q, satker vendors %d, documents %d; want diinput, 1, 5 (KTP twice, NPWP, NIB album)", status, vendors, docs)
	}
	out, err := runCLI(t, e, "report", "-out", t.TempDir())
	if err != nil || !strings.Contains(out, "Vendor terdaftar: 1") {
		t.Errorf("report (%v):\n%s\nwant 1 vendor", err, out)
	}

	// The link works once.
	say(t, fake, 5302, "/start "+token, "sudah pernah dipakai")
}
