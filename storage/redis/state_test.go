package redis_test

import (
	"bytes"
	"errors"
	"sync"
	"testing"
	"time"

	"posko/conversation"
	"posko/storage/redis"
)

func TestStateStoreLoadMissing(t *testing.T) {
	rdb, prefix := newClient(t)
	s := redis.NewStateStore(rdb, prefix, time.Hour)
	st, err := s.Load(t.Context(), 7)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if st.Version != 0 || st.Form != nil || st.LastUpdateID != 0 {
		t.Errorf("Load of a new chat = %+v, want the zero State", st)
	}
}

func TestStateStoreSave(t *testing.T) {
	tests := []struct {
		name        string
		saves       int   // successful saves before the one under test
		version     int64 // Version of the state being saved
		wantVersion int64 // 0: want ErrConflict
	}{
		{name: "first save of a new chat", saves: 0, version: 0, wantVersion: 1},
		{name: "save after the loaded version", saves: 2, version: 2, wantVersion: 3},
		{name: "stale version", saves: 2, version: 1, wantVersion: 0},
		{name: "version from nowhere on a new chat", saves: 0, version: 5, wantVersion: 0},
		{name: "version ahead of the stored one", saves: 1, version: 2, wantVersion: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rdb, prefix := newClient(t)
			s := redis.NewStateStore(rdb, prefix, time.Hour)
			const chat = 1001
			for i := range tt.saves {
				if _, err := s.Save(t.Context(), chat, conversation.State{Version: int64(i), LastUpdateID: int64(i)}); err != nil {
					t.Fatalf("setup save %d: %v", i, err)
				}
			}

			in := conversation.State{
				Version:      tt.version,
				LastUpdateID: 987654321012,
				UpdatedAt:    time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC),
				Form: &conversation.FormState{Flow: "admin", Session: "ab12", Step: 2,
					Answers: map[string]conversation.Answer{"nip": {Value: "199001012015031001"}}},
			}
			got, err := s.Save(t.Context(), chat, in)
			loaded, lerr := s.Load(t.Context(), chat)
			if lerr != nil {
				t.Fatalf("Load: %v", lerr)
			}

			if tt.wantVersion == 0 {
				if !errors.Is(err, conversation.ErrConflict) {
					t.Fatalf("Save error = %v, want ErrConflict", err)
				}
				if loaded.Version != int64(tt.saves) || loaded.Form != nil {
					t.Errorf("stored state after conflict = %+v, want version %d untouched", loaded, tt.saves)
				}
				return
			}
			if err != nil {
				t.Fatalf("Save: %v", err)
			}
			if got.Version != tt.wantVersion || loaded.Version != tt.wantVersion {
				t.Errorf("versions: returned %d, stored %d; want %d", got.Version, loaded.Version, tt.wantVersion)
			}
			if loaded.LastUpdateID != in.LastUpdateID || !loaded.UpdatedAt.Equal(in.UpdatedAt) ||
				loaded.Form == nil || loaded.Form.Step != 2 || loaded.Form.Answers["nip"].Value != "199001012015031001" {
				t.Errorf("stored state = %+v, want the saved fields", loaded)
			}
			if ttl := rdb.PTTL(t.Context(), prefix+"state:1001").Val(); ttl <= 0 || ttl > time.Hour {
				t.Errorf("TTL = %v, want (0, 1h]", ttl)
			}
		})
	}
}

func TestStateStoreConcurrentSavers(t *testing.T) {
	rdb, prefix := newClient(t)
	s := redis.NewStateStore(rdb, prefix, time.Minute)
	const chat = -100777
	base, err := s.Save(t.Context(), chat, conversation.State{})
	if err != nil {
		t.Fatalf("Save: %v", err)
	}

	const savers = 8
	errs := make([]error, savers)
	var wg sync.WaitGroup
	for i := range savers {
		wg.Go(func() {
			st := base
			st.LastUpdateID = int64(100 + i)
			_, errs[i] = s.Save(t.Context(), chat, st)
		})
	}
	wg.Wait()

	winner, wins := -1, 0
	for i, err := range errs {
		switch {
		case err == nil:
			winner, wins = i, wins+1
		case !errors.Is(err, conversation.ErrConflict):
			t.Errorf("saver %d: %v, want nil or ErrConflict", i, err)
		}
	}
	if wins != 1 {
		t.Fatalf("%d savers won, want exactly 1", wins)
	}
	got, err := s.Load(t.Context(), chat)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got.Version != 2 || got.LastUpdateID != int64(100+winner) {
		t.Errorf("stored = version %d, last update %d; want 2, %d (the winner's)", got.Version, got.LastUpdateID, 100+winner)
	}
}

func TestStateStoreDelete(t *testing.T) {
	rdb, prefix := newClient(t)
	s := redis.NewStateStore(rdb, prefix, time.Minute)
	if _, err := s.Save(t.Context(), 5, conversation.State{LastUpdateID: 9}); err != nil {
		t.Fatalf("Save: %v", err)
	}
	if err := s.Delete(t.Context(), 5); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	st, err := s.Load(t.Context(), 5)
	if err != nil || st.Version != 0 || st.LastUpdateID != 0 {
		t.Errorf("Load after Delete = %+v, %v; want the zero State", st, err)
	}
	if _, err := s.Save(t.Context(), 5, st); err != nil {
		t.Errorf("Save from version 0 after Delete: %v", err)
	}
}

func TestStateStoreReplacesUnreadableState(t *testing.T) {
	rdb, prefix := newClient(t)
	ctx := t.Context()
	s := redis.NewStateStore(rdb, prefix, time.Hour)
	if err := rdb.Set(ctx, prefix+"state:42", `{"v":3,"form":"not an object"`, 0).Err(); err != nil {
		t.Fatal(err)
	}
	st, err := s.Load(ctx, 42)
	if !errors.Is(err, redis.ErrCorruptState) {
		t.Fatalf("Load of an unreadable state: err = %v, want ErrCorruptState", err)
	}
	st.LastUpdateID = 9
	saved, err := s.Save(ctx, 42, st)
	if err != nil {
		t.Fatalf("Save over an unreadable state: %v", err)
	}
	back, err := s.Load(ctx, 42)
	if err != nil || back.LastUpdateID != 9 || back.Version != saved.Version {
		t.Errorf("after replacing: %+v, %v", back, err)
	}
}

func TestStateStoreSealsStates(t *testing.T) {
	rdb, prefix := newClient(t)
	ctx := t.Context()
	key := bytes.Repeat([]byte{9}, 32)
	s := redis.NewStateStore(rdb, prefix, time.Hour).Sealed(key)
	st := conversation.State{Form: &conversation.FormState{Flow: "registrasi",
		Answers: map[string]conversation.Answer{"nik_admin": {Value: "1673011503850003"}}}}
	saved, err := s.Save(ctx, 42, st)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := rdb.Get(ctx, prefix+"state:42").Bytes()
	if err != nil || bytes.Contains(raw, []byte("1673011503850003")) || bytes.Contains(raw, []byte("registrasi")) {
		t.Fatalf("the stored state is readable: %s (%v)", raw, err)
	}
	back, err := s.Load(ctx, 42)
	if err != nil || back.Form == nil || back.Form.Answers["nik_admin"].Value != "1673011503850003" || back.Version != saved.Version {
		t.Fatalf("Load = %+v, %v", back, err)
	}
	// Compare-and-set still works on the sealed form.
	if _, err := s.Save(ctx, 42, conversation.State{Version: 0}); !errors.Is(err, conversation.ErrConflict) {
		t.Errorf("stale save over a sealed state: %v, want ErrConflict", err)
	}
	if _, err := s.Save(ctx, 42, back); err != nil {
		t.Errorf("save at the current version: %v", err)
	}
	// A store without the key cannot read it, and says so.
	if _, err := redis.NewStateStore(rdb, prefix, time.Hour).Load(ctx, 42); !errors.Is(err, redis.ErrCorruptState) {
		t.Errorf("Load without the key: %v, want ErrCorruptState", err)
	}
}
