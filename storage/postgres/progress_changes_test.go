package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"posko/conversation"
)

func TestSaveSatkerUser(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	mapSatkers(t, db, "070", "409876", "409877")
	admin := conversation.Actor{UserID: regUser, Name: "Rina", ChatID: regChat}
	day := func(d int) time.Time { return time.Date(2026, 11, d, 10, 0, 0, 0, wib) }
	user := func(role, name, email string, d int) conversation.SatkerUser {
		return conversation.SatkerUser{Role: role, Name: name, Email: email, At: day(d)}
	}
	save := func(tx conversation.Tx, code string, u conversation.SatkerUser) error {
		return tx.SaveSatkerUser(ctx, code, u, admin)
	}
	inTx(t, db, func(tx conversation.Tx) error {
		for _, u := range []conversation.SatkerUser{
			user(conversation.RolePPK, "Ahmad Fauzi", "Ahmad.Fauzi@Kemenag.go.id", 1),
			user(conversation.RolePemesan, "Siti Aminah", "siti@kemenag.go.id", 2),
			user(conversation.RolePP, "Joko Susilo", "joko@kemenag.go.id", 3),
			user(conversation.RolePenerima, "Dewi Lestari", "dewi@kemenag.go.id", 4),
		} {
			if err := save(tx, "409876", u); err != nil {
				return err
			}
		}
		// Another satker may use the same person and email.
		return save(tx, "409877", user(conversation.RolePPK, "Ahmad Fauzi", "ahmad.fauzi@kemenag.go.id", 1))
	})
	if p := readProgress(t, db, "409876"); len(p.Users) != 4 || !p.UsersAt.IsZero() ||
		p.Users[0].Email != "ahmad.fauzi@kemenag.go.id" {
		t.Fatalf("after four users: users_at %v, users %+v; want four, the email in lower case, no stage", p.UsersAt, p.Users)
	}

	t.Run("duplicate email or name, and the transaction stays usable", func(t *testing.T) {
		err := updateErr(db, func(tx conversation.Tx) error {
			for _, u := range []conversation.SatkerUser{
				user(conversation.RoleBendahara, "Rudi Hartono", "AHMAD.FAUZI@kemenag.go.id", 5), // the PPK's email
				user(conversation.RoleBendahara, "siti aminah", "rudi@kemenag.go.id", 5),         // the Pemesan's name
			} {
				if err := save(tx, "409876", u); !errors.Is(err, conversation.ErrDuplicate) {
					t.Errorf("save %+v: error %v, want ErrDuplicate", u, err)
				}
			}
			return save(tx, "409876", user(conversation.RoleBendahara, "Rudi Hartono", "rudi@kemenag.go.id", 5))
		})
		if err != nil {
			t.Fatalf("the update failed after ErrDuplicate: %v", err)
		}
		p := readProgress(t, db, "409876")
		if len(p.Users) != 5 || p.Users[4].Name != "Rudi Hartono" || p.Users[4].Email != "rudi@kemenag.go.id" {
			t.Errorf("users %+v, want the Bendahara saved last", p.Users)
		}
		if !p.UsersAt.Equal(day(5)) || !p.Reached(conversation.StageUsers) {
			t.Errorf("users_at %v, want the fifth user's time %v", p.UsersAt, day(5))
		}
	})
	t.Run("replacing a role's user", func(t *testing.T) {
		inTx(t, db, func(tx conversation.Tx) error {
			return save(tx, "409876", user(conversation.RolePPK, "Ahmad F.", "ahmad.f@kemenag.go.id", 9))
		})
		p := readProgress(t, db, "409876")
		if len(p.Users) != 5 || p.Users[0].Name != "Ahmad F." || p.Users[0].Email != "ahmad.f@kemenag.go.id" ||
			!p.UsersAt.Equal(day(5)) {
			t.Errorf("after replacing the PPK: users %+v, users_at %v", p.Users, p.UsersAt)
		}
		// The old email is free again for another role.
		inTx(t, db, func(tx conversation.Tx) error {
			return save(tx, "409876", user(conversation.RolePenerima, "Dewi Lestari", "ahmad.fauzi@kemenag.go.id", 9))
		})
	})
	t.Run("refused before reaching the table", func(t *testing.T) {
		for name, tc := range map[string]struct {
			code string
			u    conversation.SatkerUser
			want error
		}{
			"unknown satker":   {"123456", user(conversation.RolePPK, "A", "a@x.id", 1), conversation.ErrNotFound},
			"malformed satker": {"12345", user(conversation.RolePPK, "A", "a@x.id", 1), conversation.ErrNotFound},
			"unknown role":     {"409876", user("kepala", "A", "a@x.id", 1), nil},
			"no email":         {"409876", user(conversation.RolePPK, "A", " ", 1), nil},
		} {
			err := updateErr(db, func(tx conversation.Tx) error {
				err := save(tx, tc.code, tc.u)
				if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
					t.Errorf("%s: error %v, want %v", name, err, tc.want)
				}
				_, err = tx.Satker(ctx, "409876") // still usable
				return err
			})
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	})
	if n := count(t, db, `SELECT count(*) FROM progress_history WHERE kode_satker = '409876' AND what = 'user'
		AND actor_id = $1 AND actor_name = 'Rina' AND chat_id = $2`, regUser, regChat); n != 7 {
		t.Errorf("%d history rows for the users saved, want 7 (refused saves write none)", n)
	}
}

func TestSetVendors(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	mapSatkers(t, db, "070", "409876")
	set := func(n int) conversation.SatkerProgress {
		t.Helper()
		inTx(t, db, func(tx conversation.Tx) error { return tx.SetVendors(ctx, "409876", n, officer) })
		return readProgress(t, db, "409876")
	}
	if p := set(0); p.Vendors != 0 || !p.VendorAt.IsZero() {
		t.Errorf("0 vendors: %d, vendor_at %v; want no stage", p.Vendors, p.VendorAt)
	}
	first := set(3)
	if first.Vendors != 3 || first.VendorAt.IsZero() {
		t.Errorf("3 vendors: %d, vendor_at %v; want the stage reached", first.Vendors, first.VendorAt)
	}
	if p := set(5); p.Vendors != 5 || !p.VendorAt.Equal(first.VendorAt) {
		t.Errorf("5 vendors: %d, vendor_at %v; want the first time %v kept", p.Vendors, p.VendorAt, first.VendorAt)
	}
	if n := count(t, db, `SELECT count(*) FROM progress_history WHERE what = 'vendors' AND actor_id = 42
		AND chat_id = $1 AND detail->>'vendors' IN ('0', '3', '5')`, staffChat); n != 3 {
		t.Errorf("%d vendor history rows, want 3", n)
	}
	for _, tc := range []struct {
		code string
		n    int
	}{{"123456", 1}, {"409876", -1}} {
		err := updateErr(db, func(tx conversation.Tx) error {
			if err := tx.SetVendors(ctx, tc.code, tc.n, officer); err == nil {
				t.Errorf("SetVendors(%s, %d) succeeded", tc.code, tc.n)
			}
			return tx.SetVendors(ctx, "409876", 6, officer)
		})
		if err != nil {
			t.Errorf("the update failed after a refused SetVendors: %v", err)
		}
	}
}

func TestAddTransaction(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	mapSatkers(t, db, "070", "409876")
	bendahara := conversation.Actor{UserID: 900, Name: "Rudi", ChatID: 900}
	date := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, wib) }
	add := func(tx conversation.Transaction) bool {
		t.Helper()
		var ok bool
		inTx(t, db, func(x conversation.Tx) (err error) {
			ok, err = x.AddTransaction(ctx, tx, bendahara)
			return err
		})
		return ok
	}
	tx := conversation.Transaction{SatkerCode: "409876", Date: date(10), Vendor: "CV Maju", Value: 1_500_000,
		Channel: conversation.ChannelCMS}
	if !add(tx) || !add(tx) {
		t.Error("a transaction without a ref was not added twice")
	}
	tx.Date, tx.Ref, tx.Channel, tx.Value = date(3), "DGP-001", conversation.ChannelKKP, 250_000
	if !add(tx) {
		t.Error("DGP-001 not added")
	}
	if add(tx) {
		t.Error("DGP-001 added twice")
	}
	p := readProgress(t, db, "409876")
	if p.Transactions != 3 || p.TxValue != 3_250_000 || !p.TxAt.Equal(date(3)) {
		t.Errorf("count %d, value %d, tx_at %v; want 3, 3250000, the earliest date %v", p.Transactions, p.TxValue, p.TxAt, date(3))
	}
	if n := count(t, db, `SELECT count(*) FROM transactions WHERE kode_satker = '409876' AND source = 'chat'
		AND actor_id = 900 AND actor_chat = 900 AND date = '2026-11-03' AND ref = 'DGP-001' AND channel = 'KKP'`); n != 1 {
		t.Errorf("%d rows of DGP-001 stored as told, want 1", n)
	}
	if n := count(t, db, `SELECT count(*) FROM progress_history WHERE what = 'transaction' AND actor_id = 900`); n != 3 {
		t.Errorf("%d transaction history rows, want 3", n)
	}
	t.Run("a date late in the day is that WIB day", func(t *testing.T) {
		add(conversation.Transaction{SatkerCode: "409876", Date: time.Date(2026, 11, 1, 23, 30, 0, 0, wib),
			Value: 1, Channel: conversation.ChannelCMS})
		if n := count(t, db, `SELECT count(*) FROM transactions WHERE date = '2026-11-01'`); n != 1 {
			t.Errorf("%d transactions dated 2026-11-01, want 1", n)
		}
	})
	t.Run("refused", func(t *testing.T) {
		for _, bad := range []conversation.Transaction{
			{SatkerCode: "123456", Value: 1, Channel: conversation.ChannelCMS},
			{SatkerCode: "409876", Value: 1, Channel: "TUNAI"},
			{SatkerCode: "409876", Value: -1, Channel: conversation.ChannelCMS},
		} {
			err := updateErr(db, func(x conversation.Tx) error {
				if _, err := x.AddTransaction(ctx, bad, bendahara); err == nil {
					t.Errorf("AddTransaction(%+v) succeeded", bad)
				}
				_, err := x.Satker(ctx, "409876")
				return err
			})
			if err != nil {
				t.Errorf("the update failed after a refused transaction: %v", err)
			}
		}
	})
}

func TestSetStage(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	mapSatkers(t, db, "070", "409876")
	at := time.Date(2026, 10, 5, 14, 0, 0, 0, wib)
	set := func(stage string, done bool) conversation.SatkerProgress {
		t.Helper()
		inTx(t, db, func(tx conversation.Tx) error { return tx.SetStage(ctx, "409876", stage, done, at, officer) })
		return readProgress(t, db, "409876")
	}
	for _, stage := range conversation.Stages() {
		if p := set(stage, true); !p.Reached(stage) {
			t.Errorf("stage %s not reached after /set ya", stage)
		}
	}
	p := readProgress(t, db, "409876")
	if !p.AdminAt.Equal(at) || !p.UsersAt.Equal(at) || !p.VendorAt.Equal(at) || !p.TxAt.Equal(at) || p.Next() != "" {
		t.Errorf("after setting every stage: %+v", p)
	}
	if n := count(t, db, `SELECT count(*) FROM satkers WHERE admin_registered_at = $1`, at); n != 1 {
		t.Errorf("admin stage not in admin_registered_at")
	}
	p = set(conversation.StageVendor, false)
	if p.Reached(conversation.StageVendor) || !p.Reached(conversation.StageTx) || p.Vendors != 0 {
		t.Errorf("after /set vendor tidak: %+v", p)
	}
	if n := count(t, db, `SELECT count(*) FROM progress_history WHERE what = 'stage' AND actor_id = 42 AND chat_id = $1
		AND detail->>'stage' = 'vendor' AND (detail->>'done')::boolean = false`, staffChat); n != 1 {
		t.Errorf("%d history rows of the cleared stage, want 1", n)
	}
	for _, tc := range []struct{ code, stage string }{{"123456", conversation.StageAdmin}, {"409876", "selesai"}} {
		err := updateErr(db, func(tx conversation.Tx) error {
			if err := tx.SetStage(ctx, tc.code, tc.stage, true, at, officer); err == nil {
				t.Errorf("SetStage(%s, %s) succeeded", tc.code, tc.stage)
			}
			return nil
		})
		if err != nil {
			t.Error(err)
		}
	}
}

func TestRecordFollowUp(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	mapSatkers(t, db, "070", "409876")
	late := time.Date(2026, 11, 20, 10, 0, 0, 0, wib)
	for _, at := range []time.Time{late, late.Add(-48 * time.Hour)} {
		inTx(t, db, func(tx conversation.Tx) error {
			return tx.RecordFollowUp(ctx, "409876", "ditelepon, akan buat user minggu ini", officer, at)
		})
	}
	if p := readProgress(t, db, "409876"); !p.LastContactAt.Equal(late) {
		t.Errorf("last contact %v, want the latest follow-up %v", p.LastContactAt, late)
	}
	if n := count(t, db, `SELECT count(*) FROM follow_ups WHERE kode_satker = '409876' AND actor_id = 42
		AND actor_name = 'Budi' AND chat_id = $1 AND note LIKE 'ditelepon%'`, staffChat); n != 2 {
		t.Errorf("%d follow-ups stored, want 2", n)
	}
	if n := count(t, db, `SELECT count(*) FROM progress_history WHERE what = 'follow_up' AND chat_id = $1`, staffChat); n != 2 {
		t.Errorf("%d follow-up history rows, want 2", n)
	}
	err := updateErr(db, func(tx conversation.Tx) error {
		if err := tx.RecordFollowUp(ctx, "123456", "x", officer, late); !errors.Is(err, conversation.ErrNotFound) {
			t.Errorf("follow-up of an unknown satker: %v, want ErrNotFound", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("reminders sent by the scheduler", func(t *testing.T) {
		later := late.Add(24 * time.Hour)
		if err := db.MarkContacted(ctx, []string{"409876", "123456", "bad"}, later, "pengingat tahap pengguna"); err != nil {
			t.Fatal(err)
		}
		if p := readProgress(t, db, "409876"); !p.LastContactAt.Equal(later) {
			t.Errorf("last contact %v after a reminder, want %v", p.LastContactAt, later)
		}
		if n := count(t, db, `SELECT count(*) FROM progress_history WHERE what = 'reminder'`); n != 1 {
			t.Errorf("%d reminder history rows, want 1", n)
		}
	})
}
