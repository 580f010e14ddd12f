package redis_test

import (
	"testing"

	goredis "github.com/redis/go-redis/v9"

	"posko/storage/redis"
	"posko/storage/redis/redistest"
)

// newClient connects to the test Redis server and returns a client and a key
// prefix of the test's own.
func newClient(t testing.TB) (*goredis.Client, string) {
	t.Helper()
	url, prefix := redistest.New(t)
	rdb, err := redis.Open(t.Context(), url)
	if err != nil {
		t.Fatalf("open redis: %v", err)
	}
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb, prefix
}
