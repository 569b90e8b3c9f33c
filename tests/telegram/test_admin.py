"""`python -m channels.telegram.admin` run as `make telegram-*` runs it (Rasa's Python, from the
project root) against the local Bot API server: what Telegram is told, what the terminal shows,
and the refusals that happen before any call."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from channels.telegram.commands import COMMANDS

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venvs" / "rasa" / "bin" / "python"
WEBHOOK_URL = "https://luna.example.org/webhooks/telegram/webhook"
SECRET = "Luna-webhook_secret-7f3a9c"
WRONG_TOKEN = "987654321:AAWrongTokenWrongTokenWrongToken12345"

pytestmark = pytest.mark.skipif(not RASA_PYTHON.exists(), reason="needs Rasa's environment (make install)")


def admin(bot_api, *args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {key: value for key, value in os.environ.items() if not key.startswith("TELEGRAM_")}
    environ.update(
        TELEGRAM_TOKEN=bot_api.token,
        TELEGRAM_API_BASE_URL=bot_api.url,
        TELEGRAM_WEBHOOK_URL=WEBHOOK_URL,
        TELEGRAM_SECRET_TOKEN=SECRET,
    )
    environ.update(env)
    return subprocess.run(
        [str(RASA_PYTHON), "-m", "channels.telegram.admin", *args],
        cwd=ROOT, env=environ, capture_output=True, text=True, timeout=60,
    )


def assert_refused(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert all(word in lines[0] for word in words), lines[0]
    assert "Traceback" not in result.stdout + result.stderr


def assert_no_secrets(result: subprocess.CompletedProcess, *secrets: str) -> None:
    output = result.stdout + result.stderr
    assert not any(secret in output for secret in secrets)


def test_set_webhook_tells_telegram_the_url_secret_update_kinds_and_commands(bot_api):
    result = admin(bot_api, "set-webhook", "--drop-pending")
    assert result.returncode == 0, result.stderr
    webhook = bot_api.calls_to("setWebhook")[0]["params"]
    assert webhook == {
        "url": WEBHOOK_URL,
        "secret_token": SECRET,
        "allowed_updates": ["message", "edited_message", "callback_query", "my_chat_member"],
        "max_connections": 40,
        "drop_pending_updates": True,
    }
    menu = bot_api.calls_to("setMyCommands")[0]["params"]["commands"]
    assert menu == [{"command": c.name, "description": c.description} for c in COMMANDS]
    assert len(menu) == 7
    assert f"Webhook set: {WEBHOOK_URL}" in result.stdout and "/start, /help, /kundli" in result.stdout
    assert_no_secrets(result, bot_api.token, SECRET)


def test_info_shows_the_bot_webhook_pending_updates_last_error_and_menu(bot_api, load_update):
    assert admin(bot_api, "set-webhook").returncode == 0
    bot_api.push_update(load_update("text_message"))
    bot_api.push_update(load_update("callback_query"))
    bot_api.set_webhook_error("Wrong response from the webhook: 502 Bad Gateway", date=1764990000)

    result = admin(bot_api, "info")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Bot: @luna_test_bot (Luna, id 123456789)" in out
    assert f"Webhook: {WEBHOOK_URL}" in out
    assert "pending updates: 2" in out
    assert "last error: 2025-12-06 03:00:00 UTC: Wrong response from the webhook: 502 Bad Gateway" in out
    assert "Commands in Telegram's menu (7):" in out and "/delete: Delete everything Luna keeps about you" in out
    assert "not the commands" not in out
    assert_no_secrets(result, bot_api.token, SECRET)


def test_info_without_a_webhook_says_updates_wait_for_polling(bot_api):
    result = admin(bot_api, "info")
    assert result.returncode == 0, result.stderr
    assert "Webhook: none" in result.stdout and "last error: none" in result.stdout
    assert "Commands in Telegram's menu (0):" in result.stdout and "make telegram-set-webhook" in result.stdout


def test_delete_webhook_can_drop_what_telegram_holds(bot_api, load_update):
    assert admin(bot_api, "set-webhook").returncode == 0
    bot_api.push_update(load_update("text_message"))
    result = admin(bot_api, "delete-webhook", "--drop-pending")
    assert result.returncode == 0, result.stderr
    assert bot_api.calls_to("deleteWebhook")[0]["params"] == {"drop_pending_updates": True}
    assert bot_api.webhook == {"url": ""}
    assert "Webhook deleted" in result.stdout and "waiting updates: dropped" in result.stdout


def test_a_token_telegram_does_not_know_is_one_friendly_line(bot_api):
    result = admin(bot_api, "info", TELEGRAM_TOKEN=WRONG_TOKEN)
    assert_refused(result, "Telegram refused the token")
    assert_no_secrets(result, WRONG_TOKEN, SECRET)
    assert [call["status"] for call in bot_api.calls_to("getMe")] == [401]


def test_without_the_secret_set_webhook_is_refused_before_any_call(bot_api):
    result = admin(bot_api, "set-webhook", TELEGRAM_SECRET_TOKEN="")
    assert_refused(result, "TELEGRAM_SECRET_TOKEN is not set", "any user's name")
    assert bot_api.calls == []


def test_an_http_webhook_address_is_refused_before_any_call(bot_api):
    result = admin(bot_api, "set-webhook", TELEGRAM_WEBHOOK_URL="http://luna.example.org/webhooks/telegram/webhook")
    assert_refused(result, "https://", "only over HTTPS")
    assert bot_api.calls == []


@pytest.mark.parametrize("command", ["set-webhook", "delete-webhook", "info"])
def test_without_a_token_nothing_is_called(bot_api, command):
    assert_refused(admin(bot_api, command, TELEGRAM_TOKEN=""), "TELEGRAM_TOKEN is not set")
    assert bot_api.calls == []


def test_an_unreachable_api_is_one_friendly_line(bot_api):
    port = bot_api.server.server_port
    bot_api.stop()  # nothing listens there any more
    result = admin(bot_api, "info", TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{port}")
    assert_refused(result, f"Could not reach the Telegram Bot API at http://127.0.0.1:{port}")
    assert_no_secrets(result, bot_api.token, SECRET)
