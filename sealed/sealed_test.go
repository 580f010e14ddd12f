package sealed

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
)

func newKey(t *testing.T) []byte {
	t.Helper()
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		t.Fatal(err)
	}
	return key
}

func TestSealOpen(t *testing.T) {
	key := newKey(t)
	for _, tc := range []struct {
		name      string
		plaintext []byte
	}{
		{"empty", nil},
		{"short text", []byte("KTP 3201234567890001")},
		{"one megabyte", bytes.Repeat([]byte{0xff, 0x00, 'a'}, 1<<20/3)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			aad := []byte("document:7")
			box := Seal(key, tc.plaintext, aad)
			if len(box) != len(tc.plaintext)+Overhead {
				t.Errorf("sealed length %d, want %d", len(box), len(tc.plaintext)+Overhead)
			}
			if box[0] != KeyID(key) {
				t.Errorf("key id byte %d, want %d", box[0], KeyID(key))
			}
			if len(tc.plaintext) >= 8 && bytes.Contains(box, tc.plaintext[:8]) {
				t.Errorf("sealed data contains the plaintext")
			}
			got, err := Open(key, box, aad)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if !bytes.Equal(got, tc.plaintext) {
				t.Errorf("Open gave %d bytes that differ from the %d sealed", len(got), len(tc.plaintext))
			}
		})
	}
}

func TestSealUsesFreshNonces(t *testing.T) {
	key := newKey(t)
	a := Seal(key, []byte("same"), nil)
	b := Seal(key, []byte("same"), nil)
	if bytes.Equal(a, b) {
		t.Fatal("sealing the same plaintext twice gave the same bytes")
	}
}

func TestOpenRefuses(t *testing.T) {
	key := newKey(t)
	other := newKey(t)
	for KeyID(other) == KeyID(key) {
		other = newKey(t)
	}
	sameID := newKey(t) // a different key that happens to share the id byte
	for KeyID(sameID) != KeyID(key) {
		sameID = newKey(t)
	}
	aad := []byte("document:1")
	box := Seal(key, []byte("isi dokumen SK Penunjukan"), aad)
	flip := func(i int) []byte {
		b := bytes.Clone(box)
		b[i] ^= 1
		return b
	}
	for _, tc := range []struct {
		name string
		key  []byte
		data []byte
		aad  []byte
		want error
	}{
		{"wrong key", other, box, aad, ErrWrongKey},
		{"other key with the same id", sameID, box, aad, ErrInvalid},
		{"other document's aad", key, box, []byte("document:2"), ErrInvalid},
		{"no aad", key, box, nil, ErrInvalid},
		{"key id byte changed", key, flip(0), aad, ErrWrongKey},
		{"nonce changed", key, flip(1), aad, ErrInvalid},
		{"ciphertext changed", key, flip(1 + nonceSize), aad, ErrInvalid},
		{"tag changed", key, flip(len(box) - 1), aad, ErrInvalid},
		{"truncated", key, box[:len(box)-1], aad, ErrInvalid},
		{"shorter than the overhead", key, box[:Overhead-1], aad, ErrInvalid},
		{"empty", key, nil, aad, ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Open(tc.key, tc.data, tc.aad)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Open error = %v, want %v", err, tc.want)
			}
			if got != nil {
				t.Errorf("Open returned %d bytes along with the error", len(got))
			}
		})
	}
}

func TestSealPanicsOnShortKey(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Seal with a 16-byte key did not panic")
		}
	}()
	Seal(make([]byte, 16), []byte("x"), nil)
}

func TestParseKey(t *testing.T) {
	key := bytes.Repeat([]byte{0xa5, 0x3c, 0x01, 0xfe}, KeySize/4)
	for _, tc := range []struct {
		name    string
		in      string
		wantErr string // "" when the key must parse to key
	}{
		{"hex lower case", hex.EncodeToString(key), ""},
		{"hex upper case", strings.ToUpper(hex.EncodeToString(key)), ""},
		{"base64 standard", base64.StdEncoding.EncodeToString(key), ""},
		{"base64 without padding", base64.RawStdEncoding.EncodeToString(key), ""},
		{"base64 URL alphabet", base64.URLEncoding.EncodeToString(key), ""},
		{"base64 URL without padding", base64.RawURLEncoding.EncodeToString(key), ""},
		{"surrounding spaces and newline", "  " + base64.StdEncoding.EncodeToString(key) + "\n", ""},
		{"empty", "", "DOCUMENT_KEY is not set"},
		{"only spaces", "   ", "DOCUMENT_KEY is not set"},
		{"16 bytes base64", base64.StdEncoding.EncodeToString(key[:16]), "decodes to 16 bytes, want 32"},
		{"33 bytes base64", base64.StdEncoding.EncodeToString(append(key, 1)), "decodes to 33 bytes, want 32"},
		{"hex one digit short", hex.EncodeToString(key)[:63], "DOCUMENT_KEY is malformed"},
		{"a passphrase", "rahasia kppn lubuk linggau!", "DOCUMENT_KEY is malformed"},
		{"all zeros", hex.EncodeToString(make([]byte, KeySize)), "DOCUMENT_KEY is all zeros"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseKey(tc.in)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("ParseKey: %v", err)
				}
				if !bytes.Equal(got, key) {
					t.Errorf("ParseKey decoded a different key")
				}
				return
			}
			if err == nil {
				t.Fatalf("ParseKey accepted %q", tc.in)
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.wantErr) || !strings.Contains(msg, "DOCUMENT_KEY") {
				t.Errorf("error %q does not say %q and name DOCUMENT_KEY", msg, tc.wantErr)
			}
			if s := strings.TrimSpace(tc.in); len(s) > 8 && strings.Contains(msg, s) {
				t.Errorf("error repeats the configured value")
			}
		})
	}
}
