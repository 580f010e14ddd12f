// Package sealed encrypts documents at rest: AES-256-GCM with a random nonce,
// a key id byte in front so keys can be rotated later, and associated data
// that binds each ciphertext to what it belongs to (a document's id), so a
// ciphertext copied onto another row does not open.
//
// It is the only place that knows the sealed format; storage keeps the bytes
// it returns and gives them back to Open. It uses the standard library only.
package sealed

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"errors"
	"fmt"
)

// KeySize is the length of a key in bytes (AES-256).
const KeySize = 32

// Overhead is how many bytes Seal adds to the plaintext: the key id, the
// nonce and the authentication tag.
const Overhead = 1 + nonceSize + tagSize

const (
	nonceSize = 12 // GCM's standard nonce
	tagSize   = 16
)

var (
	// ErrWrongKey means the data was sealed with another key than the one
	// given (its key id differs): an old key after a rotation, or the wrong
	// DOCUMENT_KEY.
	ErrWrongKey = errors.New("sealed with a different key")
	// ErrInvalid means the data does not open with this key and associated
	// data: it was altered, truncated, or belongs to another document.
	ErrInvalid = errors.New("sealed data is corrupt or belongs to something else")
)

// KeyID is the id byte Seal writes in front of data sealed with key. It is
// derived from the key, so a future key ring can pick the key that opens a
// ciphertext and Open can tell "wrong key" from "corrupt data". One byte of a
// hash tells nothing useful about a 256-bit key.
func KeyID(key []byte) byte {
	sum := sha256.Sum256(append([]byte("posko sealed key id\x00"), key...))
	return sum[0]
}

// Seal encrypts plaintext with key and binds it to aad (which is not stored;
// Open needs the same aad). The result is key id ‖ nonce ‖ ciphertext ‖ tag,
// Overhead bytes longer than plaintext. Each call draws a fresh random nonce,
// so sealing the same plaintext twice gives different results.
//
// key must be KeySize bytes (ParseKey guarantees it); Seal panics otherwise,
// as that is a wiring mistake, not a runtime condition.
func Seal(key, plaintext, aad []byte) []byte {
	aead := newAEAD(key)
	id := KeyID(key)
	out := make([]byte, 1, Overhead+len(plaintext))
	out[0] = id
	// NewGCMWithRandomNonce prefixes the nonce it draws to its output.
	return aead.Seal(out, nil, plaintext, additional(id, aad))
}

// Open decrypts data made by Seal with the same key and aad. It returns
// ErrWrongKey when data carries another key's id, and ErrInvalid when it does
// not authenticate (altered, truncated, other aad).
func Open(key, data, aad []byte) ([]byte, error) {
	aead := newAEAD(key)
	if len(data) < Overhead {
		return nil, fmt.Errorf("open: %d bytes is shorter than any sealed data: %w", len(data), ErrInvalid)
	}
	id := KeyID(key)
	if data[0] != id {
		return nil, fmt.Errorf("open: key id %d, this key is %d: %w", data[0], id, ErrWrongKey)
	}
	plain, err := aead.Open(nil, nil, data[1:], additional(id, aad))
	if err != nil {
		return nil, fmt.Errorf("open: %w", ErrInvalid)
	}
	return plain, nil
}

// additional is the associated data GCM authenticates: the key id header
// too, so it cannot be changed without Open noticing.
func additional(id byte, aad []byte) []byte {
	return append([]byte{id}, aad...)
}

func newAEAD(key []byte) cipher.AEAD {
	if len(key) != KeySize {
		panic(fmt.Sprintf("sealed: key is %d bytes, want %d (use ParseKey)", len(key), KeySize))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		panic(fmt.Sprintf("sealed: %v", err)) // unreachable: the length is checked above
	}
	aead, err := cipher.NewGCMWithRandomNonce(block)
	if err != nil {
		panic(fmt.Sprintf("sealed: %v", err))
	}
	return aead
}
