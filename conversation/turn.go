package conversation

import (
	"context"
	"time"
)

// turn is the handling of one update: its inputs, the state being built and
// the messages to send.
type turn struct {
	ctx      context.Context
	tx       Tx
	st       State
	u        Update
	now      time.Time
	out      []Outgoing
	answered bool  // the callback press got its OutAnswer
	changed  bool  // the state changed without a message (an album page taken silently)
	err      error // the first fault of a hook that could not return it; Handle returns it
}

// fail records a fault met where it cannot be returned (a form hook run
// while a question is asked); Handle returns the first one.
func (t *turn) fail(err error) {
	if t.err == nil {
		t.err = err
	}
}

// send queues a message to the chat of the update.
func (t *turn) send(text string, buttons [][]Button) {
	t.out = append(t.out, Outgoing{Kind: OutSend, ChatID: t.u.ChatID, ThreadID: t.u.ThreadID, Text: text, Buttons: buttons})
}

// reply queues a message that replies to the update's message (in groups,
// where several people talk).
func (t *turn) reply(text string) {
	t.out = append(t.out, Outgoing{Kind: OutSend, ChatID: t.u.ChatID, ThreadID: t.u.ThreadID, Text: text, ReplyTo: t.u.MessageID})
}

// answer answers the callback press, once, ahead of every other message.
// toast is shown briefly to the user; "" just stops the button's spinner.
func (t *turn) answer(toast string) {
	if t.answered || t.u.Kind != KindCallback {
		return
	}
	t.answered = true
	a := Outgoing{Kind: OutAnswer, ChatID: t.u.ChatID, CallbackID: t.u.CallbackID, Text: toast}
	t.out = append([]Outgoing{a}, t.out...)
}
