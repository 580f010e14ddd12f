package postgres

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"posko/conversation"
)

// pejabat is the satker's Pejabat Pengadaan deciding on vendors.
var pejabat = conversation.Actor{UserID: 3301, Name: "Joko Susilo", ChatID: 3301}

// satkerVendors reads the satker's vendor count and stage.
func satkerVendors(t *testing.T, db *DB, code string) (int, *time.Time) {
	t.Helper()
	var (
		n  int
		at *time.Time
	)
	if err := db.Pool().QueryRow(context.Background(), `SELECT vendors, vendor_at FROM satkers WHERE kode_satker = $1`,
		code).Scan(&n, &at); err != nil {
		t.Fatal(err)
	}
	return n, at
}

func TestVendorCorrectionCycle(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	mapSatkers(t, db, "070", "409876")
	day := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, wib) }
	id, _ := reserveVendor(t, db)
	submitVendor(t, db, sampleVendor(id))

	fixed, err := decideVendor(t, db, id, conversation.VendorFix, "Foto KTP buram", pejabat, day(3, 14))
	if err != nil {
		t.Fatalf("decide perbaikan: %v", err)
	}
	stored := readVendor(t, db, id)
	for _, v := range []conversation.Vendor{fixed, stored} {
		if v.Status != conversation.VendorFix || v.FixReason != "Foto KTP buram" || v.DecidedBy != pejabat.UserID ||
			v.DecidedName != pejabat.Name || !v.EnteredAt.IsZero() {
			t.Errorf("after perbaikan: %+v", v)
		}
	}
	if n, at := satkerVendors(t, db, "409876"); n != 0 || at != nil {
		t.Errorf("perbaikan counted the vendor: %d vendors, stage at %v", n, at)
	}

	t.Run("input refused while perbaikan", func(t *testing.T) {
		v, err := decideVendor(t, db, id, conversation.VendorEntered, "", pejabat, day(3, 15))
		if !errors.Is(err, conversation.ErrStale) || v.Status != conversation.VendorFix {
			t.Errorf("DecideVendor: %v with %s, want ErrStale with the vendor as stored", err, v.Status)
		}
	})

	// The vendor sends a clearer KTP; the other files come again unchanged.
	corrected := sampleVendor(id)
	corrected.BusinessName = "Toko Sri Rejeki Abadi"
	corrected.Documents[conversation.VendorDocKTP] = []conversation.File{
		{ID: "AgAC-ktp3", UniqueID: "AQAD-ktp3", Size: 1900, Photo: true}}
	corrected.SubmittedAt = day(4, 9)
	got := submitVendor(t, db, corrected)
	if got.Status != conversation.VendorSubmitted || got.BusinessName != "Toko Sri Rejeki Abadi" ||
		got.Number != conversation.VendorNumber(id) || !got.SubmittedAt.Equal(day(4, 9)) ||
		!reflect.DeepEqual(got.Documents, corrected.Documents) || got.OwnerNIK != vendorNIK {
		t.Errorf("corrected vendor %+v", got)
	}
	wantDocs := []string{"ktp_pemilik AgAC-ktp1", "ktp_pemilik AgAC-ktp2", "kartu_npwp AgAC-npwp", "nib_siup BQAC-nib",
		"ktp_pemilik AgAC-ktp3"}
	if docs := vendorDocs(t, db, id); !reflect.DeepEqual(docs, wantDocs) {
		t.Errorf("documents after the correction %q, want %q (only the new KTP added)", docs, wantDocs)
	}

	entered, err := decideVendor(t, db, id, conversation.VendorEntered, "", pejabat, day(5, 10))
	if err != nil {
		t.Fatalf("decide diinput: %v", err)
	}
	if entered.Status != conversation.VendorEntered || !entered.EnteredAt.Equal(day(5, 10)) ||
		!readVendor(t, db, id).EnteredAt.Equal(day(5, 10)) {
		t.Errorf("after diinput: %+v", entered)
	}
	if n, at := satkerVendors(t, db, "409876"); n != 1 || at == nil || !at.Equal(day(5, 10)) {
		t.Errorf("satker after diinput: %d vendors, stage at %v; want 1 at %v", n, at, day(5, 10))
	}
	if n := count(t, db, `SELECT count(*) FROM progress_history WHERE kode_satker = '409876' AND what = 'vendors'
		AND actor_id = $1 AND (detail->>'vendors')::int = 1 AND detail->>'vendor' = $2`, pejabat.UserID,
		conversation.VendorNumber(id)); n != 1 {
		t.Errorf("%d progress_history rows for the vendor, want 1", n)
	}

	t.Run("decided again and corrected again are stale", func(t *testing.T) {
		for _, to := range []string{conversation.VendorEntered, conversation.VendorFix} {
			if _, err := decideVendor(t, db, id, to, "lagi", pejabat, day(5, 11)); !errors.Is(err, conversation.ErrStale) {
				t.Errorf("DecideVendor to %s: %v, want ErrStale", to, err)
			}
		}
		var err error
		inTx(t, db, func(tx conversation.Tx) error {
			_, err = tx.SubmitVendor(ctx, corrected)
			return nil
		})
		if !errors.Is(err, conversation.ErrStale) {
			t.Errorf("SubmitVendor while diinput: %v, want ErrStale", err)
		}
		if n, _ := satkerVendors(t, db, "409876"); n != 1 {
			t.Errorf("%d vendors counted, want 1", n)
		}
		if _, err := decideVendor(t, db, id, conversation.VendorSubmitted, "", pejabat, day(5, 11)); err == nil ||
			errors.Is(err, conversation.ErrStale) {
			t.Errorf("DecideVendor to diajukan: %v, want refused as a wrong target", err)
		}
	})
	t.Run("history", func(t *testing.T) {
		rows, err := db.Pool().Query(ctx, `SELECT COALESCE(from_status, '-') || '>' || to_status || ':' || note
			FROM vendor_history WHERE vendor_id = $1 ORDER BY id`, id)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			got = append(got, s)
		}
		want := []string{"->diajukan:", "diajukan>perbaikan:Foto KTP buram", "perbaikan>diajukan:", "diajukan>diinput:"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("history %q, want %q", got, want)
		}
	})
	t.Run("a second vendor raises the count, the stage keeps its day", func(t *testing.T) {
		id2, _ := reserveVendor(t, db)
		v := sampleVendor(id2)
		v.BusinessName = "CV Musi Jaya"
		submitVendor(t, db, v)
		if _, err := decideVendor(t, db, id2, conversation.VendorEntered, "", pejabat, day(6, 10)); err != nil {
			t.Fatal(err)
		}
		if n, at := satkerVendors(t, db, "409876"); n != 2 || at == nil || !at.Equal(day(5, 10)) {
			t.Errorf("satker: %d vendors, stage at %v; want 2 at %v", n, at, day(5, 10))
		}
	})
}

func TestDecideVendorConcurrent(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	mapSatkers(t, db, "070", "409876")
	id, _ := reserveVendor(t, db)
	submitVendor(t, db, sampleVendor(id))
	const officers = 6
	var (
		wg     sync.WaitGroup
		start  = make(chan struct{})
		wins   atomic.Int32
		stales atomic.Int32
	)
	for o := range officers {
		wg.Go(func() {
			<-start
			_, _, err := db.ProcessUpdate(ctx, updateIDs.Add(1), int64(2000+o), func(ctx context.Context, tx conversation.Tx) ([]byte, []conversation.Outgoing, error) {
				_, err := tx.DecideVendor(ctx, id, conversation.VendorEntered, "", conversation.Actor{UserID: int64(100 + o)}, time.Time{})
				return nil, nil, err
			})
			switch {
			case err == nil:
				wins.Add(1)
			case errors.Is(err, conversation.ErrStale):
				stales.Add(1)
			default:
				t.Errorf("officer %d: %v", o, err)
			}
		})
	}
	close(start)
	wg.Wait()
	if wins.Load() != 1 || stales.Load() != officers-1 {
		t.Errorf("%d won, %d stale; want 1 and %d", wins.Load(), stales.Load(), officers-1)
	}
	if n, at := satkerVendors(t, db, "409876"); n != 1 || at == nil {
		t.Errorf("satker: %d vendors, stage at %v; want 1 and reached", n, at)
	}
}

func TestTickVendorStep(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	mapSatkers(t, db, "070", "409876")
	id, _ := reserveVendor(t, db)
	submitVendor(t, db, sampleVendor(id))
	if _, err := decideVendor(t, db, id, conversation.VendorEntered, "", pejabat, time.Time{}); err != nil {
		t.Fatal(err)
	}
	day := func(d int) time.Time { return time.Date(2026, 11, d, 10, 0, 0, 0, wib) }
	tick := func(step string, done bool, at time.Time) (conversation.Vendor, error) {
		var (
			v   conversation.Vendor
			err error
		)
		inTx(t, db, func(tx conversation.Tx) error {
			v, err = tx.TickVendorStep(ctx, id, step, done, at)
			return nil
		})
		return v, err
	}
	for _, s := range []struct {
		step string
		done bool
		at   time.Time
	}{
		{conversation.VendorStepProfile, true, day(6)},
		{conversation.VendorStepProducts, true, day(7)},
		{conversation.VendorStepProfile, true, day(8)},   // ticked again: keeps day 6
		{conversation.VendorStepProducts, false, day(9)}, // unticked
		{conversation.VendorStepUsers, false, day(9)},    // never ticked: nothing changes
		{conversation.VendorStepRequire, true, day(10)},
	} {
		if _, err := tick(s.step, s.done, s.at); err != nil {
			t.Fatalf("tick %s %v: %v", s.step, s.done, err)
		}
	}
	want := map[string]time.Time{conversation.VendorStepProfile: day(6), conversation.VendorStepRequire: day(10)}
	got := readVendor(t, db, id).Steps
	if len(got) != len(want) {
		t.Fatalf("steps %v, want %v", got, want)
	}
	for step, at := range want {
		if !got[step].Equal(at) {
			t.Errorf("step %s at %v, want %v", step, got[step], at)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM vendor_history WHERE vendor_id = $1 AND from_status = 'diinput'
		AND to_status = 'diinput' AND actor_id = $2`, id, vendorChat); n != 4 {
		t.Errorf("%d history rows for the checklist, want 4 (three ticks, one untick)", n)
	}
	t.Run("refused", func(t *testing.T) {
		if _, err := tick("terbang", true, day(11)); err == nil {
			t.Error("an unknown step was ticked")
		}
		var err error
		inTx(t, db, func(tx conversation.Tx) error {
			_, err = tx.TickVendorStep(ctx, 999999, conversation.VendorStepProfile, true, day(11))
			return nil
		})
		if !errors.Is(err, conversation.ErrNotFound) {
			t.Errorf("tick of an unknown vendor: %v, want ErrNotFound", err)
		}
	})
}

func TestVendorLists(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	mapSatkers(t, db, "070", "409876", "409877")
	var ids []int64
	for i, c := range []struct {
		chat   int64
		satker string
	}{{vendorChat, "409876"}, {vendorChat + 1, "409876"}, {vendorChat, "409877"}, {vendorChat, "409876"}} {
		id, _ := reserveVendor(t, db)
		v := sampleVendor(id)
		v.ChatID, v.UserID, v.SatkerCode = c.chat, c.chat, c.satker
		v.SubmittedAt = v.SubmittedAt.Add(time.Duration(i) * time.Hour)
		submitVendor(t, db, v)
		ids = append(ids, id)
	}
	idsOf := func(list []conversation.Vendor) []int64 {
		out := []int64{}
		for _, v := range list {
			out = append(out, v.ID)
		}
		return out
	}
	tests := []struct {
		name string
		list func(tx conversation.Tx) ([]conversation.Vendor, error)
		want []int64
	}{
		{"of a chat", func(tx conversation.Tx) ([]conversation.Vendor, error) { return tx.VendorsOf(ctx, vendorChat) },
			[]int64{ids[3], ids[2], ids[0]}},
		{"of another chat", func(tx conversation.Tx) ([]conversation.Vendor, error) { return tx.VendorsOf(ctx, vendorChat+1) },
			[]int64{ids[1]}},
		{"of a chat with none", func(tx conversation.Tx) ([]conversation.Vendor, error) { return tx.VendorsOf(ctx, 1) },
			[]int64{}},
		{"of a satker", func(tx conversation.Tx) ([]conversation.Vendor, error) { return tx.VendorsOfSatker(ctx, "409876") },
			[]int64{ids[3], ids[1], ids[0]}},
		{"of another satker", func(tx conversation.Tx) ([]conversation.Vendor, error) { return tx.VendorsOfSatker(ctx, "409877") },
			[]int64{ids[2]}},
		{"of a code no satker has", func(tx conversation.Tx) ([]conversation.Vendor, error) { return tx.VendorsOfSatker(ctx, "40987") },
			[]int64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var list []conversation.Vendor
			inTx(t, db, func(tx conversation.Tx) (err error) {
				list, err = tt.list(tx)
				return err
			})
			if got := idsOf(list); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ids %v, want %v (newest first)", got, tt.want)
			}
			for _, v := range list {
				if v.OwnerNIK != vendorNIK || v.SatkerName != "SATKER "+v.SatkerCode {
					t.Errorf("vendor %d listed with NIK %q, satker name %q", v.ID, v.OwnerNIK, v.SatkerName)
				}
			}
		})
	}
}

func TestRecordVendorOpened(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	mapSatkers(t, db, "070", "409876")
	id, number := reserveVendor(t, db)
	submitVendor(t, db, sampleVendor(id))
	at := time.Date(2026, 11, 26, 10, 0, 0, 0, wib)
	inTx(t, db, func(tx conversation.Tx) error {
		return tx.RecordVendorOpened(ctx, id, conversation.Actor{UserID: 7001, Name: "Budi Santoso", ChatID: -1009001}, at)
	})
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action = 'vendor.opened' AND subject = $1
		AND actor_id = 7001 AND chat_id = -1009001 AND at = $2 AND detail->>'name' = 'Budi Santoso'`, number, at); n != 1 {
		t.Errorf("%d audit rows of the opening, want 1", n)
	}
}
