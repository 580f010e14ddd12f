package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"posko/conversation"
	"posko/sealed"
	"posko/workdays"
)

// Admin Satker registration requests (issue 3), stored through the update's
// transaction. NIK and NIP are sealed with DOCUMENT_KEY before they reach
// the table; the documents are registered for the fetcher (documents.go).

// ErrNoDocumentKey is returned (wrapped) when personal data would have to be
// stored or read without DOCUMENT_KEY configured (WithDocumentKey): it is
// never stored in clear.
var ErrNoDocumentKey = errors.New("DOCUMENT_KEY is not configured: NIK and NIP cannot be stored or read")

// registrationNumber is the number users and officers see for request id.
func registrationNumber(id int64) string { return fmt.Sprintf("REG-%06d", id) }

// registrationSubject names a request in documents.subject and the audit log.
func registrationSubject(id int64) string { return "registration:" + strconv.FormatInt(id, 10) }

// sealedFieldAAD binds a sealed column to its row and column: a value copied
// to another row or column does not open.
func sealedFieldAAD(id int64, column string) []byte {
	return []byte("posko:registration:" + strconv.FormatInt(id, 10) + ":" + column)
}

// regRow is a registrations row as stored.
type regRow struct {
	ID            int64      `db:"id"`
	Number        string     `db:"number"`
	ChatID        int64      `db:"chat_id"`
	UserID        int64      `db:"user_id"`
	UserName      string     `db:"user_name"`
	SatkerCode    string     `db:"satker_code"`
	SatkerName    string     `db:"satker_name"`
	SatkerKnown   bool       `db:"satker_known"`
	AdminName     string     `db:"admin_name"`
	AdminNIP      []byte     `db:"admin_nip"`
	AdminNIK      []byte     `db:"admin_nik"`
	AdminPosition string     `db:"admin_position"`
	AdminMobile   string     `db:"admin_mobile"`
	AdminEmail    string     `db:"admin_email"`
	DecreeNumber  string     `db:"decree_number"`
	DecreeDate    *time.Time `db:"decree_date"`
	KPAName       string     `db:"kpa_name"`
	KPANIP        []byte     `db:"kpa_nip"`
	Documents     []byte     `db:"documents"`
	Status        string     `db:"status"`
	Deadline      time.Time  `db:"deadline"`
	TakenBy       int64      `db:"taken_by"`
	TakenByName   string     `db:"taken_by_name"`
	RejectReason  string     `db:"reject_reason"`
	RejectItems   []string   `db:"reject_items"`
	SubmittedAt   time.Time  `db:"submitted_at"`
	UpdatedAt     time.Time  `db:"updated_at"`
}

const registrationColumns = `id, number, chat_id, user_id, user_name, satker_code, satker_name, satker_known,
	admin_name, admin_nip, admin_nik, admin_position, admin_mobile, admin_email, decree_number, decree_date,
	kpa_name, kpa_nip, documents, status, deadline, taken_by, taken_by_name, reject_reason, reject_items,
	submitted_at, updated_at`

// ReserveRegistrationNumber takes the next request id and number. Nothing
// is stored: SubmitRegistration stores the request under this id later, and
// a number whose form is abandoned stays unused.
func (s *txStore) ReserveRegistrationNumber(ctx context.Context) (int64, string, error) {
	if err := s.begin(ctx); err != nil {
		return 0, "", fmt.Errorf("reserve registration number: %w", err)
	}
	var id int64
	if err := s.tx.QueryRow(ctx, `SELECT nextval('registration_ids')`).Scan(&id); err != nil {
		s.fail(err)
		return 0, "", fmt.Errorf("reserve registration number: %w", err)
	}
	return id, registrationNumber(id), nil
}

// SubmitRegistration stores r under its reserved id: a new request, or a
// rejected one sent again (same id and number; ErrStale when the stored
// request is not ditolak). Its status becomes diajukan; a zero SubmittedAt is
// now and a zero Deadline is 1 working day after it. Its documents not
// registered before (by kind and file_unique_id) are registered for download
// with subject "registration:<id>", and a history row and an audit row are
// written. An id that was never reserved is ErrNotFound.
func (s *txStore) SubmitRegistration(ctx context.Context, r conversation.Registration) (conversation.Registration, error) {
	if s.key == nil {
		return conversation.Registration{}, fmt.Errorf("submit registration %d: %w", r.ID, ErrNoDocumentKey)
	}
	if r.SubmittedAt.IsZero() {
		r.SubmittedAt = time.Now()
	}
	if r.Deadline.IsZero() {
		cal, err := s.Calendar(ctx)
		if err != nil {
			return conversation.Registration{}, fmt.Errorf("submit registration %d: %w", r.ID, err)
		}
		r.Deadline = cal.Deadline(r.SubmittedAt, 1)
	}
	docs, err := json.Marshal(nonNilDocuments(r.Documents))
	if err != nil {
		return conversation.Registration{}, fmt.Errorf("submit registration %d: encode documents: %w", r.ID, err)
	}
	if err := s.begin(ctx); err != nil {
		return conversation.Registration{}, fmt.Errorf("submit registration %d: %w", r.ID, err)
	}
	stored, err := s.submit(ctx, r, docs)
	if err != nil {
		return conversation.Registration{}, fmt.Errorf("submit registration %d: %w", r.ID, err)
	}
	return stored, nil
}

func (s *txStore) submit(ctx context.Context, r conversation.Registration, docs []byte) (conversation.Registration, error) {
	var reserved bool
	err := s.tx.QueryRow(ctx, `SELECT $1::bigint > 0 AND $1::bigint <= last_value AND is_called FROM registration_ids`, r.ID).Scan(&reserved)
	if err != nil {
		s.fail(err)
		return r, err
	}
	if !reserved {
		return r, fmt.Errorf("id was never reserved: %w", ErrNotFound)
	}
	var prev *string
	err = s.tx.QueryRow(ctx, `SELECT status FROM registrations WHERE id = $1 FOR UPDATE`, r.ID).Scan(&prev)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		prev = nil
	case err != nil:
		s.fail(err)
		return r, err
	case *prev != conversation.RegRejected:
		return r, fmt.Errorf("request is %s: %w", *prev, conversation.ErrStale)
	}

	r.Status = conversation.RegSubmitted
	nip := sealed.Seal(s.key, []byte(r.AdminNIP), sealedFieldAAD(r.ID, "admin_nip"))
	nik := sealed.Seal(s.key, []byte(r.AdminNIK), sealedFieldAAD(r.ID, "admin_nik"))
	kpaNIP := sealed.Seal(s.key, []byte(r.KPANIP), sealedFieldAAD(r.ID, "kpa_nip"))
	var decreeDate *time.Time
	if !r.DecreeDate.IsZero() {
		decreeDate = &r.DecreeDate
	}
	rejectItems := r.RejectItems
	if rejectItems == nil {
		rejectItems = []string{}
	}
	// The number of a resubmitted request is the stored one.
	err = s.tx.QueryRow(ctx, `
		INSERT INTO registrations (id, number, chat_id, user_id, user_name, satker_code, satker_name, satker_known,
			admin_name, admin_nip, admin_nik, admin_position, admin_mobile, admin_email, decree_number, decree_date,
			kpa_name, kpa_nip, documents, status, deadline, taken_by, taken_by_name, reject_reason, reject_items,
			submitted_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
			$22, $23, $24, $25, $26, $26)
		ON CONFLICT (id) DO UPDATE SET chat_id = excluded.chat_id, user_id = excluded.user_id,
			user_name = excluded.user_name, satker_code = excluded.satker_code, satker_name = excluded.satker_name,
			satker_known = excluded.satker_known, admin_name = excluded.admin_name, admin_nip = excluded.admin_nip,
			admin_nik = excluded.admin_nik, admin_position = excluded.admin_position,
			admin_mobile = excluded.admin_mobile, admin_email = excluded.admin_email,
			decree_number = excluded.decree_number, decree_date = excluded.decree_date,
			kpa_name = excluded.kpa_name, kpa_nip = excluded.kpa_nip, documents = excluded.documents,
			status = excluded.status, deadline = excluded.deadline, taken_by = excluded.taken_by,
			taken_by_name = excluded.taken_by_name, reject_reason = excluded.reject_reason,
			reject_items = excluded.reject_items, submitted_at = excluded.submitted_at,
			updated_at = excluded.updated_at
		RETURNING number, updated_at`,
		r.ID, registrationNumber(r.ID), r.ChatID, r.UserID, r.UserName, r.SatkerCode, r.SatkerName, r.SatkerKnown,
		r.AdminName, nip, nik, r.AdminPosition, r.AdminMobile, r.AdminEmail, r.DecreeNumber, decreeDate,
		r.KPAName, kpaNIP, string(docs), r.Status, r.Deadline, r.TakenBy, r.TakenByName, r.RejectReason,
		rejectItems, r.SubmittedAt).Scan(&r.Number, &r.UpdatedAt)
	if err != nil {
		s.fail(err)
		return r, interpretError(err)
	}
	if err := s.registerDocuments(ctx, r); err != nil {
		return r, err
	}
	from := ""
	if prev != nil {
		from = *prev
	}
	by := conversation.Actor{UserID: r.UserID, Name: r.UserName, ChatID: r.ChatID}
	if err := s.recordChange(ctx, r, from, by, ""); err != nil {
		return r, err
	}
	return r, nil
}

// registerDocuments registers for download the files of r that are not
// registered for it yet: a resubmitted request brings its unchanged files
// again.
func (s *txStore) registerDocuments(ctx context.Context, r conversation.Registration) error {
	return s.registerFiles(ctx, registrationSubject(r.ID), r.ChatID, r.Documents, documentRank)
}

// recordChange writes the history row and the audit row of r's move from
// status from ("" for a new request) to r.Status.
func (s *txStore) recordChange(ctx context.Context, r conversation.Registration, from string, by conversation.Actor, note string) error {
	var fromStatus *string
	if from != "" {
		fromStatus = &from
	}
	detail, err := json.Marshal(map[string]any{"number": r.Number, "from": from, "to": r.Status, "satker": r.SatkerCode})
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	b := &pgx.Batch{}
	action := registrationAction(r.Status)
	if from == r.Status {
		// Not a change of status (an officer marking the items to fix before
		// /tolak): audited as such, and no history row.
		action = "registration.edited"
	} else {
		b.Queue(`INSERT INTO registration_history (registration_id, from_status, to_status, actor_id, actor_name, note)
			VALUES ($1, $2, $3, $4, $5, $6)`, r.ID, fromStatus, r.Status, by.UserID, by.Name, note)
	}
	b.Queue(`INSERT INTO audit_log (actor_id, chat_id, action, subject, detail) VALUES ($1, $2, $3, $4, $5)`,
		by.UserID, by.ChatID, action, registrationSubject(r.ID), string(detail))
	if err := s.tx.SendBatch(ctx, b).Close(); err != nil {
		s.fail(err)
		return fmt.Errorf("history: %w", err)
	}
	return nil
}

// registrationAction is the audit action of a move to status.
func registrationAction(status string) string {
	switch status {
	case conversation.RegSubmitted:
		return "registration.submitted"
	case conversation.RegTaken:
		return "registration.taken"
	case conversation.RegRejected:
		return "registration.rejected"
	case conversation.RegRecorded:
		return "registration.recorded"
	}
	return "registration.changed"
}

// Registration returns request id, locked (FOR UPDATE) until the update's
// transaction ends. An unknown id is ErrNotFound.
func (s *txStore) Registration(ctx context.Context, id int64) (conversation.Registration, error) {
	r, err := s.lockRegistration(ctx, id)
	if err != nil {
		return conversation.Registration{}, fmt.Errorf("registration %d: %w", id, err)
	}
	return r, nil
}

func (s *txStore) lockRegistration(ctx context.Context, id int64) (conversation.Registration, error) {
	if s.key == nil {
		return conversation.Registration{}, ErrNoDocumentKey
	}
	row, err := oneRow[regRow](ctx, s, `SELECT `+registrationColumns+` FROM registrations WHERE id = $1 FOR UPDATE`, id)
	if err != nil {
		return conversation.Registration{}, err
	}
	return row.registration(s.key)
}

// RegistrationsOf lists the requests of a registrant's chat, newest first.
func (s *txStore) RegistrationsOf(ctx context.Context, chatID int64) ([]conversation.Registration, error) {
	if s.key == nil {
		return nil, fmt.Errorf("registrations of chat %d: %w", chatID, ErrNoDocumentKey)
	}
	if err := s.begin(ctx); err != nil {
		return nil, fmt.Errorf("registrations of chat %d: %w", chatID, err)
	}
	rows, err := s.tx.Query(ctx, `SELECT `+registrationColumns+` FROM registrations WHERE chat_id = $1 ORDER BY id DESC`, chatID)
	if err != nil {
		s.fail(err)
		return nil, fmt.Errorf("registrations of chat %d: %w", chatID, err)
	}
	stored, err := pgx.CollectRows(rows, pgx.RowToStructByName[regRow])
	if err != nil {
		s.fail(err)
		return nil, fmt.Errorf("registrations of chat %d: %w", chatID, err)
	}
	list := make([]conversation.Registration, len(stored))
	for i := range stored {
		if list[i], err = stored[i].registration(s.key); err != nil {
			return nil, fmt.Errorf("registrations of chat %d: %w", chatID, err)
		}
	}
	return list, nil
}

// ChangeRegistration locks request id, checks that its status is one of
// from (else it returns the request as it is, with ErrStale), applies
// change, sets the status to, and stores the officer-side fields (TakenBy,
// TakenByName, RejectReason, RejectItems, SatkerKnown, SatkerName) with a
// history row and an audit row. The registrant's answers and documents are
// not changed here: a correction is a resubmission. Two transactions
// changing one request run one after the other, so of two officers pressing
// at once exactly one wins.
func (s *txStore) ChangeRegistration(ctx context.Context, id int64, from []string, to string, by conversation.Actor, change func(*conversation.Registration)) (conversation.Registration, error) {
	r, err := s.lockRegistration(ctx, id)
	if err != nil {
		return conversation.Registration{}, fmt.Errorf("change registration %d: %w", id, err)
	}
	if !slices.Contains(from, r.Status) {
		return r, fmt.Errorf("change registration %d: it is %s: %w", id, r.Status, conversation.ErrStale)
	}
	prev := r.Status
	if change != nil {
		change(&r)
	}
	r.Status = to
	rejectItems := r.RejectItems
	if rejectItems == nil {
		rejectItems = []string{}
	}
	err = s.tx.QueryRow(ctx, `
		UPDATE registrations SET status = $2, taken_by = $3, taken_by_name = $4, reject_reason = $5,
			reject_items = $6, satker_known = $7, satker_name = $8, updated_at = now()
		WHERE id = $1 RETURNING updated_at`,
		id, r.Status, r.TakenBy, r.TakenByName, r.RejectReason, rejectItems, r.SatkerKnown, r.SatkerName).Scan(&r.UpdatedAt)
	if err != nil {
		s.fail(err)
		return conversation.Registration{}, fmt.Errorf("change registration %d: %w", id, interpretError(err))
	}
	note := ""
	if to == conversation.RegRejected {
		note = r.RejectReason
	}
	if err := s.recordChange(ctx, r, prev, by, note); err != nil {
		return conversation.Registration{}, fmt.Errorf("change registration %d: %w", id, err)
	}
	return r, nil
}

// Calendar is the working-day calendar in force (see DB.Calendar), read
// through the update's transaction.
func (s *txStore) Calendar(ctx context.Context) (*workdays.Calendar, error) {
	if err := s.begin(ctx); err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	cal, err := calendarIn(ctx, s.tx)
	if err != nil {
		s.fail(err)
		return nil, fmt.Errorf("calendar: %w", err)
	}
	return cal, nil
}

// registration decrypts the row into a conversation.Registration.
func (row *regRow) registration(key []byte) (conversation.Registration, error) {
	open := func(column string, data []byte) (string, error) {
		plain, err := sealed.Open(key, data, sealedFieldAAD(row.ID, column))
		if err != nil {
			return "", fmt.Errorf("open %s: %w", column, err)
		}
		return string(plain), nil
	}
	r := conversation.Registration{
		ID: row.ID, Number: row.Number, ChatID: row.ChatID, UserID: row.UserID, UserName: row.UserName,
		SatkerCode: row.SatkerCode, SatkerName: row.SatkerName, SatkerKnown: row.SatkerKnown,
		AdminName: row.AdminName, AdminPosition: row.AdminPosition, AdminMobile: row.AdminMobile,
		AdminEmail: row.AdminEmail, DecreeNumber: row.DecreeNumber, KPAName: row.KPAName,
		Status: row.Status, Deadline: row.Deadline, TakenBy: row.TakenBy, TakenByName: row.TakenByName,
		RejectReason: row.RejectReason, RejectItems: row.RejectItems, SubmittedAt: row.SubmittedAt,
		UpdatedAt: row.UpdatedAt,
	}
	if row.DecreeDate != nil {
		r.DecreeDate = *row.DecreeDate
	}
	var err error
	if r.AdminNIP, err = open("admin_nip", row.AdminNIP); err != nil {
		return r, err
	}
	if r.AdminNIK, err = open("admin_nik", row.AdminNIK); err != nil {
		return r, err
	}
	if r.KPANIP, err = open("kpa_nip", row.KPANIP); err != nil {
		return r, err
	}
	if err := json.Unmarshal(row.Documents, &r.Documents); err != nil {
		return r, fmt.Errorf("decode documents: %w", err)
	}
	if len(r.Documents) == 0 {
		r.Documents = nil
	}
	return r, nil
}

func nonNilDocuments(d map[string][]conversation.File) map[string][]conversation.File {
	if d == nil {
		return map[string][]conversation.File{}
	}
	return d
}

// documentRank orders a registration's document kinds as the form asks for
// them: SK Penunjukan, KTP, then the signed form.
func documentRank(kind string) int {
	switch kind {
	case conversation.DocDecree:
		return 0
	case conversation.DocKTP:
		return 1
	case conversation.DocForm:
		return 2
	}
	return 3
}
