package telegramtest

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// emojiReaction is one emoji reaction as go-telegram/bot sends it.
func emojiReaction(emoji ...string) []models.ReactionType {
	var out []models.ReactionType
	for _, e := range emoji {
		out = append(out, models.ReactionType{Type: models.ReactionTypeTypeEmoji, ReactionTypeEmoji: &models.ReactionTypeEmoji{Emoji: e}})
	}
	return out
}

func TestSetMessageReaction(t *testing.T) {
	rec := &recorder{TB: t}
	s := New(rec)
	b := newBot(t, s)
	ctx := context.Background()
	const user = 81
	mid := s.MessageIDOf(s.SendText(user, "Halo, saya butuh bantuan"))
	if mid == 0 {
		t.Fatal("MessageIDOf the user's message = 0")
	}
	if got := s.Reactions(user, mid); got != nil {
		t.Errorf("reactions before any = %q", got)
	}
	if ok, err := b.SetMessageReaction(ctx, &bot.SetMessageReactionParams{ChatID: user, MessageID: mid, Reaction: emojiReaction("👌")}); err != nil || !ok {
		t.Fatalf("SetMessageReaction: %v %v", ok, err)
	}
	if got := s.Reactions(user, mid); !slices.Equal(got, []string{"👌"}) {
		t.Errorf("reactions = %q, want 👌", got)
	}
	// A new reaction replaces the bot's earlier one; none removes it.
	if _, err := b.SetMessageReaction(ctx, &bot.SetMessageReactionParams{ChatID: user, MessageID: mid, Reaction: emojiReaction("👍")}); err != nil {
		t.Fatal(err)
	}
	if got := s.Reactions(user, mid); !slices.Equal(got, []string{"👍"}) {
		t.Errorf("reactions after a second = %q, want 👍", got)
	}
	if _, err := b.SetMessageReaction(ctx, &bot.SetMessageReactionParams{ChatID: user, MessageID: mid}); err != nil {
		t.Fatal(err)
	}
	if got := s.Reactions(user, mid); got != nil {
		t.Errorf("reactions after removing = %q", got)
	}
	// A message the chat does not have is Telegram's 400, not a protocol violation.
	_, err := b.SetMessageReaction(ctx, &bot.SetMessageReactionParams{ChatID: user, MessageID: mid + 50, Reaction: emojiReaction("👌")})
	if !errors.Is(err, bot.ErrorBadRequest) || !strings.Contains(err.Error(), "message to react not found") {
		t.Errorf("reaction on a missing message: err = %v", err)
	}
	s.BlockChat(user)
	if _, err := b.SetMessageReaction(ctx, &bot.SetMessageReactionParams{ChatID: user, MessageID: mid, Reaction: emojiReaction("👌")}); !errors.Is(err, bot.ErrorForbidden) {
		t.Errorf("reaction in a chat that blocked the bot: err = %v", err)
	}
	if errs := rec.errors(); len(errs) != 0 {
		t.Errorf("valid requests reported: %q", errs)
	}
}

func TestSetMessageReactionViolations(t *testing.T) {
	const user = 82
	tests := []struct {
		name    string
		call    func(ctx context.Context, b *bot.Bot, s *Server, mid int) error
		wantErr string
	}{
		{
			name: "emoji bots may not use",
			call: func(ctx context.Context, b *bot.Bot, _ *Server, mid int) error {
				_, err := b.SetMessageReaction(ctx, &bot.SetMessageReactionParams{ChatID: user, MessageID: mid, Reaction: emojiReaction("✅")})
				return err
			},
			wantErr: "REACTION_INVALID",
		},
		{
			name: "two reactions",
			call: func(ctx context.Context, b *bot.Bot, _ *Server, mid int) error {
				_, err := b.SetMessageReaction(ctx, &bot.SetMessageReactionParams{ChatID: user, MessageID: mid, Reaction: emojiReaction("👌", "👍")})
				return err
			},
			wantErr: "REACTIONS_TOO_MANY",
		},
		{
			name: "message_id missing",
			call: func(_ context.Context, _ *bot.Bot, s *Server, _ int) error {
				return rawCall(s, "setMessageReaction", url.Values{"chat_id": {"82"}, "reaction": {`[{"type":"emoji","emoji":"👌"}]`}})
			},
			wantErr: `parameter "message_id" is required`,
		},
		{
			name: "reaction not an array",
			call: func(_ context.Context, _ *bot.Bot, s *Server, mid int) error {
				return rawCall(s, "setMessageReaction", url.Values{"chat_id": {"82"}, "message_id": {"1"}, "reaction": {`{"type":"emoji","emoji":"👌"}`}})
			},
			wantErr: "can't parse reaction types",
		},
		{
			name: "parameter api.json does not have",
			call: func(_ context.Context, _ *bot.Bot, s *Server, mid int) error {
				return rawCall(s, "setMessageReaction", url.Values{"chat_id": {"82"}, "message_id": {"1"}, "emoji": {"👌"}})
			},
			wantErr: `unknown parameter "emoji"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{TB: t}
			s := New(rec)
			b := newBot(t, s)
			mid := s.MessageIDOf(s.SendText(user, "Halo"))
			if err := tt.call(context.Background(), b, s, mid); err == nil {
				t.Fatal("the call succeeded, want it refused")
			}
			if errs := rec.errors(); len(errs) != 1 || !hasError(errs, tt.wantErr) {
				t.Errorf("reported %q, want one error containing %q", errs, tt.wantErr)
			}
			if got := s.Reactions(user, mid); got != nil {
				t.Errorf("a refused request set reactions %q", got)
			}
		})
	}
}

func TestReactionEmojiComeFromAPIJSON(t *testing.T) {
	emoji, err := reactionEmoji()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"👌", "👍", "❤", "🔥", "🙏"} {
		if !slices.Contains(emoji, want) {
			t.Errorf("%q missing from the %d reactions read: %q", want, len(emoji), emoji)
		}
	}
	if slices.Contains(emoji, "✅") {
		t.Errorf("✅ is not a reaction")
	}
}
