package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"posko/conversation"
)

// TestReport builds a KPPN's data set, with rows on both sides of every
// boundary (the WIB month, the KPPN, managing UP, mapped), and checks each
// figure of its report.
func TestReport(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	mapSatkers(t, db, "070", "400001", "400002", "400003", "400004")
	mapSatkers(t, db, "071", "500001")
	at := func(m time.Month, d, h, mi int) time.Time { return time.Date(2026, m, d, h, mi, 0, 0, wib) }
	_, err := db.Pool().Exec(ctx, `
		UPDATE satkers SET manages_up = false WHERE kode_satker = '400004';
		INSERT INTO satkers (kode_satker, name, kppn_code, mapped) VALUES ('409999', 'BELUM DIPETAKAN', '070', false)`)
	if err != nil {
		t.Fatal(err)
	}
	inTx(t, db, func(tx conversation.Tx) error {
		if err := tx.BindGroup(ctx, "070", staffChat, officer); err != nil {
			return err
		}
		// 400001 reaches every stage.
		if err := tx.SetStage(ctx, "400001", conversation.StageAdmin, true, at(10, 1, 9, 0), officer); err != nil {
			return err
		}
		for i, role := range conversation.UserRoles() {
			u := conversation.SatkerUser{Role: role, Name: role, Email: role + "@satker.go.id", At: at(10, 2+i, 9, 0)}
			if err := tx.SaveSatkerUser(ctx, "400001", u, officer); err != nil {
				return err
			}
		}
		if err := tx.SetVendors(ctx, "400001", 3, officer); err != nil {
			return err
		}
		for _, tr := range []struct {
			code  string
			date  time.Time
			value int64
		}{
			{"400001", at(11, 1, 0, 0), 1000},  // this month, its first day
			{"400001", at(11, 30, 0, 0), 2000}, // this month, its last day
			{"400001", at(10, 31, 0, 0), 400},  // last month
			{"400001", at(12, 1, 0, 0), 800},   // next month
			{"400004", at(11, 10, 0, 0), 50},   // does not manage UP
			{"500001", at(11, 10, 0, 0), 70},   // another KPPN
		} {
			paid := conversation.Transaction{SatkerCode: tr.code, Date: tr.date, Value: tr.value, Channel: conversation.ChannelKKP}
			if _, err := tx.AddTransaction(ctx, paid, officer); err != nil {
				return err
			}
		}
		// 400002 has its admin; 400003 only a follow-up.
		if err := tx.MarkAdminRegistered(ctx, "400002", regChat, regUser, at(11, 3, 10, 0)); err != nil {
			return err
		}
		return tx.RecordFollowUp(ctx, "400003", "ditelepon", officer, at(11, 4, 10, 0))
	})
	// Tickets: created, deadline, first response (nil: none).
	onTime := at(11, 3, 12, 0)
	for i, tk := range []struct {
		code              string
		created, deadline time.Time
		response          *time.Time
	}{
		{"400001", at(11, 3, 9, 0), at(11, 4, 16, 0), &onTime},                // on time
		{"400001", at(11, 1, 0, 30), at(11, 2, 16, 0), &onTime},               // the month's first WIB hour: counted, late
		{"400002", at(11, 5, 9, 0), at(11, 6, 16, 0), ptr(at(11, 7, 9, 0))},   // late
		{"400002", at(11, 14, 9, 0), at(11, 16, 16, 0), nil},                  // not answered yet
		{"400004", at(11, 2, 9, 0), at(11, 3, 16, 0), ptr(at(11, 3, 16, 0))},  // on time, at the deadline; the KPPN's satker
		{"400001", at(10, 31, 23, 0), at(11, 2, 16, 0), ptr(at(11, 1, 9, 0))}, // last month (WIB)
		{"500001", at(11, 5, 9, 0), at(11, 6, 16, 0), ptr(at(11, 5, 10, 0))},  // another KPPN
		{"", at(11, 5, 9, 0), at(11, 6, 16, 0), ptr(at(11, 5, 10, 0))},        // no satker
	} {
		_, err := db.Pool().Exec(ctx, `
			INSERT INTO tickets (id, number, chat_id, user_id, satker_code, text, status, deadline, first_response_at, created_at)
			VALUES ($1, 'TKT-' || $1::bigint, $1, $1, $2, '\x00', 'selesai', $3, $4, $5)`, i+1, tk.code, tk.deadline, tk.response, tk.created)
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, v := range []struct {
		code string
		at   time.Time
	}{
		{"400001", at(11, 2, 9, 0)}, {"400003", at(11, 20, 9, 0)}, {"400004", at(11, 21, 9, 0)}, // counted
		{"400001", at(10, 15, 9, 0)}, {"500001", at(11, 10, 9, 0)}, {"400001", at(12, 1, 0, 10)},
	} {
		if _, err := db.Pool().Exec(ctx, `INSERT INTO posko_visits (satker_code, at) VALUES ($1, $2)`, v.code, v.at); err != nil {
			t.Fatal(err)
		}
	}

	now := at(11, 15, 10, 0)
	r, err := db.Report(ctx, "070", now)
	if err != nil {
		t.Fatal(err)
	}
	if r.KPPN != (conversation.KPPN{Code: "070", Name: "KPPN Lubuk Linggau", GroupChatID: staffChat}) || !r.At.Equal(now) {
		t.Errorf("KPPN %+v at %v", r.KPPN, r.At)
	}
	var codes []string
	for _, s := range r.Satkers {
		codes = append(codes, s.Code)
	}
	if len(codes) != 3 || codes[0] != "400001" || codes[1] != "400002" || codes[2] != "400003" {
		t.Fatalf("satkers %v, want 400001 400002 400003 (mapped, managing UP, by code)", codes)
	}
	s1, s3 := r.Satkers[0], r.Satkers[2]
	if !s1.AdminAt.Equal(at(10, 1, 9, 0)) || !s1.UsersAt.Equal(at(10, 6, 9, 0)) || s1.VendorAt.IsZero() ||
		!s1.TxAt.Equal(at(10, 31, 0, 0)) || s1.Vendors != 3 || s1.Transactions != 4 || s1.TxValue != 4200 ||
		s1.ContactName != "PIC 400001" || s1.UsersRecorded != 5 {
		t.Errorf("400001 = %+v", s1)
	}
	if r.Satkers[1].UsersRecorded != 0 {
		t.Errorf("400002 has %d users recorded, want 0", r.Satkers[1].UsersRecorded)
	}
	if !s3.LastContactAt.Equal(at(11, 4, 10, 0)) || s3.Next() != conversation.StageAdmin {
		t.Errorf("400003 = %+v", s3)
	}
	got := r.Figures()
	want := conversation.ReportFigures{Satkers: 3, WithAdmin: 2, WithUsers: 1, WithVendor: 1, WithTx: 1, Vendors: 3,
		TxCount: 4, TxValue: 4200, MonthTx: 2, MonthValue: 3000, Tickets: 5, OnTime: 2, PoskoVisits: 3}
	if got != want {
		t.Errorf("figures\n got %+v\nwant %+v", got, want)
	}

	t.Run("another month", func(t *testing.T) {
		r, err := db.Report(ctx, "070", at(12, 1, 0, 5)) // just after midnight WIB, 30 November in UTC
		if err != nil {
			t.Fatal(err)
		}
		if r.MonthTransactions != 1 || r.MonthTxValue != 800 || r.Tickets != 0 || r.PoskoVisits != 1 {
			t.Errorf("December: %d transactions worth %d, %d tickets, %d visits; want 1, 800, 0, 1",
				r.MonthTransactions, r.MonthTxValue, r.Tickets, r.PoskoVisits)
		}
	})
	t.Run("unknown KPPN", func(t *testing.T) {
		for _, code := range []string{"099", "7"} {
			if _, err := db.Report(ctx, code, now); !errors.Is(err, conversation.ErrNotFound) {
				t.Errorf("Report(%q): %v, want ErrNotFound", code, err)
			}
		}
	})
}

func ptr[T any](v T) *T { return &v }
