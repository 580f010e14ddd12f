package telegramtest

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

func TestSendDocumentUploadAndFileID(t *testing.T) {
	s := New(t)
	b := newBot(t, s)
	ctx := context.Background()
	pdf := []byte("%PDF-1.7 formulir")
	sent, err := b.SendDocument(ctx, &bot.SendDocumentParams{
		ChatID:   -1001000000001,
		Document: &models.InputFileUpload{Filename: "formulir.pdf", Data: bytes.NewReader(pdf)},
		Caption:  "Formulir registrasi",
	})
	if err != nil {
		t.Fatalf("SendDocument upload: %v", err)
	}
	if sent.Document == nil || sent.Document.FileName != "formulir.pdf" || sent.Caption != "Formulir registrasi" {
		t.Fatalf("result = %+v", sent)
	}
	m := s.Messages(-1001000000001)[0]
	if !bytes.Equal(m.Upload, pdf) || m.UploadName != "formulir.pdf" || m.Text != "Formulir registrasi" || len(m.FileIDs) != 1 {
		t.Errorf("stored = %+v", m)
	}
	// Re-sending by the new file_id works and carries the same file.
	if _, err := b.SendDocument(ctx, &bot.SendDocumentParams{ChatID: 5, Document: &models.InputFileString{Data: sent.Document.FileID}}); err != nil {
		t.Fatalf("SendDocument by file_id: %v", err)
	}
	if m := s.Messages(5)[0]; m.FileIDs[0] != sent.Document.FileID || m.Upload != nil {
		t.Errorf("by file_id stored %+v", m)
	}
	// A document's file_id cannot be sent as a photo.
	_, err = b.SendPhoto(ctx, &bot.SendPhotoParams{ChatID: 5, Photo: &models.InputFileString{Data: sent.Document.FileID}})
	if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "Document as Photo") {
		t.Errorf("SendPhoto with a document file_id: err = %v", err)
	}
}

func TestSendMediaGroupAndCopy(t *testing.T) {
	s := New(t)
	b := newBot(t, s)
	ctx := context.Background()
	const user, staff = 21, -1002000000002
	ids := s.SendAlbum(user, [][]byte{[]byte("foto1"), []byte("foto2")}, "KTP depan dan belakang")
	if len(ids) != 2 {
		t.Fatalf("SendAlbum ids = %v", ids)
	}
	var ups []models.Update
	_, a := postJSON(t, s, "getUpdates", nil)
	if err := jsonUnmarshal(a.Result, &ups); err != nil || len(ups) != 2 {
		t.Fatalf("updates: %v, %d", err, len(ups))
	}
	p0, p1 := ups[0].Message, ups[1].Message
	if p0.MediaGroupID == "" || p0.MediaGroupID != p1.MediaGroupID || p0.Caption != "KTP depan dan belakang" || p1.Caption != "" || len(p0.Photo) != 2 {
		t.Fatalf("album messages = %+v / %+v", p0, p1)
	}
	msgs, err := b.SendMediaGroup(ctx, &bot.SendMediaGroupParams{ChatID: staff, Media: []models.InputMedia{
		&models.InputMediaPhoto{Media: p0.Photo[1].FileID, Caption: "Dari pengguna 21"},
		&models.InputMediaPhoto{Media: "attach://scan.jpg", MediaAttachment: bytes.NewReader([]byte("scan")), Caption: "Pindaian"},
	}})
	if err != nil || len(msgs) != 2 {
		t.Fatalf("SendMediaGroup: %v (%d)", err, len(msgs))
	}
	got := s.Messages(staff)
	if len(got) != 2 || got[0].MediaGroupID == "" || got[0].MediaGroupID != got[1].MediaGroupID ||
		got[0].FileIDs[0] != p0.Photo[1].FileID || string(got[1].Upload) != "scan" || got[0].Text != "Dari pengguna 21" {
		t.Errorf("media group stored %+v", got)
	}

	copied, err := b.CopyMessage(ctx, &bot.CopyMessageParams{ChatID: staff, FromChatID: user, MessageID: p0.ID})
	if err != nil {
		t.Fatalf("CopyMessage: %v", err)
	}
	c, ok := s.Message(staff, copied.ID)
	if !ok || c.Method != "copyMessage" || c.Text != "KTP depan dan belakang" || c.FileIDs[0] != p0.Photo[1].FileID {
		t.Errorf("copy = %+v", c)
	}
	if _, err := b.CopyMessage(ctx, &bot.CopyMessageParams{ChatID: staff, FromChatID: user, MessageID: 999}); !errors.Is(err, bot.ErrorBadRequest) {
		t.Errorf("copy of a missing message: err = %v", err)
	}
}

func TestForumTopicsAndMembers(t *testing.T) {
	s := New(t)
	b := newBot(t, s)
	ctx := context.Background()
	const group = -1003000000003
	if _, err := b.CreateForumTopic(ctx, &bot.CreateForumTopicParams{ChatID: group, Name: "Tiket 1"}); !errors.Is(err, bot.ErrorBadRequest) {
		t.Errorf("topic in a non-forum: err = %v", err)
	}
	s.SetForum(group, true)
	topic, err := b.CreateForumTopic(ctx, &bot.CreateForumTopicParams{ChatID: group, Name: "Tiket 1"})
	if err != nil || topic.MessageThreadID == 0 {
		t.Fatalf("CreateForumTopic: %+v %v", topic, err)
	}
	sent, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: group, MessageThreadID: topic.MessageThreadID, Text: "Tiket baru"})
	if err != nil || sent.MessageThreadID != topic.MessageThreadID {
		t.Fatalf("SendMessage in topic: %+v %v", sent, err)
	}
	if _, err := b.SendMessage(ctx, &bot.SendMessageParams{ChatID: group, MessageThreadID: 99999, Text: "x"}); !errors.Is(err, bot.ErrorBadRequest) {
		t.Errorf("send to an unknown topic: err = %v", err)
	}
	if _, err := b.EditForumTopic(ctx, &bot.EditForumTopicParams{ChatID: group, MessageThreadID: topic.MessageThreadID, Name: "Tiket 1 (selesai)"}); err != nil {
		t.Errorf("EditForumTopic: %v", err)
	}
	if _, err := b.CloseForumTopic(ctx, &bot.CloseForumTopicParams{ChatID: group, MessageThreadID: topic.MessageThreadID}); err != nil {
		t.Errorf("CloseForumTopic: %v", err)
	}
	if got := s.Topics(group); len(got) != 1 || got[0].Name != "Tiket 1 (selesai)" || !got[0].Closed {
		t.Errorf("Topics = %+v", got)
	}
	if m := s.Messages(group); len(m) != 1 || m[0].ThreadID != topic.MessageThreadID {
		t.Errorf("Messages = %+v", m)
	}

	s.SetMember(group, 44, "administrator")
	tests := []struct {
		name string
		user int64
		want models.ChatMemberType
	}{
		{"set administrator", 44, models.ChatMemberTypeAdministrator},
		{"default member", 45, models.ChatMemberTypeMember},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := b.GetChatMember(ctx, &bot.GetChatMemberParams{ChatID: group, UserID: tt.user})
			if err != nil || m.Type != tt.want {
				t.Errorf("GetChatMember = %+v, %v; want %s", m, err, tt.want)
			}
		})
	}
	chat, err := b.GetChat(ctx, &bot.GetChatParams{ChatID: group})
	if err != nil || !chat.IsForum || chat.Type != models.ChatTypeSupergroup {
		t.Errorf("GetChat = %+v, %v", chat, err)
	}
}

func TestCommandsPerScope(t *testing.T) {
	s := New(t)
	b := newBot(t, s)
	ctx := context.Background()
	priv := []models.BotCommand{{Command: "start", Description: "Mulai"}, {Command: "batal", Description: "Batalkan"}}
	if _, err := b.SetMyCommands(ctx, &bot.SetMyCommandsParams{Commands: priv, Scope: &models.BotCommandScopeAllPrivateChats{}}); err != nil {
		t.Fatalf("SetMyCommands: %v", err)
	}
	if got := s.Commands("all_private_chats"); len(got) != 2 || got[1].Command != "batal" {
		t.Errorf("Commands = %+v", got)
	}
	got, err := b.GetMyCommands(ctx, &bot.GetMyCommandsParams{Scope: &models.BotCommandScopeAllPrivateChats{}})
	if err != nil || len(got) != 2 {
		t.Errorf("GetMyCommands = %+v, %v", got, err)
	}
	if got, _ := b.GetMyCommands(ctx, &bot.GetMyCommandsParams{}); len(got) != 0 {
		t.Errorf("default scope = %+v, want none", got)
	}
}

func TestRateLimits(t *testing.T) {
	s := New(t, WithRateLimits(0, 2))
	b := newBot(t, s)
	var tooMany int
	for range 4 {
		_, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: 3, Text: "Halo"})
		var e *bot.TooManyRequestsError
		if errors.As(err, &e) && e.RetryAfter == 1 {
			tooMany++
		}
	}
	// Four sends within one second allow two, unless the second turned over in between.
	if tooMany == 0 || s.Count429() != tooMany || len(s.Messages(3))+tooMany != 4 {
		t.Errorf("429s %d (counted %d), stored %d", tooMany, s.Count429(), len(s.Messages(3)))
	}
	if _, err := b.SendMessage(context.Background(), &bot.SendMessageParams{ChatID: 4, Text: "Halo"}); err != nil {
		t.Errorf("another chat is limited separately: %v", err)
	}
	if r := s.Requests("sendMessage"); r[len(r)-1].Status != http.StatusOK {
		t.Errorf("last request status %d", r[len(r)-1].Status)
	}
}
