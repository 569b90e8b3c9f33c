"""The Telegram channel's settings, read from the environment (secrets never live in
credentials.yml). Plain Python: the channel, the admin commands and the tests share it.

- TELEGRAM_TOKEN: the bot's token from @BotFather. Unset, the channel is off: its webhook
  answers 503 and nothing is sent.
- TELEGRAM_SECRET_TOKEN: the secret Telegram sends in X-Telegram-Bot-Api-Secret-Token with
  every webhook call (given to setWebhook). Unset, the webhook refuses every call: without
  it anyone could post updates in any user's name.
- TELEGRAM_WEBHOOK_URL: the public HTTPS address of /webhooks/telegram/webhook, for
  `make telegram-set-webhook`.
- TELEGRAM_API_BASE_URL: the Bot API root (default the official host); Luna calls
  `<root>/bot<token>/<method>`. Tests point it at a local server.
- TELEGRAM_POLLING: `1` makes the Rasa server fetch updates with getUpdates instead of
  waiting for the webhook (`make telegram-polling`, for a laptop without public HTTPS).
- LUNA_PUBLIC_URL: where chart pictures are served; when it is a public HTTPS address,
  Telegram fetches pictures itself, otherwise Luna uploads them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from channels.messaging.public_url import is_public_https

OFFICIAL_API_ROOT = "https://api.telegram.org"
# The update kinds the channel reads (webhook and long polling); Telegram sends no others.
ALLOWED_UPDATES = ("message", "edited_message", "callback_query", "my_chat_member")
# Telegram's own rule for the secret: 1-256 characters of A-Z, a-z, 0-9, _ and -.
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")
# @BotFather's tokens: the bot's numeric id, a colon, 35 characters.
TOKEN_PATTERN = re.compile(r"\d{5,20}:[A-Za-z0-9_-]{30,60}")


class TelegramSettingsError(ValueError):
    """A Telegram variable is set to something Telegram would refuse."""


@dataclass(frozen=True)
class TelegramSettings:
    token: str
    secret_token: str
    webhook_url: str
    api_root: str
    polling: bool
    public_url: str

    @property
    def enabled(self) -> bool:
        return bool(self.token)

    @property
    def base_url(self) -> str:
        """python-telegram-bot's base_url: the method URL is base_url + token + /method."""
        return f"{self.api_root}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.api_root}/file/bot"

    @property
    def pictures_by_url(self) -> bool:
        """Whether Telegram's servers can fetch chart pictures from LUNA_PUBLIC_URL."""
        return is_public_https(self.public_url)


def settings_from_environment(environ: Mapping[str, str] = os.environ) -> TelegramSettings:
    token = environ.get("TELEGRAM_TOKEN", "").strip()
    secret = environ.get("TELEGRAM_SECRET_TOKEN", "").strip()
    if token and not TOKEN_PATTERN.fullmatch(token):
        raise TelegramSettingsError("TELEGRAM_TOKEN does not look like a bot token from @BotFather (123456:ABC-...).")
    if secret and not SECRET_PATTERN.fullmatch(secret):
        raise TelegramSettingsError(
            "TELEGRAM_SECRET_TOKEN must be 1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule)."
        )
    root = (environ.get("TELEGRAM_API_BASE_URL") or OFFICIAL_API_ROOT).strip().rstrip("/")
    if urlsplit(root).scheme not in ("http", "https"):
        raise TelegramSettingsError("TELEGRAM_API_BASE_URL must be an http(s) address, e.g. https://api.telegram.org")
    return TelegramSettings(
        token=token,
        secret_token=secret,
        webhook_url=environ.get("TELEGRAM_WEBHOOK_URL", "").strip(),
        api_root=root,
        polling=environ.get("TELEGRAM_POLLING", "").strip().lower() in ("1", "true", "yes"),
        public_url=environ.get("LUNA_PUBLIC_URL", "").strip(),
    )

