package postgres

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"posko/conversation"
	"posko/sealed"
)

// Documents users sent are kept here sealed (see docs/documents.md): the
// flow registers them pending inside its update's transaction, the fetcher
// (bot.Fetcher) downloads and stores them, officers and owners open them
// with an audit row each time, and their content is erased when the purpose
// is met.

// DocumentStatus is where a document is in its life.
type DocumentStatus string

// The statuses of a document.
const (
	DocumentPending DocumentStatus = "pending" // registered; the fetcher has not stored it yet
	DocumentStored  DocumentStatus = "stored"  // its sealed content is in the table
	DocumentFailed  DocumentStatus = "failed"  // the fetcher gave up; LastError says why
)

var (
	// ErrNotPending is returned (wrapped) when the fetcher records an
	// outcome for a document that is no longer pending: stored by another
	// fetcher, or deleted meanwhile.
	ErrNotPending = errors.New("document is no longer pending")
	// ErrNoContent is returned (wrapped) when a document is opened that has
	// no content to show: not fetched yet, failed, or deleted.
	ErrNoContent = errors.New("document has no stored content")
)

// NewDocument is a document to register, as the flow knows it from the
// user's message.
type NewDocument struct {
	OwnerChatID  int64  // the private chat of the user who sent it
	Kind         string // what it is, e.g. "sk_penunjukan", "ktp", "form_registrasi"
	Subject      string // what it belongs to, e.g. "registration:12"; may be empty
	FileID       string // Telegram's file_id, to download it
	FileUniqueID string // Telegram's file_unique_id
	Name         string // file name as sent; empty for photos
	MIME         string // MIME type as Telegram reported it; empty for photos
	Size         int64  // size as Telegram reported it; 0 when unknown
}

// Document is a stored document's metadata; its content is only given out
// by OpenDocument.
type Document struct {
	ID           int64          `db:"id"`
	OwnerChatID  int64          `db:"owner_chat_id"`
	Kind         string         `db:"kind"`
	Subject      string         `db:"subject"`
	FileID       string         `db:"file_id"` // empty once deleted
	FileUniqueID string         `db:"file_unique_id"`
	Name         string         `db:"name"`
	MIME         string         `db:"mime"`
	Size         int64          `db:"size"`
	SHA256       []byte         `db:"sha256"` // of the plaintext; nil until stored
	Status       DocumentStatus `db:"status"`
	Attempts     int            `db:"attempts"` // fetches started
	LastError    string         `db:"last_error"`
	CreatedAt    time.Time      `db:"created_at"`
	StoredAt     *time.Time     `db:"stored_at"`
	DeletedAt    *time.Time     `db:"deleted_at"`
}

// Actor is who opens or deletes a document, for the audit log. Callers
// check that the actor may (the owner, or a member of the KPPN staff group)
// before calling.
type Actor struct {
	UserID int64 // Telegram user id; 0 for the bot itself
	ChatID int64 // the chat the request came from; 0 when none
}

// Querier is what AddDocuments needs: a pgx.Tx (the update's transaction)
// or the pool (db.Pool()).
type Querier interface {
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

const documentColumns = `id, owner_chat_id, kind, subject, file_id, file_unique_id, name, mime, size, sha256,
	status, attempts, COALESCE(last_error, '') AS last_error, created_at, stored_at, deleted_at`

// maxReason bounds a stored failure reason.
const maxReason = 500

// documentAAD binds a document's ciphertext to its row: a ciphertext copied
// onto another row does not open.
func documentAAD(id int64) []byte { return []byte("posko:document:" + strconv.FormatInt(id, 10)) }

// AddDocuments registers docs as pending, in order, in one round trip, and
// returns their ids. Call it with the update's transaction so the documents
// commit with the request they belong to.
func AddDocuments(ctx context.Context, q Querier, docs ...NewDocument) ([]int64, error) {
	if len(docs) == 0 {
		return nil, nil
	}
	b := &pgx.Batch{}
	for i, d := range docs {
		if d.OwnerChatID == 0 || d.Kind == "" || d.FileID == "" {
			return nil, fmt.Errorf("add documents: document %d lacks an owner, a kind or a file_id", i)
		}
		b.Queue(`
			INSERT INTO documents (owner_chat_id, kind, subject, file_id, file_unique_id, name, mime, size)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			d.OwnerChatID, d.Kind, d.Subject, d.FileID, d.FileUniqueID, d.Name, d.MIME, max(d.Size, 0))
	}
	res := q.SendBatch(ctx, b)
	ids := make([]int64, len(docs))
	for i := range docs {
		if err := res.QueryRow().Scan(&ids[i]); err != nil {
			_ = res.Close()
			return nil, fmt.Errorf("add documents: %w", interpretError(err))
		}
	}
	if err := res.Close(); err != nil {
		return nil, fmt.Errorf("add documents: %w", interpretError(err))
	}
	return ids, nil
}

// AddDocuments registers docs as pending outside any update's transaction.
func (db *DB) AddDocuments(ctx context.Context, docs ...NewDocument) ([]int64, error) {
	return AddDocuments(ctx, db.pool, docs...)
}

// Documents returns the metadata of the documents with the given ids, in id
// order; unknown ids are left out. It writes no audit row: it gives out no
// content.
func (db *DB) Documents(ctx context.Context, ids ...int64) ([]Document, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+documentColumns+` FROM documents WHERE id = ANY($1) ORDER BY id`, ids)
	if err != nil {
		return nil, fmt.Errorf("documents: %w", err)
	}
	docs, err := pgx.CollectRows(rows, pgx.RowToStructByName[Document])
	if err != nil {
		return nil, fmt.Errorf("documents: %w", err)
	}
	return docs, nil
}

// ClaimPendingDocuments takes up to limit pending documents that are due,
// oldest first, for one fetch each: it counts the attempt and hides them from
// other claims for lease, so two fetchers (replicas) never fetch the same
// document at once and a fetcher that dies mid-download leaves it to be
// claimed again once the lease runs out.
func (db *DB) ClaimPendingDocuments(ctx context.Context, limit int, lease time.Duration) ([]Document, error) {
	rows, err := db.pool.Query(ctx, `
		WITH due AS (
			SELECT id FROM documents
			WHERE status = 'pending' AND deleted_at IS NULL AND available_at <= now()
			ORDER BY available_at, id LIMIT $1 FOR UPDATE SKIP LOCKED)
		UPDATE documents SET attempts = attempts + 1, available_at = now() + $2 * interval '1 millisecond'
		WHERE id IN (SELECT id FROM due)
		RETURNING `+documentColumns, limit, lease.Milliseconds())
	if err != nil {
		return nil, fmt.Errorf("claim pending documents: %w", err)
	}
	docs, err := pgx.CollectRows(rows, pgx.RowToStructByName[Document])
	if err != nil {
		return nil, fmt.Errorf("claim pending documents: %w", err)
	}
	slices.SortFunc(docs, func(a, b Document) int { return cmp.Compare(a.ID, b.ID) })
	return docs, nil
}

// StoreDocument seals content with key, bound to the document's id, and
// stores it with its SHA-256 and size: the document becomes stored. mime
// fills in the type when Telegram reported none (photos). It returns
// ErrNotPending when the document was stored, failed or deleted meanwhile.
func (db *DB) StoreDocument(ctx context.Context, id int64, key, content []byte, mime string) error {
	sum := sha256.Sum256(content)
	box := sealed.Seal(key, content, documentAAD(id))
	tag, err := db.pool.Exec(ctx, `
		UPDATE documents SET status = 'stored', ciphertext = $2, sha256 = $3, size = $4,
			mime = COALESCE(NULLIF(mime, ''), $5), stored_at = now(), last_error = NULL
		WHERE id = $1 AND status = 'pending' AND deleted_at IS NULL`,
		id, box, sum[:], int64(len(content)), mime)
	if err != nil {
		return fmt.Errorf("store document %d: %w", id, interpretError(err))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store document %d: %w", id, db.whyNotPending(ctx, id))
	}
	return nil
}

// RetryDocument records a failed fetch that may succeed later: the
// document stays pending and is due again after the given delay.
func (db *DB) RetryDocument(ctx context.Context, id int64, reason string, after time.Duration) error {
	tag, err := db.pool.Exec(ctx, `
		UPDATE documents SET last_error = $2, available_at = now() + $3 * interval '1 millisecond'
		WHERE id = $1 AND status = 'pending' AND deleted_at IS NULL`,
		id, truncateReason(reason), after.Milliseconds())
	if err != nil {
		return fmt.Errorf("retry document %d: %w", id, interpretError(err))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("retry document %d: %w", id, db.whyNotPending(ctx, id))
	}
	return nil
}

// FailDocument records that the document cannot be fetched, and why.
func (db *DB) FailDocument(ctx context.Context, id int64, reason string) error {
	tag, err := db.pool.Exec(ctx, `
		UPDATE documents SET status = 'failed', last_error = $2
		WHERE id = $1 AND status = 'pending' AND deleted_at IS NULL`, id, truncateReason(reason))
	if err != nil {
		return fmt.Errorf("fail document %d: %w", id, interpretError(err))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("fail document %d: %w", id, db.whyNotPending(ctx, id))
	}
	return nil
}

// whyNotPending tells a missing document (ErrNotFound) from one that is no
// longer pending (ErrNotPending), after an update touched no row.
func (db *DB) whyNotPending(ctx context.Context, id int64) error {
	var exists bool
	if err := db.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE id = $1)`, id).Scan(&exists); err != nil {
		return err
	}
	if !exists {
		return ErrNotFound
	}
	return ErrNotPending
}

// OpenDocument returns a stored document's metadata and decrypted content,
// and records in the audit log that viewer viewed it ("document.viewed"), in
// one transaction: content is only given out once its viewing is recorded.
// The caller decides who may view (the owner or KPPN staff). It returns
// ErrNotFound for an unknown id, ErrNoContent when there is nothing to show
// (not fetched yet, failed or deleted), and a sealed error when key does
// not open it.
func (db *DB) OpenDocument(ctx context.Context, id int64, key []byte, viewer Actor) (Document, []byte, error) {
	var doc Document
	var content []byte
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+documentColumns+`, ciphertext FROM documents WHERE id = $1`, id)
		if err != nil {
			return err
		}
		row, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[sealedDocument])
		if err != nil {
			return interpretError(err)
		}
		doc = row.Document
		switch {
		case doc.DeletedAt != nil:
			return fmt.Errorf("%w: deleted", ErrNoContent)
		case doc.Status != DocumentStored:
			return fmt.Errorf("%w: %s", ErrNoContent, doc.Status)
		}
		content, err = sealed.Open(key, row.Ciphertext, documentAAD(id))
		if err != nil {
			return err
		}
		if sum := sha256.Sum256(content); !bytes.Equal(sum[:], doc.SHA256) {
			return fmt.Errorf("content does not match its SHA-256: %w", sealed.ErrInvalid)
		}
		return auditDocument(ctx, tx, "document.viewed", doc, viewer)
	})
	if err != nil {
		return Document{}, nil, fmt.Errorf("open document %d: %w", id, err)
	}
	return doc, content, nil
}

// DeleteDocumentContent erases a document's content and file_id once its
// purpose is met, keeping its metadata (kind, size, SHA-256, dates), and
// records who did it ("document.deleted") in the same transaction. A pending
// document is never fetched afterwards. Deleting a deleted document does
// nothing; an unknown id is ErrNotFound.
func (db *DB) DeleteDocumentContent(ctx context.Context, id int64, actor Actor) error {
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
			UPDATE documents SET ciphertext = NULL, file_id = '', deleted_at = now()
			WHERE id = $1 AND deleted_at IS NULL
			RETURNING `+documentColumns, id)
		if err != nil {
			return err
		}
		doc, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[Document])
		if errors.Is(err, pgx.ErrNoRows) {
			var exists bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE id = $1)`, id).Scan(&exists); err != nil {
				return err
			}
			if !exists {
				return ErrNotFound
			}
			return nil // deleted already
		}
		if err != nil {
			return err
		}
		return auditDocument(ctx, tx, "document.deleted", doc, actor)
	})
	if err != nil {
		return fmt.Errorf("delete document %d: %w", id, interpretError(err))
	}
	return nil
}

// sealedDocument is a document row with its ciphertext.
type sealedDocument struct {
	Document
	Ciphertext []byte `db:"ciphertext"`
}

// truncateReason cuts a failure reason to maxReason bytes, on a character
// boundary.
func truncateReason(s string) string {
	if len(s) <= maxReason {
		return s
	}
	cut := maxReason
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}

// auditDocument writes an audit row about doc inside tx. The detail names
// the document, never its content.
func auditDocument(ctx context.Context, tx pgx.Tx, action string, doc Document, actor Actor) error {
	detail, err := json.Marshal(map[string]any{"kind": doc.Kind, "owner_chat_id": doc.OwnerChatID, "subject": doc.Subject})
	if err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	_, err = tx.Exec(ctx, `
		INSERT INTO audit_log (actor_id, chat_id, action, subject, detail) VALUES ($1, $2, $3, $4, $5)`,
		actor.UserID, actor.ChatID, action, "document:"+strconv.FormatInt(doc.ID, 10), string(detail))
	if err != nil {
		return fmt.Errorf("audit %s: %w", action, err)
	}
	return nil
}

// registerFiles registers for download, under subject, the files of docs
// (by kind) that are not registered for subject yet: a corrected submission
// brings its unchanged files again. Kinds go in the order rank gives them,
// the order officers read them in.
func (s *txStore) registerFiles(ctx context.Context, subject string, owner int64, docs map[string][]conversation.File, rank func(string) int) error {
	rows, err := s.tx.Query(ctx, `SELECT kind, file_unique_id, file_id FROM documents WHERE subject = $1`, subject)
	if err != nil {
		s.fail(err)
		return fmt.Errorf("documents: %w", err)
	}
	known := map[[2]string]bool{}
	var kind, unique, fileID string
	_, err = pgx.ForEachRow(rows, []any{&kind, &unique, &fileID}, func() error {
		known[[2]string{kind, unique}] = true
		known[[2]string{kind, fileID}] = true
		return nil
	})
	if err != nil {
		s.fail(err)
		return fmt.Errorf("documents: %w", err)
	}
	kinds := make([]string, 0, len(docs))
	for k := range docs {
		kinds = append(kinds, k)
	}
	slices.SortFunc(kinds, func(a, b string) int {
		if c := cmp.Compare(rank(a), rank(b)); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	var add []NewDocument
	for _, k := range kinds {
		for _, f := range docs[k] {
			if known[[2]string{k, f.UniqueID}] && f.UniqueID != "" || known[[2]string{k, f.ID}] {
				continue
			}
			add = append(add, NewDocument{OwnerChatID: owner, Kind: k, Subject: subject, FileID: f.ID,
				FileUniqueID: f.UniqueID, Name: f.Name, MIME: f.MIME, Size: f.Size})
		}
	}
	if _, err := AddDocuments(ctx, s.tx, add...); err != nil {
		s.fail(err)
		return err
	}
	return nil
}
