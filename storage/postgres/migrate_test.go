package postgres

import (
	"context"
	"sync"
	"testing"

	"posko/storage/postgres/pgtest"
)

var wantTables = []string{"processed_updates", "outbox", "chats", "chat_migrations", "complaints", "audit_log"}

func TestMigrate(t *testing.T) {
	ctx := context.Background()
	checkSchema := func(t *testing.T, db *DB) {
		t.Helper()
		for _, table := range wantTables {
			if n := count(t, db, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = $1`, table); n != 1 {
				t.Errorf("table %s missing", table)
			}
		}
		// goose records version 0 when it creates its table, then one row per migration.
		if n := count(t, db, `SELECT count(*) FROM goose_db_version WHERE version_id > 0`); n != len(mustMigrationNames(t)) {
			t.Errorf("goose_db_version has %d applied migrations, want %d", n, len(mustMigrationNames(t)))
		}
	}

	t.Run("applies on an empty database and is idempotent", func(t *testing.T) {
		db, err := Open(ctx, pgtest.New(t))
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		defer db.Close()
		for i := range 2 {
			if err := Migrate(ctx, db, nil); err != nil {
				t.Fatalf("migrate #%d: %v", i+1, err)
			}
		}
		checkSchema(t, db)
	})

	t.Run("two replicas migrating at once", func(t *testing.T) {
		url := pgtest.New(t)
		dbs := make([]*DB, 2)
		for i := range dbs {
			db, err := Open(ctx, url)
			if err != nil {
				t.Fatalf("open: %v", err)
			}
			defer db.Close()
			dbs[i] = db
		}
		errs := make([]error, len(dbs))
		var wg sync.WaitGroup
		for i, db := range dbs {
			wg.Go(func() { errs[i] = Migrate(ctx, db, nil) })
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("replica %d: %v", i, err)
			}
		}
		checkSchema(t, dbs[0])
	})
}

func mustMigrationNames(t *testing.T) []string {
	t.Helper()
	entries, err := migrationFiles.ReadDir("migrations")
	if err != nil {
		t.Fatalf("read embedded migrations: %v", err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}
