package sealed

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// keyHelp says how to make a key; every ParseKey error ends with it.
const keyHelp = "generate one with `openssl rand -base64 32` and keep it safe: documents sealed with a lost key cannot be read"

// ParseKey reads a key as configured in DOCUMENT_KEY: exactly KeySize bytes
// written in hex (64 digits) or in base64 (standard or URL alphabet, padded
// or not). Surrounding spaces are ignored. Errors name DOCUMENT_KEY and
// never repeat the value.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, fmt.Errorf("DOCUMENT_KEY is not set: %s", keyHelp)
	}
	key, err := decodeKey(s)
	if err != nil {
		return nil, fmt.Errorf("DOCUMENT_KEY is malformed: %w; %s", err, keyHelp)
	}
	if allZero(key) {
		return nil, fmt.Errorf("DOCUMENT_KEY is all zeros, a placeholder rather than a key; %s", keyHelp)
	}
	return key, nil
}

// decodeKey tries hex, then the base64 alphabets, and wants KeySize bytes.
func decodeKey(s string) ([]byte, error) {
	if len(s) == 2*KeySize {
		if key, err := hex.DecodeString(s); err == nil {
			return key, nil
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		key, err := enc.DecodeString(s)
		if err != nil {
			continue
		}
		if len(key) != KeySize {
			return nil, fmt.Errorf("it decodes to %d bytes, want %d", len(key), KeySize)
		}
		return key, nil
	}
	return nil, errors.New("expected 32 bytes as base64 (44 characters) or hex (64 digits)")
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
