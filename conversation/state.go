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
	// Requests is set once the user has sent a request they can follow with
	// /status, so the menu offers "Status permintaan" without a query.
	Requests bool `json:"requests,omitempty"`
	// Form is the form in progress, nil when the user is not filling one.
	Form *FormState `json:"form,omitempty"`
	// MediaGroup is the last album (media_group_id) whose first item was
	// answered: its later items are taken silently, never answered again.
	MediaGroup string `json:"media_group,omitempty"`
	// Ticket is the user's active help ticket: what they write outside a
	// form goes into it. A ticket closed by an officer is noticed (and
	// forgotten) at the user's next message.
	Ticket int64 `json:"ticket,omitempty"`
	// Rating is the closed ticket whose optional comment the user is asked for.
	Rating int64 `json:"rating,omitempty"`
	// Flood counts the messages sent into the ticket since FloodFrom, to
	// tell a user who sends many at once that they are paced, not lost.
	FloodFrom time.Time `json:"flood_from,omitempty"`
	Flood     int       `json:"flood,omitempty"`
	// OffHoursUntil is the office opening already announced to the user
	// while writing into a ticket outside office hours (said once).
	OffHoursUntil time.Time `json:"off_hours_until,omitempty"`
}

// FormState is a form in progress. The form engine owns its fields.
type FormState struct {
	Flow    string            `json:"flow"`
	Session string            `json:"session"` // short id carried in callback data, so stale buttons are recognised
	Step    int               `json:"step"`    // index of the field being asked; len(fields) means the summary
	Answers map[string]Answer `json:"answers,omitempty"`
	// Editing is set while a field is re-asked from the summary: its answer
	// returns to the summary.
	Editing bool `json:"editing,omitempty"`
	// Resuming is set while the user is asked whether to continue an
	// unfinished form ("Lanjutkan pengisian …?").
	Resuming bool `json:"resuming,omitempty"`
	// Touched is when the user last worked on the form; after a long pause
	// the engine asks whether to continue.
	Touched time.Time `json:"touched,omitempty"`
	// Album and AlbumField: later items of album Album are added to the
	// answer of field AlbumField, even after the form moved on.
	Album      string `json:"album,omitempty"`
	AlbumField string `json:"album_field,omitempty"`
	// Data holds the flow's own values (FieldContext.Data).
	Data map[string]string `json:"data,omitempty"`
}

// Answer is the answer to one form field.
type Answer struct {
	Value   string `json:"value,omitempty"`
	Files   []File `json:"files,omitempty"`
	Skipped bool   `json:"skipped,omitempty"`
	Album   bool   `json:"album,omitempty"` // Files came as an album (several pages)
	Note    string `json:"note,omitempty"`  // what a Check learned about the value (the satker's name), shown beside it
}
