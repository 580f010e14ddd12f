package pgtest

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestNew(t *testing.T) {
	ctx := context.Background()
	var dbURL string
	t.Run("creates an empty database", func(t *testing.T) {
		dbURL = New(t)
		if !strings.Contains(dbURL, "/posko_test_") {
			t.Fatalf("URL %q does not name a posko_test_ database", dbURL)
		}
		conn, err := pgx.Connect(ctx, dbURL)
		if err != nil {
			t.Fatalf("connect to the new database: %v", err)
		}
		// Left open on purpose: the cleanup must drop it anyway.
		var tables int
		if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").Scan(&tables); err != nil {
			t.Fatalf("count tables: %v", err)
		}
		if tables != 0 {
			t.Errorf("fresh database has %d tables, want 0", tables)
		}
	})
	t.Run("drops it when the test ends", func(t *testing.T) {
		admin := os.Getenv("TEST_DATABASE_URL")
		if admin == "" {
			admin = DefaultURL
		}
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Fatalf("connect: %v", err)
		}
		defer conn.Close(ctx)
		name := dbURL[strings.LastIndex(dbURL, "/")+1:]
		name = strings.SplitN(name, "?", 2)[0]
		var exists bool
		if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
			t.Fatalf("look up database: %v", err)
		}
		if exists {
			t.Errorf("database %s still exists after its test ended", name)
		}
	})
	t.Run("two calls give two databases", func(t *testing.T) {
		a, b := New(t), New(t)
		if a == b {
			t.Errorf("both calls returned %q", a)
		}
	})
}

// fakeTB records how New gives up, standing in for a test.
type fakeTB struct {
	testing.TB
	fatal   string
	skipped bool
}

func (f *fakeTB) Helper()              {}
func (f *fakeTB) Cleanup(func())       {}
func (f *fakeTB) SkipNow()             { f.skipped = true; runtime.Goexit() }
func (f *fakeTB) Skip(...any)          { f.SkipNow() }
func (f *fakeTB) Skipf(string, ...any) { f.SkipNow() }
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func TestNewUnreachable(t *testing.T) {
	t.Setenv("TEST_DATABASE_URL", "postgres://postgres:s3cretpw@127.0.0.1:1/postgres?sslmode=disable&connect_timeout=2")
	f := &fakeTB{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		New(f)
	}()
	<-done
	if f.skipped {
		t.Fatal("New skipped; it must fail")
	}
	if !strings.Contains(f.fatal, "make test") {
		t.Errorf("failure %q does not tell to run `make test`", f.fatal)
	}
	if strings.Contains(f.fatal, "s3cretpw") {
		t.Errorf("failure leaks the password: %q", f.fatal)
	}
}
