package postgres

import (
	"context"
	"fmt"
	"testing"
	"time"

	"posko/conversation"
)

func satkerRows() []conversation.SatkerRow {
	return []conversation.SatkerRow{
		{Line: 2, Code: "409876", Name: "KANTOR KEMENAG KOTA LUBUKLINGGAU", KPPNCode: "070", ManagesUP: true,
			ContactName: "Rina", ContactPhone: "+6281234567890"},
		{Line: 3, Code: "409877", Name: "KANTOR KEMENAG KAB MUSI RAWAS", ManagesUP: true}, // the default KPPN
		{Line: 4, Code: "509001", Name: "RSUD SEKAYU", KPPNCode: "072", ManagesUP: false},
	}
}

func TestImportSatkers(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	importer := conversation.Actor{UserID: 42, Name: "Budi", ChatID: staffChat}
	imp := func(rows []conversation.SatkerRow) [3]int {
		t.Helper()
		a, u, n, err := db.ImportSatkers(ctx, rows, "070", importer)
		if err != nil {
			t.Fatalf("ImportSatkers: %v", err)
		}
		return [3]int{a, u, n}
	}
	// A satker seen only in a registration, with progress.
	inTx(t, db, func(tx conversation.Tx) error {
		return tx.MarkAdminRegistered(ctx, "409877", regChat, regUser, time.Date(2026, 10, 1, 9, 0, 0, 0, wib))
	})

	if got := imp(satkerRows()); got != [3]int{2, 1, 0} {
		t.Errorf("first import: added, updated, unchanged = %v, want 2 1 0 (409877 was only registered)", got)
	}
	p := readProgress(t, db, "409877")
	if !p.Mapped || p.KPPNCode != "070" || p.Name != "KANTOR KEMENAG KAB MUSI RAWAS" || p.AdminAt.IsZero() {
		t.Errorf("409877 after the import: %+v, want mapped to the default KPPN with its progress kept", p)
	}
	if p := readProgress(t, db, "509001"); p.ManagesUP || p.KPPNCode != "072" {
		t.Errorf("509001 = %+v", p)
	}
	if l, _ := db.KPPNs(ctx); len(l) != 2 || l[1].Code != "072" {
		t.Errorf("KPPNs = %+v, want 072 added", l)
	}

	t.Run("re-import of the same file", func(t *testing.T) {
		if got := imp(satkerRows()); got != [3]int{0, 0, 3} {
			t.Errorf("re-import: %v, want 0 0 3", got)
		}
	})
	t.Run("changed rows", func(t *testing.T) {
		inTx(t, db, func(tx conversation.Tx) error { return tx.SetVendors(ctx, "409876", 4, officer) })
		rows := satkerRows()
		rows[0].ContactPhone = "+6281111111111"
		rows[2].ManagesUP = true
		rows = append(rows, conversation.SatkerRow{Line: 5, Code: "409878", Name: "SATKER BARU", ManagesUP: true})
		if got := imp(rows); got != [3]int{1, 2, 1} {
			t.Errorf("changed import: %v, want 1 2 1", got)
		}
		p := readProgress(t, db, "409876")
		if p.ContactPhone != "+6281111111111" || p.Vendors != 4 || p.VendorAt.IsZero() {
			t.Errorf("409876 = %+v, want the new phone and its progress kept", p)
		}
	})
	t.Run("a code given twice takes its last row", func(t *testing.T) {
		rows := satkerRows()
		rows = append(rows, conversation.SatkerRow{Line: 9, Code: "409876", Name: "NAMA BARU", KPPNCode: "070", ManagesUP: true})
		if got := imp(rows); got != [3]int{0, 2, 2} {
			t.Errorf("import with a repeated code: %v, want 0 2 2", got)
		}
		if p := readProgress(t, db, "409876"); p.Name != "NAMA BARU" {
			t.Errorf("name %q, want the last row's", p.Name)
		}
	})
	t.Run("never half-applies", func(t *testing.T) {
		rows := satkerRows()
		rows[0].Name = "TIDAK TERSIMPAN"
		rows = append(rows, conversation.SatkerRow{Line: 6, Code: "40987", Name: "KODE SALAH"})
		if _, _, _, err := db.ImportSatkers(ctx, rows, "070", importer); err == nil {
			t.Error("a malformed code was imported")
		}
		rows = satkerRows()
		rows[0].Name = "TIDAK TERSIMPAN"
		rows = append(rows, conversation.SatkerRow{Line: 7, Code: "409879", Name: string([]byte{'X', 0})})
		if _, _, _, err := db.ImportSatkers(ctx, rows, "070", importer); err == nil {
			t.Error("a name PostgreSQL refuses was imported")
		}
		if n := count(t, db, `SELECT count(*) FROM satkers WHERE name = 'TIDAK TERSIMPAN' OR kode_satker = '409879'`); n != 0 {
			t.Error("part of a refused file was applied")
		}
	})
	if n := count(t, db, `SELECT count(*) FROM progress_history WHERE what = 'map' AND actor_id = 42
		AND chat_id = $1`, staffChat); n != 3+3+2 {
		t.Errorf("%d map history rows, want 8 (one per satker added or updated)", n)
	}
	if _, _, _, err := db.ImportSatkers(ctx, nil, "070", importer); err != nil {
		t.Errorf("an empty import: %v", err)
	}
}

func TestImportTransactions(t *testing.T) {
	ctx := context.Background()
	db := newKeyedDB(t)
	mapSatkers(t, db, "070", "409876", "409877")
	importer := conversation.Actor{UserID: 42, Name: "Budi", ChatID: staffChat}
	date := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, wib) }
	row := func(line int, code, ref string, d int, value int64) conversation.TransactionRow {
		return conversation.TransactionRow{Line: line, Transaction: conversation.Transaction{SatkerCode: code,
			Date: date(d), Vendor: "CV Maju", Value: value, Channel: conversation.ChannelCMS, Ref: ref}}
	}
	// One told in chat first, with the ref Digipay's export will carry.
	inTx(t, db, func(tx conversation.Tx) error {
		_, err := tx.AddTransaction(ctx, row(0, "409876", "DGP-1", 5, 100).Transaction, importer)
		return err
	})
	rows := []conversation.TransactionRow{
		row(2, "409876", "DGP-1", 5, 100), // told in chat before
		row(3, "409876", "DGP-2", 9, 200),
		row(4, "409876", "DGP-3", 2, 300),
		row(5, "409877", "DGP-4", 12, 400),
		row(6, "409876", "DGP-3", 2, 300), // twice in the file
		row(7, "409111", "DGP-5", 12, 500),
		row(8, "40987", "DGP-6", 12, 600),
		{Line: 9, Transaction: conversation.Transaction{SatkerCode: "409877", Date: date(3), Value: 1, Channel: "TUNAI", Ref: "DGP-7"}},
	}
	added, dups, rejected, err := db.ImportTransactions(ctx, rows, importer)
	if err != nil {
		t.Fatal(err)
	}
	if added != 3 || dups != 2 {
		t.Errorf("added %d, duplicates %d; want 3 and 2", added, dups)
	}
	want := []conversation.RowProblem{
		{Line: 7, Reason: "kode satker 409111 tidak ada di peta satker"},
		{Line: 8, Reason: "kode satker 40987 tidak ada di peta satker"},
		{Line: 9, Reason: `saluran "TUNAI" bukan CMS atau KKP`},
	}
	if fmt.Sprint(rejected) != fmt.Sprint(want) {
		t.Errorf("rejected %v, want %v", rejected, want)
	}
	p := readProgress(t, db, "409876")
	if p.Transactions != 3 || p.TxValue != 600 || !p.TxAt.Equal(date(2)) {
		t.Errorf("409876: %d transactions worth %d, tx_at %v; want 3, 600, %v", p.Transactions, p.TxValue, p.TxAt, date(2))
	}
	if p := readProgress(t, db, "409877"); p.Transactions != 1 || p.TxValue != 400 || !p.TxAt.Equal(date(12)) {
		t.Errorf("409877: %+v", p)
	}
	if n := count(t, db, `SELECT count(*) FROM transactions WHERE source = 'import' AND actor_id = 42 AND actor_chat = $1`, staffChat); n != 3 {
		t.Errorf("%d imported rows stored with their importer, want 3", n)
	}
	if n := count(t, db, `SELECT count(*) FROM progress_history WHERE what = 'import' AND actor_id = 42
		AND ((kode_satker = '409876' AND detail = '{"transactions": 2, "value": 500}') OR
		     (kode_satker = '409877' AND detail = '{"transactions": 1, "value": 400}'))`); n != 2 {
		t.Errorf("%d import history rows, want one per satker with its counts", n)
	}

	t.Run("re-import", func(t *testing.T) {
		added, dups, rejected, err := db.ImportTransactions(ctx, rows, importer)
		if err != nil || added != 0 || dups != 5 || len(rejected) != 3 {
			t.Errorf("re-import: added %d, duplicates %d, rejected %d, %v; want 0 5 3", added, dups, len(rejected), err)
		}
		if p := readProgress(t, db, "409876"); p.Transactions != 3 || p.TxValue != 600 {
			t.Errorf("counts changed by a re-import: %+v", p)
		}
	})
	t.Run("only rejected rows", func(t *testing.T) {
		added, dups, rejected, err := db.ImportTransactions(ctx, rows[5:7], importer)
		if err != nil || added != 0 || dups != 0 || len(rejected) != 2 {
			t.Errorf("added %d, duplicates %d, rejected %v, %v", added, dups, rejected, err)
		}
	})
}
