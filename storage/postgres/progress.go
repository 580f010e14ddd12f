package postgres

import (
	"context"
	"errors"
	"time"

	"posko/conversation"
)

// errProgressTODO marks the progress storage being written.
var errProgressTODO = errors.New("progress: not implemented yet")

func (s *txStore) Satker(ctx context.Context, code string) (conversation.SatkerProgress, error) {
	return conversation.SatkerProgress{}, errProgressTODO
}
func (s *txStore) LinksOf(ctx context.Context, chatID int64) ([]conversation.SatkerLink, error) {
	return nil, errProgressTODO
}
func (s *txStore) LinksOfSatker(ctx context.Context, code string) ([]conversation.SatkerLink, error) {
	return nil, errProgressTODO
}
func (s *txStore) LinkChat(ctx context.Context, l conversation.SatkerLink) error { return errProgressTODO }
func (s *txStore) SaveSatkerUser(ctx context.Context, code string, u conversation.SatkerUser, by conversation.Actor) error {
	return errProgressTODO
}
func (s *txStore) SetVendors(ctx context.Context, code string, n int, by conversation.Actor) error {
	return errProgressTODO
}
func (s *txStore) AddTransaction(ctx context.Context, tx conversation.Transaction, by conversation.Actor) (bool, error) {
	return false, errProgressTODO
}
func (s *txStore) SetStage(ctx context.Context, code, stage string, done bool, at time.Time, by conversation.Actor) error {
	return errProgressTODO
}
func (s *txStore) CreateInvitation(ctx context.Context, inv conversation.Invitation) error {
	return errProgressTODO
}
func (s *txStore) RedeemInvitation(ctx context.Context, token string, chatID, userID int64, at time.Time) (conversation.Invitation, error) {
	return conversation.Invitation{}, errProgressTODO
}
func (s *txStore) RecordFollowUp(ctx context.Context, code, note string, by conversation.Actor, at time.Time) error {
	return errProgressTODO
}
func (s *txStore) Lagging(ctx context.Context, kppnCode, stage string, limit int) ([]conversation.SatkerProgress, error) {
	return nil, errProgressTODO
}
func (s *txStore) KPPNOfGroup(ctx context.Context, chatID int64) (conversation.KPPN, bool, error) {
	return conversation.KPPN{}, false, errProgressTODO
}
func (s *txStore) BindGroup(ctx context.Context, code string, chatID int64, by conversation.Actor) error {
	return errProgressTODO
}
func (s *txStore) QueueJob(ctx context.Context, j conversation.Job) (int64, error) {
	return 0, errProgressTODO
}
