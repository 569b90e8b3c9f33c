"""Telegram's side of the channel, set up from the command line:

    python -m channels.telegram.admin set-webhook [--drop-pending]   # make telegram-set-webhook
    python -m channels.telegram.admin delete-webhook [--drop-pending]
    python -m channels.telegram.admin info                            # make telegram-info

set-webhook points Telegram at TELEGRAM_WEBHOOK_URL with TELEGRAM_SECRET_TOKEN and the update
kinds the channel reads, then lists the bot's commands in Telegram's menu. Neither the token
nor the secret is ever printed; failures are one readable line and exit code 1.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import warnings
from collections.abc import Awaitable, Callable
from datetime import timedelta
from urllib.parse import urlsplit

import telegram
from telegram.error import Forbidden, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning

from channels.telegram.commands import COMMANDS
from channels.telegram.config import ALLOWED_UPDATES, TelegramSettings, TelegramSettingsError, settings_from_environment

# Telegram's default; Luna's webhook answers quickly and queues the work.
MAX_CONNECTIONS = 40


class AdminError(Exception):
    """What went wrong, in words for the person at the terminal."""


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # PTB 22 announces that retry_after will become a timedelta; a terminal user has no use for it.
    warnings.filterwarnings("ignore", category=PTBDeprecationWarning)
    try:
        settings = settings_from_environment()
        if not settings.token:
            raise AdminError("TELEGRAM_TOKEN is not set: give the bot's token from @BotFather.")
        action = ACTIONS[args.command]
        asyncio.run(action(settings, args))
    except (AdminError, TelegramSettingsError) as exc:
        _fail(str(exc))
        return 1
    except TelegramError as exc:
        _fail(_explain(exc, settings))
        return 1
    return 0


async def set_webhook(settings: TelegramSettings, args: argparse.Namespace) -> None:
    url = settings.webhook_url
    if not url:
        raise AdminError("TELEGRAM_WEBHOOK_URL is not set: the public https address of /webhooks/telegram/webhook.")
    if urlsplit(url).scheme != "https":
        raise AdminError("TELEGRAM_WEBHOOK_URL must start with https://: Telegram delivers updates only over HTTPS.")
    if not settings.secret_token:
        raise AdminError(
            "TELEGRAM_SECRET_TOKEN is not set: without it anyone who finds the webhook address could post "
            "messages in any user's name, so Luna's webhook refuses every call. Set it (1-256 characters "
            "of A-Z, a-z, 0-9, _ and -) and run this again."
        )
    async with _bot(settings) as bot:
        _print_bot(bot)
        await bot.set_webhook(
            url=url,
            secret_token=settings.secret_token,
            allowed_updates=list(ALLOWED_UPDATES),
            max_connections=MAX_CONNECTIONS,
            drop_pending_updates=args.drop_pending,
        )
        print(f"Webhook set: {url}")
        print(f"  updates: {', '.join(ALLOWED_UPDATES)}")
        print(f"  at most {MAX_CONNECTIONS} connections at once")
        print("  secret token: set (Telegram sends it with every update)")
        print(f"  waiting updates: {'dropped' if args.drop_pending else 'kept, delivered next'}")
        await bot.set_my_commands([telegram.BotCommand(c.name, c.description) for c in COMMANDS])
        print(f"Commands in Telegram's menu ({len(COMMANDS)}): " + ", ".join(f"/{c.name}" for c in COMMANDS))


async def delete_webhook(settings: TelegramSettings, args: argparse.Namespace) -> None:
    async with _bot(settings) as bot:
        _print_bot(bot)
        await bot.delete_webhook(drop_pending_updates=args.drop_pending)
        print("Webhook deleted: Telegram keeps updates until they are fetched with getUpdates (make telegram-polling).")
        print(f"  waiting updates: {'dropped' if args.drop_pending else 'kept'}")


async def info(settings: TelegramSettings, args: argparse.Namespace) -> None:
    async with _bot(settings) as bot:
        _print_bot(bot)
        webhook = await bot.get_webhook_info()
        commands = await bot.get_my_commands()
    if webhook.url:
        print(f"Webhook: {webhook.url}")
        if settings.webhook_url and webhook.url != settings.webhook_url:
            print(f"  (TELEGRAM_WEBHOOK_URL here is {settings.webhook_url})")
    else:
        print("Webhook: none (updates wait to be fetched with getUpdates)")
    print(f"  pending updates: {webhook.pending_update_count}")
    if webhook.allowed_updates:
        print(f"  updates: {', '.join(webhook.allowed_updates)}")
    if webhook.max_connections:
        print(f"  at most {webhook.max_connections} connections at once")
    if webhook.last_error_date:
        print(f"  last error: {webhook.last_error_date:%Y-%m-%d %H:%M:%S} UTC: {webhook.last_error_message}")
    else:
        print("  last error: none")
    print(f"Commands in Telegram's menu ({len(commands)}):")
    for command in commands:
        print(f"  /{command.command}: {command.description}")
    expected = [(c.name, c.description) for c in COMMANDS]
    if [(c.command, c.description) for c in commands] != expected:
        print("  (not the commands in channels/telegram/commands.py: run make telegram-set-webhook)")


ACTIONS: dict[str, Callable[[TelegramSettings, argparse.Namespace], Awaitable[None]]] = {
    "set-webhook": set_webhook,
    "delete-webhook": delete_webhook,
    "info": info,
}


def _bot(settings: TelegramSettings) -> telegram.Bot:
    return telegram.Bot(settings.token, base_url=settings.base_url, base_file_url=settings.base_file_url)


def _print_bot(bot: telegram.Bot) -> None:
    print(f"Bot: @{bot.username} ({bot.first_name}, id {bot.id})")


def _explain(exc: TelegramError, settings: TelegramSettings) -> str:
    if isinstance(exc, InvalidToken):
        reason = "Telegram refused the token (TELEGRAM_TOKEN): check it with @BotFather, it may have been revoked."
    elif isinstance(exc, RetryAfter):
        wait = exc.retry_after
        seconds = int(wait.total_seconds()) if isinstance(wait, timedelta) else wait
        reason = f"Telegram asks to wait {seconds} seconds before the next call; try again then."
    elif isinstance(exc, NetworkError):  # also TimedOut
        reason = f"Could not reach the Telegram Bot API at {settings.api_root}: {exc.message}"
    elif isinstance(exc, Forbidden):
        reason = f"Telegram refused the call: {exc.message}"
    else:
        reason = f"Telegram answered: {exc.message}"
    return _without_secrets(reason, settings)


def _without_secrets(text: str, settings: TelegramSettings) -> str:
    for secret in (settings.token, settings.secret_token):
        if secret:
            text = text.replace(secret, "***")
    return text


def _fail(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m channels.telegram.admin", description="Set up Luna's bot on Telegram's side."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    setting = commands.add_parser("set-webhook", help="deliver updates to TELEGRAM_WEBHOOK_URL; set the command menu")
    deleting = commands.add_parser("delete-webhook", help="stop webhook delivery (for getUpdates polling)")
    for command in (setting, deleting):
        command.add_argument(
            "--drop-pending", action="store_true", help="drop the updates Telegram is holding for the bot"
        )
    commands.add_parser("info", help="the bot, its webhook and its command menu as Telegram has them")
    return parser


if __name__ == "__main__":
    sys.exit(main())
