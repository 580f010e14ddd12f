package postgres

import (
	"context"
	"io/fs"
	"testing"

	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"posko/storage/postgres/pgtest"
)

// TestProgressMigration applies 00007 on top of a mapped satker (its KPPN
// becomes known, its progress starts empty), rolls it back and applies it
// again.
func TestProgressMigration(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, pgtest.New(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	fsys, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	provider, err := goose.NewProvider(goose.DialectPostgres, stdlib.OpenDBFromPool(db.pool), fsys,
		goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	defer provider.Close()
	if _, err := provider.UpTo(ctx, 6); err != nil {
		t.Fatalf("up to 6: %v", err)
	}
	if _, err := db.pool.Exec(ctx, `INSERT INTO satkers (kode_satker, name, kppn_code, admin_registered_at)
		VALUES ('409876', 'KEMENAG', '071', now())`); err != nil {
		t.Fatal(err)
	}
	if _, err := provider.UpTo(ctx, 7); err != nil {
		t.Fatalf("up to 7: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM kppns WHERE (code = '070' AND name = 'KPPN Lubuk Linggau')
		OR (code = '071' AND name = '')`); n != 2 {
		t.Errorf("%d of the KPPNs 070 (seeded) and 071 (of the mapped satker), want 2", n)
	}
	if n := count(t, db, `SELECT count(*) FROM satkers WHERE kode_satker = '409876' AND users_at IS NULL
		AND vendor_at IS NULL AND vendors = 0 AND tx_at IS NULL AND tx_count = 0 AND tx_value = 0
		AND last_contact_at IS NULL AND admin_registered_at IS NOT NULL`); n != 1 {
		t.Error("the satker's new progress columns are not empty, or its admin stage was lost")
	}
	if _, err := provider.DownTo(ctx, 6); err != nil {
		t.Fatalf("down to 6: %v", err)
	}
	for _, table := range []string{"satker_users", "transactions", "progress_history", "invitations", "follow_ups", "kppns", "jobs"} {
		if n := count(t, db, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = $1`, table); n != 0 {
			t.Errorf("table %s left after down", table)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM information_schema.columns WHERE table_name = 'satkers'
		AND column_name IN ('users_at', 'vendor_at', 'vendors', 'tx_at', 'tx_count', 'tx_value', 'last_contact_at')`); n != 0 {
		t.Errorf("%d progress columns left on satkers after down", n)
	}
	if err := Migrate(ctx, db, nil); err != nil {
		t.Fatalf("migrate again: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM kppns`); n != 2 {
		t.Errorf("%d KPPNs after migrating again, want 2", n)
	}
}
