package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"posko/conversation"
)

var _ conversation.Tx = (*txStore)(nil)

// txStore is the conversation.Tx handed to a HandleFunc: every write goes
// through the update's transaction. The first write opens the update's
// savepoint (see savepoint.go), so most updates, which write nothing, cost
// no round trip for it.
type txStore struct {
	tx        pgx.Tx
	savepoint string // name of the update's savepoint in a group
	opened    bool   // the savepoint was set
	failed    error  // a write failed: the transaction is unusable past the savepoint
}

// SaveComplaint stores c and returns its number.
func (s *txStore) SaveComplaint(ctx context.Context, c conversation.Complaint) (int64, error) {
	files := c.Files
	if files == nil {
		files = []conversation.File{}
	}
	filesJSON, err := json.Marshal(files)
	if err != nil {
		return 0, fmt.Errorf("save complaint: encode files: %w", err)
	}
	createdAt := c.CreatedAt
	if createdAt.IsZero() {
		createdAt = time.Now()
	}
	if err := s.begin(ctx); err != nil {
		return 0, fmt.Errorf("save complaint: %w", err)
	}
	var id int64
	err = s.tx.QueryRow(ctx, `
		INSERT INTO complaints (chat_id, user_id, user_name, category, text, contact, files, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		RETURNING id`,
		c.ChatID, c.UserID, c.UserName, c.Category, c.Text, c.Contact, string(filesJSON), createdAt).Scan(&id)
	if err != nil {
		s.fail(err)
		return 0, fmt.Errorf("save complaint: %w", interpretError(err))
	}
	return id, nil
}
