package conversation

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"
)

// tracked is how the fake records a TrackForm call.
func tracked(chat int64, flow string, at time.Time) string {
	return fmt.Sprintf("%d %s %s", chat, flow, at.Format(time.RFC3339))
}

// expectTracks fails unless the fake got exactly want since the last check.
func expectTracks(t *testing.T, c *chat, step string, want ...string) {
	t.Helper()
	if !slices.Equal(c.tx.tracks, want) {
		t.Errorf("%s: TrackForm calls %q, want %q", step, c.tx.tracks, want)
	}
	c.tx.tracks = nil
}

func TestTrackFormFollowsTheForm(t *testing.T) {
	c := newChat(t)
	c.cmd("start", "")
	out := c.cmd("pengaduan", "")
	expectTracks(t, c, "/start and /pengaduan without a form")

	out = c.pressLabel(out, textComplaintButton)
	expectTracks(t, c, "form started", tracked(testUser, keyComplaint, t0))

	c.now = t0.Add(10 * time.Minute)
	out = c.pressLabel(out, "Aplikasi Digipay")
	expectTracks(t, c, "question answered", tracked(testUser, keyComplaint, c.now))

	c.now = t0.Add(20 * time.Minute)
	c.cmd("panduan", "") // the form is shown again, not touched
	c.cmd("status", "")
	expectTracks(t, c, "/panduan and /status in a form")

	c.cmd("batal", "")
	expectTracks(t, c, "cancelled", tracked(testUser, "", c.now))
	c.cmd("start", "")
	expectTracks(t, c, "/start after the form")

	// Each answer touches the form; answers within one instant change nothing.
	c.now = t0.Add(30 * time.Minute)
	out = c.pressLabel(c.cmd("pengaduan", ""), textComplaintButton)
	out = c.pressLabel(out, "Lainnya")
	expectTracks(t, c, "started and answered at once", tracked(testUser, keyComplaint, c.now))
	var want []string
	for i, step := range []func() []Outgoing{
		func() []Outgoing { return c.text("Antrean di loket Posko terlalu lama kemarin siang.") },
		func() []Outgoing { return c.pressLabel(out, textSkip) },
		func() []Outgoing { return c.pressLabel(out, textSkip) },
	} {
		c.now = t0.Add(time.Duration(40+i) * time.Minute)
		out = step()
		want = append(want, tracked(testUser, keyComplaint, c.now))
	}
	expectTracks(t, c, "filled in", want...)
	c.now = t0.Add(50 * time.Minute)
	c.pressLabel(out, textSend)
	expectTracks(t, c, "submitted", tracked(testUser, "", c.now))
	if len(c.tx.complaints) != 1 || len(c.tx.forms) != 0 {
		t.Errorf("%d complaints, open forms %v", len(c.tx.complaints), c.tx.forms)
	}
}

func TestTrackFormRestartIsTracked(t *testing.T) {
	c := newChat(t)
	out := c.pressLabel(c.cmd("pengaduan", ""), textComplaintButton)
	c.now = t0.Add(2 * time.Hour) // past ResumeAfter: the next answer asks to continue
	out = c.text("apa saja")
	expectTracks(t, c, "resume asked", tracked(testUser, keyComplaint, t0))
	c.pressLabel(out, textResumeRestart)
	expectTracks(t, c, "restarted", tracked(testUser, keyComplaint, c.now))
	if c.tx.forms[testUser] != keyComplaint || !c.tx.formsAt[testUser].Equal(c.now) {
		t.Errorf("open form %q at %v", c.tx.forms[testUser], c.tx.formsAt[testUser])
	}
}

func TestTrackFormFaultFailsTheUpdate(t *testing.T) {
	c := newChat(t)
	c.tx.trackErr = errDown
	u := Update{ID: 1, Kind: KindCallback, CallbackID: "cb", CallbackData: dataStart + keyComplaint,
		ChatID: testUser, ChatType: ChatPrivate, UserID: testUser, At: t0}
	st, out, err := c.e.Handle(context.Background(), c.tx, State{}, u)
	if !errors.Is(err, errDown) || out != nil || st.Form != nil {
		t.Errorf("Handle = %+v, %d messages, %v; want the fault and nothing else", st.Form, len(out), err)
	}
	// A group's update is never tracked.
	g := newGroupChat(t, testGroup)
	g.tx.trackErr = errDown
	g.cmd("panduan", "")
}

func TestFormNudge(t *testing.T) {
	c := newChat(t)
	o, ok := c.e.FormNudge(testUser, keyTicket)
	if !ok || o.Kind != OutSend || o.ChatID != testUser {
		t.Fatalf("FormNudge = %+v, %v", o, ok)
	}
	checkOut(t, Update{}, []Outgoing{o})
	if want := "Anda belum menyelesaikan permintaan bantuan. Jawaban Anda masih tersimpan."; o.Text != want {
		t.Errorf("text %q, want %q", o.Text, want)
	}
	if got := buttonData(o); !slices.Equal(got, []string{"s:bantuan"}) || !slices.Equal(labels(o), []string{"Lanjutkan"}) {
		t.Errorf("buttons %v %v", labels(o), got)
	}
	if _, ok := c.e.FormNudge(testUser, "hilang"); ok {
		t.Error("FormNudge of an unknown flow")
	}
	for name := range c.e.flows {
		if o, ok := c.e.FormNudge(testUser, name); !ok || len(o.Buttons[0][0].Data) > 64 {
			t.Errorf("nudge of %s: %v %q", name, ok, o.Buttons)
		}
	}

	t.Run("Lanjutkan asks to continue the form kept", func(t *testing.T) {
		c := newChat(t)
		out := c.pressLabel(c.cmd("pengaduan", ""), textComplaintButton)
		c.pressLabel(out, "Lainnya")
		c.now = t0.Add(25 * time.Hour)
		nudge, _ := c.e.FormNudge(testUser, keyComplaint)
		o := only(t, sends(c.pressLabel([]Outgoing{nudge}, "Lanjutkan")))
		mustContain(t, o.Text, "Pengisian pengaduan Anda belum selesai.")
		o = only(t, sends(c.pressLabel([]Outgoing{o}, textResumeContinue)))
		mustContain(t, o.Text, "(2/4) Uraian")
		if a := c.st.Form.Answers[complaintCategory]; a.Value != "Lainnya" {
			t.Errorf("category %q, want the answer kept", a.Value)
		}
	})
}
