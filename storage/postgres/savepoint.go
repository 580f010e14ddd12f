package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// begin sets the update's savepoint before its first write. Every write of
// txStore calls it first.
func (s *txStore) begin(ctx context.Context) error {
	if s.opened {
		return nil
	}
	if _, err := s.tx.Exec(ctx, "SAVEPOINT "+s.savepoint); err != nil {
		s.fail(err)
		return fmt.Errorf("savepoint: %w", err)
	}
	s.opened = true
	return nil
}

// fail records a failed write. PostgreSQL refuses every later statement of
// the transaction until it is rolled back to the savepoint, so the update
// cannot be stored even if its handler carries on.
func (s *txStore) fail(err error) {
	if s.failed == nil {
		s.failed = err
	}
}

// rollback undoes the update's writes, if it made any. The other updates of
// the group keep theirs.
func (s *txStore) rollback(ctx context.Context) error {
	if !s.opened {
		return nil
	}
	if _, err := s.tx.Exec(ctx, "ROLLBACK TO SAVEPOINT "+s.savepoint); err != nil {
		return fmt.Errorf("roll back to savepoint: %w", err)
	}
	return nil
}

// oneRow reads exactly one row of query into R inside the update's
// savepoint. A failed statement marks the transaction failed; no row is
// ErrNotFound, which leaves it usable.
func oneRow[R any](ctx context.Context, s *txStore, query string, args ...any) (R, error) {
	var zero R
	if err := s.begin(ctx); err != nil {
		return zero, err
	}
	rows, err := s.tx.Query(ctx, query, args...)
	if err != nil {
		s.fail(err)
		return zero, err
	}
	row, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[R])
	if err != nil {
		if !errors.Is(err, pgx.ErrNoRows) {
			s.fail(err)
		}
		return zero, interpretError(err)
	}
	return row, nil
}
