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

	"posko/sealed"
)

// defaultMaxConns is the pool size when the URL sets no pool_max_conns.
const defaultMaxConns = 16

// DB is the application's handle on PostgreSQL. It is safe for concurrent use.
type DB struct {
	pool        *pgxpool.Pool
	logger      *slog.Logger
	documentKey []byte // DOCUMENT_KEY; nil when not configured
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

// WithDocumentKey sets DOCUMENT_KEY (sealed.KeySize bytes, from
// sealed.ParseKey): it seals the personal data kept in domain tables (the
// NIK and NIP of registrations) and is what DocumentKey gives the document
// fetcher. Without it, storing such data fails with ErrNoDocumentKey. Open
// refuses a key of the wrong length.
func WithDocumentKey(key []byte) Option {
	return func(db *DB) {
		db.documentKey = append([]byte(nil), key...)
	}
}

// DocumentKey returns the key set by WithDocumentKey (nil when none), for
// the callers that seal or open documents (bot.Fetcher, OpenDocument).
func (db *DB) DocumentKey() []byte { return db.documentKey }

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
	if db.documentKey != nil && len(db.documentKey) != sealed.KeySize {
		return nil, fmt.Errorf("open postgres: DOCUMENT_KEY is %d bytes, want %d", len(db.documentKey), sealed.KeySize)
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
