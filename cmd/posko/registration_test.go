package main

import (
	"bytes"
	"context"
	"encoding/base64"
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

// answer sends text and waits for the next question, which must contain next.
func answer(t *testing.T, fake *telegramtest.Server, text, next string) telegramtest.Message {
	t.Helper()
	before := len(fake.Messages(userChat))
	fake.SendText(userChat, text)
	return fake.WaitMessage(t, userChat, func(m telegramtest.Message) bool {
		return m.MessageID > before && strings.Contains(m.Plain, next)
	}, wait)
}

func TestServeRegistrationFromChatToActiveAdmin(t *testing.T) {
	fake := telegramtest.New(t)
	e := registrationEnv(t, fake)
	start(t, e)
	fake.SetMember(groupChat, officer, "member")
	fake.SetMember(groupChat, stranger, "left")

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

	sk1, sk2 := []byte("\xff\xd8 SK halaman 1"), []byte("\xff\xd8 SK halaman 2")
	fake.SendAlbum(userChat, [][]byte{sk1, sk2}, "")
	fake.WaitMessage(t, userChat, contains("KTP admin"), wait)
	before := len(fake.Messages(userChat))
	fake.SendSticker(userChat) // a sticker where the KTP is expected
	fake.WaitMessage(t, userChat, func(m telegramtest.Message) bool { return m.MessageID > before }, wait)
	ktp := []byte("\xff\xd8 foto KTP")
	fake.SendPhoto(userChat, ktp, "")
	form := fake.WaitMessage(t, userChat, func(m telegramtest.Message) bool { return m.Method == "sendDocument" }, wait)
	if !bytes.HasPrefix(form.Upload, []byte("%PDF")) || !strings.HasSuffix(form.UploadName, ".pdf") {
		t.Fatalf("pre-filled form not sent as a PDF: %q (%d bytes)", form.UploadName, len(form.Upload))
	}
	fake.WaitMessage(t, userChat, contains("mintakan tanda tangan KPA"), wait)
	signed := []byte("%PDF-1.4 formulir bertanda tangan")
	fake.SendDocument(userChat, "form-ttd.pdf", "application/pdf", signed, "")
	summary := fake.WaitMessage(t, userChat, contains("Periksa kembali"), wait)
	fake.Press(userChat, summary.MessageID, buttonData(t, summary, "Kirim"))
	receipt := fake.WaitMessage(t, userChat, contains("Nomor permintaan"), wait)
	if !strings.Contains(receipt.Plain, "REG-") || !strings.Contains(receipt.Plain, "WIB") {
		t.Errorf("receipt lacks the number or the deadline: %q", receipt.Plain)
	}

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
	fake.PressInGroup(groupChat, officer, taken.MessageID, buttonData(t, taken, "Sudah direkam"))
	fake.WaitMessage(t, userChat, contains("DIGIT"), wait)
	fake.WaitMessage(t, groupChat, func(m telegramtest.Message) bool {
		return m.MessageID == card.MessageID && strings.Contains(m.Plain, "selesai")
	}, wait)

	fake.SendText(userChat, "/status")
	fake.WaitMessage(t, userChat, contains("selesai"), wait)

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
