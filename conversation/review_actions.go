package conversation

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The officers' decisions on a registration, taken in the staff group: the
// buttons of the card ("Ambil", "Sudah direkam di Digipay", "Tolak"), the
// items toggled on the reject prompt, and /tolak with the reason. Every change
// goes through ChangeRegistration, which is conditional on the request's
// state (so of two officers pressing at once exactly one wins) and writes the
// audit row with the officer's Telegram id and name.

// The bounds of a reject reason, in characters.
const (
	rejectReasonMin = 5
	rejectReasonMax = 1000
)

// reviewCallback handles a press on a card or reject-prompt button
// (r:<id>:<action>). A press it does not recognise is left unanswered, for
// Handle to answer as stale.
func (e *Engine) reviewCallback(t *turn) error {
	id, action, item, ok := parseReviewData(t.u.CallbackData)
	if !ok {
		return nil
	}
	staff, err := e.isStaff(t)
	if err != nil {
		return err
	}
	if !staff {
		alert(t, textReviewNotStaff)
		return nil
	}
	switch action {
	case reviewTake:
		return e.take(t, id)
	case reviewDone:
		return e.recordDone(t, id)
	case reviewReject:
		return e.askReject(t, id)
	case reviewToggle:
		if isReviewItem(item) {
			return e.toggleItem(t, id, item)
		}
	}
	return nil
}

// parseReviewData splits r:<id>:<action>[:<item>].
func parseReviewData(data string) (id int64, action, item string, ok bool) {
	rest, ok := strings.CutPrefix(data, dataReview)
	if !ok {
		return 0, "", "", false
	}
	parts := strings.SplitN(rest, ":", 3)
	if len(parts) < 2 {
		return 0, "", "", false
	}
	id, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil || id <= 0 {
		return 0, "", "", false
	}
	if len(parts) == 3 {
		item = parts[2]
	}
	if (parts[1] == reviewToggle) != (item != "") {
		return 0, "", "", false
	}
	return id, parts[1], item, true
}

// isStaff reports whether the update comes from a member of the staff group,
// in the staff group.
func (e *Engine) isStaff(t *turn) (bool, error) {
	if e.cfg.GroupChatID == 0 || t.u.ChatID != e.cfg.GroupChatID {
		return false, nil
	}
	if e.cfg.Members == nil {
		return true, nil
	}
	ok, err := e.cfg.Members.IsMember(t.ctx, e.cfg.GroupChatID, t.u.UserID)
	if err != nil {
		return false, fmt.Errorf("check staff membership: %w", err)
	}
	return ok, nil
}

// officer is the officer acting in this update, for the audit trail.
func officer(t *turn) Actor {
	return Actor{UserID: t.u.UserID, Name: t.u.UserName, ChatID: t.u.ChatID}
}

// handledBy records the officer acting on r, so the card and a late press
// name them.
func handledBy(t *turn) func(*Registration) {
	return func(r *Registration) {
		r.TakenBy, r.TakenByName = t.u.UserID, t.u.UserName
		r.UpdatedAt = t.now
	}
}

// alert answers the press with an alert the officer must dismiss.
func alert(t *turn, text string) {
	if t.answered || t.u.Kind != KindCallback {
		return
	}
	t.answer(text)
	t.out[0].Alert = true
}

// refused tells the officer why a change did not apply: the request is gone,
// or it was decided meanwhile (by whom, and how).
func (e *Engine) refused(t *turn, id int64, cause error) error {
	if errors.Is(cause, ErrNotFound) {
		e.tell(t, textReviewGone)
		return nil
	}
	r, err := t.tx.Registration(t.ctx, id)
	if errors.Is(err, ErrNotFound) {
		e.tell(t, textReviewGone)
		return nil
	}
	if err != nil {
		return fmt.Errorf("load registration %d: %w", id, err)
	}
	if r.Status == RegTaken && r.TakenBy == t.u.UserID && strings.HasSuffix(t.u.CallbackData, ":"+reviewTake) {
		e.tell(t, fmt.Sprintf(textReviewAlreadyYours, EscapeHTML(r.Number)))
		return nil
	}
	e.tell(t, fmt.Sprintf(textReviewAlreadyDone, officerName(r), statusName(r.Status)))
	return nil
}

// tell answers an officer: an alert on a press, a reply to a command.
// Alerts are plain text, so the HTML of the text is undone there.
func (e *Engine) tell(t *turn, text string) {
	if t.u.Kind == KindCallback {
		alert(t, plain(text))
		return
	}
	t.reply(text)
}

// plain turns a short Telegram HTML text into plain text for a toast.
func plain(s string) string {
	for _, tag := range []string{"<b>", "</b>", "<i>", "</i>", "<code>", "</code>"} {
		s = strings.ReplaceAll(s, tag, "")
	}
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#34;", `"`, "&#39;", "'", "&amp;", "&").Replace(s)
}

// stale reports whether err means the request moved on or is gone.
func stale(err error) bool {
	return errors.Is(err, ErrStale) || errors.Is(err, ErrNotFound)
}

// take: an officer takes a request waiting for one (diajukan → diproses).
func (e *Engine) take(t *turn, id int64) error {
	r, err := t.tx.ChangeRegistration(t.ctx, id, []string{RegSubmitted}, RegTaken, officer(t), handledBy(t))
	if stale(err) {
		return e.refused(t, id, err)
	}
	if err != nil {
		return fmt.Errorf("take registration %d: %w", id, err)
	}
	t.answer(plain(fmt.Sprintf(textReviewTakenToast, r.Number)))
	t.out = append(t.out, e.cardEdit(r, t.u.MessageID))
	return nil
}

// recordDone: the officer has recorded the admin in Digipay (→ selesai). The
// satker's progress is marked, the registrant's chat linked to the satker,
// and the registrant told what to do next.
func (e *Engine) recordDone(t *turn, id int64) error {
	r, err := t.tx.ChangeRegistration(t.ctx, id, []string{RegSubmitted, RegTaken}, RegRecorded, officer(t), handledBy(t))
	if stale(err) {
		return e.refused(t, id, err)
	}
	if err != nil {
		return fmt.Errorf("record registration %d: %w", id, err)
	}
	if err := t.tx.MarkAdminRegistered(t.ctx, r.SatkerCode, r.ChatID, r.UserID, t.now); err != nil {
		return fmt.Errorf("mark admin of satker registered for %d: %w", id, err)
	}
	t.answer(plain(fmt.Sprintf(textReviewRecordedToast, r.Number)))
	t.out = append(t.out, e.cardEdit(r, t.u.MessageID), Outgoing{
		Kind: OutSend, ChatID: r.ChatID,
		Text: fmt.Sprintf(textReviewNotifyRecorded, EscapeHTML(r.Number), EscapeHTML(r.SatkerCode), field(r.SatkerName),
			field(r.AdminName), field(r.AdminEmail)),
		Buttons: [][]Button{{{Text: textMenuMain, Data: dataMenu + keyMenu}}},
	})
	return nil
}

// open loads request id for a change that keeps its state (the reject
// draft); ok is false, and the officer told, when it is no longer open.
func (e *Engine) open(t *turn, id int64) (Registration, bool, error) {
	r, err := t.tx.Registration(t.ctx, id)
	if errors.Is(err, ErrNotFound) {
		return r, false, e.refused(t, id, err)
	}
	if err != nil {
		return r, false, fmt.Errorf("load registration %d: %w", id, err)
	}
	if r.Status != RegSubmitted && r.Status != RegTaken {
		return r, false, e.refused(t, id, ErrStale)
	}
	return r, true, nil
}

// askReject starts a rejection: a fresh draft of the wrong items, and a
// prompt replying to the card with a button per field and document.
func (e *Engine) askReject(t *turn, id int64) error {
	r, ok, err := e.open(t, id)
	if !ok {
		return err
	}
	r, err = t.tx.ChangeRegistration(t.ctx, id, []string{r.Status}, r.Status, officer(t), func(r *Registration) {
		r.RejectItems = nil
	})
	if stale(err) {
		return e.refused(t, id, err)
	}
	if err != nil {
		return fmt.Errorf("start rejecting registration %d: %w", id, err)
	}
	t.answer(textReviewRejectToast)
	t.out = append(t.out, Outgoing{
		Kind: OutSend, ChatID: t.u.ChatID, ThreadID: t.u.ThreadID, ThreadRef: e.threadOf(id), ReplyTo: t.u.MessageID,
		Text: rejectPrompt(r), Buttons: rejectButtons(r), Ref: rejectRef(id),
	})
	return nil
}

// toggleItem names item as wrong, or no longer, in the reject draft.
func (e *Engine) toggleItem(t *turn, id int64, item string) error {
	r, ok, err := e.open(t, id)
	if !ok {
		return err
	}
	r, err = t.tx.ChangeRegistration(t.ctx, id, []string{r.Status}, r.Status, officer(t), func(r *Registration) {
		r.RejectItems = toggled(r.RejectItems, item)
	})
	if stale(err) {
		return e.refused(t, id, err)
	}
	if err != nil {
		return fmt.Errorf("toggle reject item of registration %d: %w", id, err)
	}
	t.answer(fmt.Sprintf(textReviewToggleToast, len(r.RejectItems)))
	t.out = append(t.out, Outgoing{
		Kind: OutEdit, ChatID: t.u.ChatID, MessageID: t.u.MessageID,
		Text: rejectPrompt(r), Buttons: rejectButtons(r),
	})
	return nil
}

// rejectPrompt is the reject prompt's text for r's draft.
func rejectPrompt(r Registration) string {
	chosen := textReviewRejectNone
	if len(r.RejectItems) > 0 {
		chosen = itemList(r.RejectItems, ", ")
	}
	n := EscapeHTML(r.Number)
	return fmt.Sprintf(textReviewRejectPrompt, n, n, chosen)
}

// rejectButtons are the toggles of the reject prompt, two per row.
func rejectButtons(r Registration) [][]Button {
	var rows [][]Button
	for i, key := range RegistrationItems() {
		format := textReviewItemOff
		if slices.Contains(r.RejectItems, key) {
			format = textReviewItemOn
		}
		b := Button{Text: fmt.Sprintf(format, RegistrationItemLabel(key)), Data: reviewData(r.ID, reviewToggle+":"+key)}
		if i%2 == 0 {
			rows = append(rows, []Button{b})
		} else {
			rows[len(rows)-1] = append(rows[len(rows)-1], b)
		}
	}
	return rows
}

// rejectCommand is "/tolak <nomor> <alasan>": the officer sends the reason;
// the request moves to ditolak with the items drafted on the prompt, the
// card and the prompt are updated, and the registrant is told what to fix.
func (e *Engine) rejectCommand(t *turn) error {
	staff, err := e.isStaff(t)
	if err != nil {
		return err
	}
	if !staff {
		t.reply(textReviewNotStaff)
		return nil
	}
	arg, reason, _ := strings.Cut(strings.TrimSpace(t.u.Args), " ")
	if arg == "" {
		t.reply(textReviewRejectUsage)
		return nil
	}
	id, ok := parseRegNumber(arg)
	if !ok {
		t.reply(fmt.Sprintf(textReviewRejectBadNumber, quote(arg)))
		return nil
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		t.reply(fmt.Sprintf(textReviewRejectNoReason, quote(arg)))
		return nil
	}
	if n := utf8.RuneCountInString(reason); n < rejectReasonMin || n > rejectReasonMax {
		t.reply(fmt.Sprintf(textReviewRejectReasonLen, rejectReasonMin, rejectReasonMax, n))
		return nil
	}
	r, err := t.tx.Registration(t.ctx, id)
	if errors.Is(err, ErrNotFound) {
		t.reply(fmt.Sprintf(textReviewNotFound, quote(arg)))
		return nil
	}
	if err != nil {
		return fmt.Errorf("load registration %d: %w", id, err)
	}
	if r.Status != RegSubmitted && r.Status != RegTaken {
		return e.refused(t, id, ErrStale)
	}
	if len(r.RejectItems) == 0 {
		t.reply(fmt.Sprintf(textReviewRejectNoItems, EscapeHTML(r.Number)))
		return nil
	}
	r, err = t.tx.ChangeRegistration(t.ctx, id, []string{RegSubmitted, RegTaken}, RegRejected, officer(t), func(r *Registration) {
		handledBy(t)(r)
		r.RejectReason = reason
	})
	if stale(err) {
		return e.refused(t, id, err)
	}
	if err != nil {
		return fmt.Errorf("reject registration %d: %w", id, err)
	}
	if err := e.updateCard(t, r); err != nil {
		return err
	}
	t.reply(fmt.Sprintf(textReviewRejectSent, EscapeHTML(r.Number)))
	t.out = append(t.out, Outgoing{
		Kind: OutSend, ChatID: r.ChatID,
		Text: fmt.Sprintf(textReviewNotifyRejected, EscapeHTML(r.Number), EscapeHTML(reason),
			"• "+itemList(r.RejectItems, "\n• ")),
		Buttons: [][]Button{{{Text: textReviewNotifyFix, Data: dataFix(r.ID)}}},
	})
	return nil
}

// updateCard edits r's card and closes its reject prompt after a decision
// made by command, where the card is not the message of the update. A card
// that cannot be found (not delivered yet, or no lookup configured) is sent
// again as a new message.
func (e *Engine) updateCard(t *turn, r Registration) error {
	card, found, err := e.sentMessage(t, CardRef(r.ID))
	if err != nil {
		return err
	}
	if found {
		t.out = append(t.out, e.cardEdit(r, card))
	} else {
		t.out = append(t.out, Outgoing{Kind: OutSend, ChatID: e.cfg.GroupChatID, ThreadID: t.u.ThreadID,
			ThreadRef: e.threadOf(r.ID), Text: cardText(r), Ref: CardRef(r.ID)})
	}
	prompt, found, err := e.sentMessage(t, rejectRef(r.ID))
	if err != nil {
		return err
	}
	if found {
		t.out = append(t.out, Outgoing{Kind: OutEdit, ChatID: e.cfg.GroupChatID, MessageID: prompt,
			Text: fmt.Sprintf(textReviewRejectDone, EscapeHTML(r.Number), officerName(r))})
	}
	return nil
}

// sentMessage finds the message_id of the message sent with ref.
func (e *Engine) sentMessage(t *turn, ref string) (int, bool, error) {
	if e.cfg.Sent == nil {
		return 0, false, nil
	}
	id, err := e.cfg.Sent.SentMessageID(t.ctx, ref)
	if errors.Is(err, ErrNotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("find message %s: %w", ref, err)
	}
	return id, true, nil
}

// parseRegNumber reads a request number as officers type it: "REG-000123",
// "reg-123", "#123" or "123". The number's digits are the request's id.
func parseRegNumber(s string) (int64, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "#")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "REG"), "-")
	if s == "" || len(s) > 12 {
		return 0, false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}
