package postgres

import (
	"errors"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

func TestRejected(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"check violation", &pgconn.PgError{Code: "23514"}, true},
		{"invalid text (NUL byte)", fmt.Errorf("insert: %w", &pgconn.PgError{Code: "22021"}), true},
		{"server shutting down", &pgconn.PgError{Code: "57P01"}, false},
		{"too many connections", &pgconn.PgError{Code: "53300"}, false},
		{"deadlock", &pgconn.PgError{Code: "40P01"}, false},
		{"connection refused", errors.New("dial tcp 127.0.0.1:5432: connect: connection refused"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Rejected(tt.err); got != tt.want {
				t.Errorf("Rejected = %v, want %v", got, tt.want)
			}
		})
	}
}
