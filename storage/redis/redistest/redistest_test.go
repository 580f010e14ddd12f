package redistest_test

import (
	"regexp"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"posko/storage/redis/redistest"
)

func TestNewCleansUpItsPrefix(t *testing.T) {
	var url, prefix string
	t.Run("test using Redis", func(t *testing.T) {
		url, prefix = redistest.New(t)
		opt, err := goredis.ParseURL(url)
		if err != nil {
			t.Fatalf("ParseURL(%q): %v", url, err)
		}
		rdb := goredis.NewClient(opt)
		defer rdb.Close()
		for _, k := range []string{"a", "b:c", "inbox"} {
			if err := rdb.Set(t.Context(), prefix+k, "1", time.Minute).Err(); err != nil {
				t.Fatalf("Set: %v", err)
			}
		}
	})

	if !regexp.MustCompile(`^posko-test-[0-9a-f]{16}:$`).MatchString(prefix) {
		t.Errorf("prefix = %q, want posko-test-<hex>:", prefix)
	}
	opt, err := goredis.ParseURL(url)
	if err != nil {
		t.Fatalf("ParseURL(%q): %v", url, err)
	}
	rdb := goredis.NewClient(opt)
	defer rdb.Close()
	keys, err := rdb.Keys(t.Context(), prefix+"*").Result()
	if err != nil {
		t.Fatalf("Keys: %v", err)
	}
	if len(keys) != 0 {
		t.Errorf("keys left after the test ended: %v", keys)
	}
}

func TestNewGivesDistinctPrefixes(t *testing.T) {
	_, p1 := redistest.New(t)
	_, p2 := redistest.New(t)
	if p1 == p2 {
		t.Errorf("two calls returned the same prefix %q", p1)
	}
}
