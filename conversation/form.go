package conversation

import (
	"context"
	"time"
)

// FieldKind says what answer a form field expects.
type FieldKind int

// The kinds of form field.
const (
	FieldText     FieldKind = iota // typed text (a shared contact counts as its phone number)
	FieldChoice                    // one of Choices, by button or typed
	FieldDocument                  // a document (PDF, JPEG, PNG) or a photo; an album is one answer of several pages
	FieldPhoto                     // a photo, or an image sent as a document
)

// Field is one question of a form.
type Field struct {
	Key      string    // key of the answer in Submission.Answers
	Label    string    // short name shown in the summary and on its "Ubah" button
	Prompt   string    // the question (Telegram HTML)
	Kind     FieldKind //
	Choices  []string  // FieldChoice: the options, one button each
	Validate Validator // FieldText: checks and normalises the answer; nil accepts any text up to maxText
	Optional bool      // the user may skip it ("Lewati")

	// Check, when set, runs on a typed answer after Validate, inside the
	// update's transaction: it sees the earlier answers (a cross-field
	// check), may look things up with the Tx and may change the answer
	// (a Note shown beside it). A problem re-asks the field; an error is a
	// fault and the update is retried.
	Check func(fc FieldContext, a Answer) (Answer, string, error)
	// NoteText, when set, is shown before the next question when Check
	// noted something: a format with the value and the note ("Satker %s: %s.").
	NoteText string
	// Hidden, when set and true, leaves the field out: it is not asked, not
	// shown in the summary and not required (the satker's name when the
	// code is already mapped; the items a correction does not touch).
	Hidden func(fc FieldContext) bool
	// Before, when set, runs whenever the field is about to be asked, inside
	// the update's transaction; the messages it returns are sent ahead of
	// the question (a generated form to print). It decides itself whether
	// anything changed since its last run (FieldContext.Data keeps its
	// notes). An error is a fault.
	Before func(fc FieldContext) ([]Outgoing, error)
	// Expired, when set, is asked for an answered field before the summary
	// is shown: a non-empty reason drops the answer and asks the field again
	// after the reason (the signed form once the data printed on it changed;
	// a NIK that no longer agrees with an edited NIP).
	Expired func(fc FieldContext) string
}

// FieldContext is what a field's hooks see of the turn and the form.
type FieldContext struct {
	Ctx     context.Context
	Tx      Tx
	Now     time.Time
	ChatID  int64
	UserID  int64
	Answers map[string]Answer // the answers so far; hooks must not change them
	// Data holds the flow's own values kept with the form (a reserved
	// request number, what was last generated); hooks may set them.
	Data map[string]string
}

// Flow is a form a user fills in chat: its questions in order and what
// happens when the user confirms the summary.
type Flow struct {
	Name  string // stable id, stored in FormState.Flow; also a /start payload that opens the form
	Title string // e.g. "Pengaduan"; shown in the intro and the summary
	// Object names what is being filled in running text, e.g. "pengaduan"
	// ("Pengisian pengaduan dibatalkan."); Title in lower case when empty.
	Object string
	Intro  string // one or two sentences before the first question
	// Notice, when set, is shown before the form is opened from the menu, a
	// command or a /start link (a purpose notice for personal data), with
	// "Setuju", which opens the form, and "Batal". Nothing is kept before
	// "Setuju".
	Notice string
	// ResumeQuestion replaces "Lanjutkan pengisian <object>?" when a user
	// comes back to an unfinished form, e.g. "Lanjutkan pendaftaran?".
	ResumeQuestion string
	// Followed marks flows whose submissions the user follows with /status.
	Followed bool
	Fields   []Field
	// Submit is called inside the update's transaction when the user
	// confirms. Its messages are sent after the form is cleared; an error
	// is a fault (the update is retried), not a rejection.
	Submit func(ctx context.Context, tx Tx, s Submission) ([]Outgoing, error)
	// Submitted, when set, runs after a successful Submit with the chat's
	// state and the form's Data as Submit left them (the help ticket's id
	// it stored there), so the flow can remember what the user now has.
	Submitted func(st *State, data map[string]string)
}

// Submission is a completed form, as handed to Flow.Submit.
type Submission struct {
	Flow     string
	Session  string
	ChatID   int64
	UserID   int64
	UserName string
	Username string
	At       time.Time // Config.Now when the user confirmed
	Answers  map[string]Answer
	Data     map[string]string // the flow's own values kept with the form (FieldContext.Data)
}

// Value returns the answer to the field key ("" when skipped).
func (s Submission) Value(key string) string { return s.Answers[key].Value }

// Files returns the files given for the field key.
func (s Submission) Files(key string) []File { return s.Answers[key].Files }

// clone returns a deep copy of f, so Handle never changes the state it was given.
func (f *FormState) clone() *FormState {
	if f == nil {
		return nil
	}
	c := *f
	c.Answers = make(map[string]Answer, len(f.Answers))
	for k, a := range f.Answers {
		a.Files = append([]File(nil), a.Files...)
		c.Answers[k] = a
	}
	if f.Data != nil {
		c.Data = make(map[string]string, len(f.Data))
		for k, v := range f.Data {
			c.Data[k] = v
		}
	}
	return &c
}
