package bot

import (
	"context"
	"errors"
	"fmt"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"posko/conversation"
)

// ErrRefused marks a configuration Telegram refuses (a wrong token, a webhook
// URL it will not call): retrying cannot help, so the bot stops and says so.
var ErrRefused = errors.New("was refused by Telegram")

// Prepare introduces the bot to Telegram before it starts work: it reads the
// bot's username (getMe), registers the command lists for private chats and
// groups (setMyCommands), and sets the webhook — or deletes it, since long
// polling answers 409 while a webhook is set.
func Prepare(ctx context.Context, api *tgbot.Bot, private, group []conversation.Command, webhookURL, webhookSecret string) (username string, err error) {
	me, err := api.GetMe(ctx)
	if errors.Is(err, tgbot.ErrorUnauthorized) || errors.Is(err, tgbot.ErrorNotFound) {
		return "", fmt.Errorf("TELEGRAM_BOT_TOKEN %w (%v): check the token from @BotFather", ErrRefused, err)
	}
	if err != nil {
		return "", fmt.Errorf("getMe: %w", err)
	}
	scopes := []struct {
		cmds  []conversation.Command
		scope models.BotCommandScope
	}{
		{private, &models.BotCommandScopeAllPrivateChats{}},
		{group, &models.BotCommandScopeAllGroupChats{}},
	}
	for _, s := range scopes {
		cmds := make([]models.BotCommand, len(s.cmds))
		for i, c := range s.cmds {
			cmds[i] = models.BotCommand{Command: c.Command, Description: c.Description}
		}
		if _, err := api.SetMyCommands(ctx, &tgbot.SetMyCommandsParams{Commands: cmds, Scope: s.scope}); err != nil {
			return "", fmt.Errorf("setMyCommands: %w", err)
		}
	}
	if webhookURL != "" {
		_, err = api.SetWebhook(ctx, &tgbot.SetWebhookParams{URL: webhookURL, SecretToken: webhookSecret, AllowedUpdates: AllowedUpdates})
		if errors.Is(err, tgbot.ErrorBadRequest) {
			return "", fmt.Errorf("WEBHOOK_URL %w (%v): it must be a public HTTPS address", ErrRefused, err)
		}
		if err != nil {
			return "", fmt.Errorf("setWebhook: %w", err)
		}
	} else if _, err := api.DeleteWebhook(ctx, &tgbot.DeleteWebhookParams{}); err != nil {
		return "", fmt.Errorf("deleteWebhook: %w", err)
	}
	return me.Username, nil
}
