package conversation

import (
	"context"
	"errors"
	"time"
)

// The satker map, each satker's progress in Digipay, the links between
// Telegram accounts and satker, and the KPPN's reports (issue 5; procedure
// 1.a-1.c and 3 of the service standard).

// The progress stages of a satker, in order.
const (
	StageAdmin  = "admin"     // the User Admin Satker is active
	StageUsers  = "pengguna"  // the five satker users are created
	StageVendor = "vendor"    // at least one vendor is registered
	StageTx     = "transaksi" // at least one transaction went through Digipay
)

// Stages lists the stages in order.
func Stages() []string { return []string{StageAdmin, StageUsers, StageVendor, StageTx} }

// The roles a chat can hold for a satker: the admin, and the five users the
// admin creates (each a different person, one email each).
const (
	RoleAdmin     = "admin"
	RolePPK       = "ppk"
	RolePemesan   = "pemesan"
	RolePP        = "pejabat_pengadaan"
	RolePenerima  = "penerima"
	RoleBendahara = "bendahara"
)

// UserRoles lists the five satker users the admin creates, in order.
func UserRoles() []string {
	return []string{RolePPK, RolePemesan, RolePP, RolePenerima, RoleBendahara}
}

// The ways a chat is linked to a satker (satker_links.via): only verified ones.
const (
	ViaRegistration = "registration" // the chat's admin registration was recorded in Digipay
	ViaInvitation   = "invitation"   // an invitation link the satker's admin generated
	ViaOfficer      = "officer"      // an officer approved it in the staff group
)

// The payment channels of a Digipay transaction.
const (
	ChannelCMS = "CMS" // CMS / virtual account
	ChannelKKP = "KKP" // the government credit card
)

// Sentinel errors of progress changes.
var (
	// ErrExpired means an invitation link's time is over.
	ErrExpired = errors.New("expired")
	// ErrUsed means an invitation link was used already.
	ErrUsed = errors.New("already used")
)

// SatkerLink is one verified link between a chat and a satker, in a role.
type SatkerLink struct {
	SatkerCode string
	SatkerName string
	KPPNCode   string
	ChatID     int64
	UserID     int64
	Role       string // RoleAdmin or one of UserRoles
	Via        string
	LinkedAt   time.Time
	// By is who made the link when it is not the linked user: the officer
	// who approved it (ViaOfficer). The zero Actor means the user.
	By Actor
}

// SatkerUser is one of the five users the admin created in Digipay.
type SatkerUser struct {
	Role  string
	Name  string
	Email string // lower case
	At    time.Time
}

// Transaction is a purchase paid through Digipay.
type Transaction struct {
	SatkerCode string
	Date       time.Time // the transaction's date (WIB midnight)
	Vendor     string
	Value      int64  // rupiah
	Channel    string // ChannelCMS or ChannelKKP
	// Ref identifies an imported row (Digipay's transaction id): importing
	// the same file twice adds nothing. "" for transactions told in chat.
	Ref string
}

// SatkerProgress is one satker of the map with its progress.
type SatkerProgress struct {
	Code         string
	Name         string
	KPPNCode     string
	ManagesUP    bool
	Mapped       bool
	ContactName  string // the satker's contact person (PIC)
	ContactPhone string

	AdminAt time.Time // stage admin reached; zero while not
	UsersAt time.Time // stage pengguna reached (all five recorded, or set by an officer)
	Users   []SatkerUser
	// UsersRecorded counts the users recorded; a report fills it without
	// reading Users.
	UsersRecorded int
	VendorAt      time.Time // stage vendor reached
	Vendors       int       // vendors registered (reported or counted)
	TxAt          time.Time // stage transaksi reached
	Transactions  int
	TxValue       int64 // rupiah, all time
	// LastContactAt is the last follow-up, reminder or message from the
	// satker's linked chats, zero when never.
	LastContactAt time.Time
	CreatedAt     time.Time // when it entered the map
	// IgnoredReminders counts the reminders of its first missing stage sent
	// in a row without an answer (read by Lagging): past a few, the KPPN
	// follows up one on one.
	IgnoredReminders int
}

// Reached reports whether the satker reached stage.
func (p SatkerProgress) Reached(stage string) bool {
	switch stage {
	case StageAdmin:
		return !p.AdminAt.IsZero()
	case StageUsers:
		return !p.UsersAt.IsZero()
	case StageVendor:
		return !p.VendorAt.IsZero()
	case StageTx:
		return !p.TxAt.IsZero()
	}
	return false
}

// Next is the first stage the satker has not reached, "" when all are.
func (p SatkerProgress) Next() string {
	for _, s := range Stages() {
		if !p.Reached(s) {
			return s
		}
	}
	return ""
}

// Invitation is a single-use, expiring link (t.me/<bot>?start=<token>) a
// satker's admin gives to the person who will hold role.
type Invitation struct {
	Token      string // random, URL-safe; stored hashed
	SatkerCode string
	Role       string
	CreatedBy  Actor
	CreatedAt  time.Time
	ExpiresAt  time.Time
}

// KPPN is a KPPN office and its staff group.
type KPPN struct {
	Code        string // 3 digits
	Name        string
	GroupChatID int64 // 0 while no group is bound
}

// Job kinds: work too long for an update's transaction (a file to fetch and
// import, a report of thousands of satker), done by the back office, whose
// result messages go through the outbox.
const (
	JobImportSatker = "import_satker" // a CSV/XLSX of the satker map (/impor)
	JobImportTx     = "import_tx"     // a CSV/XLSX of Digipay transactions (/impor transaksi)
	JobReport       = "report"        // /laporan: summary, chart and workbook
	JobWeeklyReport = "weekly_report" // Monday's report to each KPPN group: summary and chart
)

// Job is a piece of back-office work asked for in chat.
type Job struct {
	ID       int64
	Kind     string
	KPPNCode string
	ChatID   int64 // where the result goes
	ThreadID int
	ReplyTo  int
	File     *File // the document to import
	By       Actor
	At       time.Time
	// Attempts is how often the job was claimed, this claim included (set
	// by ClaimJob).
	Attempts int
}

// ProgressStore keeps the satker map, progress, links, invitations, KPPN
// groups and jobs. Every method runs inside the update's transaction; every
// change records who, when and from where (progress_history / audit_log).
type ProgressStore interface {
	// Satker returns a satker of the map with its progress; ErrNotFound.
	Satker(ctx context.Context, code string) (SatkerProgress, error)
	// LinksOf lists the chat's satker links, newest first.
	LinksOf(ctx context.Context, chatID int64) ([]SatkerLink, error)
	// LinksOfSatker lists the chats linked to a satker.
	LinksOfSatker(ctx context.Context, code string) ([]SatkerLink, error)
	// LinkChat links a chat to a satker in a role (idempotent).
	LinkChat(ctx context.Context, l SatkerLink) error
	// SaveSatkerUser records (or replaces) the satker's user in u.Role;
	// ErrDuplicate when u's email or name belongs to another role of the
	// satker. Recording the fifth role reaches stage pengguna.
	SaveSatkerUser(ctx context.Context, code string, u SatkerUser, by Actor) error
	// SetVendors records the number of vendors the satker registered
	// (reaching stage vendor at the first).
	SetVendors(ctx context.Context, code string, n int, by Actor) error
	// AddTransaction records a transaction (stage transaksi at the first);
	// false when its Ref was recorded before.
	AddTransaction(ctx context.Context, tx Transaction, by Actor) (bool, error)
	// SetStage marks stage reached (at) or not reached (done false), as an
	// officer says with /set.
	SetStage(ctx context.Context, code, stage string, done bool, at time.Time, by Actor) error
	// CreateInvitation stores an invitation (its token hashed).
	CreateInvitation(ctx context.Context, inv Invitation) error
	// RedeemInvitation uses the invitation with token for the chat and
	// links it; ErrNotFound, ErrExpired or ErrUsed when it cannot.
	RedeemInvitation(ctx context.Context, token string, chatID, userID int64, at time.Time) (Invitation, error)
	// RecordFollowUp logs a one-on-one follow-up with a satker.
	RecordFollowUp(ctx context.Context, code, note string, by Actor, at time.Time) error
	// Lagging lists the satker of a KPPN (managing UP) that have not reached
	// stage, the oldest in the map first, at most limit.
	Lagging(ctx context.Context, kppnCode, stage string, limit int) ([]SatkerProgress, error)
	// KPPNOfGroup returns the KPPN whose staff group is chatID; ok false when none.
	KPPNOfGroup(ctx context.Context, chatID int64) (KPPN, bool, error)
	// BindGroup makes chatID the staff group of KPPN code (creating the KPPN
	// when unknown); a group bound to another KPPN is moved.
	BindGroup(ctx context.Context, code string, chatID int64, by Actor) error
	// QueueJob stores a job for the back office and returns its id.
	QueueJob(ctx context.Context, j Job) (int64, error)
}
