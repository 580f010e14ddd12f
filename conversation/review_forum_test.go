package conversation

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// forumRoom is a staff room whose group is a forum.
func forumRoom(t *testing.T) *staffRoom {
	room := newStaffRoom(t)
	room.e.cfg.GroupIsForum = func() bool { return true }
	return room
}

func TestReviewCardInForum(t *testing.T) {
	resubmitted := sampleRegistration()
	resubmitted.RejectReason = "Foto KTP tidak terbaca."
	resubmitted.RejectItems = []string{DocKTP}

	tests := []struct {
		name string
		r    Registration
	}{
		{"new request", sampleRegistration()},
		// A request sent again after a correction names the same topic: the
		// sender reuses the topic recorded under the ref instead of creating one.
		{"resubmission", resubmitted},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			room := forumRoom(t)
			out := room.e.reviewCard(room.submit(tc.r))
			if len(out) != 5 {
				t.Fatalf("got %d messages, want topic + card + 3 documents: %s", len(out), dump(out))
			}
			topic := out[0]
			if topic.Kind != OutTopic || topic.ChatID != testGroup || topic.Ref != "registration:123:topic" ||
				topic.Text != "REG-000123 · KANTOR KEMENTERIAN AGAMA KOTA LUBUKLINGGAU" || topic.ThreadRef != "" {
				t.Errorf("topic %+v", topic)
			}
			checkOut(t, Update{}, out[1:])
			if out[1].Kind != OutSend || out[1].Ref != "registration:123:card" {
				t.Errorf("card after the topic: %s", dump(out))
			}
			for i, o := range out[1:] {
				if o.ThreadRef != "registration:123:topic" || o.ThreadID != 0 {
					t.Errorf("message %d (%s) thread %q/%d, want the request's topic", i+1, o.Kind, o.ThreadRef, o.ThreadID)
				}
			}
		})
	}
}

func TestReviewCardNotInForum(t *testing.T) {
	room := newStaffRoom(t)
	room.e.cfg.GroupIsForum = func() bool { return false }
	out := room.e.reviewCard(room.submit(sampleRegistration()))
	for _, o := range out {
		if o.Kind == OutTopic || o.ThreadRef != "" {
			t.Errorf("a group that is no forum got %s with thread %q", o.Kind, o.ThreadRef)
		}
	}
	if len(out) != 4 {
		t.Errorf("want card + 3 documents: %s", dump(out))
	}
}

func TestTopicName(t *testing.T) {
	long := sampleRegistration()
	long.Number = "REG-000123"
	long.SatkerName = strings.Repeat("KANTOR PELAYANAN ", 12)
	spaced := sampleRegistration()
	spaced.Number = "REG-000124"
	spaced.SatkerName = "  SATKER\nBARU  "
	unnamed := sampleRegistration()
	unnamed.Number = "REG-000125"
	unnamed.SatkerName = ""

	if got := topicName(long); utf8.RuneCountInString(got) != 128 || !strings.HasPrefix(got, "REG-000123 · KANTOR") || !strings.HasSuffix(got, "…") {
		t.Errorf("long name %q (%d characters)", got, utf8.RuneCountInString(got))
	}
	if got := topicName(spaced); got != "REG-000124 · SATKER BARU" {
		t.Errorf("spaced name %q", got)
	}
	if got := topicName(unnamed); got != "REG-000125" {
		t.Errorf("unnamed %q", got)
	}
}

func TestReviewRejectInForum(t *testing.T) {
	// The reject prompt and a card sent again stay in the request's topic.
	room := forumRoom(t)
	room.e.cfg.Sent = nil
	room.submit(sampleRegistration())
	out := room.press(budi, "r:123:reject", cardMessage)
	if prompt := out[1]; prompt.Ref != "registration:123:reject" || prompt.ThreadRef != "registration:123:topic" {
		t.Errorf("prompt %+v", prompt)
	}
	room.press(budi, "r:123:x:ktp", 401)
	out = room.tolak(budi, "123 Foto KTP buram")
	if card := out[0]; card.Ref != "registration:123:card" || card.ThreadRef != "registration:123:topic" {
		t.Errorf("re-sent card %+v", card)
	}
}
