package conversation

import (
	"context"
	"errors"
	"time"
)

// Sentinel errors storage adapters translate their driver errors into.
var (
	// ErrNotFound means the thing asked for does not exist.
	ErrNotFound = errors.New("not found")
	// ErrDuplicate means the thing to store already exists.
	ErrDuplicate = errors.New("already exists")
)

// Tx is what flows may change in storage while one update is handled. The
// runtime passes an implementation bound to the update's database
// transaction, so a flow's changes, the outgoing messages and the record that
// the update was handled commit together or not at all. Later flows add their
// small store interfaces here.
type Tx interface {
	ComplaintStore
	RegistrationStore
	TicketStore
	ProgressStore
	ReminderStore
	VendorStore
}

// ComplaintStore keeps complaints (pengaduan) taken in chat.
type ComplaintStore interface {
	// SaveComplaint stores c and returns its number.
	SaveComplaint(ctx context.Context, c Complaint) (int64, error)
}

// Complaint is a complaint about the service, taken in chat.
type Complaint struct {
	ChatID    int64
	UserID    int64
	UserName  string
	Category  string
	Text      string
	Contact   string // optional phone number, E.164
	Files     []File
	CreatedAt time.Time
}
