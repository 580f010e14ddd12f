package postgres

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"posko/conversation"
)

const (
	vendorChat = int64(8001)
	vendorNIK  = "1673025505850002"
)

// reserveVendor takes a vendor id and number.
func reserveVendor(t *testing.T, db *DB) (int64, string) {
	t.Helper()
	var (
		id     int64
		number string
	)
	inTx(t, db, func(tx conversation.Tx) (err error) {
		id, number, err = tx.ReserveVendorNumber(context.Background())
		return err
	})
	return id, number
}

func sampleVendor(id int64) conversation.Vendor {
	return conversation.Vendor{
		ID: id, SatkerCode: "409876", ChatID: vendorChat, UserID: vendorChat, UserName: "Sri",
		BusinessName: "Toko Sri Rejeki", Form: conversation.VendorPersonal, OwnerName: "Sri Wahyuni",
		OwnerNIK: vendorNIK, NPWP: "0123456789012345", LicenceKind: "NIB", Licence: "9120001234567",
		Address: "Jl. Yos Sudarso No. 5, Lubuklinggau", Bank: "BRI 0123-01-000123-50-1",
		Mobile: "+6281377712345", Email: "toko.srirejeki@gmail.com",
		Documents: map[string][]conversation.File{
			conversation.VendorDocNIB: {{ID: "BQAC-nib", UniqueID: "AgAD-nib", Name: "nib.pdf", MIME: "application/pdf", Size: 3000}},
			conversation.VendorDocKTP: {{ID: "AgAC-ktp1", UniqueID: "AQAD-ktp1", Size: 900, Photo: true},
				{ID: "AgAC-ktp2", UniqueID: "AQAD-ktp2", Size: 950, Photo: true}},
			conversation.VendorDocNPWP: {{ID: "AgAC-npwp", UniqueID: "AQAD-npwp", Size: 700, Photo: true}},
		},
		SubmittedAt: time.Date(2026, 11, 3, 10, 0, 0, 0, wib),
	}
}

func submitVendor(t *testing.T, db *DB, v conversation.Vendor) conversation.Vendor {
	t.Helper()
	var got conversation.Vendor
	inTx(t, db, func(tx conversation.Tx) (err error) {
		got, err = tx.SubmitVendor(context.Background(), v)
		return err
	})
	return got
}

func readVendor(t *testing.T, db *DB, id int64) conversation.Vendor {
	t.Helper()
	var got conversation.Vendor
	inTx(t, db, func(tx conversation.Tx) (err error) {
		got, err = tx.Vendor(context.Background(), id)
		return err
	})
	return got
}

// decideVendor runs DecideVendor in an update and returns what it returned;
// a refusal must leave the update's transaction usable.
func decideVendor(t *testing.T, db *DB, id int64, to, reason string, by conversation.Actor, at time.Time) (conversation.Vendor, error) {
	t.Helper()
	var (
		v   conversation.Vendor
		err error
	)
	inTx(t, db, func(tx conversation.Tx) error {
		v, err = tx.DecideVendor(context.Background(), id, to, reason, by, at)
		return nil
	})
	return v, err
}

// sameVendor compares two vendors, times by instant.
func sameVendor(t *testing.T, got, want conversation.Vendor) {
	t.Helper()
	for _, tm := range []struct {
		name      string
		got, want time.Time
	}{{"SubmittedAt", got.SubmittedAt, want.SubmittedAt}, {"EnteredAt", got.EnteredAt, want.EnteredAt}} {
		if !tm.got.Equal(tm.want) {
			t.Errorf("%s = %v, want %v", tm.name, tm.got, tm.want)
		}
	}
	got.SubmittedAt, got.EnteredAt, got.UpdatedAt = time.Time{}, time.Time{}, time.Time{}
	want.SubmittedAt, want.EnteredAt, want.UpdatedAt = time.Time{}, time.Time{}, time.Time{}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("vendor\n%+v\nwant\n%+v", got, want)
	}
}

// vendorDocs lists "kind file_id" of the documents registered for vendor id.
func vendorDocs(t *testing.T, db *DB, id int64) []string {
	t.Helper()
	rows, err := db.Pool().Query(context.Background(), `SELECT kind, file_id, owner_chat_id, status FROM documents
		WHERE subject = $1 ORDER BY id`, vendorSubject(id))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var kind, fileID, status string
		var owner int64
		if err := rows.Scan(&kind, &fileID, &owner, &status); err != nil {
			t.Fatal(err)
		}
		if owner != vendorChat || status != "pending" {
			t.Errorf("document %s: owner %d status %s, want %d pending", fileID, owner, status, vendorChat)
		}
		got = append(got, kind+" "+fileID)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return got
}

func TestSubmitVendor(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	mapSatkers(t, db, "070", "409876")
	id, number := reserveVendor(t, db)
	if number != conversation.VendorNumber(id) || len(number) != len("VND-000001") {
		t.Fatalf("reserved %d %q, want VND-%%06d of the id", id, number)
	}
	if n := count(t, db, `SELECT count(*) FROM vendors`); n != 0 {
		t.Fatalf("reserving stored %d rows, want none", n)
	}

	want := sampleVendor(id)
	got := submitVendor(t, db, want)
	want.Number, want.Status, want.SatkerName = number, conversation.VendorSubmitted, "SATKER 409876"
	sameVendor(t, got, want)
	sameVendor(t, readVendor(t, db, id), want)

	t.Run("the NIK is sealed in the table", func(t *testing.T) {
		var row []byte
		if err := db.Pool().QueryRow(ctx, `SELECT convert_to(v::text, 'UTF8') FROM vendors v WHERE id = $1`, id).Scan(&row); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(row, []byte(vendorNIK)) {
			t.Error("the NIK is stored in clear")
		}
		if !bytes.Contains(row, []byte("Toko Sri Rejeki")) {
			t.Error("the row read is not the vendor's") // guards the check above
		}
		// Sealed to its row: the NIK copied onto another vendor does not open.
		other, _ := reserveVendor(t, db)
		o := sampleVendor(other)
		o.OwnerNIK = "1673020101700003"
		submitVendor(t, db, o)
		if _, err := db.Pool().Exec(ctx, `UPDATE vendors SET owner_nik = (SELECT owner_nik FROM vendors WHERE id = $1)
			WHERE id = $2`, id, other); err != nil {
			t.Fatal(err)
		}
		err := updateErr(db, func(tx conversation.Tx) error {
			_, err := tx.Vendor(ctx, other)
			return err
		})
		if err == nil {
			t.Error("a NIK copied from another row opened")
		}
	})
	t.Run("documents registered under vendor:<id>", func(t *testing.T) {
		wantDocs := []string{"ktp_pemilik AgAC-ktp1", "ktp_pemilik AgAC-ktp2", "kartu_npwp AgAC-npwp", "nib_siup BQAC-nib"}
		if got := vendorDocs(t, db, id); !reflect.DeepEqual(got, wantDocs) {
			t.Errorf("documents %q, want %q (the form's order: KTP pages in order, NPWP, NIB)", got, wantDocs)
		}
	})
	t.Run("history and audit", func(t *testing.T) {
		if n := count(t, db, `SELECT count(*) FROM vendor_history WHERE vendor_id = $1 AND from_status IS NULL
			AND to_status = 'diajukan' AND actor_id = $2 AND at = $3`, id, vendorChat, want.SubmittedAt); n != 1 {
			t.Errorf("%d history rows for the submission, want 1", n)
		}
		if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action = 'vendor.submitted' AND subject = $1`,
			vendorSubject(id)); n != 1 {
			t.Errorf("%d audit rows, want 1", n)
		}
		if n := count(t, db, `SELECT count(*) FROM audit_log WHERE detail::text LIKE '%' || $1 || '%'`, vendorNIK); n != 0 {
			t.Error("the audit log holds the NIK")
		}
	})
	t.Run("refused", func(t *testing.T) {
		unknownSatker := sampleVendor(id)
		unknownSatker.ID, _ = reserveVendor(t, db)
		unknownSatker.SatkerCode = "409999"
		tests := []struct {
			name string
			v    conversation.Vendor
			want error
		}{
			{"sent again while diajukan", sampleVendor(id), conversation.ErrStale},
			{"an id never reserved", sampleVendor(id + 100), conversation.ErrNotFound},
			{"no id", sampleVendor(0), conversation.ErrNotFound},
			{"a satker not in the map", unknownSatker, conversation.ErrNotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var (
					got conversation.Vendor
					err error
				)
				inTx(t, db, func(tx conversation.Tx) error {
					got, err = tx.SubmitVendor(ctx, tt.v)
					return nil
				})
				if !errors.Is(err, tt.want) {
					t.Errorf("SubmitVendor: %v, want %v", err, tt.want)
				}
				if tt.want == conversation.ErrStale && got.Status != conversation.VendorSubmitted {
					t.Errorf("stale submission returned %+v, want the vendor as stored", got)
				}
			})
		}
		if n := count(t, db, `SELECT count(*) FROM vendors`); n != 2 {
			t.Errorf("%d vendors stored, want 2", n)
		}
	})
	t.Run("unknown vendor", func(t *testing.T) {
		var err error
		inTx(t, db, func(tx conversation.Tx) error {
			_, err = tx.Vendor(ctx, 999999)
			return nil
		})
		if !errors.Is(err, conversation.ErrNotFound) {
			t.Errorf("Vendor(999999): %v, want ErrNotFound", err)
		}
	})
}

func TestVendorWithoutKey(t *testing.T) {
	ctx := context.Background()
	db := newDB(t) // no DOCUMENT_KEY
	mapSatkers(t, db, "070", "409876")
	id, _ := reserveVendor(t, db)
	var (
		err  error
		list []conversation.Vendor
	)
	inTx(t, db, func(tx conversation.Tx) error {
		_, err = tx.SubmitVendor(ctx, sampleVendor(id))
		return nil
	})
	if !errors.Is(err, ErrNoDocumentKey) {
		t.Errorf("SubmitVendor without a key: %v, want ErrNoDocumentKey", err)
	}
	if n := count(t, db, `SELECT count(*) FROM vendors`); n != 0 {
		t.Errorf("%d vendors stored without a key", n)
	}
	inTx(t, db, func(tx conversation.Tx) (err error) {
		list, err = tx.VendorsOf(ctx, vendorChat)
		return err
	})
	if len(list) != 0 {
		t.Errorf("VendorsOf listed %d vendors", len(list))
	}
}
