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
	// ResumeQuestion replaces "Lanjutkan pengisian <object>?" when a user
	// comes back to an unfinished form, e.g. "Lanjutkan pendaftaran?".
	ResumeQuestion string
	Fields         []Field
	// Submit is called inside the update's transaction when the user
	// confirms. Its messages are sent after the form is cleared; an error
	// is a fault (the update is retried), not a rejection.
	Submit func(ctx context.Context, tx Tx, s Submission) ([]Outgoing, error)
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
	return &c
}
