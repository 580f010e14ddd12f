package bot

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	tgbot "github.com/go-telegram/bot"

	"posko/conversation"
)

const (
	officersGroup = -1005550001
	officer       = 7001
	asker         = 7002
)

// relay is an officer's message copied to the asker, with a receipt for the officer.
func relay(text string, officerMsg int, failed string) conversation.Outgoing {
	return conversation.Outgoing{Kind: conversation.OutSend, ChatID: asker, Text: text,
		Receipt: &conversation.Receipt{ChatID: officersGroup, MessageID: officerMsg, Failed: failed}}
}

func TestReceiptReactsOnceDelivered(t *testing.T) {
	tests := []struct {
		name string
		busy bool // the officers' group is being delivered to when the receipt is queued
	}{
		{name: "group idle"},
		{name: "group busy", busy: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// No polling: the receipt must be delivered because the sender
			// wakes itself for it.
			f := newSenderFixture(t, SenderOptions{PollInterval: time.Hour})
			mid := f.srv.MessageIDOf(f.srv.SendGroupText(officersGroup, officer, "Silakan login ulang", 0))
			if tc.busy {
				f.sender.limiter = slowLimiter{chat: officersGroup, delay: 100 * time.Millisecond}
			}
			f.start(t)
			if tc.busy {
				f.sender.Submit(f.outbox.add(send(officersGroup, "Kartu 1"), send(officersGroup, "Kartu 2")))
			}
			f.sender.Submit(f.outbox.add(relay("Silakan login ulang", mid, "Tidak terkirim")))
			waitUntil(t, "the reaction delivered", func() bool { return len(f.srv.Reactions(officersGroup, mid)) > 0 })
			waitUntil(t, "every row settled", f.outbox.settled)

			if got := f.srv.Reactions(officersGroup, mid); !slices.Equal(got, []string{conversation.ReactionDelivered}) {
				t.Errorf("reactions on the officer's message = %q, want %q", got, conversation.ReactionDelivered)
			}
			if got := texts(f.srv.Messages(asker)); !slices.Equal(got, []string{"Silakan login ulang"}) {
				t.Errorf("asker got %q", got)
			}
			var reacts []fakeRow
			for _, r := range f.outbox.rowsOf(officersGroup) {
				if r.Msg.Kind == conversation.OutReact {
					reacts = append(reacts, r)
				}
			}
			if len(reacts) != 1 || reacts[0].state != "sent" || reacts[0].Msg.MessageID != mid || reacts[0].Msg.Text != conversation.ReactionDelivered {
				t.Errorf("reaction rows %+v, want one sent on message %d", reacts, mid)
			}
			if got := texts(f.srv.Messages(officersGroup)); slices.Contains(got, "Tidak terkirim") {
				t.Errorf("the failure warning was sent for a delivered message: %q", got)
			}
		})
	}
}

func TestReceiptWarnsWhenNotDelivered(t *testing.T) {
	const warning = "⚠️ Pesan tidak sampai ke penanya."
	tests := []struct {
		name       string
		opt        SenderOptions
		setup      func(f *senderFixture, officerMsg int)
		failed     string
		wantReason string
		wantWarn   bool
		viaRound   bool // read from the outbox rather than submitted (a blocked chat's row is)
	}{
		{
			name:       "asker blocked the bot",
			setup:      func(f *senderFixture, _ int) { f.srv.BlockChat(asker) },
			failed:     warning,
			wantReason: "blocked",
			wantWarn:   true,
		},
		{
			name: "chat already marked blocked",
			setup: func(f *senderFixture, _ int) {
				f.outbox.mu.Lock()
				f.outbox.blocked[asker] = true
				f.outbox.mu.Unlock()
			},
			failed:     warning,
			wantReason: "blocked",
			wantWarn:   true,
			viaRound:   true,
		},
		{
			name:       "permanent bad request",
			setup:      func(f *senderFixture, _ int) { f.srv.FailNext("sendMessage", 1, 400, 0) },
			failed:     warning,
			wantReason: "injected fault",
			wantWarn:   true,
		},
		{
			name:       "gave up after the last attempt",
			opt:        SenderOptions{MaxAttempts: 1, MaxInlineRetries: -1},
			setup:      func(f *senderFixture, _ int) { f.srv.FailNext("sendMessage", 1, 500, 0) },
			failed:     warning,
			wantReason: "gave up after 1 attempts",
			wantWarn:   true,
		},
		{
			name: "the officer deleted their message",
			setup: func(f *senderFixture, officerMsg int) {
				f.srv.BlockChat(asker)
				if _, err := f.sender.api.DeleteMessage(context.Background(), &tgbot.DeleteMessageParams{ChatID: officersGroup, MessageID: officerMsg}); err != nil {
					panic(err)
				}
			},
			failed:     warning,
			wantReason: "blocked",
			wantWarn:   true,
		},
		{
			name:       "no warning asked for",
			setup:      func(f *senderFixture, _ int) { f.srv.BlockChat(asker) },
			wantReason: "blocked",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.opt.PollInterval = time.Hour
			f := newSenderFixture(t, tc.opt)
			mid := f.srv.MessageIDOf(f.srv.SendGroupText(officersGroup, officer, "Jawaban petugas", 0))
			tc.setup(f, mid)
			f.start(t)
			rows := f.outbox.add(relay("Jawaban petugas", mid, tc.failed))
			if tc.viaRound {
				f.sender.Kick()
			} else {
				f.sender.Submit(rows)
			}
			waitUntil(t, "every row settled", func() bool {
				return f.outbox.settled() && (!tc.wantWarn || len(f.outbox.rows) == 2)
			})

			if r := f.outbox.row(1); r.state != "failed" || !strings.Contains(r.reason, tc.wantReason) {
				t.Errorf("relayed row %s %q, want failed with %q", r.state, r.reason, tc.wantReason)
			}
			msgs := f.srv.Messages(officersGroup)
			if !tc.wantWarn {
				if len(msgs) != 0 || len(f.outbox.rows) != 1 {
					t.Errorf("group got %q and the outbox %d rows, want nothing queued", texts(msgs), len(f.outbox.rows))
				}
				return
			}
			if len(msgs) != 1 || msgs[0].Text != warning {
				t.Fatalf("group got %q, want the warning", texts(msgs))
			}
			wantReply := mid
			if tc.name == "the officer deleted their message" {
				wantReply = 0 // sent without the reply rather than failing
			}
			if msgs[0].ReplyTo != wantReply {
				t.Errorf("warning replies to %d, want %d", msgs[0].ReplyTo, wantReply)
			}
			req := requestsTo(f.srv, "sendMessage", officersGroup)[0]
			if !strings.Contains(req.Params["reply_parameters"], `"allow_sending_without_reply":true`) {
				t.Errorf("reply_parameters = %q, want allow_sending_without_reply", req.Params["reply_parameters"])
			}
			if got := f.srv.Reactions(officersGroup, mid); got != nil {
				t.Errorf("an undelivered message got reactions %q", got)
			}
		})
	}
}

func TestReceiptForEveryRowOfABlockedChat(t *testing.T) {
	// The second row fails as blocked without a call; it warns as well.
	f := newSenderFixture(t, SenderOptions{PollInterval: time.Hour})
	m1 := f.srv.MessageIDOf(f.srv.SendGroupText(officersGroup, officer, "Satu", 0))
	m2 := f.srv.MessageIDOf(f.srv.SendGroupText(officersGroup, officer, "Dua", 0))
	f.srv.BlockChat(asker)
	f.start(t)
	f.sender.Submit(f.outbox.add(relay("Satu", m1, "gagal satu"), relay("Dua", m2, "gagal dua")))
	waitUntil(t, "both warnings", func() bool { return f.outbox.settled() && len(f.outbox.rows) == 4 })
	msgs := f.srv.Messages(officersGroup)
	got := map[int]string{}
	for _, m := range msgs {
		got[m.ReplyTo] = m.Text
	}
	if len(msgs) != 2 || got[m1] != "gagal satu" || got[m2] != "gagal dua" {
		t.Errorf("group got %+v, want a warning replying to each", msgs)
	}
	if n := len(requestsTo(f.srv, "sendMessage", asker)); n != 1 {
		t.Errorf("%d sends to the blocked chat, want 1", n)
	}
}
