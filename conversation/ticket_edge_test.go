package conversation

import (
	"testing"
	"time"
)

func TestTicketEditOfAMessageWrittenBeforeTheTicket(t *testing.T) {
	d := newDesk(t)
	d.open("Proses transaksi", "")
	created := d.ticket(41).CreatedAt
	now := d.asker.now
	// Telegram dates an edited message with its original date: a form answer
	// given before the ticket existed (it may hold a NIK).
	d.at(created.Add(-time.Minute))
	out := d.say(Update{Kind: KindEdited, Text: "3201010101010001", MessageID: 3})
	d.at(now)
	if len(to(out, testGroup)) != 0 || len(d.messagesOf(41, TicketEdit)) != 0 {
		t.Errorf("an edit of a message from before the ticket reached the staff: %+v", out)
	}
}

func TestTicketRatingCommentNotTakenAfterTheUserMovedOn(t *testing.T) {
	d := newDesk(t)
	d.open("Proses transaksi", "")
	d.asker.press("t:41:close")
	d.asker.press("q:41:3")
	d.asker.cmd("menu", "")
	d.asker.text("halo, saya mau tanya lagi")
	if tk := d.ticket(41); tk.Rating != 3 || tk.RatingComment != "" {
		t.Errorf("rating %d comment %q, want 3 and no comment", tk.Rating, tk.RatingComment)
	}
}

func TestTicketPhotoReplyToTheBankPromptNotRelayed(t *testing.T) {
	d := newDesk(t)
	d.open("Proses transaksi", "")
	d.delivered(testGroup, 6200, "ticket:41:bank")
	out := d.officer(budi, Update{Kind: KindPhoto, File: &File{ID: "foto-bukti", Photo: true}, Text: "bukti",
		ReplyToMessageID: 6200, ReplyToText: "Eskalasi TKT-000041 ke bank", ReplyToBot: true})
	if len(to(out, testUser)) != 0 || len(d.messagesOf(41, TicketOut)) != 0 {
		t.Errorf("a reply to the bank prompt reached the asker: %+v", out)
	}
}

func TestTicketReplyFoundByItsNumberBeforeTheCardIsRecorded(t *testing.T) {
	d := newDesk(t)
	d.open("Proses transaksi", "")
	// The card is delivered but the sender has not yet recorded it: the
	// number on its first line finds the ticket.
	out := d.officer(budi, Update{Kind: KindText, Text: "Kami cek dulu", ReplyToMessageID: 9100,
		ReplyToText: "🆘 Tiket TKT-000041 · Proses transaksi", ReplyToBot: true})
	if len(to(out, testUser)) != 1 {
		t.Errorf("reply not relayed: %+v", out)
	}
	out = d.officer(budi, Update{Kind: KindText, Text: "obrolan", ReplyToMessageID: 9101,
		ReplyToText: "TKT-000041 dibahas besok"})
	if len(to(out, testUser)) != 0 {
		t.Errorf("a reply to an officer's own text naming a ticket was relayed: %+v", out)
	}
}
