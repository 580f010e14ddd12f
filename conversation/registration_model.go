package conversation

import (
	"context"
	"errors"
	"time"

	"posko/workdays"
)

// The states of an Admin Satker registration request, in Indonesian because
// users and officers read them in /status and on the staff card.
const (
	RegSubmitted = "diajukan" // waiting for an officer
	RegTaken     = "diproses" // an officer took it ("Ambil")
	RegRejected  = "ditolak"  // returned to the registrant to correct the named fields and documents
	RegRecorded  = "selesai"  // recorded in Digipay: the User Admin Satker is active
)

// The document kinds of a registration.
const (
	DocDecree = "sk_penunjukan"   // SK Penunjukan
	DocKTP    = "ktp"             // the appointed admin's KTP
	DocForm   = "form_registrasi" // the signed Form Permintaan Registrasi Admin Digipay Satker
)

// ErrStale is returned by a conditional status change when the request is no
// longer in a state the change applies to (another officer decided first).
var ErrStale = errors.New("request already decided")

// Registration is one request to register a User Admin Digipay Satker.
type Registration struct {
	ID          int64
	Number      string // "REG-000123", reserved before the pre-filled form is generated
	ChatID      int64  // the registrant's private chat
	UserID      int64
	UserName    string
	SatkerCode  string
	SatkerName  string
	SatkerKnown bool // the code is in the KPPN's map of satker; unknown codes are accepted but flagged

	AdminName     string
	AdminNIP      string
	AdminNIK      string
	AdminPosition string // jabatan
	AdminMobile   string // E.164
	AdminEmail    string
	DecreeNumber  string
	DecreeDate    time.Time
	KPAName       string
	KPANIP        string

	Documents map[string][]File // by document kind; an album is several files of one kind

	Status       string
	Deadline     time.Time // 1 working day after submission, fixed when submitted
	TakenBy      int64     // officer's Telegram user id
	TakenByName  string
	RejectReason string
	RejectItems  []string // field keys and document kinds the registrant must correct
	SubmittedAt  time.Time
	UpdatedAt    time.Time
}

// Actor is who did something, for the audit trail.
type Actor struct {
	UserID int64
	Name   string
	ChatID int64
}

// RegistrationStore keeps registration requests. Every method runs inside the
// update's transaction.
type RegistrationStore interface {
	// ReserveRegistrationNumber takes the next request number (for the
	// pre-filled form, generated before the request is submitted).
	ReserveRegistrationNumber(ctx context.Context) (id int64, number string, err error)
	// SubmitRegistration stores r (a new request, or a rejected one sent
	// again under the same ID) with its documents (registered for download
	// and encryption) and a status-history row, and returns it as stored.
	SubmitRegistration(ctx context.Context, r Registration) (Registration, error)
	// Registration returns request id, locked for this transaction.
	Registration(ctx context.Context, id int64) (Registration, error)
	// RegistrationsOf lists the requests of a registrant's chat, newest first.
	RegistrationsOf(ctx context.Context, chatID int64) ([]Registration, error)
	// ChangeRegistration moves request id from one of the states in from to
	// to, applying change to the stored request, and records the history and
	// an audit row; ErrStale when its state is not in from.
	ChangeRegistration(ctx context.Context, id int64, from []string, to string, by Actor, change func(*Registration)) (Registration, error)
	// LookupSatker returns the name of a mapped satker.
	LookupSatker(ctx context.Context, code string) (name string, ok bool, err error)
	// MarkAdminRegistered records progress stage 1 for the satker and links
	// the registrant's chat to it.
	MarkAdminRegistered(ctx context.Context, satkerCode string, chatID, userID int64, at time.Time) error
	// Calendar is the working-day calendar that decides deadlines.
	Calendar(ctx context.Context) (*workdays.Calendar, error)
}

// MemberChecker tells whether a user is a member of a chat (the KPPN staff
// group): only members may act on requests.
type MemberChecker interface {
	IsMember(ctx context.Context, chatID, userID int64) (bool, error)
}
