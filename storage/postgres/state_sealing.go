package postgres

import (
	"bytes"
	"fmt"

	"posko/sealed"
)

// sealedStatePrefix starts a sealed state in processed_updates; a plain
// state is JSON and never starts with a NUL byte.
var sealedStatePrefix = []byte{0, 'S'}

// sealState seals a chat's state before it is kept with its update's marker:
// the state holds form answers (NIK, NIP, names, phone numbers) and must not
// rest in plain text. Without a DOCUMENT_KEY it is kept as it is.
func (db *DB) sealState(updateID int64, state []byte) []byte {
	if db.documentKey == nil || state == nil {
		return state
	}
	return append(bytes.Clone(sealedStatePrefix), sealed.Seal(db.documentKey, state, stateAAD(updateID))...)
}

// openState reverses sealState.
func (db *DB) openState(updateID int64, stored []byte) ([]byte, error) {
	if !bytes.HasPrefix(stored, sealedStatePrefix) {
		return stored, nil
	}
	if db.documentKey == nil {
		return nil, fmt.Errorf("state of update %d: %w", updateID, ErrNoDocumentKey)
	}
	plain, err := sealed.Open(db.documentKey, stored[len(sealedStatePrefix):], stateAAD(updateID))
	if err != nil {
		return nil, fmt.Errorf("state of update %d: %w", updateID, err)
	}
	return plain, nil
}

// stateAAD binds a sealed state to its update.
func stateAAD(updateID int64) []byte {
	return fmt.Appendf(nil, "posko:processed:%d", updateID)
}
