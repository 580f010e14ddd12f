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

// ImportSatkers upserts the rows into the satker map in one transaction
// (kode satker is the key; progress is left alone); a row without a KPPN
// code gets defaultKPPN. unchanged counts rows equal to what was stored.
func (db *DB) ImportSatkers(ctx context.Context, rows []conversation.SatkerRow, defaultKPPN string, by conversation.Actor) (added, updated, unchanged int, err error) {
	return 0, 0, 0, errProgressTODO
}

// ImportTransactions adds the rows in one transaction; a row whose Ref was
// imported before counts as a duplicate, a row of an unknown satker is
// rejected with the reason.
func (db *DB) ImportTransactions(ctx context.Context, rows []conversation.TransactionRow, by conversation.Actor) (added, duplicates int, rejected []conversation.RowProblem, err error) {
	return 0, 0, nil, errProgressTODO
}

// Report reads the report of KPPN kppnCode as of now.
func (db *DB) Report(ctx context.Context, kppnCode string, now time.Time) (conversation.Report, error) {
	return conversation.Report{}, errProgressTODO
}

// KPPNs lists the known KPPN with their groups.
func (db *DB) KPPNs(ctx context.Context) ([]conversation.KPPN, error) { return nil, errProgressTODO }

// ClaimJob takes the oldest queued job (or one whose owner's lease ran
// out) for owner until lease; ok false when none.
func (db *DB) ClaimJob(ctx context.Context, owner string, lease time.Duration) (j conversation.Job, ok bool, err error) {
	return conversation.Job{}, false, errProgressTODO
}

// FinishJob records job id done (or failed with failure) and queues its
// result messages, in one transaction; a job finished before is left alone
// and nothing is queued twice.
func (db *DB) FinishJob(ctx context.Context, id int64, out []conversation.Outgoing, failure string) error {
	return errProgressTODO
}
