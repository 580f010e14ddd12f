package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"posko/conversation"
)

const staffChat = int64(-100555)

func addMessage(t *testing.T, db *DB, m conversation.TicketMessage) {
	t.Helper()
	inTx(t, db, func(tx conversation.Tx) error { return tx.AddTicketMessage(context.Background(), m) })
}

func TestAddTicketMessage(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	tk := openTicket(t, db, sampleTicket(regChat))
	officer := conversation.Actor{UserID: 42, Name: "Budi"}
	msg := func(dir string, chat int64, id int, text string) conversation.TicketMessage {
		return conversation.TicketMessage{TicketID: tk.ID, Direction: dir, ChatID: chat, MessageID: id,
			UserID: officer.UserID, UserName: officer.Name, Kind: conversation.KindText, Text: text}
	}

	addMessage(t, db, msg(conversation.TicketIn, regChat, 11, "masih gagal"))
	addMessage(t, db, msg(conversation.TicketNote, staffChat, 900, "cek log"))
	addMessage(t, db, msg(conversation.TicketEdit, regChat, 11, "masih gagal login"))
	if got := readTicket(t, db, tk.ID); got.Messages != 1 || !got.FirstResponseAt.IsZero() {
		t.Fatalf("after the asker's message, a note and an edit: messages %d, first response %v; want 1 and none",
			got.Messages, got.FirstResponseAt)
	}
	first := time.Date(2026, 3, 2, 11, 0, 0, 0, wib)
	reply := msg(conversation.TicketOut, staffChat, 901, "Silakan coba lagi")
	reply.At = first
	reply.Kind, reply.Files = conversation.KindPhoto, []conversation.File{{ID: "AgAC-answer", Photo: true}}
	addMessage(t, db, reply)
	later := msg(conversation.TicketOut, staffChat, 902, "Sudah bisa?")
	later.At = first.Add(time.Hour)
	addMessage(t, db, later)

	got := readTicket(t, db, tk.ID)
	if got.Messages != 3 || !got.FirstResponseAt.Equal(first) {
		t.Errorf("messages %d, first response %v; want 3 (in and out) and the first reply's time %v",
			got.Messages, got.FirstResponseAt, first)
	}
	if n := count(t, db, `SELECT count(*) FROM ticket_messages WHERE ticket_id = $1 AND kind = $2
		AND files->0->>'id' = 'AgAC-answer' AND user_name = 'Budi'`, tk.ID, int(conversation.KindPhoto)); n != 1 {
		t.Errorf("%d stored photo replies, want 1", n)
	}
	t.Run("an unknown ticket is refused", func(t *testing.T) {
		_, _, err := db.ProcessUpdate(ctx, updateIDs.Add(1), regChat, func(ctx context.Context, tx conversation.Tx) ([]byte, []conversation.Outgoing, error) {
			m := msg(conversation.TicketIn, regChat, 12, "x")
			m.TicketID = 999999
			return nil, nil, tx.AddTicketMessage(ctx, m)
		})
		if err == nil {
			t.Error("a message of an unknown ticket was stored")
		}
	})
}

// sendUnderRef queues a message with ref to chat and marks it delivered as
// messageID, which records the ref.
func sendUnderRef(t *testing.T, db *DB, chat int64, ref string, messageID int) {
	t.Helper()
	ctx := context.Background()
	o := send(chat, "kartu")
	o.Ref = ref
	if err := db.Enqueue(ctx, o); err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := db.Pool().QueryRow(ctx, `SELECT max(id) FROM outbox`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkSent(ctx, []Sent{{ID: id, MessageID: messageID}}); err != nil {
		t.Fatal(err)
	}
}

func TestTicketOfMessage(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	tk := openTicket(t, db, sampleTicket(regChat))
	sendUnderRef(t, db, staffChat, conversation.TicketCardRef(tk.ID), 700)
	sendUnderRef(t, db, staffChat, conversation.TicketTopicRef(tk.ID), 650) // the topic's thread id
	sendUnderRef(t, db, staffChat, "registration:3:card", 701)
	addMessage(t, db, conversation.TicketMessage{TicketID: tk.ID, Direction: conversation.TicketOut, ChatID: staffChat,
		MessageID: 710, Kind: conversation.KindText, Text: "jawaban"})
	addMessage(t, db, conversation.TicketMessage{TicketID: tk.ID, Direction: conversation.TicketNote, ChatID: staffChat,
		MessageID: 711, Kind: conversation.KindText, Text: "catatan"})
	// Only officers' messages and notes count: not an asker's message
	// recorded under the same chat and id.
	addMessage(t, db, conversation.TicketMessage{TicketID: tk.ID, Direction: conversation.TicketIn, ChatID: staffChat,
		MessageID: 720, Kind: conversation.KindText, Text: "salah chat"})

	tests := []struct {
		name    string
		chat    int64
		message int
		want    int64
	}{
		{"the ticket's card", staffChat, 700, tk.ID},
		{"the ticket's topic", staffChat, 650, tk.ID},
		{"an officer's reply", staffChat, 710, tk.ID},
		{"an officer's note", staffChat, 711, tk.ID},
		{"a message under another ref", staffChat, 701, 0},
		{"the asker's message", staffChat, 720, 0},
		{"the same id in another chat", staffChat - 1, 700, 0},
		{"unknown", staffChat, 999, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var (
				got int64
				err error
			)
			inTx(t, db, func(tx conversation.Tx) error {
				got, err = tx.TicketOfMessage(ctx, tt.chat, tt.message)
				return nil
			})
			if tt.want == 0 {
				if !errors.Is(err, conversation.ErrNotFound) {
					t.Errorf("TicketOfMessage = %d, %v; want ErrNotFound", got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("TicketOfMessage = %d, %v; want %d", got, err, tt.want)
			}
		})
	}
	t.Run("MessageRef", func(t *testing.T) {
		inTx(t, db, func(tx conversation.Tx) error {
			if ref, err := tx.MessageRef(ctx, staffChat, 650); err != nil || ref != conversation.TicketTopicRef(tk.ID) {
				t.Errorf("MessageRef(topic) = %q, %v", ref, err)
			}
			if _, err := tx.MessageRef(ctx, staffChat, 710); !errors.Is(err, conversation.ErrNotFound) {
				t.Errorf("MessageRef of an officer's message: %v, want ErrNotFound", err)
			}
			return nil
		})
	})
	t.Run("still found after the outbox is pruned", func(t *testing.T) {
		if _, err := db.Pool().Exec(ctx, `DELETE FROM outbox`); err != nil {
			t.Fatal(err)
		}
		var got int64
		inTx(t, db, func(tx conversation.Tx) (err error) {
			got, err = tx.TicketOfMessage(ctx, staffChat, 700)
			return err
		})
		if got != tk.ID {
			t.Errorf("TicketOfMessage after pruning = %d, want %d", got, tk.ID)
		}
	})
}

func TestRecordRef(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	ref := conversation.TicketTopicRef(9)
	sendUnderRef(t, db, staffChat, ref, 300)
	// The topic was deleted and the sender created another one.
	if err := db.RecordRef(ctx, staffChat, 480, ref); err != nil {
		t.Fatalf("RecordRef: %v", err)
	}
	if id, err := db.SentMessageID(ctx, ref); err != nil || id != 480 {
		t.Errorf("SentMessageID = %d, %v; want the new topic 480", id, err)
	}
	// Recording a message again replaces its ref.
	if err := db.RecordRef(ctx, staffChat, 480, "other"); err != nil {
		t.Fatal(err)
	}
	if id, err := db.SentMessageID(ctx, ref); err != nil || id != 300 {
		t.Errorf("SentMessageID after 480 was recorded under another ref = %d, %v; want 300", id, err)
	}
	if n := count(t, db, `SELECT count(*) FROM message_refs WHERE chat_id = $1 AND message_id = 480 AND ref = 'other'`, staffChat); n != 1 {
		t.Errorf("%d message_refs rows for 480 under its new ref, want 1", n)
	}
}
