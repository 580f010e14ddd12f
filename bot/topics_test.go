package bot

import (
	"testing"
	"time"

	"posko/conversation"
)

const forumChat = -1001234

func topic(ref, name string) conversation.Outgoing {
	return conversation.Outgoing{Kind: conversation.OutTopic, ChatID: forumChat, Text: name, Ref: ref}
}

func inTopic(ref, text string) conversation.Outgoing {
	return conversation.Outgoing{Kind: conversation.OutSend, ChatID: forumChat, Text: text, ThreadRef: ref}
}

func TestTopicThenCardInIt(t *testing.T) {
	f := newSenderFixture(t, SenderOptions{})
	f.srv.SetForum(forumChat, true)
	docID, _ := f.srv.AddFile([]byte("%PDF sk"))
	// The card follows the topic at once, before the topic's row is recorded
	// sent: the thread comes from what the sender remembers.
	f.outbox.add(
		topic("registration:1:topic", "REG-000001 · KANTOR  KEMENAG\nLUBUKLINGGAU"),
		inTopic("registration:1:topic", "<b>Kartu</b> REG-000001"),
		conversation.Outgoing{Kind: conversation.OutDocument, ChatID: forumChat, Text: "SK",
			Files: []conversation.File{{ID: docID}}, ThreadRef: "registration:1:topic"},
	)
	f.run(t, nil)

	topics := f.srv.Topics(forumChat)
	if len(topics) != 1 || topics[0].Name != "REG-000001 · KANTOR KEMENAG LUBUKLINGGAU" {
		t.Fatalf("topics %+v, want one named for the request", topics)
	}
	thread := topics[0].ThreadID
	if got := f.outbox.row(1); got.state != "sent" || got.messageID != thread {
		t.Errorf("topic row %s with message id %d, want sent with the thread id %d", got.state, got.messageID, thread)
	}
	msgs := f.srv.Messages(forumChat)
	if len(msgs) != 2 {
		t.Fatalf("messages %+v", msgs)
	}
	for _, m := range msgs {
		if m.ThreadID != thread {
			t.Errorf("%s %q in thread %d, want %d", m.Method, m.Plain, m.ThreadID, thread)
		}
	}

	// A resubmission names the same topic: no second topic, the new card in the first.
	f.outbox.add(topic("registration:1:topic", "REG-000001 · lagi"), inTopic("registration:1:topic", "Kartu perbaikan"))
	f.waitSettled(t)
	if n := len(f.srv.Topics(forumChat)); n != 1 {
		t.Errorf("%d topics after the resubmission, want 1", n)
	}
	if got := f.outbox.row(4); got.state != "sent" || got.messageID != thread {
		t.Errorf("reused topic row %s with %d, want %d", got.state, got.messageID, thread)
	}
	msgs = f.srv.Messages(forumChat)
	if last := msgs[len(msgs)-1]; last.Plain != "Kartu perbaikan" || last.ThreadID != thread {
		t.Errorf("resubmitted card %q in thread %d, want %d", last.Plain, last.ThreadID, thread)
	}
}

func TestThreadRefWithoutTopic(t *testing.T) {
	tests := []struct {
		name  string
		forum bool
		rows  []conversation.Outgoing
	}{
		{"no topic was ever created", true, []conversation.Outgoing{inTopic("registration:2:topic", "Kartu")}},
		{"the group is not a forum", false, []conversation.Outgoing{
			topic("registration:2:topic", "REG-000002"), inTopic("registration:2:topic", "Kartu")}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newSenderFixture(t, SenderOptions{})
			f.srv.SetForum(forumChat, tc.forum)
			f.outbox.add(tc.rows...)
			f.run(t, nil)
			msgs := f.srv.Messages(forumChat)
			if len(msgs) != 1 || msgs[0].Plain != "Kartu" || msgs[0].ThreadID != 0 {
				t.Errorf("want the card in the main thread: %+v", msgs)
			}
			if last := f.outbox.row(int64(len(tc.rows))); last.state != "sent" {
				t.Errorf("card row %s (%s)", last.state, last.reason)
			}
		})
	}
}

func TestThreadRefFromOutbox(t *testing.T) {
	// A topic created by an earlier process is found in the outbox.
	f := newSenderFixture(t, SenderOptions{})
	f.srv.SetForum(forumChat, true)
	thread := f.srv.AddTopic(forumChat, "REG-000003 · KPPN")
	gone := 999 // a topic deleted since
	f.outbox.add(topic("registration:3:topic", "REG-000003"), topic("registration:4:topic", "REG-000004"))
	f.outbox.rows[0].state, f.outbox.rows[0].messageID = "sent", thread
	f.outbox.rows[1].state, f.outbox.rows[1].messageID = "sent", gone
	f.outbox.add(inTopic("registration:3:topic", "Kartu 3"), inTopic("registration:4:topic", "Kartu 4"))
	f.run(t, nil)
	msgs := f.srv.Messages(forumChat)
	if len(msgs) != 2 || msgs[0].Plain != "Kartu 3" || msgs[0].ThreadID != thread {
		t.Fatalf("want Kartu 3 in thread %d: %+v", thread, msgs)
	}
	if msgs[1].Plain != "Kartu 4" || msgs[1].ThreadID != 0 {
		t.Errorf("a card for a deleted topic goes to the main thread: %+v", msgs[1])
	}
	if n := len(f.srv.Topics(forumChat)); n != 1 {
		t.Errorf("%d topics, want none created", n)
	}
}

// waitSettled waits, kicking the running sender, until every row is sent or failed.
func (f *senderFixture) waitSettled(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !f.outbox.settled() {
		if time.Now().After(deadline) {
			t.Fatalf("outbox not settled in time: %+v", f.outbox.rows)
		}
		f.sender.Kick()
		time.Sleep(5 * time.Millisecond)
	}
}
