package conversation

import (
	"fmt"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxFileSize is the largest file a bot can download from Telegram.
const maxFileSize = 20 << 20

// formMessage handles a message (text, file, sticker, …) while a form is in
// progress: it is the answer to the current question.
func (e *Engine) formMessage(t *turn) error {
	fl := e.activeFlow(t)
	if fl == nil {
		return nil
	}
	f := t.st.Form
	if f.Resuming {
		e.askResume(t, fl, textResumeUseButton)
		return nil
	}
	if t.now.Sub(f.Touched) > e.cfg.ResumeAfter {
		e.askResume(t, fl, "")
		return nil
	}
	f.Touched = t.now
	if f.Step >= len(fl.Fields) {
		e.ask(t, fl, textUseSummary)
		return nil
	}
	fld := fl.Fields[f.Step]
	a, problem := accept(fld, t.u)
	if problem == "" && fld.Check != nil && fld.Kind == FieldText {
		var err error
		if a, problem, err = fld.Check(t.fieldContext(), a); err != nil {
			return fmt.Errorf("check %s: %w", fld.Key, err)
		}
	}
	if problem != "" {
		e.ask(t, fl, problem)
		return nil
	}
	prefix := ""
	if a.Note != "" && fld.NoteText != "" {
		prefix = fmt.Sprintf(fld.NoteText, EscapeHTML(a.Value), EscapeHTML(a.Note))
	}
	e.setAnswerAfter(t, fl, fld, a, prefix)
	return nil
}

// formCallback handles a press on a form button.
func (e *Engine) formCallback(t *turn) error {
	f := t.st.Form
	parts := strings.Split(strings.TrimPrefix(t.u.CallbackData, dataForm), ":")
	if f == nil || len(parts) < 3 || parts[0] != f.Session {
		return nil // stale: answered by Handle
	}
	fl := e.activeFlow(t)
	if fl == nil {
		t.answer("")
		return nil
	}
	step, err := strconv.Atoi(parts[1])
	if err != nil {
		return nil
	}
	action, arg := parts[2], -1
	if len(parts) > 3 {
		if arg, err = strconv.Atoi(parts[3]); err != nil {
			return nil
		}
	}
	switch action {
	case actCancel:
		t.answer("")
		e.cancel(t)
		return nil
	case actResume, actRestart:
		if !f.Resuming {
			return nil
		}
		t.answer("")
		if action == actRestart {
			e.startFlow(t, fl)
			return nil
		}
		f.Resuming, f.Touched = false, t.now
		e.ask(t, fl, "")
		return nil
	}
	if step != f.Step {
		return nil
	}
	n := len(fl.Fields)
	switch {
	case action == actChoice && step < n && fl.Fields[step].Kind == FieldChoice && arg >= 0 && arg < len(fl.Fields[step].Choices):
		e.pressed(t)
		e.setAnswer(t, fl, fl.Fields[step], Answer{Value: fl.Fields[step].Choices[arg]})
	case action == actBack && step < n && (f.Editing || e.prevVisible(t, fl, step) >= 0):
		e.pressed(t)
		if f.Editing {
			f.Editing, f.Step = false, n
		} else {
			f.Step = e.prevVisible(t, fl, step)
		}
		e.ask(t, fl, "")
	case action == actSkip && step < n && fl.Fields[step].Optional:
		e.pressed(t)
		e.setAnswer(t, fl, fl.Fields[step], Answer{Skipped: true})
	case action == actEdit && step == n && arg >= 0 && arg < n && !e.hidden(t, fl.Fields[arg]):
		e.pressed(t)
		f.Step, f.Editing = arg, true
		e.ask(t, fl, "")
	case action == actSend && step == n:
		e.pressed(t)
		return e.submit(t, fl)
	}
	return nil
}

// pressed acknowledges a valid press on a button of the current question.
func (e *Engine) pressed(t *turn) {
	t.answer("")
	t.st.Form.Resuming = false
	t.st.Form.Touched = t.now
}

// setAnswer stores the answer to fld and moves on: to the next question, or
// back to the summary when the field was edited from it.
func (e *Engine) setAnswer(t *turn, fl *Flow, fld Field, a Answer) {
	e.setAnswerAfter(t, fl, fld, a, "")
}

// setAnswerAfter is setAnswer with a text shown before what comes next.
func (e *Engine) setAnswerAfter(t *turn, fl *Flow, fld Field, a Answer, prefix string) {
	f := t.st.Form
	if t.u.MediaGroupID != "" && len(a.Files) > 0 {
		f.Album, f.AlbumField, a.Album = t.u.MediaGroupID, fld.Key, true
	} else if f.AlbumField == fld.Key {
		f.Album, f.AlbumField = "", ""
	}
	f.Answers[fld.Key] = a
	if f.Editing {
		f.Editing, f.Step = false, len(fl.Fields)
	} else {
		f.Step++
	}
	e.ask(t, fl, prefix)
}

// submit hands the completed form to the flow and clears it.
func (e *Engine) submit(t *turn, fl *Flow) error {
	f := t.st.Form
	if i, reason := e.pending(t, fl); i >= 0 {
		if reason == "" {
			reason = fmt.Sprintf(textRequired, EscapeHTML(fl.Fields[i].Label))
		}
		f.Step, f.Editing = i, true
		e.ask(t, fl, reason)
		return nil
	}
	s := Submission{
		Flow: fl.Name, Session: f.Session,
		ChatID: t.u.ChatID, UserID: t.u.UserID, UserName: t.u.UserName, Username: t.u.Username,
		At: t.now, Answers: f.Answers, Data: f.Data,
	}
	out, err := fl.Submit(t.ctx, t.tx, s)
	if err != nil {
		return fmt.Errorf("submit %s: %w", fl.Name, err)
	}
	t.st.Form = nil
	if fl.Followed {
		t.st.Requests = true
	}
	if fl.Submitted != nil {
		fl.Submitted(&t.st, s.Data)
	}
	t.out = append(t.out, out...)
	return nil
}

// albumItem takes a later page of an album. Pages of the album that answered
// a document field are added to that answer silently; pages of any other
// album already answered are ignored.
func (e *Engine) albumItem(t *turn) {
	f := t.st.Form
	if f == nil || f.Album != t.u.MediaGroupID {
		return
	}
	fl, ok := e.flows[f.Flow]
	if !ok {
		return
	}
	for _, fld := range fl.Fields {
		if fld.Key != f.AlbumField {
			continue
		}
		a, problem := acceptFile(fld, t.u)
		if problem != "" {
			t.send(fmt.Sprintf(textAlbumItemFailed, problem), nil)
			return
		}
		prev := f.Answers[fld.Key]
		prev.Files = append(prev.Files, a.Files...)
		prev.Album, prev.Skipped = true, false
		f.Answers[fld.Key] = prev
		t.changed = true
		return
	}
}

// accept checks a message as the answer to fld. It returns the answer, or
// the problem to show before the question is asked again.
func accept(fld Field, u Update) (Answer, string) {
	switch fld.Kind {
	case FieldChoice:
		if u.Kind != KindText {
			return Answer{}, wrongKind(fld, textExpectChoice, u.Kind)
		}
		s := strings.TrimSpace(u.Text)
		for i, c := range fld.Choices {
			if strings.EqualFold(s, c) || s == strconv.Itoa(i+1) {
				return Answer{Value: c}, ""
			}
		}
		return Answer{}, fmt.Sprintf(textChoiceUnknown, quote(s))
	case FieldDocument, FieldPhoto:
		if (u.Kind != KindDocument && u.Kind != KindPhoto) || u.File == nil {
			expect := textExpectDocument
			if fld.Kind == FieldPhoto {
				expect = textExpectPhoto
			}
			return Answer{}, wrongKind(fld, expect, u.Kind)
		}
		return acceptFile(fld, u)
	}
	if u.Kind != KindText && u.Kind != KindContact {
		return Answer{}, wrongKind(fld, textExpectText, u.Kind)
	}
	s := strings.TrimSpace(u.Text)
	if s == "" {
		return Answer{}, textEmptyAnswer
	}
	if fld.Validate != nil {
		v, problem := fld.Validate(s)
		if problem != "" {
			return Answer{}, problem
		}
		return Answer{Value: v}, ""
	}
	if n := utf8.RuneCountInString(s); n > maxText {
		return Answer{}, fmt.Sprintf(textTooLong, maxText, n)
	}
	return Answer{Value: s}, ""
}

// acceptFile checks a document or photo for a file field: at most 20 MB, and
// of a type the field takes.
func acceptFile(fld Field, u Update) (Answer, string) {
	file := u.File
	if file == nil {
		return Answer{}, wrongKind(fld, textExpectDocument, u.Kind)
	}
	if file.Size > maxFileSize {
		mb := strings.Replace(strconv.FormatFloat(float64(file.Size)/(1<<20), 'f', 1, 64), ".", ",", 1)
		return Answer{}, fmt.Sprintf(textFileTooBig, mb)
	}
	if !file.Photo {
		kind := fileKind(*file)
		switch {
		case kind == "":
			return Answer{}, fmt.Sprintf(textFileType, fileDesc(*file))
		case fld.Kind == FieldPhoto && kind == "pdf":
			return Answer{}, fmt.Sprintf(textPhotoType, fileDesc(*file))
		}
	}
	return Answer{Files: []File{*file}}, ""
}

// fileKind says whether f is a PDF or an image the service accepts ("pdf",
// "image"), by its MIME type or, when Telegram sent none, its name.
func fileKind(f File) string {
	switch strings.ToLower(f.MIME) {
	case "application/pdf":
		return "pdf"
	case "image/jpeg", "image/jpg", "image/png":
		return "image"
	case "", "application/octet-stream":
		switch strings.ToLower(path.Ext(f.Name)) {
		case ".pdf":
			return "pdf"
		case ".jpg", ".jpeg", ".png":
			return "image"
		}
	}
	return ""
}

// fileDesc names a file for a message: its name, or its type.
func fileDesc(f File) string {
	if f.Name != "" {
		return "“" + quote(f.Name) + "”"
	}
	if f.MIME != "" {
		return quote(f.MIME)
	}
	return textThisFile
}

// wrongKind explains that fld expects something else than what came.
func wrongKind(fld Field, expect string, got Kind) string {
	noun := textNounOther
	switch got {
	case KindText, KindCommand:
		noun = textNounText
	case KindSticker:
		noun = textNounSticker
	case KindVoice:
		noun = textNounVoice
	case KindDocument:
		noun = textNounDocument
	case KindPhoto:
		noun = textNounPhoto
	case KindContact:
		noun = textNounContact
	}
	return fmt.Sprintf(textWrongKind, EscapeHTML(fld.Label), expect, noun)
}
