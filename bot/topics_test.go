package bot

import (
	"context"
	"slices"
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

func TestDeletedTopicIsCreatedAgain(t *testing.T) {
	const ref, name = "ticket:1:topic", "T-000001 · Satker 012345"
	ticketMsg := func(text string) conversation.Outgoing {
		m := inTopic(ref, text)
		m.TopicName = name
		return m
	}
	f := newSenderFixture(t, SenderOptions{})
	f.srv.SetForum(forumChat, true)
	old := f.srv.AddTopic(forumChat, name)
	f.outbox.add(topic(ref, name))
	f.outbox.rows[0].state, f.outbox.rows[0].messageID = "sent", old
	f.srv.DeleteTopic(forumChat, old) // an administrator deleted it
	f.outbox.add(ticketMsg("Pesan 1"), ticketMsg("Pesan 2"))
	f.run(t, nil)

	topics := f.srv.Topics(forumChat)
	if len(topics) != 1 || topics[0].Name != name || topics[0].ThreadID == old {
		t.Fatalf("topics %+v, want one new topic named %q", topics, name)
	}
	thread := topics[0].ThreadID
	for _, m := range f.srv.Messages(forumChat) {
		if m.ThreadID != thread {
			t.Errorf("%q in thread %d, want the new topic %d", m.Plain, m.ThreadID, thread)
		}
	}
	if got := texts(f.srv.Messages(forumChat)); !slices.Equal(got, []string{"Pesan 1", "Pesan 2"}) {
		t.Errorf("messages %q", got)
	}
	want := []recordedRef{{chatID: forumChat, messageID: thread, ref: ref}}
	if got := f.outbox.recordedRefs(); !slices.Equal(got, want) {
		t.Errorf("RecordRef calls %+v, want %+v", got, want)
	}
	if n := f.srv.Count("createForumTopic"); n != 1 {
		t.Errorf("%d createForumTopic calls, want 1", n)
	}

	// A later message (another process: nothing remembered) finds the new
	// topic through the ref recorded in the outbox.
	f.sender.topics.forget(ref)
	f.outbox.add(ticketMsg("Pesan 3"))
	f.waitSettled(t)
	msgs := f.srv.Messages(forumChat)
	if last := msgs[len(msgs)-1]; last.Plain != "Pesan 3" || last.ThreadID != thread {
		t.Errorf("later message %q in thread %d, want %d", last.Plain, last.ThreadID, thread)
	}
	if n := f.srv.Count("createForumTopic"); n != 1 {
		t.Errorf("%d createForumTopic calls after the later message, want 1", n)
	}
}

func TestDeletedTopicNotCreatedAgainGoesToTheMainThread(t *testing.T) {
	const ref = "ticket:2:topic"
	f := newSenderFixture(t, SenderOptions{})
	f.srv.SetForum(forumChat, true)
	old := f.srv.AddTopic(forumChat, "T-000002")
	f.outbox.add(topic(ref, "T-000002"))
	f.outbox.rows[0].state, f.outbox.rows[0].messageID = "sent", old
	f.srv.DeleteTopic(forumChat, old)
	f.srv.FailNext("createForumTopic", 1, 400, 0) // e.g. the bot lost the right to manage topics
	m := inTopic(ref, "Pesan")
	m.TopicName = "T-000002"
	f.outbox.add(m)
	f.run(t, nil)
	msgs := f.srv.Messages(forumChat)
	if len(msgs) != 1 || msgs[0].Plain != "Pesan" || msgs[0].ThreadID != 0 {
		t.Errorf("messages %+v, want the message in the main thread", msgs)
	}
	if r := f.outbox.row(2); r.state != "sent" {
		t.Errorf("row %s (%s), want sent", r.state, r.reason)
	}
	if got := f.outbox.recordedRefs(); len(got) != 0 || len(f.srv.Topics(forumChat)) != 0 {
		t.Errorf("recorded %+v, topics %+v: want none", got, f.srv.Topics(forumChat))
	}
}

func TestReplyRef(t *testing.T) {
	const group = -1006660001
	withRef := func(text, ref string) conversation.Outgoing {
		m := send(group, text)
		m.Ref = ref
		return m
	}
	replyRef := func(text, ref string, replyTo int) conversation.Outgoing {
		m := send(group, text)
		m.ReplyRef, m.ReplyTo = ref, replyTo
		return m
	}
	f := newSenderFixture(t, SenderOptions{PollInterval: time.Hour})
	// A copy delivered by an earlier process, recorded in the outbox.
	earlier, err := f.sender.Deliver(context.Background(), send(group, "Salinan lama"))
	if err != nil {
		t.Fatal(err)
	}
	f.outbox.add(withRef("Salinan lama", "ticket:1:msg:5"))
	f.outbox.rows[0].state, f.outbox.rows[0].messageID = "sent", earlier
	f.start(t)
	// The reply follows its message at once, before the message is recorded sent.
	f.sender.Submit(f.outbox.add(
		withRef("Salinan pesan penanya", "ticket:1:msg:9"),
		replyRef("✏️ Diedit: pesan baru", "ticket:1:msg:9", 0),
		replyRef("✏️ Diedit: pesan lama", "ticket:1:msg:5", 0),
		replyRef("Tanpa salinan", "ticket:1:msg:404", 0),
		replyRef("Tanpa salinan, dengan ReplyTo", "ticket:1:msg:404", earlier),
	))
	waitUntil(t, "every row sent", f.outbox.settled)
	msgs := f.srv.Messages(group)
	if len(msgs) != 6 {
		t.Fatalf("messages %+v", msgs)
	}
	copyID := msgs[1].MessageID
	for i, want := range []int{copyID, earlier, 0, earlier} {
		if got := msgs[i+2]; got.ReplyTo != want {
			t.Errorf("%q replies to %d, want %d", got.Plain, got.ReplyTo, want)
		}
	}
}
