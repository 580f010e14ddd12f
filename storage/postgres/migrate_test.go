package postgres

import (
	"context"
	"io/fs"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

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

// TestHelpdeskMigration applies 00006 on top of an outbox with delivered
// rows (they are copied into message_refs), rolls it back and applies it
// again.
func TestHelpdeskMigration(t *testing.T) {
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
	if _, err := provider.UpTo(ctx, 5); err != nil {
		t.Fatalf("up to 5: %v", err)
	}
	_, err = db.pool.Exec(ctx, `
		INSERT INTO outbox (chat_id, ref, payload, sent_at, message_id) VALUES
		  (-100, 'ticket:1:card', '{}', now() - interval '1 hour', 70),
		  (-100, 'ticket:1:card', '{}', now(), 70),
		  (-100, 'answer', '{}', now(), NULL),
		  (-100, NULL, '{}', now(), 71),
		  (-100, 'pending', '{}', NULL, NULL)`)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := provider.UpTo(ctx, 6); err != nil {
		t.Fatalf("up to 6: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM message_refs`); n != 1 {
		t.Errorf("%d message_refs copied from the outbox, want 1 (the card, once)", n)
	}
	if id, err := db.SentMessageID(ctx, "ticket:1:card"); err != nil || id != 70 {
		t.Errorf("SentMessageID after the backfill = %d, %v", id, err)
	}
	if _, err := provider.DownTo(ctx, 5); err != nil {
		t.Fatalf("down to 5: %v", err)
	}
	for _, table := range []string{"message_refs", "tickets", "ticket_messages", "posko_visits", "helpdesk_bans"} {
		if n := count(t, db, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = $1`, table); n != 0 {
			t.Errorf("table %s left after down", table)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM information_schema.columns WHERE table_name = 'outbox' AND column_name = 'gather'`); n != 0 {
		t.Error("outbox.gather left after down")
	}
	if err := Migrate(ctx, db, nil); err != nil {
		t.Fatalf("migrate again: %v", err)
	}
	if n := count(t, db, `SELECT count(*) FROM message_refs`); n != 1 {
		t.Errorf("%d message_refs after migrating again, want 1", n)
	}
}
