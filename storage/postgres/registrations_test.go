package postgres

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"posko/conversation"
	"posko/storage/postgres/pgtest"
	"posko/workdays"
)

const (
	regChat  = int64(7001)
	regUser  = int64(7001)
	testNIP  = "199001012015032001"
	testNIK  = "1673014101900001"
	testKNIP = "197005051995031002"
)

// newKeyedDB is a migrated test database opened with a DOCUMENT_KEY.
func newKeyedDB(t *testing.T) *DB {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, pgtest.New(t), WithDocumentKey(testKey(t)))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(db.Close)
	if err := Migrate(ctx, db, nil); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

var updateIDs atomic.Int64

// inTx runs fn as the handler of a fresh update, in its own transaction,
// the way the worker does, and fails the test when the transaction fails.
func inTx(t *testing.T, db *DB, fn func(tx conversation.Tx) error) {
	t.Helper()
	_, _, err := db.ProcessUpdate(context.Background(), updateIDs.Add(1), regChat,
		func(_ context.Context, tx conversation.Tx) ([]byte, []conversation.Outgoing, error) {
			return nil, nil, fn(tx)
		})
	if err != nil {
		t.Fatalf("update: %v", err)
	}
}

// reserve takes a registration id and number.
func reserve(t *testing.T, db *DB) (int64, string) {
	t.Helper()
	var (
		id     int64
		number string
	)
	inTx(t, db, func(tx conversation.Tx) (err error) {
		id, number, err = tx.ReserveRegistrationNumber(context.Background())
		return err
	})
	return id, number
}

func sampleRegistration(id int64) conversation.Registration {
	wib := time.FixedZone("WIB", 7*3600)
	return conversation.Registration{
		ID: id, ChatID: regChat, UserID: regUser, UserName: "Rina",
		SatkerCode: "409876", SatkerName: "KANTOR KEMENTERIAN AGAMA KOTA LUBUKLINGGAU", SatkerKnown: false,
		AdminName: "Rina Oktaviani, S.E.", AdminNIP: testNIP, AdminNIK: testNIK, AdminPosition: "Pengelola Keuangan",
		AdminMobile: "+6281234567890", AdminEmail: "rina.oktaviani@kemenag.go.id",
		DecreeNumber: "KEP-12/KK.06.10/1/KU.01/2026", DecreeDate: time.Date(2026, 2, 20, 0, 0, 0, 0, wib),
		KPAName: "Drs. H. Ahmad Fauzi, M.Si.", KPANIP: testKNIP,
		Documents: map[string][]conversation.File{
			conversation.DocDecree: {{ID: "BQAC-sk", UniqueID: "AgAD-sk", Name: "sk.pdf", MIME: "application/pdf", Size: 2048}},
			conversation.DocKTP: {{ID: "AgAC-ktp1", UniqueID: "AQAD-ktp1", Size: 900, Photo: true},
				{ID: "AgAC-ktp2", UniqueID: "AQAD-ktp2", Size: 950, Photo: true}},
			conversation.DocForm: {{ID: "BQAC-form", UniqueID: "AgAD-form", Name: "form.pdf", MIME: "application/pdf", Size: 4096}},
		},
		Deadline:    time.Date(2026, 3, 3, 16, 0, 0, 0, wib),
		SubmittedAt: time.Date(2026, 3, 2, 10, 0, 0, 0, wib),
	}
}

func submit(t *testing.T, db *DB, r conversation.Registration) conversation.Registration {
	t.Helper()
	var got conversation.Registration
	inTx(t, db, func(tx conversation.Tx) (err error) {
		got, err = tx.SubmitRegistration(context.Background(), r)
		return err
	})
	return got
}

func readRegistration(t *testing.T, db *DB, id int64) conversation.Registration {
	t.Helper()
	var got conversation.Registration
	inTx(t, db, func(tx conversation.Tx) (err error) {
		got, err = tx.Registration(context.Background(), id)
		return err
	})
	return got
}

// sameRegistration compares what was submitted with what was read back,
// times by instant.
func sameRegistration(t *testing.T, got, want conversation.Registration) {
	t.Helper()
	for _, tm := range []struct {
		name      string
		got, want time.Time
	}{{"DecreeDate", got.DecreeDate, want.DecreeDate}, {"Deadline", got.Deadline, want.Deadline},
		{"SubmittedAt", got.SubmittedAt, want.SubmittedAt}} {
		if !tm.got.Equal(tm.want) {
			t.Errorf("%s = %v, want %v", tm.name, tm.got, tm.want)
		}
	}
	got.DecreeDate, got.Deadline, got.SubmittedAt, got.UpdatedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	want.DecreeDate, want.Deadline, want.SubmittedAt, want.UpdatedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	if len(got.RejectItems) == 0 && len(want.RejectItems) == 0 {
		got.RejectItems, want.RejectItems = nil, nil
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("read back\n%+v\nwant\n%+v", got, want)
	}
}

func TestSubmitRegistration(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	id, number := reserve(t, db)
	if number != registrationNumber(id) || len(number) != len("REG-000001") {
		t.Fatalf("reserved %d %q, want REG-%%06d of the id", id, number)
	}
	if n := count(t, db, `SELECT count(*) FROM registrations`); n != 0 {
		t.Fatalf("reserving stored %d rows, want none", n)
	}
	id2, number2 := reserve(t, db)
	if id2 <= id || number2 == number {
		t.Fatalf("second reservation %d %q after %d %q", id2, number2, id, number)
	}

	want := sampleRegistration(id)
	got := submit(t, db, want)
	want.Number, want.Status = number, conversation.RegSubmitted
	sameRegistration(t, got, want)
	sameRegistration(t, readRegistration(t, db, id), want)

	t.Run("NIK and NIP are sealed in the table", func(t *testing.T) {
		var nip, nik, kpa []byte
		err := db.Pool().QueryRow(ctx, `SELECT admin_nip, admin_nik, kpa_nip FROM registrations WHERE id = $1`, id).Scan(&nip, &nik, &kpa)
		if err != nil {
			t.Fatal(err)
		}
		var row []byte
		if err := db.Pool().QueryRow(ctx, `SELECT convert_to(r::text, 'UTF8') FROM registrations r WHERE id = $1`, id).Scan(&row); err != nil {
			t.Fatal(err)
		}
		for _, plain := range []string{testNIP, testNIK, testKNIP} {
			for _, stored := range [][]byte{nip, nik, kpa, row} {
				if bytes.Contains(stored, []byte(plain)) {
					t.Errorf("%s is stored in clear", plain)
				}
			}
		}
	})
	t.Run("documents registered for download", func(t *testing.T) {
		rows, err := db.Pool().Query(ctx, `SELECT kind, file_id, owner_chat_id, status FROM documents WHERE subject = $1 ORDER BY id`,
			registrationSubject(id))
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
			if owner != regChat || status != "pending" {
				t.Errorf("document %s: owner %d status %s, want %d pending", fileID, owner, status, regChat)
			}
			got = append(got, kind+" "+fileID)
		}
		wantDocs := []string{"sk_penunjukan BQAC-sk", "ktp AgAC-ktp1", "ktp AgAC-ktp2", "form_registrasi BQAC-form"}
		if !reflect.DeepEqual(got, wantDocs) {
			t.Errorf("documents %q, want %q (the form's order: SK, KTP pages in order, signed form)", got, wantDocs)
		}
	})
	t.Run("history and audit", func(t *testing.T) {
		if n := count(t, db, `SELECT count(*) FROM registration_history WHERE registration_id = $1 AND from_status IS NULL
			AND to_status = 'diajukan' AND actor_id = $2`, id, regUser); n != 1 {
			t.Errorf("%d history rows for the submission, want 1", n)
		}
		if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action = 'registration.submitted' AND subject = $1`,
			registrationSubject(id)); n != 1 {
			t.Errorf("%d audit rows, want 1", n)
		}
		if n := count(t, db, `SELECT count(*) FROM audit_log WHERE detail::text LIKE '%' || $1 || '%'`, testNIP); n != 0 {
			t.Errorf("the audit log holds the NIP")
		}
	})
	t.Run("listed for the chat, newest first", func(t *testing.T) {
		second := sampleRegistration(id2)
		second.SatkerCode = "409877"
		submit(t, db, second)
		var list []conversation.Registration
		inTx(t, db, func(tx conversation.Tx) (err error) {
			list, err = tx.RegistrationsOf(ctx, regChat)
			return err
		})
		if len(list) != 2 || list[0].ID != id2 || list[1].ID != id || list[1].AdminNIK != testNIK {
			t.Errorf("RegistrationsOf = %d requests, want %d then %d with the NIK decrypted", len(list), id2, id)
		}
		inTx(t, db, func(tx conversation.Tx) (err error) {
			list, err = tx.RegistrationsOf(ctx, regChat+1)
			return err
		})
		if len(list) != 0 {
			t.Errorf("another chat sees %d requests", len(list))
		}
	})
	t.Run("refused", func(t *testing.T) {
		tests := []struct {
			name string
			r    conversation.Registration
			want error
		}{
			{"sent again while diajukan", sampleRegistration(id), conversation.ErrStale},
			{"an id never reserved", sampleRegistration(id2 + 100), conversation.ErrNotFound},
			{"no id", sampleRegistration(0), conversation.ErrNotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var err error
				inTx(t, db, func(tx conversation.Tx) error {
					_, err = tx.SubmitRegistration(ctx, tt.r)
					return nil
				})
				if !errors.Is(err, tt.want) {
					t.Errorf("SubmitRegistration: %v, want %v", err, tt.want)
				}
			})
		}
		if n := count(t, db, `SELECT count(*) FROM registrations`); n != 2 {
			t.Errorf("%d requests stored, want 2", n)
		}
	})
	t.Run("unknown request", func(t *testing.T) {
		var err error
		inTx(t, db, func(tx conversation.Tx) error {
			_, err = tx.Registration(ctx, 999999)
			return nil
		})
		if !errors.Is(err, conversation.ErrNotFound) {
			t.Errorf("Registration(999999): %v, want ErrNotFound", err)
		}
	})
}

func TestSubmitRegistrationDeadlineDefault(t *testing.T) {
	db := newKeyedDB(t)
	id, _ := reserve(t, db)
	r := sampleRegistration(id)
	r.Deadline = time.Time{}
	r.SubmittedAt = time.Date(2026, 8, 14, 17, 0, 0, 0, time.FixedZone("WIB", 7*3600)) // Friday after hours
	got := submit(t, db, r)
	want := time.Date(2026, 8, 18, 16, 0, 0, 0, time.FixedZone("WIB", 7*3600)) // Monday 17 August is a holiday
	if !got.Deadline.Equal(want) || !readRegistration(t, db, id).Deadline.Equal(want) {
		t.Errorf("deadline %v, want %v", got.Deadline, want)
	}
}

func TestRegistrationWithoutKey(t *testing.T) {
	ctx := context.Background()
	db := newDB(t) // no DOCUMENT_KEY
	id, _ := reserve(t, db)
	var err error
	inTx(t, db, func(tx conversation.Tx) error {
		_, err = tx.SubmitRegistration(ctx, sampleRegistration(id))
		return nil
	})
	if !errors.Is(err, ErrNoDocumentKey) {
		t.Errorf("SubmitRegistration without a key: %v, want ErrNoDocumentKey", err)
	}
	if n := count(t, db, `SELECT count(*) FROM registrations`); n != 0 {
		t.Errorf("%d requests stored without a key", n)
	}

	t.Run("a key of the wrong length is refused at Open", func(t *testing.T) {
		if _, err := Open(ctx, pgtest.New(t), WithDocumentKey([]byte("short"))); err == nil {
			t.Error("Open accepted a 5-byte DOCUMENT_KEY")
		}
	})
}

func TestResubmitRejectedRegistration(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	id, number := reserve(t, db)
	submit(t, db, sampleRegistration(id))
	officer := conversation.Actor{UserID: 42, Name: "Budi", ChatID: -100777}

	var rejected conversation.Registration
	inTx(t, db, func(tx conversation.Tx) (err error) {
		rejected, err = tx.ChangeRegistration(ctx, id, []string{conversation.RegSubmitted, conversation.RegTaken},
			conversation.RegRejected, officer, func(r *conversation.Registration) {
				r.RejectReason = "KTP buram"
				r.RejectItems = []string{conversation.DocKTP, "admin_email"}
			})
		return err
	})
	if rejected.Status != conversation.RegRejected || rejected.RejectReason != "KTP buram" {
		t.Fatalf("after reject: %+v", rejected)
	}
	got := readRegistration(t, db, id)
	if got.Status != conversation.RegRejected || !reflect.DeepEqual(got.RejectItems, []string{"ktp", "admin_email"}) {
		t.Fatalf("stored after reject: status %s items %q", got.Status, got.RejectItems)
	}

	fixed := sampleRegistration(id)
	fixed.AdminEmail = "rina@kemenag.go.id"
	fixed.Documents[conversation.DocKTP] = []conversation.File{{ID: "AgAC-ktp3", UniqueID: "AQAD-ktp3", Photo: true}}
	fixed.Number = "REG-999999" // ignored: the number stays
	again := submit(t, db, fixed)
	if again.ID != id || again.Number != number || again.Status != conversation.RegSubmitted {
		t.Errorf("resubmitted as %d %s %s, want %d %s diajukan", again.ID, again.Number, again.Status, id, number)
	}
	stored := readRegistration(t, db, id)
	if stored.AdminEmail != "rina@kemenag.go.id" || stored.Number != number ||
		!reflect.DeepEqual(stored.Documents[conversation.DocKTP], fixed.Documents[conversation.DocKTP]) {
		t.Errorf("stored after resubmission: %+v", stored)
	}
	if n := count(t, db, `SELECT count(*) FROM registrations`); n != 1 {
		t.Errorf("%d rows, want the one request", n)
	}
	// Only the new KTP is registered again; the unchanged files are not fetched twice.
	if n := count(t, db, `SELECT count(*) FROM documents WHERE subject = $1`, registrationSubject(id)); n != 5 {
		t.Errorf("%d documents for the request, want 4 + the new KTP", n)
	}
	var history []string
	rows, err := db.Pool().Query(ctx, `SELECT COALESCE(from_status, '-') || '>' || to_status || ' ' || actor_id || ' ' || note
		FROM registration_history WHERE registration_id = $1 ORDER BY id`, id)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			t.Fatal(err)
		}
		history = append(history, h)
	}
	want := []string{"->diajukan 7001 ", "diajukan>ditolak 42 KTP buram", "ditolak>diajukan 7001 "}
	if !reflect.DeepEqual(history, want) {
		t.Errorf("history %q, want %q", history, want)
	}
	if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action = 'registration.rejected' AND actor_id = 42
		AND chat_id = -100777 AND subject = $1`, registrationSubject(id)); n != 1 {
		t.Errorf("%d audit rows for the rejection, want 1", n)
	}
}

func TestChangeRegistrationStale(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	id, _ := reserve(t, db)
	submit(t, db, sampleRegistration(id))
	take := func(by conversation.Actor) (conversation.Registration, error) {
		var (
			r   conversation.Registration
			err error
		)
		inTx(t, db, func(tx conversation.Tx) error {
			r, err = tx.ChangeRegistration(ctx, id, []string{conversation.RegSubmitted}, conversation.RegTaken, by,
				func(r *conversation.Registration) { r.TakenBy, r.TakenByName = by.UserID, by.Name })
			return nil
		})
		return r, err
	}
	if r, err := take(conversation.Actor{UserID: 42, Name: "Budi"}); err != nil || r.TakenByName != "Budi" {
		t.Fatalf("first take: %v %+v", err, r)
	}
	r, err := take(conversation.Actor{UserID: 43, Name: "Sari"})
	if !errors.Is(err, conversation.ErrStale) {
		t.Fatalf("second take: %v, want ErrStale", err)
	}
	if r.Status != conversation.RegTaken || r.TakenByName != "Budi" {
		t.Errorf("a stale change returns %s by %q, want the request as stored (diproses by Budi)", r.Status, r.TakenByName)
	}
	if got := readRegistration(t, db, id); got.TakenBy != 42 {
		t.Errorf("taken by %d after the stale press, want 42", got.TakenBy)
	}
	if n := count(t, db, `SELECT count(*) FROM registration_history WHERE registration_id = $1`, id); n != 2 {
		t.Errorf("%d history rows, want 2 (the stale press writes none)", n)
	}
}

// TestChangeRegistrationConcurrent presses "Ambil" from two real
// transactions at once: exactly one wins.
func TestChangeRegistrationConcurrent(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)

	t.Run("the second waits for the first, then finds it decided", func(t *testing.T) {
		id, _ := reserve(t, db)
		submit(t, db, sampleRegistration(id))
		locked, release := make(chan struct{}), make(chan struct{})
		errs := map[int64]chan error{1: make(chan error, 1), 2: make(chan error, 1)}
		change := func(by int64, hold bool) {
			_, _, err := db.ProcessUpdate(ctx, updateIDs.Add(1), by, func(ctx context.Context, tx conversation.Tx) ([]byte, []conversation.Outgoing, error) {
				_, err := tx.ChangeRegistration(ctx, id, []string{conversation.RegSubmitted}, conversation.RegTaken,
					conversation.Actor{UserID: by}, func(r *conversation.Registration) { r.TakenBy = by })
				if hold {
					close(locked)
					<-release
				}
				return nil, nil, err
			})
			errs[by] <- err
		}
		go change(1, true)
		<-locked
		go change(2, false)
		waitForLockWait(t, db)
		close(release)
		first, second := <-errs[1], <-errs[2]
		if first != nil {
			t.Errorf("first officer: %v", first)
		}
		if !errors.Is(second, conversation.ErrStale) {
			t.Errorf("second officer: %v, want ErrStale", second)
		}
		if got := readRegistration(t, db, id); got.TakenBy != 1 {
			t.Errorf("taken by %d, want 1", got.TakenBy)
		}
	})

	t.Run("many at once: exactly one wins", func(t *testing.T) {
		id, _ := reserve(t, db)
		submit(t, db, sampleRegistration(id))
		const officers = 8
		var (
			wg     sync.WaitGroup
			start  = make(chan struct{})
			wins   atomic.Int32
			stales atomic.Int32
		)
		for o := range officers {
			wg.Go(func() {
				<-start
				_, _, err := db.ProcessUpdate(ctx, updateIDs.Add(1), int64(1000+o), func(ctx context.Context, tx conversation.Tx) ([]byte, []conversation.Outgoing, error) {
					_, err := tx.ChangeRegistration(ctx, id, []string{conversation.RegSubmitted}, conversation.RegRecorded,
						conversation.Actor{UserID: int64(100 + o)}, nil)
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
		if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action = 'registration.recorded' AND subject = $1`,
			registrationSubject(id)); n != 1 {
			t.Errorf("%d audit rows for the recording, want 1", n)
		}
	})
}

// waitForLockWait waits until some backend of the test database waits for
// a lock.
func waitForLockWait(t *testing.T, db *DB) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if count(t, db, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`) > 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("the second transaction never waited for the first one's lock")
}

func TestTxCalendar(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	// 2027 has no embedded data: Friday 1 January 2027 is a working day
	// until an operator loads it as a holiday.
	if _, err := db.LoadHolidays(ctx, holidayFile(t, "SKB 2027", "07:30", "16:00",
		holidayEntry("2027-01-01", workdays.NationalHoliday))); err != nil {
		t.Fatalf("LoadHolidays: %v", err)
	}
	var cal *workdays.Calendar
	inTx(t, db, func(tx conversation.Tx) (err error) {
		cal, err = tx.Calendar(ctx)
		return err
	})
	wib := time.FixedZone("WIB", 7*3600)
	at := time.Date(2026, 12, 31, 10, 0, 0, 0, wib)
	if got, want := cal.Deadline(at, 1), time.Date(2027, 1, 4, 16, 0, 0, 0, wib); !got.Equal(want) {
		t.Errorf("deadline through the transaction %v, want %v (the loaded holiday counts)", got, want)
	}
	if got, want := cal.Deadline(time.Date(2026, 5, 13, 10, 0, 0, 0, wib), 1), time.Date(2026, 5, 18, 16, 0, 0, 0, wib); !got.Equal(want) {
		t.Errorf("deadline in 2026 %v, want %v (the embedded years stay)", got, want)
	}
}
