package conversation

import (
	"fmt"
	"time"
)

// Forms left unfinished: Handle tells the store which form each private
// chat has open and when it was last touched (TrackForm), and the hourly
// job of package reminders sends a form left for a day one FormNudge.

// FormNudge is the one message about form flow that chatID left
// unfinished, with "Lanjutkan", which asks whether to continue it (or opens
// it again when the chat's state no longer holds it); ok is false for a
// flow this engine does not know.
func (e *Engine) FormNudge(chatID int64, flow string) (Outgoing, bool) {
	fl, ok := e.flows[flow]
	if !ok {
		return Outgoing{}, false
	}
	return Outgoing{Kind: OutSend, ChatID: chatID, Text: fmt.Sprintf(textFormNudge, EscapeHTML(fl.object())),
		Buttons: [][]Button{{{Text: textFormNudgeContinue, Data: dataStart + fl.Name}}}}, true
}

// trackForm records the change the turn made to the chat's form, before
// being the form it started with: a form started or touched is tracked
// with its flow and the time it was touched, a form that ended (sent,
// cancelled, dropped) is untracked. A turn that changed neither costs
// nothing.
func trackForm(t *turn, before *FormState) error {
	after := t.st.Form
	var flow string
	var at time.Time
	switch {
	case after == nil && before == nil:
		return nil
	case after == nil:
		at = t.now // ended
	case before != nil && before.Flow == after.Flow && before.Session == after.Session && before.Touched.Equal(after.Touched):
		return nil // not touched
	default:
		flow, at = after.Flow, after.Touched
		if at.IsZero() {
			at = t.now
		}
	}
	if err := t.tx.TrackForm(t.ctx, t.u.ChatID, flow, at); err != nil {
		return fmt.Errorf("track form of chat %d: %w", t.u.ChatID, err)
	}
	return nil
}
