package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	goredis "github.com/redis/go-redis/v9"

	"posko/conversation"
)

var (
	_ conversation.MemberChecker = (*Members)(nil)
	_ conversation.AdminChecker  = (*Members)(nil)
)

// How long a membership answer is kept. A member stays one for 5 minutes
// after leaving the group; a non-member is asked about again after a
// minute, so an officer just added to the group is not kept out long.
const (
	memberTTL    = 5 * time.Minute
	nonMemberTTL = time.Minute
	// Administrators are asked about only to bind a group to its KPPN, which
	// is rare and grants much: a demoted admin loses the right within a minute.
	adminTTL    = time.Minute
	nonAdminTTL = time.Minute
)

// chatMemberGetter is the Bot API call Members needs (*tgbot.Bot has it).
type chatMemberGetter interface {
	GetChatMember(ctx context.Context, params *tgbot.GetChatMemberParams) (*models.ChatMember, error)
}

// Members tells whether a user is a member of a chat (the KPPN staff
// group) with getChatMember, remembering each answer in Redis for a while
// so a busy group does not cost a Bot API call per button press. It
// implements conversation.MemberChecker and is safe for concurrent use.
type Members struct {
	api    chatMemberGetter
	rdb    goredis.UniversalClient
	prefix string
}

// NewMembers returns a Members asking api (from NewAPI) and caching in rdb
// under keys starting with prefix (REDIS_PREFIX).
func NewMembers(api *tgbot.Bot, rdb goredis.UniversalClient, prefix string) *Members {
	return &Members{api: api, rdb: rdb, prefix: prefix}
}

// IsMember reports whether userID is in chatID: its creator, an
// administrator, a member, or a restricted user who is still a member. A
// failed Bot API call or Redis read is a fault and is returned.
func (m *Members) IsMember(ctx context.Context, chatID, userID int64) (bool, error) {
	key := m.key(chatID, userID)
	cached, err := m.rdb.Get(ctx, key).Result()
	switch {
	case err == nil:
		return cached == "1", nil
	case !errors.Is(err, goredis.Nil):
		return false, fmt.Errorf("membership of %d in %d: cache: %w", userID, chatID, err)
	}
	cm, err := m.api.GetChatMember(ctx, &tgbot.GetChatMemberParams{ChatID: chatID, UserID: userID})
	if err != nil {
		return false, fmt.Errorf("membership of %d in %d: getChatMember: %w", userID, chatID, err)
	}
	member := isMember(cm)
	value, ttl := "0", nonMemberTTL
	if member {
		value, ttl = "1", memberTTL
	}
	// A failed write only costs another getChatMember next time.
	_ = m.rdb.Set(ctx, key, value, ttl).Err()
	return member, nil
}

// IsAdmin reports whether userID administers chatID: its creator or an
// administrator (conversation.AdminChecker: only they may bind a group to
// its KPPN). Answers are remembered like IsMember's, for a shorter time.
func (m *Members) IsAdmin(ctx context.Context, chatID, userID int64) (bool, error) {
	key := m.adminKey(chatID, userID)
	cached, err := m.rdb.Get(ctx, key).Result()
	switch {
	case err == nil:
		return cached == "1", nil
	case !errors.Is(err, goredis.Nil):
		return false, fmt.Errorf("admin status of %d in %d: cache: %w", userID, chatID, err)
	}
	cm, err := m.api.GetChatMember(ctx, &tgbot.GetChatMemberParams{ChatID: chatID, UserID: userID})
	if err != nil {
		return false, fmt.Errorf("admin status of %d in %d: getChatMember: %w", userID, chatID, err)
	}
	admin := cm != nil && (cm.Type == models.ChatMemberTypeOwner || cm.Type == models.ChatMemberTypeAdministrator)
	value, ttl := "0", nonAdminTTL
	if admin {
		value, ttl = "1", adminTTL
	}
	_ = m.rdb.Set(ctx, key, value, ttl).Err()
	return admin, nil
}

// Forget drops the remembered answers (membership and administration) for
// userID in chatID, for when the bot learns that the membership changed (a
// chat_member update).
func (m *Members) Forget(ctx context.Context, chatID, userID int64) error {
	if err := m.rdb.Del(ctx, m.key(chatID, userID), m.adminKey(chatID, userID)).Err(); err != nil {
		return fmt.Errorf("forget membership of %d in %d: %w", userID, chatID, err)
	}
	return nil
}

func (m *Members) key(chatID, userID int64) string {
	return m.prefix + "member:" + strconv.FormatInt(chatID, 10) + ":" + strconv.FormatInt(userID, 10)
}

func (m *Members) adminKey(chatID, userID int64) string {
	return m.prefix + "admin:" + strconv.FormatInt(chatID, 10) + ":" + strconv.FormatInt(userID, 10)
}

// isMember reads a getChatMember answer.
func isMember(cm *models.ChatMember) bool {
	if cm == nil {
		return false
	}
	switch cm.Type {
	case models.ChatMemberTypeOwner, models.ChatMemberTypeAdministrator, models.ChatMemberTypeMember:
		return true
	case models.ChatMemberTypeRestricted:
		return cm.Restricted != nil && cm.Restricted.IsMember
	}
	return false
}
