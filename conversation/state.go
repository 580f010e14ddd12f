package conversation

import (
	"errors"
	"time"
)

// ErrConflict is returned by a StateStore when the state changed since it was loaded.
var ErrConflict = errors.New("conversation state changed concurrently")

// State is what the bot remembers of one chat between updates. It is kept in
// Redis as JSON with a TTL of several days.
type State struct {
	// Version is managed by the state store: Save succeeds only when the
	// stored version still equals Version, and stores Version+1.
	Version int64 `json:"v"`
	// LastUpdateID is the update_id whose handling produced this state; an
	// update with an id at or below it has already been applied.
	LastUpdateID int64     `json:"last_update_id,omitempty"`
	UpdatedAt    time.Time `json:"updated_at,omitempty"`
	// Form is the form in progress, nil when the user is not filling one.
	Form *FormState `json:"form,omitempty"`
}

// FormState is a form in progress. The form engine owns its fields.
type FormState struct {
	Flow    string            `json:"flow"`
	Session string            `json:"session"` // short id carried in callback data, so stale buttons are recognised
	Step    int               `json:"step"`    // index of the field being asked; len(fields) means the summary
	Answers map[string]Answer `json:"answers,omitempty"`
}

// Answer is the answer to one form field.
type Answer struct {
	Value   string `json:"value,omitempty"`
	Files   []File `json:"files,omitempty"`
	Skipped bool   `json:"skipped,omitempty"`
}
