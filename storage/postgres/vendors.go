package postgres

import (
	"context"
	"errors"
	"time"

	"posko/conversation"
)

// errVendorsTODO marks the vendor storage being written.
var errVendorsTODO = errors.New("vendors: not implemented yet")

func (s *txStore) CreateVendorInvitation(ctx context.Context, inv conversation.VendorInvitation) error {
	return errVendorsTODO
}
func (s *txStore) RedeemVendorInvitation(ctx context.Context, token string, chatID int64, at time.Time) (conversation.VendorInvitation, error) {
	return conversation.VendorInvitation{}, errVendorsTODO
}
func (s *txStore) ReserveVendorNumber(ctx context.Context) (int64, string, error) {
	return 0, "", errVendorsTODO
}
func (s *txStore) SubmitVendor(ctx context.Context, v conversation.Vendor) (conversation.Vendor, error) {
	return v, errVendorsTODO
}
func (s *txStore) Vendor(ctx context.Context, id int64) (conversation.Vendor, error) {
	return conversation.Vendor{}, errVendorsTODO
}
func (s *txStore) VendorsOf(ctx context.Context, chatID int64) ([]conversation.Vendor, error) {
	return nil, nil // none until the vendor storage exists
}
func (s *txStore) VendorsOfSatker(ctx context.Context, code string) ([]conversation.Vendor, error) {
	return nil, errVendorsTODO
}
func (s *txStore) DecideVendor(ctx context.Context, id int64, to, reason string, by conversation.Actor, at time.Time) (conversation.Vendor, error) {
	return conversation.Vendor{}, errVendorsTODO
}
func (s *txStore) TickVendorStep(ctx context.Context, id int64, step string, done bool, at time.Time) (conversation.Vendor, error) {
	return conversation.Vendor{}, errVendorsTODO
}
