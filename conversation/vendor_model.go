package conversation

import (
	"context"
	"fmt"
	"time"
)

// Vendors (issue 6; procedures 4 and 5 of the service standard): a vendor
// invited by a satker hands over its data and documents in chat, the
// satker's Pejabat Pengadaan inputs it in Digipay, and the vendor then works
// through its own checklist.

// The states of a vendor registration.
const (
	VendorSubmitted = "diajukan"  // sent to the satker's Pejabat Pengadaan
	VendorFix       = "perbaikan" // returned to the vendor with a reason
	VendorEntered   = "diinput"   // the Pejabat Pengadaan input it in Digipay
)

// The forms of business.
const (
	VendorPersonal = "perorangan"
	VendorCompany  = "badan usaha"
)

// The vendor's document kinds.
const (
	VendorDocKTP  = "ktp_pemilik"  // the owner's KTP
	VendorDocNPWP = "kartu_npwp"   // the NPWP card (not when the vendor has no NPWP)
	VendorDocNIB  = "nib_siup"     // the NIB or SIUP
	VendorDocTDP  = "tdp"          // Kartu Tanda Daftar Perusahaan (optional when the NIB covers it)
	VendorDocTax  = "status_pajak" // SKKPP / tax-status letter (optional)
)

// The vendor admin's checklist after registration (procedure 5).
const (
	VendorStepProfile  = "profil"      // update the profile
	VendorStepRequire  = "persyaratan" // complete the requirements
	VendorStepUsers    = "pengguna"    // create the staf and kurir users
	VendorStepProducts = "produk"      // staf upload goods/services (photo and price)
)

// VendorSteps lists the checklist in order.
func VendorSteps() []string {
	return []string{VendorStepProfile, VendorStepRequire, VendorStepUsers, VendorStepProducts}
}

// Vendor is one vendor registration.
type Vendor struct {
	ID         int64
	Number     string // "VND-000123"
	SatkerCode string // the satker that invited it
	SatkerName string
	ChatID     int64 // the vendor's private chat
	UserID     int64
	UserName   string

	BusinessName string
	Form         string // VendorPersonal or VendorCompany
	OwnerName    string
	OwnerNIK     string // personal data: sealed at rest, masked to everyone but the owner
	NPWP         string // 16 digits, "" when the vendor has none
	LicenceKind  string // "NIB" or "SIUP"
	Licence      string // the NIB (13 digits) or the SIUP number
	Address      string
	Bank         string
	Mobile       string // E.164
	Email        string

	Documents map[string][]File // by VendorDoc* kind

	Status      string
	FixReason   string // the Pejabat Pengadaan's reason, when VendorFix
	DecidedBy   int64  // the Pejabat Pengadaan who decided last
	DecidedName string
	Steps       map[string]time.Time // checklist steps ticked, by VendorStep*
	SubmittedAt time.Time
	EnteredAt   time.Time // when the Pejabat Pengadaan input it in Digipay
	UpdatedAt   time.Time
}

// VendorInvitation is a single-use, expiring link (t.me/<bot>?start=vnd_<token>)
// a satker's Pejabat Pengadaan gives to a vendor.
type VendorInvitation struct {
	Token      string // random, URL-safe; stored hashed
	SatkerCode string
	CreatedBy  Actor
	CreatedAt  time.Time
	ExpiresAt  time.Time
}

// VendorStore keeps vendor registrations. Every method runs inside the
// update's transaction; changes are recorded in a history with who and when.
type VendorStore interface {
	// CreateVendorInvitation stores an invitation (its token hashed).
	CreateVendorInvitation(ctx context.Context, inv VendorInvitation) error
	// RedeemVendorInvitation uses the invitation with token for the chat;
	// ErrNotFound, ErrExpired or ErrUsed when it cannot.
	RedeemVendorInvitation(ctx context.Context, token string, chatID int64, at time.Time) (VendorInvitation, error)
	// ReserveVendorNumber takes the next vendor id and number.
	ReserveVendorNumber(ctx context.Context) (id int64, number string, err error)
	// SubmitVendor stores v (new, or a corrected one under its ID) with its
	// documents (registered for download and encryption) and returns it as
	// stored; ErrStale when a correction arrives for a vendor not in VendorFix.
	SubmitVendor(ctx context.Context, v Vendor) (Vendor, error)
	// Vendor returns vendor id, locked for this transaction; ErrNotFound.
	Vendor(ctx context.Context, id int64) (Vendor, error)
	// VendorsOf lists the vendor registrations of a chat, newest first.
	VendorsOf(ctx context.Context, chatID int64) ([]Vendor, error)
	// VendorsOfSatker lists a satker's vendor registrations, newest first.
	VendorsOfSatker(ctx context.Context, code string) ([]Vendor, error)
	// DecideVendor moves vendor id from VendorSubmitted to to (VendorFix
	// with reason, or VendorEntered, which also raises the satker's vendor
	// count); ErrStale when it is no longer VendorSubmitted.
	DecideVendor(ctx context.Context, id int64, to, reason string, by Actor, at time.Time) (Vendor, error)
	// RecordVendorOpened audits that by opened vendor id's package (its
	// data and documents) at at.
	RecordVendorOpened(ctx context.Context, id int64, by Actor, at time.Time) error
	// TickVendorStep records a checklist step of vendor id done at at (or
	// undone when done is false).
	TickVendorStep(ctx context.Context, id int64, step string, done bool, at time.Time) (Vendor, error)
}

// VendorNumber is the number vendors and officers quote for vendor id.
func VendorNumber(id int64) string { return fmtNumber("VND", id) }

// fmtNumber is "<prefix>-000123".
func fmtNumber(prefix string, id int64) string { return fmt.Sprintf("%s-%06d", prefix, id) }
