package postgres

import (
	"encoding/json"
	"fmt"
	"time"

	"posko/conversation"
	"posko/sealed"
)

// newTicketRow is t as it is stored: its texts sealed with key, its files
// as JSON, its unset times NULL.
func newTicketRow(key []byte, t conversation.Ticket) (ticketRow, error) {
	files, err := encodeFiles(t.Files)
	if err != nil {
		return ticketRow{}, err
	}
	row := ticketRow{
		ID: t.ID, Number: t.Number, ChatID: t.ChatID, UserID: t.UserID, UserName: t.UserName, Username: t.Username,
		SatkerCode: t.SatkerCode, SatkerName: t.SatkerName, Category: t.Category,
		Text:  sealed.Seal(key, []byte(t.Text), ticketAAD(t.ID, "text")),
		Files: files, Status: t.Status, Deadline: t.Deadline, TakenBy: t.TakenBy, TakenByName: t.TakenByName,
		BankName: t.BankName, BankRef: t.BankRef, EscalatedAt: timeOrNil(t.EscalatedAt),
		FirstResponseAt: timeOrNil(t.FirstResponseAt), ClosedAt: timeOrNil(t.ClosedAt), ClosedBy: t.ClosedBy,
		Rating: t.Rating, RatedAt: timeOrNil(t.RatedAt), Messages: t.Messages, CreatedAt: t.CreatedAt,
		UpdatedAt: t.UpdatedAt,
	}
	if t.RatingComment != "" {
		row.RatingComment = sealed.Seal(key, []byte(t.RatingComment), ticketAAD(t.ID, "rating_comment"))
	}
	return row, nil
}

// ticket opens the row's sealed texts into a conversation.Ticket.
func (row *ticketRow) ticket(key []byte) (conversation.Ticket, error) {
	t := conversation.Ticket{
		ID: row.ID, Number: row.Number, ChatID: row.ChatID, UserID: row.UserID, UserName: row.UserName,
		Username: row.Username, SatkerCode: row.SatkerCode, SatkerName: row.SatkerName, Category: row.Category,
		Status: row.Status, Deadline: row.Deadline, TakenBy: row.TakenBy, TakenByName: row.TakenByName,
		BankName: row.BankName, BankRef: row.BankRef, EscalatedAt: timeOrZero(row.EscalatedAt),
		FirstResponseAt: timeOrZero(row.FirstResponseAt), ClosedAt: timeOrZero(row.ClosedAt),
		ClosedBy: row.ClosedBy, Rating: row.Rating, RatedAt: timeOrZero(row.RatedAt), Messages: row.Messages,
		CreatedAt: row.CreatedAt, UpdatedAt: row.UpdatedAt,
	}
	text, err := sealed.Open(key, row.Text, ticketAAD(row.ID, "text"))
	if err != nil {
		return t, fmt.Errorf("ticket %s: open text: %w", row.Number, err)
	}
	t.Text = string(text)
	if row.RatingComment != nil {
		comment, err := sealed.Open(key, row.RatingComment, ticketAAD(row.ID, "rating_comment"))
		if err != nil {
			return t, fmt.Errorf("ticket %s: open rating comment: %w", row.Number, err)
		}
		t.RatingComment = string(comment)
	}
	if err := json.Unmarshal(row.Files, &t.Files); err != nil {
		return t, fmt.Errorf("ticket %s: decode files: %w", row.Number, err)
	}
	if len(t.Files) == 0 {
		t.Files = nil
	}
	return t, nil
}

// encodeFiles is files as a JSON array ("[]" when there are none).
func encodeFiles(files []conversation.File) ([]byte, error) {
	if files == nil {
		files = []conversation.File{}
	}
	b, err := json.Marshal(files)
	if err != nil {
		return nil, fmt.Errorf("encode files: %w", err)
	}
	return b, nil
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func timeOrZero(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}
