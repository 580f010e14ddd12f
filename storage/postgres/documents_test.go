package postgres

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"posko/sealed"
)

func testKey(t *testing.T) []byte {
	t.Helper()
	key := make([]byte, sealed.KeySize)
	if _, err := rand.Read(key); err != nil {
		t.Fatal(err)
	}
	return key
}

func newDoc(kind string) NewDocument {
	return NewDocument{OwnerChatID: 501, Kind: kind, Subject: "registration:1", FileID: "BQAC-" + kind,
		FileUniqueID: "AgAD-" + kind, Name: kind + ".pdf", MIME: "application/pdf", Size: 1234}
}

// addDocs registers docs through the pool and returns their ids.
func addDocs(t *testing.T, db *DB, docs ...NewDocument) []int64 {
	t.Helper()
	ids, err := db.AddDocuments(context.Background(), docs...)
	if err != nil {
		t.Fatalf("AddDocuments: %v", err)
	}
	return ids
}

func TestAddDocumentsInTransaction(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	t.Run("rolled back with the transaction", func(t *testing.T) {
		err := pgx.BeginFunc(ctx, db.Pool(), func(tx pgx.Tx) error {
			if _, err := AddDocuments(ctx, tx, newDoc("ktp")); err != nil {
				t.Fatalf("AddDocuments: %v", err)
			}
			return errors.New("the update failed")
		})
		if err == nil {
			t.Fatal("transaction did not fail")
		}
		if n := count(t, db, `SELECT count(*) FROM documents`); n != 0 {
			t.Errorf("%d documents left after rollback, want 0", n)
		}
	})
	t.Run("committed in order, pending", func(t *testing.T) {
		var ids []int64
		err := pgx.BeginFunc(ctx, db.Pool(), func(tx pgx.Tx) (err error) {
			ids, err = AddDocuments(ctx, tx, newDoc("sk_penunjukan"), newDoc("ktp"), newDoc("form_registrasi"))
			return err
		})
		if err != nil {
			t.Fatalf("transaction: %v", err)
		}
		docs, err := db.Documents(ctx, ids...)
		if err != nil {
			t.Fatalf("Documents: %v", err)
		}
		if len(docs) != 3 {
			t.Fatalf("got %d documents, want 3", len(docs))
		}
		for i, kind := range []string{"sk_penunjukan", "ktp", "form_registrasi"} {
			d := docs[i]
			if d.ID != ids[i] || d.Kind != kind || d.Status != DocumentPending || d.FileID != "BQAC-"+kind ||
				d.OwnerChatID != 501 || d.Subject != "registration:1" || d.Size != 1234 || d.SHA256 != nil {
				t.Errorf("document %d = %+v, want a pending %s", i, d, kind)
			}
		}
	})
	t.Run("refuses a document without a file_id", func(t *testing.T) {
		d := newDoc("ktp")
		d.FileID = ""
		if _, err := db.AddDocuments(ctx, d); err == nil {
			t.Error("AddDocuments accepted a document without a file_id")
		}
	})
}

func TestClaimPendingDocuments(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	ids := addDocs(t, db, newDoc("a"), newDoc("b"), newDoc("c"), newDoc("d"))
	if err := db.DeleteDocumentContent(ctx, ids[3], Actor{UserID: 7}); err != nil {
		t.Fatalf("DeleteDocumentContent: %v", err)
	}

	first, err := db.ClaimPendingDocuments(ctx, 2, time.Minute)
	if err != nil {
		t.Fatalf("claim: %v", err)
	}
	if len(first) != 2 || first[0].ID != ids[0] || first[1].ID != ids[1] || first[0].Attempts != 1 {
		t.Fatalf("first claim = %+v, want documents %v with 1 attempt", first, ids[:2])
	}
	second, err := db.ClaimPendingDocuments(ctx, 10, time.Minute)
	if err != nil {
		t.Fatalf("claim: %v", err)
	}
	if len(second) != 1 || second[0].ID != ids[2] {
		t.Fatalf("second claim = %+v, want only document %d (the others are leased or deleted)", second, ids[2])
	}

	// A retry is due after its delay; the lease of a fetch that died runs out.
	if err := db.RetryDocument(ctx, ids[0], "502 Bad Gateway", 0); err != nil {
		t.Fatalf("RetryDocument: %v", err)
	}
	if _, err := db.Pool().Exec(ctx, `UPDATE documents SET available_at = now() - interval '1 second' WHERE id = $1`, ids[1]); err != nil {
		t.Fatal(err)
	}
	again, err := db.ClaimPendingDocuments(ctx, 10, time.Minute)
	if err != nil {
		t.Fatalf("claim: %v", err)
	}
	if len(again) != 2 || again[0].ID != ids[0] || again[0].Attempts != 2 || again[0].LastError != "502 Bad Gateway" {
		t.Fatalf("claim after retry = %+v, want documents %v, the first with 2 attempts", again, ids[:2])
	}
}

func TestStoreAndOpenDocument(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	key := testKey(t)
	plain := bytes.Repeat([]byte("KTP NIK 1671014501900003 SITI AMINAH "), 200)
	ids := addDocs(t, db, newDoc("ktp"), newDoc("sk_penunjukan"))
	id := ids[0]

	if _, _, err := db.OpenDocument(ctx, id, key, Actor{UserID: 9}); !errors.Is(err, ErrNoContent) {
		t.Errorf("opening a pending document: %v, want ErrNoContent", err)
	}
	if err := db.StoreDocument(ctx, id, key, plain, "image/jpeg"); err != nil {
		t.Fatalf("StoreDocument: %v", err)
	}
	if err := db.StoreDocument(ctx, id, key, plain, ""); !errors.Is(err, ErrNotPending) {
		t.Errorf("storing twice: %v, want ErrNotPending", err)
	}
	if err := db.StoreDocument(ctx, 999999, key, plain, ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("storing an unknown document: %v, want ErrNotFound", err)
	}

	t.Run("the table holds no plaintext", func(t *testing.T) {
		if n := count(t, db, `SELECT count(*) FROM documents WHERE position($1::bytea in ciphertext) > 0`, plain[:32]); n != 0 {
			t.Errorf("the plaintext is in the ciphertext column")
		}
		if n := count(t, db, `SELECT count(*) FROM documents d WHERE strpos(d::text, $1) > 0 OR strpos(d::text, $2) > 0`,
			hex.EncodeToString(plain[:32]), string(plain[:32])); n != 0 {
			t.Errorf("the plaintext appears in a documents row")
		}
		if n := count(t, db, `SELECT count(*) FROM documents WHERE id = $1 AND ciphertext IS NOT NULL
			AND length(ciphertext) = $2`, id, len(plain)+sealed.Overhead); n != 1 {
			t.Errorf("the ciphertext is not stored at the sealed length")
		}
	})

	doc, got, err := db.OpenDocument(ctx, id, key, Actor{UserID: 9, ChatID: -100})
	if err != nil {
		t.Fatalf("OpenDocument: %v", err)
	}
	sum := sha256.Sum256(plain)
	if !bytes.Equal(got, plain) {
		t.Errorf("OpenDocument gave %d bytes that differ from the %d stored", len(got), len(plain))
	}
	if doc.Status != DocumentStored || !bytes.Equal(doc.SHA256, sum[:]) || doc.Size != int64(len(plain)) ||
		doc.MIME != "application/pdf" || doc.StoredAt == nil {
		t.Errorf("metadata = %+v, want stored with the plaintext's SHA-256 and size, Telegram's MIME kept", doc)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action = 'document.viewed' AND actor_id = 9
		AND chat_id = -100 AND subject = $1 AND detail->>'kind' = 'ktp'`, "document:"+strconv.FormatInt(id, 10)); n != 1 {
		t.Errorf("%d audit rows for the viewing, want 1", n)
	}

	t.Run("refused", func(t *testing.T) {
		other := ids[1]
		if _, err := db.Pool().Exec(ctx, `UPDATE documents SET status = 'stored', sha256 = d.sha256, ciphertext = d.ciphertext
			FROM documents d WHERE documents.id = $1 AND d.id = $2`, other, id); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			id   int64
			key  []byte
			want error
		}{
			{"wrong key", id, otherKey(t, key), sealed.ErrWrongKey},
			{"ciphertext copied onto another document", other, key, sealed.ErrInvalid},
			{"unknown document", 999999, key, ErrNotFound},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := count(t, db, `SELECT count(*) FROM audit_log`)
				_, content, err := db.OpenDocument(ctx, tc.id, tc.key, Actor{UserID: 9})
				if !errors.Is(err, tc.want) || content != nil {
					t.Errorf("OpenDocument = %d bytes, %v; want %v", len(content), err, tc.want)
				}
				if after := count(t, db, `SELECT count(*) FROM audit_log`); after != before {
					t.Errorf("a refused opening wrote %d audit rows", after-before)
				}
			})
		}
	})
}

func TestFailDocument(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	id := addDocs(t, db, newDoc("ktp"))[0]
	if err := db.FailDocument(ctx, id, "file is larger than 20 MB"); err != nil {
		t.Fatalf("FailDocument: %v", err)
	}
	docs, err := db.Documents(ctx, id)
	if err != nil || len(docs) != 1 {
		t.Fatalf("Documents: %v, %d", err, len(docs))
	}
	if docs[0].Status != DocumentFailed || docs[0].LastError != "file is larger than 20 MB" {
		t.Errorf("document = %+v, want failed with the reason", docs[0])
	}
	if err := db.RetryDocument(ctx, id, "late", 0); !errors.Is(err, ErrNotPending) {
		t.Errorf("retrying a failed document: %v, want ErrNotPending", err)
	}
	if claimed, _ := db.ClaimPendingDocuments(ctx, 10, time.Minute); len(claimed) != 0 {
		t.Errorf("a failed document was claimed")
	}
}

func TestDeleteDocumentContent(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	key := testKey(t)
	id := addDocs(t, db, newDoc("ktp"))[0]
	if err := db.StoreDocument(ctx, id, key, []byte("%PDF-1.7 isi KTP"), ""); err != nil {
		t.Fatalf("StoreDocument: %v", err)
	}
	officer := Actor{UserID: 42, ChatID: -1001}
	if err := db.DeleteDocumentContent(ctx, id, officer); err != nil {
		t.Fatalf("DeleteDocumentContent: %v", err)
	}
	if err := db.DeleteDocumentContent(ctx, id, officer); err != nil {
		t.Errorf("deleting again: %v, want nil", err)
	}
	if err := db.DeleteDocumentContent(ctx, 999999, officer); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting an unknown document: %v, want ErrNotFound", err)
	}
	if n := count(t, db, `SELECT count(*) FROM documents WHERE id = $1 AND ciphertext IS NULL AND file_id = ''
		AND deleted_at IS NOT NULL AND sha256 IS NOT NULL AND kind = 'ktp' AND size = 16`, id); n != 1 {
		t.Errorf("content and file_id not erased, or metadata not kept")
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action = 'document.deleted' AND actor_id = 42
		AND chat_id = -1001 AND subject = $1`, "document:"+strconv.FormatInt(id, 10)); n != 1 {
		t.Errorf("%d audit rows for the deletion, want 1", n)
	}
	if _, _, err := db.OpenDocument(ctx, id, key, officer); !errors.Is(err, ErrNoContent) {
		t.Errorf("opening a deleted document: %v, want ErrNoContent", err)
	}
}

// otherKey is a random key whose key id differs from key's: the id is one
// byte, so one random key in 256 shares it and reads as corrupt data rather
// than as the wrong key.
func otherKey(t *testing.T, key []byte) []byte {
	t.Helper()
	for {
		k := testKey(t)
		if sealed.KeyID(k) != sealed.KeyID(key) {
			return k
		}
	}
}
