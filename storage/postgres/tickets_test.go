package postgres

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"sync"
	"testing"
	"time"

	"posko/conversation"
)

const ticketSecret = "NIK saya 1673014101900001 ditolak aplikasi"

var wib = time.FixedZone("WIB", 7*3600)

func sampleTicket(chat int64) conversation.Ticket {
	return conversation.Ticket{
		ChatID: chat, UserID: chat + 1, UserName: "Rina Oktaviani", Username: "rina_kemenag",
		SatkerCode: "409876", SatkerName: "KANTOR KEMENTERIAN AGAMA KOTA LUBUKLINGGAU",
		Category: "Kendala aplikasi", Text: ticketSecret,
		Files:     []conversation.File{{ID: "AgAC-shot", UniqueID: "AQAD-shot", Size: 900, Photo: true}},
		CreatedAt: time.Date(2026, 3, 2, 10, 0, 0, 0, wib),
		Deadline:  time.Date(2026, 3, 3, 16, 0, 0, 0, wib),
	}
}

// openTicket opens t in an update of its own and fails the test on error.
func openTicket(t *testing.T, db *DB, tk conversation.Ticket) conversation.Ticket {
	t.Helper()
	var got conversation.Ticket
	inTx(t, db, func(tx conversation.Tx) (err error) {
		got, err = tx.OpenTicket(context.Background(), tk)
		return err
	})
	return got
}

func readTicket(t *testing.T, db *DB, id int64) conversation.Ticket {
	t.Helper()
	var got conversation.Ticket
	inTx(t, db, func(tx conversation.Tx) (err error) {
		got, err = tx.Ticket(context.Background(), id)
		return err
	})
	return got
}

// sameTicket compares tickets with their times by instant and without
// UpdatedAt.
func sameTicket(t *testing.T, got, want conversation.Ticket) {
	t.Helper()
	norm := func(tk conversation.Ticket) conversation.Ticket {
		for _, tm := range []*time.Time{&tk.Deadline, &tk.EscalatedAt, &tk.FirstResponseAt, &tk.ClosedAt,
			&tk.RatedAt, &tk.CreatedAt} {
			if !tm.IsZero() {
				*tm = tm.UTC()
			}
		}
		tk.UpdatedAt = time.Time{}
		return tk
	}
	if g, w := norm(got), norm(want); !reflect.DeepEqual(g, w) {
		t.Errorf("ticket\n%+v\nwant\n%+v", g, w)
	}
}

func TestOpenTicket(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	want := sampleTicket(regChat)
	got := openTicket(t, db, want)
	if got.ID <= 0 || got.Number != conversation.TicketNumber(got.ID) || got.UpdatedAt.IsZero() {
		t.Fatalf("opened as %d %q (updated %v), want an id, its TKT number and the stored time", got.ID, got.Number, got.UpdatedAt)
	}
	want.ID, want.Number, want.Status = got.ID, got.Number, conversation.TicketOpen
	sameTicket(t, got, want)
	sameTicket(t, readTicket(t, db, got.ID), want)

	t.Run("found by number, by chat, in lists", func(t *testing.T) {
		inTx(t, db, func(tx conversation.Tx) error {
			for _, number := range []string{got.Number, "tkt-" + want.Number[len("TKT-000"):]} {
				byNumber, err := tx.TicketByNumber(ctx, number)
				if err != nil || byNumber.ID != got.ID {
					t.Errorf("TicketByNumber(%q) = %d, %v; want %d", number, byNumber.ID, err, got.ID)
				}
			}
			active, err := tx.ActiveTicketOf(ctx, regChat)
			if err != nil || active.ID != got.ID || active.Text != ticketSecret {
				t.Errorf("ActiveTicketOf = %d %q, %v", active.ID, active.Text, err)
			}
			list, err := tx.TicketsOf(ctx, regChat, 10)
			if err != nil || len(list) != 1 || list[0].ID != got.ID {
				t.Errorf("TicketsOf = %+v, %v", list, err)
			}
			all, err := tx.ActiveTickets(ctx)
			if err != nil || len(all) != 1 || all[0].ID != got.ID {
				t.Errorf("ActiveTickets = %+v, %v", all, err)
			}
			return nil
		})
	})
	t.Run("audited", func(t *testing.T) {
		if n := count(t, db, `SELECT count(*) FROM audit_log WHERE action = 'ticket.terbuka' AND subject = $1
			AND actor_id = $2 AND chat_id = $3`, got.Number, want.UserID, regChat); n != 1 {
			t.Errorf("%d audit rows for the opening, want 1", n)
		}
		if n := count(t, db, `SELECT count(*) FROM audit_log WHERE detail::text LIKE '%1673014101900001%'`); n != 0 {
			t.Error("the audit log holds the asker's text")
		}
	})
	t.Run("a second active ticket of the chat is a duplicate; the update goes on", func(t *testing.T) {
		inTx(t, db, func(tx conversation.Tx) error {
			_, err := tx.OpenTicket(ctx, sampleTicket(regChat))
			if !errors.Is(err, conversation.ErrDuplicate) {
				t.Errorf("OpenTicket while one is active: %v, want ErrDuplicate", err)
			}
			// The flow adds the message to the active ticket instead.
			active, err := tx.ActiveTicketOf(ctx, regChat)
			if err != nil {
				return err
			}
			return tx.AddTicketMessage(ctx, conversation.TicketMessage{TicketID: active.ID, Direction: conversation.TicketIn,
				ChatID: regChat, MessageID: 12, Kind: conversation.KindText, Text: "tambahan"})
		})
		if n := count(t, db, `SELECT count(*) FROM tickets`); n != 1 {
			t.Errorf("%d tickets stored, want 1", n)
		}
		if got := readTicket(t, db, got.ID); got.Messages != 1 {
			t.Errorf("messages = %d after the follow-up, want 1", got.Messages)
		}
	})
	t.Run("a closed ticket leaves room for a new one", func(t *testing.T) {
		inTx(t, db, func(tx conversation.Tx) error {
			_, err := tx.ChangeTicket(ctx, got.ID, conversation.TicketActive, conversation.TicketClosed,
				conversation.Actor{UserID: want.UserID, ChatID: regChat}, func(tk *conversation.Ticket) {
					tk.ClosedAt, tk.ClosedBy = time.Now(), "penanya"
				})
			return err
		})
		second := sampleTicket(regChat)
		second.Deadline = want.Deadline.Add(-time.Hour)
		next := openTicket(t, db, second)
		other := sampleTicket(regChat + 10)
		other.Deadline = want.Deadline.Add(-2 * time.Hour)
		third := openTicket(t, db, other)
		inTx(t, db, func(tx conversation.Tx) error {
			list, err := tx.TicketsOf(ctx, regChat, 10)
			if err != nil || len(list) != 2 || list[0].ID != next.ID || list[1].ID != got.ID {
				t.Errorf("TicketsOf = %d tickets, %v; want the new one then the closed one", len(list), err)
			}
			if list, _ := tx.TicketsOf(ctx, regChat, 1); len(list) != 1 {
				t.Errorf("TicketsOf with limit 1 = %d tickets", len(list))
			}
			all, err := tx.ActiveTickets(ctx)
			if err != nil || len(all) != 2 || all[0].ID != third.ID || all[1].ID != next.ID {
				t.Errorf("ActiveTickets = %d tickets, %v; want the two active ones, earliest deadline first", len(all), err)
			}
			return nil
		})
	})
	t.Run("unknown", func(t *testing.T) {
		inTx(t, db, func(tx conversation.Tx) error {
			if _, err := tx.Ticket(ctx, 999999); !errors.Is(err, conversation.ErrNotFound) {
				t.Errorf("Ticket(999999): %v, want ErrNotFound", err)
			}
			for _, number := range []string{"TKT-999999", "REG-000001", ""} {
				if _, err := tx.TicketByNumber(ctx, number); !errors.Is(err, conversation.ErrNotFound) {
					t.Errorf("TicketByNumber(%q): %v, want ErrNotFound", number, err)
				}
			}
			if _, err := tx.ActiveTicketOf(ctx, 424242); !errors.Is(err, conversation.ErrNotFound) {
				t.Errorf("ActiveTicketOf a chat without tickets: %v, want ErrNotFound", err)
			}
			return nil
		})
	})
}

func TestOpenTicketDeadlineDefault(t *testing.T) {
	db := newKeyedDB(t)
	tk := sampleTicket(regChat)
	tk.Deadline = time.Time{}
	tk.CreatedAt = time.Date(2026, 8, 14, 17, 0, 0, 0, wib) // Friday after hours
	got := openTicket(t, db, tk)
	want := time.Date(2026, 8, 18, 16, 0, 0, 0, wib) // Monday 17 August is a holiday
	if !got.Deadline.Equal(want) || !readTicket(t, db, got.ID).Deadline.Equal(want) {
		t.Errorf("deadline %v, want %v", got.Deadline, want)
	}
}

func TestTicketTextIsSealed(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	tk := openTicket(t, db, sampleTicket(regChat))
	const comment = "Terima kasih, HP saya 081234567890"
	inTx(t, db, func(tx conversation.Tx) error {
		if err := tx.AddTicketMessage(ctx, conversation.TicketMessage{TicketID: tk.ID, Direction: conversation.TicketIn,
			ChatID: regChat, MessageID: 5, Kind: conversation.KindText, Text: "Nomor rekening 1234567890123"}); err != nil {
			return err
		}
		_, err := tx.ChangeTicket(ctx, tk.ID, conversation.TicketActive, conversation.TicketClosed, conversation.Actor{},
			func(t *conversation.Ticket) { t.Rating, t.RatingComment, t.RatedAt = 4, comment, time.Now() })
		return err
	})
	for _, table := range []string{"tickets", "ticket_messages"} {
		var rows []byte
		err := db.Pool().QueryRow(ctx, `SELECT convert_to(string_agg(r::text, ''), 'UTF8') FROM `+table+` r`).Scan(&rows)
		if err != nil {
			t.Fatal(err)
		}
		for _, plain := range []string{"1673014101900001", "081234567890", "1234567890123"} {
			if bytes.Contains(rows, []byte(plain)) {
				t.Errorf("%s holds %s in clear", table, plain)
			}
		}
	}
	got := readTicket(t, db, tk.ID)
	if got.Text != ticketSecret || got.RatingComment != comment || got.Rating != 4 {
		t.Errorf("read back text %q comment %q rating %d", got.Text, got.RatingComment, got.Rating)
	}

	t.Run("a sealed text copied to another ticket does not open", func(t *testing.T) {
		other := openTicket(t, db, sampleTicket(regChat+1))
		if _, err := db.Pool().Exec(ctx, `UPDATE tickets SET text = (SELECT text FROM tickets WHERE id = $1) WHERE id = $2`,
			tk.ID, other.ID); err != nil {
			t.Fatal(err)
		}
		var err error
		inTx(t, db, func(tx conversation.Tx) error {
			_, err = tx.Ticket(ctx, other.ID)
			return nil
		})
		if err == nil {
			t.Error("a text moved to another ticket opened")
		}
	})
	t.Run("without a key nothing is stored", func(t *testing.T) {
		plain := newDB(t)
		var err error
		inTx(t, plain, func(tx conversation.Tx) error {
			_, err = tx.OpenTicket(ctx, sampleTicket(regChat))
			return nil
		})
		if !errors.Is(err, ErrNoDocumentKey) {
			t.Errorf("OpenTicket without a key: %v, want ErrNoDocumentKey", err)
		}
		if n := count(t, plain, `SELECT count(*) FROM tickets`); n != 0 {
			t.Errorf("%d tickets stored without a key", n)
		}
	})
}

func TestChangeTicket(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	tk := openTicket(t, db, sampleTicket(regChat))
	officer := conversation.Actor{UserID: 42, Name: "Budi", ChatID: -100777}
	change := func(from []string, to string, by conversation.Actor, fn func(*conversation.Ticket)) (conversation.Ticket, error) {
		var (
			got conversation.Ticket
			err error
		)
		inTx(t, db, func(tx conversation.Tx) error {
			got, err = tx.ChangeTicket(ctx, tk.ID, from, to, by, fn)
			return nil
		})
		return got, err
	}
	take := func(t *conversation.Ticket) { t.TakenBy, t.TakenByName = officer.UserID, officer.Name }

	taken, err := change([]string{conversation.TicketOpen}, conversation.TicketTaken, officer, take)
	if err != nil || taken.Status != conversation.TicketTaken || taken.TakenByName != "Budi" {
		t.Fatalf("take: %v %+v", err, taken)
	}
	again, err := change([]string{conversation.TicketOpen}, conversation.TicketTaken, conversation.Actor{UserID: 43}, nil)
	if !errors.Is(err, conversation.ErrStale) || again.TakenBy != 42 || again.Status != conversation.TicketTaken {
		t.Errorf("second take: %v, %s by %d; want ErrStale and the ticket as stored", err, again.Status, again.TakenBy)
	}
	escalated := time.Date(2026, 3, 2, 13, 0, 0, 0, wib)
	if _, err := change([]string{conversation.TicketTaken}, conversation.TicketBank, officer, func(t *conversation.Ticket) {
		t.BankName, t.BankRef, t.EscalatedAt = "BRI", "INC-778", escalated
	}); err != nil {
		t.Fatal(err)
	}
	stored := readTicket(t, db, tk.ID)
	want := tk
	want.Status, want.TakenBy, want.TakenByName = conversation.TicketBank, 42, "Budi"
	want.BankName, want.BankRef, want.EscalatedAt = "BRI", "INC-778", escalated
	sameTicket(t, stored, want)
	if !stored.UpdatedAt.After(tk.UpdatedAt) {
		t.Errorf("updated_at %v not after %v", stored.UpdatedAt, tk.UpdatedAt)
	}
	if _, err := change(conversation.TicketActive, conversation.TicketBank, officer, func(t *conversation.Ticket) {
		t.BankRef = "INC-779"
	}); err != nil {
		t.Fatal(err)
	}

	var actions []string
	rows, err := db.Pool().Query(ctx, `SELECT action || ' ' || actor_id || ' ' || (detail->>'from') || '>' || (detail->>'to')
		FROM audit_log WHERE subject = $1 ORDER BY id`, tk.Number)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			t.Fatal(err)
		}
		actions = append(actions, a)
	}
	wantActions := []string{"ticket.terbuka 7002 >terbuka", "ticket.diproses 42 terbuka>diproses",
		"ticket.eskalasi 42 diproses>eskalasi", "ticket.edited 42 eskalasi>eskalasi"}
	if !reflect.DeepEqual(actions, wantActions) {
		t.Errorf("audit %q, want %q (the stale press writes none)", actions, wantActions)
	}
}

// TestTicketLocking has two officers act on one ticket from two real
// transactions: the second waits for the first's lock, then finds the
// ticket taken.
func TestTicketLocking(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	tk := openTicket(t, db, sampleTicket(regChat))
	locked, release := make(chan struct{}), make(chan struct{})
	// Released on a failure too: the pool cannot close while the first
	// transaction waits.
	releaseOnce := sync.OnceFunc(func() { close(release) })
	defer releaseOnce()
	first, second := make(chan error, 1), make(chan error, 1)
	go func() {
		_, _, err := db.ProcessUpdate(ctx, updateIDs.Add(1), 1, func(ctx context.Context, tx conversation.Tx) ([]byte, []conversation.Outgoing, error) {
			if _, err := tx.TicketByNumber(ctx, tk.Number); err != nil {
				return nil, nil, err
			}
			close(locked)
			<-release
			_, err := tx.ChangeTicket(ctx, tk.ID, []string{conversation.TicketOpen}, conversation.TicketTaken,
				conversation.Actor{UserID: 1}, func(t *conversation.Ticket) { t.TakenBy = 1 })
			return nil, nil, err
		})
		first <- err
	}()
	select {
	case <-locked:
	case err := <-first:
		t.Fatalf("first officer ended before holding the lock: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("first officer never locked the ticket")
	}
	go func() {
		_, _, err := db.ProcessUpdate(ctx, updateIDs.Add(1), 2, func(ctx context.Context, tx conversation.Tx) ([]byte, []conversation.Outgoing, error) {
			_, err := tx.ChangeTicket(ctx, tk.ID, []string{conversation.TicketOpen}, conversation.TicketTaken,
				conversation.Actor{UserID: 2}, func(t *conversation.Ticket) { t.TakenBy = 2 })
			return nil, nil, err
		})
		second <- err
	}()
	waitForLockWait(t, db)
	releaseOnce()
	result := func(ch chan error) error {
		select {
		case err := <-ch:
			return err
		case <-time.After(10 * time.Second):
			t.Fatal("a transaction never finished")
			return nil
		}
	}
	if err := result(first); err != nil {
		t.Errorf("first officer: %v", err)
	}
	if err := result(second); !errors.Is(err, conversation.ErrStale) {
		t.Errorf("second officer: %v, want ErrStale", err)
	}
	if got := readTicket(t, db, tk.ID); got.TakenBy != 1 {
		t.Errorf("taken by %d, want 1", got.TakenBy)
	}
}
