// Package postgres is the PostgreSQL adapter of Posko Digipay Online: the
// connection pool, the embedded schema migrations, the "update handled"
// markers that make handling an update exactly-once, the outbox the sender
// delivers from, what is known of chats (blocked, migrated) and the domain
// tables the conversation flows write through conversation.Tx.
package postgres

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
)

// defaultMaxConns is the pool size when the URL sets no pool_max_conns.
const defaultMaxConns = 16

// DB is the application's handle on PostgreSQL. It is safe for concurrent use.
type DB struct {
	pool   *pgxpool.Pool
	logger *slog.Logger
}

// Option configures Open.
type Option func(*DB)

// WithLogger sets the logger used for background work (the LISTEN loop's
// reconnects). Without it nothing is logged.
func WithLogger(l *slog.Logger) Option {
	return func(db *DB) {
		if l != nil {
			db.logger = l
		}
	}
}

// Open connects a pool to the database at url and checks that it answers.
// Pool settings may be given in the URL (pool_max_conns=…; 16 by default). Errors name the
// host and database but never the password.
func Open(ctx context.Context, url string, opts ...Option) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgconn redacts the password in its parse errors.
		return nil, fmt.Errorf("open postgres: parse url: %w", err)
	}
	if !strings.Contains(url, "pool_max_conns") {
		// pgxpool's default, max(4, CPUs), starves the worker's lanes and the
		// sender, which hold a connection across a commit's fsync (see
		// docs/benchmarks.md: 4 → 16 connections gave +20% updates/s).
		cfg.MaxConns = max(cfg.MaxConns, defaultMaxConns)
	}
	db := &DB{logger: slog.New(slog.DiscardHandler)}
	for _, o := range opts {
		o(db)
	}
	where := fmt.Sprintf("%s:%d/%s", cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres %s: %w", where, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres %s: ping: %w", where, err)
	}
	db.pool = pool
	return db, nil
}

// Close closes every connection of the pool.
func (db *DB) Close() { db.pool.Close() }

// Ping checks that the database answers, for /healthz.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.pool.Ping(ctx); err != nil {
		return fmt.Errorf("ping postgres: %w", err)
	}
	return nil
}

// Pool returns the underlying pool, for callers that need plain SQL.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }
