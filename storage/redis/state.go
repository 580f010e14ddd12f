package redis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"posko/conversation"
	"posko/sealed"
)

// saveStateScript stores a state only if the stored version (0 when missing)
// is still the one the caller loaded.
//
// KEYS[1] state key; ARGV: expected version, new JSON, TTL in ms (0: none).
var saveStateScript = goredis.NewScript(`
local cur = redis.call('GET', KEYS[1])
local v = 0
if cur then
  local ok, doc = pcall(cjson.decode, cur)
  if ok and type(doc) == 'table' then
    v = tonumber(doc.v) or 0
  else
    v = -1 -- unreadable: Load reported it with version -1
  end
end
if v ~= tonumber(ARGV[1]) then
  return 0
end
if tonumber(ARGV[3]) > 0 then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
else
  redis.call('SET', KEYS[1], ARGV[2])
end
return 1
`)

// StateStore keeps each chat's conversation.State as JSON with a TTL. Save is
// a compare-and-set on State.Version, so two replicas handling the same chat
// cannot overwrite each other's work.
type StateStore struct {
	rdb    goredis.UniversalClient
	prefix string
	ttl    time.Duration
	seal   []byte // DOCUMENT_KEY: states are sealed at rest; nil keeps them plain
}

// sealedState is how a sealed state rests in Redis: the version stays
// readable for the compare-and-set script, the rest is AES-256-GCM sealed.
type sealedState struct {
	V      int64  `json:"v"`
	Sealed []byte `json:"sealed"`
}

// Sealed makes the store seal every state it saves with key (DOCUMENT_KEY):
// a state holds form answers — NIK, NIP, names, phone numbers — that must
// not rest in plain text. It returns s.
func (s *StateStore) Sealed(key []byte) *StateStore {
	s.seal = append([]byte(nil), key...)
	return s
}

// stateAAD binds a sealed state to its chat.
func stateAAD(chatID int64) []byte {
	return []byte("posko:state:" + strconv.FormatInt(chatID, 10))
}

// NewStateStore returns a store keeping states under prefix+"state:<chat id>"
// for ttl after their last save (ttl ≤ 0 keeps them forever).
func NewStateStore(rdb goredis.UniversalClient, prefix string, ttl time.Duration) *StateStore {
	return &StateStore{rdb: rdb, prefix: prefix, ttl: ttl}
}

// ErrCorruptState reports a stored state that no longer decodes (say, after
// a release changed its shape). Load returns it with a fresh state whose
// Version (-1) lets Save replace the unreadable one, so the chat is not stuck.
var ErrCorruptState = errors.New("stored conversation state is unreadable")

// Load returns the chat's state, or the zero State (Version 0) when the chat
// has none or it expired.
func (s *StateStore) Load(ctx context.Context, chatID int64) (conversation.State, error) {
	b, err := s.rdb.Get(ctx, s.key(chatID)).Bytes()
	if errors.Is(err, goredis.Nil) {
		return conversation.State{}, nil
	}
	if err != nil {
		return conversation.State{}, fmt.Errorf("load state of chat %d: %w", chatID, err)
	}
	var env sealedState
	if err := json.Unmarshal(b, &env); err == nil && env.Sealed != nil {
		if s.seal == nil {
			return conversation.State{Version: -1}, fmt.Errorf("%w: chat %d: sealed, and no DOCUMENT_KEY to open it", ErrCorruptState, chatID)
		}
		plain, err := sealed.Open(s.seal, env.Sealed, stateAAD(chatID))
		if err != nil {
			return conversation.State{Version: -1}, fmt.Errorf("%w: chat %d: %v", ErrCorruptState, chatID, err)
		}
		b = plain
	}
	var st conversation.State
	if err := json.Unmarshal(b, &st); err != nil {
		return conversation.State{Version: -1}, fmt.Errorf("%w: chat %d: %v", ErrCorruptState, chatID, err)
	}
	return st, nil
}

// Save stores st if the stored version still equals st.Version, and returns
// it as stored, with Version incremented. If the state changed since it was
// loaded it returns conversation.ErrConflict and stores nothing.
func (s *StateStore) Save(ctx context.Context, chatID int64, st conversation.State) (conversation.State, error) {
	expected := st.Version
	st.Version++
	b, err := json.Marshal(st)
	if err != nil {
		return conversation.State{}, fmt.Errorf("encode state of chat %d: %w", chatID, err)
	}
	if s.seal != nil {
		b, err = json.Marshal(sealedState{V: st.Version, Sealed: sealed.Seal(s.seal, b, stateAAD(chatID))})
		if err != nil {
			return conversation.State{}, fmt.Errorf("encode state of chat %d: %w", chatID, err)
		}
	}
	ok, err := saveStateScript.Run(ctx, s.rdb, []string{s.key(chatID)}, expected, b, s.ttl.Milliseconds()).Int()
	if err != nil {
		return conversation.State{}, fmt.Errorf("save state of chat %d: %w", chatID, err)
	}
	if ok != 1 {
		return conversation.State{}, fmt.Errorf("save state of chat %d at version %d: %w", chatID, expected, conversation.ErrConflict)
	}
	return st, nil
}

// Delete forgets the chat's state.
func (s *StateStore) Delete(ctx context.Context, chatID int64) error {
	if err := s.rdb.Del(ctx, s.key(chatID)).Err(); err != nil {
		return fmt.Errorf("delete state of chat %d: %w", chatID, err)
	}
	return nil
}

// key is the Redis key of a chat's state.
func (s *StateStore) key(chatID int64) string {
	return s.prefix + "state:" + strconv.FormatInt(chatID, 10)
}
