package postgres

import (
	"context"
	"testing"
	"time"

	"posko/conversation"
)

func TestLookupSatker(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	kppn := "070"
	if err := db.UpsertSatker(ctx, Satker{Code: "409876", Name: "KANTOR KEMENAG KOTA LUBUKLINGGAU", KPPNCode: &kppn, ManagesUP: true}); err != nil {
		t.Fatalf("UpsertSatker: %v", err)
	}
	// A satker first seen in a registration is stored, but not mapped.
	inTx(t, db, func(tx conversation.Tx) error {
		return tx.MarkAdminRegistered(ctx, "409999", regChat, regUser, time.Now())
	})
	tests := []struct {
		name     string
		code     string
		wantName string
		wantOK   bool
	}{
		{"mapped", "409876", "KANTOR KEMENAG KOTA LUBUKLINGGAU", true},
		{"unknown", "123456", "", false},
		{"seen in a registration, not mapped yet", "409999", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var (
				name string
				ok   bool
			)
			inTx(t, db, func(tx conversation.Tx) (err error) {
				name, ok, err = tx.LookupSatker(ctx, tt.code)
				return err
			})
			if name != tt.wantName || ok != tt.wantOK {
				t.Errorf("LookupSatker(%s) = %q, %v; want %q, %v", tt.code, name, ok, tt.wantName, tt.wantOK)
			}
		})
	}
	t.Run("mapping it later", func(t *testing.T) {
		if err := db.UpsertSatker(ctx, Satker{Code: "409999", Name: "SATKER BARU", ManagesUP: true}); err != nil {
			t.Fatal(err)
		}
		s, err := db.Satker(ctx, "409999")
		if err != nil {
			t.Fatal(err)
		}
		if !s.Mapped || s.Name != "SATKER BARU" || s.AdminRegisteredAt == nil {
			t.Errorf("after mapping: %+v, want mapped with its progress kept", s)
		}
	})
}

func TestMarkAdminRegistered(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	wib := time.FixedZone("WIB", 7*3600)
	first := time.Date(2026, 3, 3, 10, 0, 0, 0, wib)

	t.Run("unknown satker: added unmapped, with the registration's name", func(t *testing.T) {
		id, _ := reserve(t, db)
		submit(t, db, sampleRegistration(id)) // satker 409876, not in the map
		inTx(t, db, func(tx conversation.Tx) error {
			return tx.MarkAdminRegistered(ctx, "409876", regChat, regUser, first)
		})
		s, err := db.Satker(ctx, "409876")
		if err != nil {
			t.Fatal(err)
		}
		if s.Mapped || s.Name != "KANTOR KEMENTERIAN AGAMA KOTA LUBUKLINGGAU" || s.AdminRegisteredAt == nil || !s.AdminRegisteredAt.Equal(first) {
			t.Errorf("satker %+v, want unmapped, named from the registration, registered at %v", s, first)
		}
	})
	t.Run("marked again: the first time stays, one link", func(t *testing.T) {
		inTx(t, db, func(tx conversation.Tx) error {
			return tx.MarkAdminRegistered(ctx, "409876", regChat, regUser, first.Add(24*time.Hour))
		})
		s, err := db.Satker(ctx, "409876")
		if err != nil {
			t.Fatal(err)
		}
		if !s.AdminRegisteredAt.Equal(first) {
			t.Errorf("admin registered at %v, want the first %v", s.AdminRegisteredAt, first)
		}
		if n := count(t, db, `SELECT count(*) FROM satker_links WHERE chat_id = $1 AND user_id = $2 AND kode_satker = '409876'
			AND role = 'admin' AND via = 'registration'`, regChat, regUser); n != 1 {
			t.Errorf("%d admin links, want 1", n)
		}
		if n := count(t, db, `SELECT count(*) FROM progress_history WHERE kode_satker = '409876' AND what = 'stage'
			AND actor_id = $1 AND chat_id = $2 AND detail->>'via' = 'registration'`, regUser, regChat); n != 2 {
			t.Errorf("%d history rows of the registrations, want 2", n)
		}
	})
	t.Run("mapped satker keeps its name", func(t *testing.T) {
		if err := db.UpsertSatker(ctx, Satker{Code: "401111", Name: "SATKER PETA", ManagesUP: true}); err != nil {
			t.Fatal(err)
		}
		inTx(t, db, func(tx conversation.Tx) error {
			return tx.MarkAdminRegistered(ctx, "401111", regChat+1, regUser+1, first)
		})
		s, err := db.Satker(ctx, "401111")
		if err != nil {
			t.Fatal(err)
		}
		if !s.Mapped || s.Name != "SATKER PETA" || s.AdminRegisteredAt == nil {
			t.Errorf("satker %+v", s)
		}
	})
	t.Run("rolled back with the update", func(t *testing.T) {
		_, _, err := db.ProcessUpdate(ctx, updateIDs.Add(1), regChat, func(ctx context.Context, tx conversation.Tx) ([]byte, []conversation.Outgoing, error) {
			if err := tx.MarkAdminRegistered(ctx, "402222", regChat, regUser, first); err != nil {
				return nil, nil, err
			}
			return nil, nil, context.Canceled // the handler fails afterwards
		})
		if err == nil {
			t.Fatal("the update did not fail")
		}
		if n := count(t, db, `SELECT count(*) FROM satkers WHERE kode_satker = '402222'`); n != 0 {
			t.Errorf("the failed update left the satker behind")
		}
	})
}
