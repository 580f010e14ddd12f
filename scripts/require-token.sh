#!/usr/bin/env bash
# require-token.sh fails, explaining how to get one, when TELEGRAM_BOT_TOKEN is
# unset. `make run` calls it before building or starting anything.
set -euo pipefail

if [ -n "${TELEGRAM_BOT_TOKEN:-}" ]; then
	exit 0
fi
cat >&2 <<'MSG'
TELEGRAM_BOT_TOKEN is not set, so the bot cannot start.

To get a token:
  1. In Telegram, open a chat with @BotFather (https://t.me/BotFather).
  2. Send /newbot, then pick a display name and a username ending in "bot".
  3. BotFather replies with a token like 123456789:AAH...; keep it secret.

Then run:
  TELEGRAM_BOT_TOKEN='<token>' make run
(or export it in your shell; never commit it to git).
MSG
exit 1
