package bot

import (
	"context"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"posko/bot/telegramtest"
	"posko/storage/redis"
	"posko/storage/redis/redistest"
)

const staffGroup = int64(-1001234567890)

func newMembers(t *testing.T) (*Members, *telegramtest.Server) {
	t.Helper()
	srv := telegramtest.New(t)
	api, err := NewAPI(srv.URL(), telegramtest.Token, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	url, prefix := redistest.New(t)
	rdb, err := redis.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rdb.Close() })
	return NewMembers(api, rdb, prefix), srv
}

func TestMembersStatuses(t *testing.T) {
	ctx := context.Background()
	m, srv := newMembers(t)
	tests := []struct {
		status string
		want   bool
	}{
		{"creator", true},
		{"administrator", true},
		{"member", true},
		{"restricted", true}, // the fake's restricted users are still members (is_member)
		{"left", false},
		{"kicked", false},
	}
	for i, tt := range tests {
		t.Run(tt.status, func(t *testing.T) {
			user := int64(9100 + i)
			srv.SetMember(staffGroup, user, tt.status)
			got, err := m.IsMember(ctx, staffGroup, user)
			if err != nil {
				t.Fatalf("IsMember: %v", err)
			}
			if got != tt.want {
				t.Errorf("IsMember for %s = %v, want %v", tt.status, got, tt.want)
			}
		})
	}
}

func TestIsMemberRestricted(t *testing.T) {
	tests := []struct {
		name string
		cm   *models.ChatMember
		want bool
	}{
		{"restricted, still a member", &models.ChatMember{Type: models.ChatMemberTypeRestricted, Restricted: &models.ChatMemberRestricted{IsMember: true}}, true},
		{"restricted, not a member", &models.ChatMember{Type: models.ChatMemberTypeRestricted, Restricted: &models.ChatMemberRestricted{IsMember: false}}, false},
		{"no answer", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isMember(tt.cm); got != tt.want {
				t.Errorf("isMember = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestMembersCache(t *testing.T) {
	ctx := context.Background()
	m, srv := newMembers(t)
	const officer, outsider = int64(9201), int64(9202)
	srv.SetMember(staffGroup, officer, "member")
	srv.SetMember(staffGroup, outsider, "left")

	for range 3 {
		if ok, err := m.IsMember(ctx, staffGroup, officer); err != nil || !ok {
			t.Fatalf("officer: %v %v", ok, err)
		}
		if ok, err := m.IsMember(ctx, staffGroup, outsider); err != nil || ok {
			t.Fatalf("outsider: %v %v", ok, err)
		}
	}
	if n := srv.Count("getChatMember"); n != 2 {
		t.Errorf("%d getChatMember calls for 6 presses by 2 users, want 2", n)
	}
	req := srv.Requests("getChatMember")[0]
	if req.Int("chat_id") != staffGroup || req.Int("user_id") != officer {
		t.Errorf("getChatMember asked about %d in %d", req.Int("user_id"), req.Int("chat_id"))
	}
	for _, c := range []struct {
		user int64
		max  time.Duration
	}{{officer, memberTTL}, {outsider, nonMemberTTL}} {
		ttl, err := m.rdb.TTL(ctx, m.key(staffGroup, c.user)).Result()
		if err != nil || ttl <= 0 || ttl > c.max {
			t.Errorf("cache entry of %d lives %v (%v), want at most %v", c.user, ttl, err, c.max)
		}
	}

	t.Run("forgotten: asked again", func(t *testing.T) {
		srv.SetMember(staffGroup, officer, "left")
		if err := m.Forget(ctx, staffGroup, officer); err != nil {
			t.Fatal(err)
		}
		if ok, err := m.IsMember(ctx, staffGroup, officer); err != nil || ok {
			t.Errorf("after leaving and Forget: %v %v, want not a member", ok, err)
		}
		if n := srv.Count("getChatMember"); n != 3 {
			t.Errorf("%d getChatMember calls, want 3", n)
		}
	})
	t.Run("another chat is another question", func(t *testing.T) {
		if _, err := m.IsMember(ctx, staffGroup-1, outsider); err != nil {
			t.Fatal(err)
		}
		if n := srv.Count("getChatMember"); n != 4 {
			t.Errorf("%d getChatMember calls, want 4", n)
		}
	})
}

func TestMembersFaults(t *testing.T) {
	ctx := context.Background()
	m, srv := newMembers(t)
	const user = int64(9301)
	srv.FailNext("getChatMember", 1, 500, 0)
	if ok, err := m.IsMember(ctx, staffGroup, user); err == nil || ok {
		t.Fatalf("a 500 from Telegram gave %v, %v; want an error", ok, err)
	}
	// The fault was not remembered: the next press asks again.
	if ok, err := m.IsMember(ctx, staffGroup, user); err != nil || !ok {
		t.Errorf("after the fault: %v, %v; want a member", ok, err)
	}

	t.Run("redis unreachable", func(t *testing.T) {
		_ = m.rdb.Close()
		if _, err := m.IsMember(ctx, staffGroup, user+1); err == nil {
			t.Error("IsMember with Redis closed answered without error")
		}
	})
}

func TestMembersIsAdmin(t *testing.T) {
	ctx := context.Background()
	m, srv := newMembers(t)
	tests := []struct {
		status string
		want   bool
	}{
		{"creator", true},
		{"administrator", true},
		{"member", false},
		{"restricted", false},
		{"left", false},
		{"kicked", false},
	}
	for i, tt := range tests {
		t.Run(tt.status, func(t *testing.T) {
			user := int64(9400 + i)
			srv.SetMember(staffGroup, user, tt.status)
			got, err := m.IsAdmin(ctx, staffGroup, user)
			if err != nil {
				t.Fatalf("IsAdmin: %v", err)
			}
			if got != tt.want {
				t.Errorf("IsAdmin for %s = %v, want %v", tt.status, got, tt.want)
			}
		})
	}
}

func TestMembersIsAdminCache(t *testing.T) {
	ctx := context.Background()
	m, srv := newMembers(t)
	const admin, plain = int64(9501), int64(9502)
	srv.SetMember(staffGroup, admin, "administrator")
	srv.SetMember(staffGroup, plain, "member")

	for range 3 {
		if ok, err := m.IsAdmin(ctx, staffGroup, admin); err != nil || !ok {
			t.Fatalf("admin: %v %v", ok, err)
		}
		if ok, err := m.IsAdmin(ctx, staffGroup, plain); err != nil || ok {
			t.Fatalf("plain member: %v %v", ok, err)
		}
	}
	if n := srv.Count("getChatMember"); n != 2 {
		t.Errorf("%d getChatMember calls for 6 questions about 2 users, want 2", n)
	}
	// The member cache is a separate answer: a plain member is still a member.
	if ok, err := m.IsMember(ctx, staffGroup, plain); err != nil || !ok {
		t.Errorf("IsMember of the plain member after IsAdmin: %v %v", ok, err)
	}
	ttl, err := m.rdb.TTL(ctx, m.adminKey(staffGroup, admin)).Result()
	if err != nil || ttl <= 0 || ttl > adminTTL {
		t.Errorf("admin cache entry lives %v (%v), want at most %v", ttl, err, adminTTL)
	}

	t.Run("demoted and forgotten: asked again", func(t *testing.T) {
		srv.SetMember(staffGroup, admin, "member")
		if err := m.Forget(ctx, staffGroup, admin); err != nil {
			t.Fatal(err)
		}
		if ok, err := m.IsAdmin(ctx, staffGroup, admin); err != nil || ok {
			t.Errorf("after demotion and Forget: %v %v, want not an admin", ok, err)
		}
	})
	t.Run("fault", func(t *testing.T) {
		srv.FailNext("getChatMember", 1, 500, 0)
		if ok, err := m.IsAdmin(ctx, staffGroup, 9503); err == nil || ok {
			t.Errorf("a 500 from Telegram gave %v, %v; want an error", ok, err)
		}
	})
}
