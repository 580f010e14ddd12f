package bot

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"posko/bot/telegramtest"
	"posko/conversation"
)

func TestDeliverKinds(t *testing.T) {
	f := newSenderFixture(t, SenderOptions{})
	ctx := context.Background()
	const chat, other = 42, 43
	pdf := []byte("%PDF-1.4 formulir")
	docID, _ := f.srv.AddFile(pdf)
	photoA, _ := f.srv.AddFile([]byte("jpeg a"))
	photoB, _ := f.srv.AddFile([]byte("jpeg b"))
	source, err := f.sender.Deliver(ctx, send(other, "<b>Asli</b>"))
	if err != nil {
		t.Fatal(err)
	}
	f.srv.Push(map[string]any{"callback_query": map[string]any{
		"id": "cb-1", "from": map[string]any{"id": chat, "is_bot": false, "first_name": "Uji"},
		"chat_instance": "1", "data": "x",
	}})
	buttons := [][]conversation.Button{{{Text: "Ya", Data: "ya"}, {Text: "Situs", URL: "https://djpb.kemenkeu.go.id"}}}
	longCaption := strings.Repeat("keterangan ", 150) // 1650 characters

	tests := []struct {
		name   string
		msg    conversation.Outgoing
		method string
		check  func(t *testing.T, id int, msgs []telegramtest.Message, req telegramtest.Request)
	}{
		{
			name:   "send with keyboard, topic and no link preview",
			msg:    conversation.Outgoing{Kind: conversation.OutSend, ChatID: chat, ThreadID: 7, Text: "Halo <b>Anda</b>", Buttons: buttons},
			method: "sendMessage",
			check: func(t *testing.T, id int, msgs []telegramtest.Message, req telegramtest.Request) {
				m := msgs[len(msgs)-1]
				if m.MessageID != id || m.Plain != "Halo Anda" || m.ParseMode != "HTML" || m.ThreadID != 7 {
					t.Errorf("message %+v", m)
				}
				if !m.HasButton("ya") || m.Buttons[0][1].URL != "https://djpb.kemenkeu.go.id" {
					t.Errorf("buttons %+v", m.Buttons)
				}
				if !strings.Contains(req.Params["link_preview_options"], `"is_disabled":true`) {
					t.Errorf("link_preview_options = %q", req.Params["link_preview_options"])
				}
			},
		},
		{
			name:   "edit replaces text and removes the keyboard",
			msg:    conversation.Outgoing{Kind: conversation.OutEdit, ChatID: chat, MessageID: 1, Text: "Sudah diproses"},
			method: "editMessageText",
			check: func(t *testing.T, id int, _ []telegramtest.Message, _ telegramtest.Request) {
				m, _ := f.srv.Message(chat, 1)
				if id != 1 || !m.Edited || m.Plain != "Sudah diproses" || len(m.Buttons) != 0 {
					t.Errorf("id %d, message %+v", id, m)
				}
			},
		},
		{
			name:   "edit that changes nothing counts as done",
			msg:    conversation.Outgoing{Kind: conversation.OutEdit, ChatID: chat, MessageID: 1, Text: "Sudah diproses"},
			method: "editMessageText",
			check: func(t *testing.T, id int, _ []telegramtest.Message, req telegramtest.Request) {
				if id != 1 || req.Status != 400 {
					t.Errorf("id %d, status %d; want 1 after a 400 not modified", id, req.Status)
				}
			},
		},
		{
			name:   "answer callback query",
			msg:    conversation.Outgoing{Kind: conversation.OutAnswer, ChatID: chat, CallbackID: "cb-1", Text: "Tersimpan", Alert: true},
			method: "answerCallbackQuery",
			check: func(t *testing.T, _ int, _ []telegramtest.Message, req telegramtest.Request) {
				if req.Params["callback_query_id"] != "cb-1" || req.Params["text"] != "Tersimpan" || req.Params["show_alert"] != "true" {
					t.Errorf("params %v", req.Params)
				}
			},
		},
		{
			name:   "answer to a query too old counts as done",
			msg:    conversation.Outgoing{Kind: conversation.OutAnswer, ChatID: chat, CallbackID: "unknown-query"},
			method: "answerCallbackQuery",
		},
		{
			name:   "document by file id",
			msg:    conversation.Outgoing{Kind: conversation.OutDocument, ChatID: chat, Text: "<i>SK</i>", Files: []conversation.File{{ID: docID}}, ReplyTo: 1},
			method: "sendDocument",
			check: func(t *testing.T, id int, msgs []telegramtest.Message, _ telegramtest.Request) {
				m := msgs[len(msgs)-1]
				if m.MessageID != id || !slices.Equal(m.FileIDs, []string{docID}) || m.Plain != "SK" || m.ReplyTo != 1 {
					t.Errorf("message %+v", m)
				}
			},
		},
		{
			name:   "document upload",
			msg:    conversation.Outgoing{Kind: conversation.OutDocument, ChatID: chat, Upload: &conversation.Upload{Name: "formulir.pdf", Data: pdf}},
			method: "sendDocument",
			check: func(t *testing.T, _ int, msgs []telegramtest.Message, _ telegramtest.Request) {
				m := msgs[len(msgs)-1]
				if !bytes.Equal(m.Upload, pdf) || m.UploadName != "formulir.pdf" {
					t.Errorf("uploaded %q as %q", m.Upload, m.UploadName)
				}
			},
		},
		{
			name:   "photo with keyboard",
			msg:    conversation.Outgoing{Kind: conversation.OutPhoto, ChatID: chat, Text: "KTP", Files: []conversation.File{{ID: photoA, Photo: true}}, Buttons: buttons},
			method: "sendPhoto",
			check: func(t *testing.T, _ int, msgs []telegramtest.Message, _ telegramtest.Request) {
				m := msgs[len(msgs)-1]
				if !slices.Equal(m.FileIDs, []string{photoA}) || m.Plain != "KTP" || !m.HasButton("ya") {
					t.Errorf("message %+v", m)
				}
			},
		},
		{
			name: "media group captions the first item",
			msg: conversation.Outgoing{Kind: conversation.OutMediaGroup, ChatID: chat, Text: "Lampiran",
				Files: []conversation.File{{ID: photoA, Photo: true}, {ID: photoB, Photo: true}}},
			method: "sendMediaGroup",
			check: func(t *testing.T, id int, msgs []telegramtest.Message, _ telegramtest.Request) {
				album := msgs[len(msgs)-2:]
				if album[0].MediaGroupID == "" || album[0].MediaGroupID != album[1].MediaGroupID {
					t.Errorf("not one album: %+v", album)
				}
				if album[0].Plain != "Lampiran" || album[1].Plain != "" || id != album[1].MessageID {
					t.Errorf("captions %q %q, id %d", album[0].Plain, album[1].Plain, id)
				}
			},
		},
		{
			name: "media group of one photo goes as a photo",
			msg: conversation.Outgoing{Kind: conversation.OutMediaGroup, ChatID: chat, Text: "Satu halaman",
				Files: []conversation.File{{ID: photoA, Photo: true}}},
			method: "sendPhoto",
			check: func(t *testing.T, id int, msgs []telegramtest.Message, _ telegramtest.Request) {
				m := msgs[len(msgs)-1]
				if m.MessageID != id || m.Plain != "Satu halaman" || !slices.Equal(m.FileIDs, []string{photoA}) {
					t.Errorf("message %+v", m)
				}
			},
		},
		{
			name:   "copy keeps the original",
			msg:    conversation.Outgoing{Kind: conversation.OutCopy, ChatID: chat, FromChatID: other, MessageID: source},
			method: "copyMessage",
			check: func(t *testing.T, id int, msgs []telegramtest.Message, req telegramtest.Request) {
				m := msgs[len(msgs)-1]
				if m.MessageID != id || m.Plain != "Asli" || req.Int("from_chat_id") != other {
					t.Errorf("message %+v, params %v", m, req.Params)
				}
			},
		},
		{
			name:   "long caption continues in a message with the keyboard",
			msg:    conversation.Outgoing{Kind: conversation.OutDocument, ChatID: chat, Text: longCaption, Files: []conversation.File{{ID: docID}}, Buttons: buttons},
			method: "sendDocument",
			check: func(t *testing.T, id int, msgs []telegramtest.Message, _ telegramtest.Request) {
				doc, rest := msgs[len(msgs)-2], msgs[len(msgs)-1]
				if doc.Method != "sendDocument" || len(doc.Buttons) != 0 || telegramLen(doc.Text) > MaxCaptionLen {
					t.Errorf("document %q (%d characters) buttons %v", clip(doc.Text), telegramLen(doc.Text), doc.Buttons)
				}
				if rest.Method != "sendMessage" || !rest.HasButton("ya") || rest.MessageID != id {
					t.Errorf("rest %+v, id %d", rest, id)
				}
				if squeeze(doc.Plain+rest.Plain) != squeeze(longCaption) {
					t.Error("caption parts do not add up")
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(f.srv.Requests(tt.method))
			limited := f.limiter.count(chat)
			id, err := f.sender.Deliver(ctx, tt.msg)
			if err != nil {
				t.Fatalf("Deliver: %v", err)
			}
			reqs := f.srv.Requests(tt.method)
			if len(reqs) != before+1 {
				t.Fatalf("%s called %d times, want once", tt.method, len(reqs)-before)
			}
			waits := f.limiter.count(chat) - limited
			if tt.msg.Kind == conversation.OutAnswer && waits != 0 {
				t.Errorf("answerCallbackQuery waited for the limiter")
			}
			if tt.msg.Kind != conversation.OutAnswer && waits == 0 {
				t.Errorf("sent without waiting for the limiter")
			}
			if tt.check != nil {
				tt.check(t, id, f.srv.Messages(chat), reqs[len(reqs)-1])
			}
		})
	}
}
