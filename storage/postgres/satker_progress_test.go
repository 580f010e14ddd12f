package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"posko/conversation"
)

var officer = conversation.Actor{UserID: 42, Name: "Budi", ChatID: staffChat}

// mapSatkers puts the codes in the map of KPPN kppn, managing UP.
func mapSatkers(t testing.TB, db *DB, kppn string, codes ...string) {
	t.Helper()
	for _, c := range codes {
		if err := db.UpsertSatker(context.Background(), Satker{Code: c, Name: "SATKER " + c, KPPNCode: &kppn,
			ManagesUP: true, ContactName: "PIC " + c, ContactPhone: "+6281200000000"}); err != nil {
			t.Fatal(err)
		}
	}
}

// readProgress reads a satker through an update.
func readProgress(t *testing.T, db *DB, code string) conversation.SatkerProgress {
	t.Helper()
	var p conversation.SatkerProgress
	inTx(t, db, func(tx conversation.Tx) (err error) {
		p, err = tx.Satker(context.Background(), code)
		return err
	})
	return p
}

// updateErr runs fn as an update's handler and returns its error (the
// update is rolled back when it fails).
func updateErr(db *DB, fn func(tx conversation.Tx) error) error {
	_, _, err := db.ProcessUpdate(context.Background(), updateIDs.Add(1), regChat,
		func(_ context.Context, tx conversation.Tx) ([]byte, []conversation.Outgoing, error) {
			return nil, nil, fn(tx)
		})
	return err
}

func TestSatker(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	mapSatkers(t, db, "070", "409876")
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, wib)
	inTx(t, db, func(tx conversation.Tx) error {
		for _, role := range []string{conversation.RoleBendahara, conversation.RolePPK} {
			if err := tx.SaveSatkerUser(ctx, "409876", conversation.SatkerUser{Role: role, Name: "Nama " + role,
				Email: role + "@kemenag.go.id", At: at}, officer); err != nil {
				return err
			}
		}
		return tx.MarkAdminRegistered(ctx, "409999", regChat, regUser, at)
	})

	p := readProgress(t, db, "409876")
	if p.Code != "409876" || p.Name != "SATKER 409876" || p.KPPNCode != "070" || !p.ManagesUP || !p.Mapped ||
		p.ContactName != "PIC 409876" || p.ContactPhone != "+6281200000000" || p.CreatedAt.IsZero() {
		t.Errorf("satker = %+v", p)
	}
	if len(p.Users) != 2 || p.Users[0].Role != conversation.RolePPK || p.Users[1].Role != conversation.RoleBendahara ||
		p.Users[0].Email != "ppk@kemenag.go.id" || !p.Users[0].At.Equal(at) {
		t.Errorf("users = %+v, want PPK then Bendahara (the order of UserRoles)", p.Users)
	}
	if p.Next() != conversation.StageAdmin {
		t.Errorf("next stage %q, want admin", p.Next())
	}
	t.Run("seen only in a registration", func(t *testing.T) {
		p := readProgress(t, db, "409999")
		if p.Mapped || !p.AdminAt.Equal(at) || p.KPPNCode != "" {
			t.Errorf("unmapped satker = %+v", p)
		}
	})
	for _, code := range []string{"123456", "12345", "1234567", "abcdef"} {
		t.Run("unknown "+code, func(t *testing.T) {
			err := updateErr(db, func(tx conversation.Tx) error {
				_, err := tx.Satker(ctx, code)
				if !errors.Is(err, conversation.ErrNotFound) {
					t.Errorf("Satker(%q) error = %v, want ErrNotFound", code, err)
				}
				// The transaction is still usable.
				_, err = tx.Satker(ctx, "409876")
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestLagging(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	mapSatkers(t, db, "070", "400003", "400001", "400002", "400004", "400005")
	mapSatkers(t, db, "071", "500001")
	if n := count(t, db, `SELECT count(*) FROM kppns WHERE code IN ('070', '071')`); n != 2 {
		t.Errorf("%d of KPPNs 070 and 071 known after mapping their satker, want 2", n)
	}
	// Oldest in the map: 400002, then 400001 and 400003 (same time, by code).
	_, err := db.Pool().Exec(ctx, `
		UPDATE satkers SET created_at = CASE kode_satker
		  WHEN '400002' THEN '2026-01-01'::timestamptz WHEN '500001' THEN '2025-01-01'::timestamptz
		  ELSE '2026-02-01'::timestamptz END;
		UPDATE satkers SET manages_up = false WHERE kode_satker = '400004'`)
	if err != nil {
		t.Fatal(err)
	}
	inTx(t, db, func(tx conversation.Tx) error {
		// 400005 reached admin; a satker only seen in a registration is not listed.
		if err := tx.SetStage(ctx, "400005", conversation.StageAdmin, true, time.Time{}, officer); err != nil {
			return err
		}
		if err := tx.MarkAdminRegistered(ctx, "409999", regChat, regUser, time.Now()); err != nil {
			return err
		}
		return tx.SetVendors(ctx, "400001", 2, officer)
	})
	lagging := func(kppn, stage string, limit int) []string {
		t.Helper()
		var codes []string
		inTx(t, db, func(tx conversation.Tx) error {
			list, err := tx.Lagging(ctx, kppn, stage, limit)
			for _, p := range list {
				codes = append(codes, p.Code)
			}
			return err
		})
		return codes
	}
	tests := []struct {
		name, kppn, stage string
		limit             int
		want              []string
	}{
		{"admin", "070", conversation.StageAdmin, 10, []string{"400002", "400001", "400003"}},
		{"limit", "070", conversation.StageAdmin, 2, []string{"400002", "400001"}},
		{"no limit", "070", conversation.StageAdmin, 0, []string{"400002", "400001", "400003"}},
		{"vendor", "070", conversation.StageVendor, 10, []string{"400002", "400003", "400005"}},
		{"users", "070", conversation.StageUsers, 10, []string{"400002", "400001", "400003", "400005"}},
		{"other KPPN", "071", conversation.StageTx, 10, []string{"500001"}},
		{"every KPPN", "", conversation.StageAdmin, 10, []string{"500001", "400002", "400001", "400003"}},
		{"unknown KPPN", "099", conversation.StageAdmin, 10, nil},
		{"malformed KPPN", "0700", conversation.StageAdmin, 10, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := lagging(tt.kppn, tt.stage, tt.limit)
			if len(got) != len(tt.want) {
				t.Fatalf("Lagging(%s, %s) = %v, want %v", tt.kppn, tt.stage, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("Lagging(%s, %s) = %v, want %v", tt.kppn, tt.stage, got, tt.want)
				}
			}
		})
	}
	t.Run("unknown stage", func(t *testing.T) {
		err := updateErr(db, func(tx conversation.Tx) error {
			_, err := tx.Lagging(ctx, "070", "selesai", 10)
			return err
		})
		if err == nil {
			t.Error("no error for an unknown stage")
		}
	})
}
