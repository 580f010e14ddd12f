// Package redistest gives integration tests a real Redis server and a key
// prefix of their own, so tests of several packages can share one server. It
// fails the test, never skips it, when the server is unreachable.
package redistest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// DefaultURL is the Redis server used when TEST_REDIS_URL is not set.
const DefaultURL = "redis://127.0.0.1:6379/0"

// New returns the test Redis server's URL (TEST_REDIS_URL, or DefaultURL) and
// a fresh key prefix "posko-test-<hex>:". Every key under the prefix is
// deleted when the test ends.
func New(t testing.TB) (url, prefix string) {
	t.Helper()
	url = os.Getenv("TEST_REDIS_URL")
	if url == "" {
		url = DefaultURL
	}
	opt, err := goredis.ParseURL(url)
	if err != nil {
		t.Fatalf("redistest: TEST_REDIS_URL is not a Redis URL: %v", err)
	}
	rdb := goredis.NewClient(opt)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := rdb.Ping(ctx).Err(); err != nil {
		_ = rdb.Close()
		t.Fatalf("redistest: Redis at %s unreachable (%v); run the tests with `make test`, which starts Redis, or set TEST_REDIS_URL", opt.Addr, err)
	}

	b := make([]byte, 8)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	prefix = "posko-test-" + hex.EncodeToString(b) + ":"

	t.Cleanup(func() {
		defer rdb.Close()
		// t.Context is already cancelled when cleanups run.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := deleteAll(ctx, rdb, prefix); err != nil {
			t.Errorf("redistest: delete keys under %s: %v", prefix, err)
		}
	})
	return url, prefix
}

// deleteAll unlinks every key that starts with prefix.
func deleteAll(ctx context.Context, rdb *goredis.Client, prefix string) error {
	iter := rdb.Scan(ctx, 0, prefix+"*", 500).Iterator()
	var batch []string
	for iter.Next(ctx) {
		batch = append(batch, iter.Val())
		if len(batch) == 500 {
			if err := rdb.Unlink(ctx, batch...).Err(); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	if err := iter.Err(); err != nil {
		return err
	}
	if len(batch) > 0 {
		return rdb.Unlink(ctx, batch...).Err()
	}
	return nil
}
