package telegramtest

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// updates takes the queued updates with getUpdates and confirms them.
func takeUpdates(t *testing.T, s *Server) []models.Update {
	t.Helper()
	_, a := postJSON(t, s, "getUpdates", nil)
	var ups []models.Update
	if err := jsonUnmarshal(a.Result, &ups); err != nil {
		t.Fatalf("decode updates: %v", err)
	}
	if len(ups) > 0 {
		postJSON(t, s, "getUpdates", map[string]any{"offset": ups[len(ups)-1].ID + 1, "timeout": 0})
	}
	return ups
}

func TestSendEditAndReply(t *testing.T) {
	rec := &recorder{TB: t}
	s := New(rec)
	b := newBot(t, s)
	ctx := context.Background()
	const user, staff = 71, -1007000000007
	first := s.SendText(user, "Aplikasi error saat login")
	mid := s.MessageIDOf(first)
	prompt, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: user, Text: "Tiket T-1 dibuat"})
	if err != nil {
		t.Fatal(err)
	}
	takeUpdates(t, s)

	edit := s.SendEdit(user, mid, "Aplikasi error saat login, kode 500")
	reply := s.SendReply(user, prompt.ID, "Terima kasih")
	if s.MessageIDOf(edit) != mid {
		t.Errorf("MessageIDOf(edit) = %d, want the edited message %d", s.MessageIDOf(edit), mid)
	}
	replyID := s.MessageIDOf(reply)
	if replyID <= prompt.ID {
		t.Errorf("MessageIDOf(reply) = %d, want a new message after %d", replyID, prompt.ID)
	}
	ups := takeUpdates(t, s)
	if len(ups) != 2 || ups[0].ID != edit || ups[1].ID != reply {
		t.Fatalf("updates %+v, want the edit and the reply", ups)
	}
	e := ups[0].EditedMessage
	if e == nil || e.ID != mid || e.Text != "Aplikasi error saat login, kode 500" || e.EditDate == 0 || e.From.ID != user {
		t.Errorf("edited_message = %+v", e)
	}
	r := ups[1].Message
	if r == nil || r.ID != replyID || r.Text != "Terima kasih" || r.ReplyToMessage == nil || r.ReplyToMessage.ID != prompt.ID {
		t.Errorf("reply = %+v", r)
	}
	// The stored message is the edited one: a copy carries the new text.
	copied, err := b.CopyMessage(ctx, &bot.CopyMessageParams{ChatID: staff, FromChatID: user, MessageID: mid})
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := s.Message(staff, copied.ID); m.Text != "Aplikasi error saat login, kode 500" {
		t.Errorf("copy of the edited message = %q", m.Text)
	}

	if errs := rec.errors(); len(errs) != 0 {
		t.Fatalf("valid helpers reported %q", errs)
	}
	if s.SendEdit(user, prompt.ID, "bukan pesan pengguna") != 0 || !hasError(rec.errors(), "no message of a user to edit") {
		t.Errorf("editing the bot's message: reported %q", rec.errors())
	}
	if s.SendReply(user, 999, "x") != 0 || !hasError(rec.errors(), "no message 999 to reply to") {
		t.Errorf("replying to a missing message: reported %q", rec.errors())
	}
}

func TestSendGroupPhotoAndDocument(t *testing.T) {
	rec := &recorder{TB: t}
	s := New(rec)
	b := newBot(t, s)
	ctx := context.Background()
	const group, officer, user = -1008000000008, 91, 92
	s.SetForum(group, true)
	topic, err := b.CreateForumTopic(ctx, &bot.CreateForumTopicParams{ChatID: group, Name: "T-1 · Satker 123"})
	if err != nil {
		t.Fatal(err)
	}
	card, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: group, MessageThreadID: topic.MessageThreadID, Text: "Tiket T-1"})
	if err != nil {
		t.Fatal(err)
	}
	photo := s.SendGroupPhoto(group, officer, topic.MessageThreadID, 0, []byte("jpeg bukti"), "Bukti transfer")
	doc := s.SendGroupDocument(group, officer, 0, card.ID, "sk.pdf", "application/pdf", []byte("%PDF sk"), "")
	ups := takeUpdates(t, s)
	if len(ups) != 2 || ups[0].ID != photo || ups[1].ID != doc {
		t.Fatalf("updates %+v", ups)
	}
	p := ups[0].Message
	if p == nil || p.ID != s.MessageIDOf(photo) || p.From.ID != officer || p.MessageThreadID != topic.MessageThreadID ||
		!p.IsTopicMessage || len(p.Photo) == 0 || p.Caption != "Bukti transfer" {
		t.Fatalf("photo message = %+v", p)
	}
	d := ups[1].Message
	if d == nil || d.ID != s.MessageIDOf(doc) || d.Document == nil || d.Document.FileName != "sk.pdf" ||
		d.ReplyToMessage == nil || d.ReplyToMessage.ID != card.ID || d.MessageThreadID != topic.MessageThreadID {
		t.Errorf("document message = %+v (a reply in a forum stays in the card's topic)", d)
	}
	if data, ok := s.File(d.Document.FileID); !ok || string(data) != "%PDF sk" {
		t.Errorf("document file = %q, %v", data, ok)
	}

	// The bot copies the officer's photo to the asker with its own caption:
	// the copy keeps the photo and shows the new caption.
	copied, err := b.CopyMessage(ctx, &bot.CopyMessageParams{ChatID: user, FromChatID: group, MessageID: p.ID,
		Caption: "<b>Petugas:</b> Bukti transfer", ParseMode: models.ParseModeHTML})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := s.Message(user, copied.ID)
	if len(m.FileIDs) != 1 || m.FileIDs[0] != p.Photo[len(p.Photo)-1].FileID || m.Plain != "Petugas: Bukti transfer" || m.ParseMode != "HTML" {
		t.Errorf("copy with a caption = %+v", m)
	}
	plain, err := b.CopyMessage(ctx, &bot.CopyMessageParams{ChatID: user, FromChatID: group, MessageID: d.ID})
	if err != nil {
		t.Fatal(err)
	}
	if m, _ := s.Message(user, plain.ID); len(m.FileIDs) != 1 || m.FileIDs[0] != d.Document.FileID || m.Text != "" {
		t.Errorf("copy of the document = %+v", m)
	}
	if errs := rec.errors(); len(errs) != 0 {
		t.Errorf("valid requests reported %q", errs)
	}
}

func TestDeleteTopic(t *testing.T) {
	rec := &recorder{TB: t}
	s := New(rec)
	b := newBot(t, s)
	ctx := context.Background()
	const group = -1009000000009
	s.SetForum(group, true)
	keep := s.AddTopic(group, "T-1")
	gone := s.AddTopic(group, "T-2")
	in, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: group, MessageThreadID: gone, Text: "Kartu T-2"})
	if err != nil {
		t.Fatal(err)
	}
	s.DeleteTopic(group, gone)

	_, err = b.SendMessage(ctx, &bot.SendMessageParams{ChatID: group, MessageThreadID: gone, Text: "Balasan T-2"})
	if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "Bad Request: message thread not found") {
		t.Errorf("send into the deleted topic: err = %v", err)
	}
	_, err = b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: group, MessageThreadID: gone,
		Photo: &models.InputFileUpload{Filename: "a.jpg", Data: bytes.NewReader([]byte("jpeg"))}})
	if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "message thread not found") {
		t.Errorf("photo into the deleted topic: err = %v", err)
	}
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: group, MessageThreadID: keep, Text: "Kartu T-1"}); err != nil {
		t.Errorf("send into the other topic: %v", err)
	}
	if m, _ := s.Message(group, in.ID); !m.Deleted {
		t.Errorf("the deleted topic's message %+v, want deleted with it", m)
	}
	if topics := s.Topics(group); len(topics) != 1 || topics[0].ThreadID != keep {
		t.Errorf("topics = %+v, want only T-1", topics)
	}
	if errs := rec.errors(); len(errs) != 0 {
		t.Fatalf("reported %q", errs)
	}
	// Nobody writes in a deleted topic, and a topic that never was cannot be deleted.
	if s.SendTopicText(group, 93, gone, "halo") != 0 || !hasError(rec.errors(), "deleted topic") {
		t.Errorf("writing in the deleted topic: reported %q", rec.errors())
	}
	s.DeleteTopic(group, 4242)
	if !hasError(rec.errors(), "no such topic") {
		t.Errorf("deleting an unknown topic: reported %q", rec.errors())
	}
}
