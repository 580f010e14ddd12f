// Package redis keeps the fast, shared, short-lived state of Posko Digipay
// Online in Redis: the durable update inbox (a stream with one consumer
// group), the conversation state of each chat (versioned JSON with a TTL), the
// leader lease that lets one replica poll Telegram and run the workers, and
// the Telegram sending limits shared by all replicas. Every key lives under a
// caller-given prefix, so several deployments or tests can share one server.
//
// The scripts touch more than one key (the inbox's "seen" marker and the
// stream), so the package expects a single Redis server or a replicated
// primary, not Redis Cluster.
package redis

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// openTimeout bounds the startup ping, so a wrong REDIS_URL fails fast.
const openTimeout = 5 * time.Second

// Open connects to the Redis server at rawURL (redis://, rediss:// or
// unix://) and pings it. The error names the server's address but never the
// URL's password.
func Open(ctx context.Context, rawURL string) (*goredis.Client, error) {
	opt, err := goredis.ParseURL(rawURL)
	if err != nil {
		// url.Error repeats the whole URL, password included: keep only its cause.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, fmt.Errorf("parse REDIS_URL: %w", err)
	}
	rdb := goredis.NewClient(opt)
	pctx, cancel := context.WithTimeout(ctx, openTimeout)
	defer cancel()
	if err := rdb.Ping(pctx).Err(); err != nil {
		_ = rdb.Close()
		return nil, fmt.Errorf("redis at %s (REDIS_URL) unreachable: %w", opt.Addr, err)
	}
	return rdb, nil
}
