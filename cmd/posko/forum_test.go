package main

import (
	"strings"
	"testing"

	"posko/bot/telegramtest"
)

func TestServeRegistrationGetsItsOwnForumTopic(t *testing.T) {
	fake := telegramtest.New(t)
	fake.SetForum(groupChat, true)
	fake.SetMember(groupChat, officer, "member")
	start(t, registrationEnv(t, fake))

	number := submitRegistration(t, fake).number
	card := fake.WaitMessage(t, groupChat, contains("Registrasi Admin Satker "+number), wait)
	topics := fake.Topics(groupChat)
	if len(topics) != 1 || !strings.HasPrefix(topics[0].Name, number+" · ") || !strings.Contains(topics[0].Name, "Satker Uji Lubuklinggau") {
		t.Fatalf("topics %+v, want one named for %s and its satker", topics, number)
	}
	thread := topics[0].ThreadID
	if card.ThreadID != thread {
		t.Errorf("card in thread %d, want the request's topic %d", card.ThreadID, thread)
	}
	docs := fake.WaitMessage(t, groupChat, func(m telegramtest.Message) bool {
		return m.Method == "sendDocument" && strings.HasPrefix(m.Plain, number)
	}, wait)
	if docs.ThreadID != thread {
		t.Errorf("document in thread %d, want %d", docs.ThreadID, thread)
	}

	// The reject prompt stays in the topic.
	fake.PressInGroup(groupChat, officer, card.MessageID, buttonData(t, card, "Tolak"))
	prompt := fake.WaitMessage(t, groupChat, contains("Penolakan "+number), wait)
	if prompt.ThreadID != thread {
		t.Errorf("reject prompt in thread %d, want %d", prompt.ThreadID, thread)
	}
}
