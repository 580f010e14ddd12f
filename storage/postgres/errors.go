package postgres

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"posko/conversation"
)

// ErrDuplicate is returned (wrapped) when a write violates a unique
// constraint. It is conversation.ErrDuplicate, so flows can test for it
// without importing this package.
var ErrDuplicate = conversation.ErrDuplicate

// ErrNotFound is returned (wrapped) when the requested row does not exist.
// It is conversation.ErrNotFound.
var ErrNotFound = conversation.ErrNotFound

// interpretError translates driver errors into the sentinels, keeping the
// original error in the chain.
func interpretError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, pgx.ErrNoRows):
		return fmt.Errorf("%w: %w", ErrNotFound, err)
	case isUniqueViolation(err):
		return fmt.Errorf("%w: %w", ErrDuplicate, err)
	}
	return err
}

func isUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505"
}

// Rejected reports that PostgreSQL answered and refused the work itself (a
// constraint, an invalid value) rather than being unreachable, shutting down
// or overloaded: retrying the same work will fail the same way.
func Rejected(err error) bool {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return false
	}
	switch pgErr.Code[:2] {
	case "08", "53", "57", "58", "40": // connection, resources, operator intervention, system, transaction rollback
		return false
	}
	return true
}
