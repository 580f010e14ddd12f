package postgres

import (
	"context"
	"fmt"
	"time"

	"posko/conversation"
)

// Transactions paid through Digipay, told in chat (AddTransaction) or
// imported from Digipay's export (ImportTransactions, in imports.go). A
// satker keeps running totals (tx_count, tx_value) so that reports need not
// sum every transaction.

// wibDate is t's date in WIB, as midnight WIB; now's when t is zero.
func wibDate(t time.Time) time.Time {
	if t.IsZero() {
		t = time.Now()
	}
	y, m, d := t.In(wibZone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, wibZone)
}

// AddTransaction records a transaction told in chat, dated tx.Date (in
// WIB; today when zero), with a progress_history row "transaction". The
// satker's count and value grow, and its stage transaksi becomes the
// earliest transaction's date. It returns false, changing nothing, when
// tx.Ref is set and was recorded for the satker before; ErrNotFound when
// the satker is unknown.
func (s *txStore) AddTransaction(ctx context.Context, tx conversation.Transaction, by conversation.Actor) (bool, error) {
	switch {
	case !digits(tx.SatkerCode, 6):
		return false, fmt.Errorf("add transaction of satker %q: %w", tx.SatkerCode, ErrNotFound)
	case tx.Channel != conversation.ChannelCMS && tx.Channel != conversation.ChannelKKP:
		return false, fmt.Errorf("add transaction of satker %s: unknown channel %q", tx.SatkerCode, tx.Channel)
	case tx.Value < 0:
		return false, fmt.Errorf("add transaction of satker %s: negative value %d", tx.SatkerCode, tx.Value)
	}
	date := wibDate(tx.Date)
	detail, err := historyDetail(map[string]any{"date": date.Format(time.DateOnly), "vendor": tx.Vendor,
		"value": tx.Value, "channel": tx.Channel, "ref": tx.Ref})
	if err != nil {
		return false, fmt.Errorf("add transaction of satker %s: %w", tx.SatkerCode, err)
	}
	if err := s.begin(ctx); err != nil {
		return false, fmt.Errorf("add transaction of satker %s: %w", tx.SatkerCode, err)
	}
	var known, added bool
	err = s.tx.QueryRow(ctx, `
		WITH sat AS (SELECT kode_satker FROM satkers WHERE kode_satker = $1),
		ins AS (
		  INSERT INTO transactions (kode_satker, date, vendor, value, channel, ref, source, actor_id, actor_name, actor_chat)
		  SELECT kode_satker, $2, $3, $4, $5, $6, 'chat', $7, $8, $9 FROM sat
		  ON CONFLICT (kode_satker, ref) WHERE ref <> '' DO NOTHING
		  RETURNING kode_satker),
		upd AS (
		  UPDATE satkers SET tx_count = tx_count + 1, tx_value = tx_value + $4, tx_at = LEAST(tx_at, $10),
		    updated_at = now()
		  WHERE kode_satker IN (SELECT kode_satker FROM ins)),
		hist AS (
		  INSERT INTO progress_history (kode_satker, what, detail, actor_id, actor_name, chat_id)
		  SELECT kode_satker, 'transaction', $11, $7, $8, $9 FROM ins)
		SELECT EXISTS (SELECT 1 FROM sat), EXISTS (SELECT 1 FROM ins)`,
		tx.SatkerCode, date, tx.Vendor, tx.Value, tx.Channel, tx.Ref, by.UserID, by.Name, by.ChatID,
		date, detail).Scan(&known, &added)
	switch {
	case err != nil:
		s.fail(err)
		return false, fmt.Errorf("add transaction of satker %s: %w", tx.SatkerCode, interpretError(err))
	case !known:
		return false, fmt.Errorf("add transaction of satker %s: %w", tx.SatkerCode, ErrNotFound)
	}
	return added, nil
}
