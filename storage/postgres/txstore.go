package postgres

import (
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
	key       []byte // DOCUMENT_KEY, sealing personal data (NIK, NIP); nil when not configured
}
