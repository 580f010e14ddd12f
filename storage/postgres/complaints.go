package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"posko/conversation"
)

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
