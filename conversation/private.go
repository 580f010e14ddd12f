package conversation

import (
	"fmt"
	"strings"
)

// private handles an update in a private chat with a user.
func (e *Engine) private(t *turn) error {
	u := t.u
	if t.st.Rating != 0 && (u.Kind == KindCommand || u.Kind == KindCallback && !strings.HasPrefix(u.CallbackData, dataRating)) {
		t.st.Rating = 0 // the user moved on: a later text is not a comment on the rating
	}
	if t.st.Form == nil && t.st.Ticket != 0 && relayable(u) {
		if handled, err := e.askerMessage(t); handled || err != nil {
			return err
		}
	}
	if t.st.Form == nil && t.st.Rating != 0 && u.Kind == KindText {
		return e.ratingComment(t)
	}
	if u.MediaGroupID != "" && (u.Kind == KindDocument || u.Kind == KindPhoto) {
		if u.MediaGroupID == t.st.MediaGroup {
			e.albumItem(t) // a later page of an album already answered
			return nil
		}
		t.st.MediaGroup = u.MediaGroupID
	}
	switch u.Kind {
	case KindCommand:
		return e.command(t)
	case KindCallback:
		return e.callback(t)
	case KindMembership:
		return nil
	case KindEdited:
		if t.st.Form != nil {
			t.send(textEditIgnored, nil) // an edit does not change an answer already taken
		}
		return nil
	}
	if t.st.Form == nil {
		t.send(textHint, nil)
		return nil
	}
	return e.formMessage(t)
}

// command handles a command in a private chat.
func (e *Engine) command(t *turn) error {
	switch t.u.Command {
	case "start", "menu":
		if t.st.Form != nil {
			if fl := e.activeFlow(t); fl != nil {
				e.askResume(t, fl, "")
			}
			return nil
		}
		if token, ok := strings.CutPrefix(t.u.Args, invitationPrefix); ok && t.u.Command == "start" {
			return e.redeemInvitation(t, token) // t.me/<bot>?start=inv_<token>
		}
		if token, ok := strings.CutPrefix(t.u.Args, vendorInvitePrefix); ok && t.u.Command == "start" {
			return e.redeemVendorInvitation(t, token) // t.me/<bot>?start=vnd_<token>
		}
		if fl, ok := e.flows[strings.ToLower(t.u.Args)]; ok && t.u.Command == "start" {
			e.offer(t, fl) // a deep link: t.me/<bot>?start=<flow>
			return nil
		}
		e.showGreeting(t)
	case "daftar":
		if t.st.Form != nil {
			if fl := e.activeFlow(t); fl != nil {
				e.askResume(t, fl, "")
			}
			return nil
		}
		e.offer(t, e.flows[keyRegistration])
	case "status":
		if err := e.showStatus(t); err != nil {
			return err
		}
		e.remind(t)
	case "panduan":
		e.showPanduan(t)
		e.remind(t)
	case "pengaduan":
		e.showChannels(t)
		e.remind(t)
	case "bantuan":
		if t.st.Form != nil {
			if fl := e.activeFlow(t); fl != nil {
				e.askResume(t, fl, "")
			}
			return nil
		}
		return e.openTicket(t)
	case "progres", "undang":
		if t.st.Form != nil {
			if fl := e.activeFlow(t); fl != nil {
				e.askResume(t, fl, "")
			}
			return nil
		}
		return e.progressCommand(t)
	case "vendor":
		if t.st.Form != nil {
			if fl := e.activeFlow(t); fl != nil {
				e.askResume(t, fl, "")
			}
			return nil
		}
		return e.vendorCommand(t)
	case "batal":
		e.cancel(t)
	default:
		if t.st.Form == nil {
			t.send(textHint, nil)
			return nil
		}
		if fl := e.activeFlow(t); fl != nil {
			e.current(t, fl, fmt.Sprintf(textUnknownInForm, quote(t.u.Command), fl.object()))
		}
	}
	return nil
}

// callback handles an inline button press in a private chat. A press that
// nothing recognises is answered as stale by Handle.
func (e *Engine) callback(t *turn) error {
	data := t.u.CallbackData
	switch {
	case strings.HasPrefix(data, dataMenu):
		key := strings.TrimPrefix(data, dataMenu)
		if key == keyMenu {
			t.answer("")
			e.showMenu(t, "")
			return nil
		}
		if m := e.menuItem(key); m != nil {
			t.answer("")
			m.show(t)
			e.remind(t)
		}
	case strings.HasPrefix(data, dataStart):
		fl, ok := e.flows[strings.TrimPrefix(data, dataStart)]
		if !ok {
			return nil
		}
		t.answer("")
		if t.st.Form != nil {
			if cur := e.activeFlow(t); cur != nil {
				e.askResume(t, cur, "")
				return nil
			}
		}
		e.startFlow(t, fl)
	case strings.HasPrefix(data, dataForm):
		return e.formCallback(t)
	case strings.HasPrefix(data, dataTicket):
		return e.ticketCallback(t)
	case strings.HasPrefix(data, dataRating):
		return e.ratingCallback(t)
	case strings.HasPrefix(data, dataProgress):
		return e.progressCallback(t)
	case strings.HasPrefix(data, dataReminder):
		return e.reminderCallback(t)
	case strings.HasPrefix(data, dataVendor):
		return e.vendorCallback(t)
	default:
		if id, ok := parseFix(data); ok {
			return e.startCorrection(t, id)
		}
	}
	return nil
}

// cancel ends the form in progress, if any, and shows the menu.
func (e *Engine) cancel(t *turn) {
	if t.st.Form == nil {
		t.send(textNothingToCancel, nil)
		return
	}
	obj := textFormObject
	if fl := e.flows[t.st.Form.Flow]; fl != nil {
		obj = fl.object()
	}
	t.st.Form = nil
	e.showMenu(t, fmt.Sprintf(textCancelled, EscapeHTML(obj)))
}

// remind re-asks the current question of a form in progress after an
// informational answer (/panduan, /pengaduan), so the user knows where they are.
func (e *Engine) remind(t *turn) {
	if t.st.Form == nil {
		return
	}
	if fl := e.activeFlow(t); fl != nil {
		e.current(t, fl, fmt.Sprintf(textInForm, EscapeHTML(fl.object())))
	}
}
