package postgres

import (
	"context"
	"strings"
	"testing"

	"posko/storage/postgres/pgtest"
)

// newDB returns a DB on a fresh, migrated database of its own.
func newDB(t testing.TB) *DB {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, pgtest.New(t))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(db.Close)
	if err := Migrate(ctx, db, nil); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

// count returns the result of a count query.
func count(t *testing.T, db *DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.Pool().QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func TestOpen(t *testing.T) {
	ctx := context.Background()
	t.Run("reachable database answers ping", func(t *testing.T) {
		db, err := Open(ctx, pgtest.New(t))
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		defer db.Close()
		if err := db.Ping(ctx); err != nil {
			t.Errorf("ping: %v", err)
		}
	})
	for _, tc := range []struct {
		name, url, want string
	}{
		{"unreachable server", "postgres://posko:s3cretpw@127.0.0.1:1/posko?sslmode=disable&connect_timeout=2", "127.0.0.1:1/posko"},
		{"malformed url", "postgres://posko:s3cretpw@127.0.0.1:notaport/posko", "parse url"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, err := Open(ctx, tc.url)
			if err == nil {
				db.Close()
				t.Fatal("Open succeeded, want an error")
			}
			if strings.Contains(err.Error(), "s3cretpw") {
				t.Errorf("error leaks the password: %v", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", err, tc.want)
			}
		})
	}
}

func TestOpenPoolSize(t *testing.T) {
	url := pgtest.New(t)
	tests := []struct {
		name string
		url  string
		want int32
	}{
		{name: "default", url: url, want: defaultMaxConns},
		{name: "set in the URL", url: url + "&pool_max_conns=3", want: 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			db, err := Open(context.Background(), tc.url)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if got := db.Pool().Config().MaxConns; got != tc.want {
				t.Errorf("MaxConns = %d, want %d", got, tc.want)
			}
		})
	}
}
