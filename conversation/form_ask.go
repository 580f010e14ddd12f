package conversation

import (
	"fmt"
	"strconv"
	"strings"
)

// Callback data of form buttons: "f:<session>:<step>:<action>[:<arg>]". The
// session and the step make a press on a button of an older form or an older
// question recognisable as stale.
const (
	dataForm        = "f:"
	actChoice       = "c" // arg: index of the choice
	actBack         = "b"
	actSkip         = "k"
	actEdit         = "e" // arg: index of the field
	actSend         = "s"
	actCancel       = "x"
	actResume       = "r"
	actRestart      = "n"
	summaryValueLen = 300  // runes of an answer shown in the summary
	maxText         = 4000 // runes accepted by a text field without a Validator
)

// object names what the flow fills in, for running text.
func (fl *Flow) object() string {
	if fl.Object != "" {
		return fl.Object
	}
	return strings.ToLower(fl.Title)
}

// formData is the callback data of a button of the current form and step.
func formData(f *FormState, action string, arg ...int) string {
	d := dataForm + f.Session + ":" + strconv.Itoa(f.Step) + ":" + action
	for _, a := range arg {
		d += ":" + strconv.Itoa(a)
	}
	return d
}

// activeFlow returns the flow of the form in progress. A form whose flow no
// longer exists (removed in a new release) is dropped with an apology.
func (e *Engine) activeFlow(t *turn) *Flow {
	if t.st.Form == nil {
		return nil
	}
	if fl, ok := e.flows[t.st.Form.Flow]; ok {
		return fl
	}
	t.st.Form = nil
	e.showMenu(t, textFlowGone)
	return nil
}

// startFlow begins a new form session and asks its first question. The
// session id comes from the update id, so it is unique per chat and
// predictable in tests.
func (e *Engine) startFlow(t *turn, fl *Flow) {
	t.st.Form = &FormState{
		Flow:    fl.Name,
		Session: strconv.FormatInt(t.u.ID, 36),
		Answers: map[string]Answer{},
		Data:    map[string]string{},
		Touched: t.now,
	}
	e.ask(t, fl, fmt.Sprintf(textFormIntro, EscapeHTML(fl.Title), fl.Intro))
}

// offer opens fl: its notice first when it has one ("Setuju" then opens the
// form), otherwise the first question.
func (e *Engine) offer(t *turn, fl *Flow) {
	if fl.Notice == "" {
		e.startFlow(t, fl)
		return
	}
	t.send(fl.Notice, [][]Button{
		{{Text: textNotice, Data: dataStart + fl.Name}},
		{{Text: textNoticeNo, Data: dataMenu + keyMenu}},
	})
}

// current shows where the user is: the resume question while it is pending,
// otherwise the current question (or the summary), after prefix.
func (e *Engine) current(t *turn, fl *Flow, prefix string) {
	if t.st.Form.Resuming {
		e.askResume(t, fl, prefix)
		return
	}
	e.ask(t, fl, prefix)
}

// ask sends the question of the current step (the first field from there
// that is not hidden), or the summary once every field is answered, after
// prefix (a problem with the last answer, an intro). Before the summary, a
// field that still needs an answer (it became visible, or its answer
// expired) is asked instead.
func (e *Engine) ask(t *turn, fl *Flow, prefix string) {
	f := t.st.Form
	f.Step = e.nextVisible(t, fl, f.Step)
	if f.Step >= len(fl.Fields) {
		f.Step = len(fl.Fields)
		i, reason := e.pending(t, fl)
		if i < 0 {
			e.summary(t, fl, prefix)
			return
		}
		f.Step, f.Editing = i, true
		prefix = joinPrefix(prefix, reason)
	}
	fld := fl.Fields[f.Step]
	if fld.Before != nil {
		out, err := fld.Before(t.fieldContext())
		if err != nil {
			t.fail(fmt.Errorf("before asking %s: %w", fld.Key, err))
			return
		}
		t.out = append(t.out, out...)
	}
	var b strings.Builder
	if prefix != "" {
		b.WriteString(prefix + "\n\n")
	}
	pos, total := e.position(t, fl, f.Step)
	fmt.Fprintf(&b, textFieldHeader, pos, total, EscapeHTML(fld.Label))
	b.WriteString("\n" + fld.Prompt)
	if fld.Optional {
		b.WriteString("\n" + textFieldOptional)
	}
	if a, ok := f.Answers[fld.Key]; ok && !a.Skipped {
		b.WriteString("\n\n" + fmt.Sprintf(textPrevious, showAnswer(a)))
	}

	var rows [][]Button
	for i, c := range fld.Choices {
		if fld.Kind == FieldChoice {
			rows = append(rows, []Button{{Text: c, Data: formData(f, actChoice, i)}})
		}
	}
	var nav []Button
	if e.prevVisible(t, fl, f.Step) >= 0 || f.Editing {
		nav = append(nav, Button{Text: textBack, Data: formData(f, actBack)})
	}
	if fld.Optional {
		nav = append(nav, Button{Text: textSkip, Data: formData(f, actSkip)})
	}
	if len(nav) > 0 {
		rows = append(rows, nav)
	}
	rows = append(rows, []Button{{Text: textCancel, Data: formData(f, actCancel)}})
	t.send(b.String(), rows)
}

// joinPrefix puts two texts shown before a question one after the other.
func joinPrefix(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "\n\n" + b
}

// fieldContext is what the hooks of the form's fields see in this turn.
func (t *turn) fieldContext() FieldContext {
	f := t.st.Form
	if f.Data == nil {
		f.Data = map[string]string{}
	}
	return FieldContext{Ctx: t.ctx, Tx: t.tx, Now: t.now, ChatID: t.u.ChatID, UserID: t.u.UserID, Answers: f.Answers, Data: f.Data}
}

// hidden reports whether fld is left out given the answers so far.
func (e *Engine) hidden(t *turn, fld Field) bool {
	return fld.Hidden != nil && fld.Hidden(t.fieldContext())
}

// nextVisible returns the index of the first field at or after i that is
// not hidden, or len(fl.Fields).
func (e *Engine) nextVisible(t *turn, fl *Flow, i int) int {
	for ; i < len(fl.Fields); i++ {
		if !e.hidden(t, fl.Fields[i]) {
			return i
		}
	}
	return len(fl.Fields)
}

// prevVisible returns the index of the last field before i that is not
// hidden, or -1.
func (e *Engine) prevVisible(t *turn, fl *Flow, i int) int {
	for i = min(i, len(fl.Fields)) - 1; i >= 0; i-- {
		if !e.hidden(t, fl.Fields[i]) {
			return i
		}
	}
	return -1
}

// position numbers field i among the fields that are asked: (pos/total).
func (e *Engine) position(t *turn, fl *Flow, i int) (pos, total int) {
	for j, fld := range fl.Fields {
		if e.hidden(t, fld) {
			continue
		}
		total++
		if j < i {
			pos++
		}
	}
	return pos + 1, total
}

// pending returns the first visible field that still needs an answer — a
// required one never answered, or one whose answer expired (the answer is
// dropped) — and the reason to show, or -1.
func (e *Engine) pending(t *turn, fl *Flow) (int, string) {
	f := t.st.Form
	for i, fld := range fl.Fields {
		if e.hidden(t, fld) {
			continue
		}
		a, ok := f.Answers[fld.Key]
		if !ok || !fld.Optional && (a.Skipped || a.Value == "" && len(a.Files) == 0) {
			return i, ""
		}
		if fld.Expired == nil {
			continue
		}
		if reason := fld.Expired(t.fieldContext()); reason != "" {
			delete(f.Answers, fld.Key)
			if f.AlbumField == fld.Key {
				f.Album, f.AlbumField = "", ""
			}
			return i, reason
		}
	}
	return -1, ""
}

// summary lists every answer with an "Ubah" button per field, and "Kirim".
func (e *Engine) summary(t *turn, fl *Flow, prefix string) {
	f := t.st.Form
	lines := make([]string, 0, len(fl.Fields))
	rows := make([][]Button, 0, len(fl.Fields)+2)
	for i, fld := range fl.Fields {
		if e.hidden(t, fld) {
			continue
		}
		shown := textNoAnswer
		if a, ok := f.Answers[fld.Key]; ok {
			shown = showAnswer(a)
		}
		lines = append(lines, fmt.Sprintf(textSummaryLine, EscapeHTML(fld.Label), shown))
		rows = append(rows, []Button{{Text: fmt.Sprintf(textEdit, fld.Label), Data: formData(f, actEdit, i)}})
	}
	rows = append(rows,
		[]Button{{Text: textSend, Data: formData(f, actSend)}},
		[]Button{{Text: textCancel, Data: formData(f, actCancel)}})
	text := fmt.Sprintf(textSummary, EscapeHTML(fl.object()), strings.Join(lines, "\n"))
	if prefix != "" {
		text = prefix + "\n\n" + text
	}
	t.send(text, rows)
}

// askResume asks whether to continue an unfinished form.
func (e *Engine) askResume(t *turn, fl *Flow, prefix string) {
	f := t.st.Form
	f.Resuming = true
	obj := EscapeHTML(fl.object())
	text := fmt.Sprintf(textResume, obj, obj)
	if fl.ResumeQuestion != "" {
		text = fl.ResumeQuestion
	}
	if prefix != "" {
		text = prefix + "\n\n" + text
	}
	t.send(text, [][]Button{
		{{Text: textResumeContinue, Data: formData(f, actResume)}},
		{{Text: textResumeRestart, Data: formData(f, actRestart)}},
		{{Text: textCancel, Data: formData(f, actCancel)}},
	})
}

// showAnswer renders an answer for the summary: a short prefix of the text,
// or how many files were given.
func showAnswer(a Answer) string {
	switch {
	case a.Skipped:
		return textSkipped
	case len(a.Files) == 1 && a.Album:
		// The summary may follow an album's first page: the later pages
		// arrive as updates of their own and are added to the answer.
		return textFilesAlbumFirst
	case len(a.Files) == 1:
		return textFilesOne
	case len(a.Files) > 1 && a.Album:
		return fmt.Sprintf(textFilesAlbum, len(a.Files))
	case len(a.Files) > 1:
		return fmt.Sprintf(textFilesMany, len(a.Files))
	}
	v := EscapeHTML(shorten(a.Value, summaryValueLen))
	if a.Note != "" {
		v += " (" + EscapeHTML(shorten(a.Note, summaryValueLen)) + ")"
	}
	return v
}
