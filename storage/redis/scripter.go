package redis

import (
	"context"

	goredis "github.com/redis/go-redis/v9"
)

// prefixedScripter is the part of a Redis client that redis_rate uses, with
// every key moved under prefix: redis_rate itself always writes "rate:<key>",
// which would escape the caller's prefix.
type prefixedScripter struct {
	rdb    goredis.UniversalClient
	prefix string
}

// Eval runs script with the keys prefixed.
func (p prefixedScripter) Eval(ctx context.Context, script string, keys []string, args ...any) *goredis.Cmd {
	return p.rdb.Eval(ctx, script, p.keys(keys), args...)
}

// EvalSha runs a cached script with the keys prefixed.
func (p prefixedScripter) EvalSha(ctx context.Context, sha1 string, keys []string, args ...any) *goredis.Cmd {
	return p.rdb.EvalSha(ctx, sha1, p.keys(keys), args...)
}

// EvalRO runs a read-only script with the keys prefixed.
func (p prefixedScripter) EvalRO(ctx context.Context, script string, keys []string, args ...any) *goredis.Cmd {
	return p.rdb.EvalRO(ctx, script, p.keys(keys), args...)
}

// EvalShaRO runs a cached read-only script with the keys prefixed.
func (p prefixedScripter) EvalShaRO(ctx context.Context, sha1 string, keys []string, args ...any) *goredis.Cmd {
	return p.rdb.EvalShaRO(ctx, sha1, p.keys(keys), args...)
}

// ScriptExists reports which scripts the server has cached.
func (p prefixedScripter) ScriptExists(ctx context.Context, hashes ...string) *goredis.BoolSliceCmd {
	return p.rdb.ScriptExists(ctx, hashes...)
}

// ScriptLoad caches a script on the server.
func (p prefixedScripter) ScriptLoad(ctx context.Context, script string) *goredis.StringCmd {
	return p.rdb.ScriptLoad(ctx, script)
}

// Del deletes keys, prefixed.
func (p prefixedScripter) Del(ctx context.Context, keys ...string) *goredis.IntCmd {
	return p.rdb.Del(ctx, p.keys(keys)...)
}

// keys returns keys with the prefix in front.
func (p prefixedScripter) keys(keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = p.prefix + k
	}
	return out
}
