"""The Telegram channel's settings from the environment (channels/telegram/config.py):
values Telegram would refuse are refused at start, with the variable named."""

from __future__ import annotations

import pytest

from channels.telegram.config import (
    OFFICIAL_API_ROOT,
    TelegramSettingsError,
    is_public_https,
    settings_from_environment,
)

TOKEN = "123456789:AAFakeTokenForLunaTests_abcdefghijk"


def test_nothing_set_means_the_channel_is_off_and_talks_to_the_official_api():
    settings = settings_from_environment({})
    assert not settings.enabled
    assert (settings.token, settings.secret_token, settings.webhook_url, settings.public_url) == ("", "", "", "")
    assert settings.api_root == OFFICIAL_API_ROOT == "https://api.telegram.org"
    assert settings.base_url == "https://api.telegram.org/bot"
    assert settings.base_file_url == "https://api.telegram.org/file/bot"
    assert not settings.polling and not settings.pictures_by_url


def test_a_full_setting_is_read_trimmed():
    settings = settings_from_environment({
        "TELEGRAM_TOKEN": f"  {TOKEN}\n",
        "TELEGRAM_SECRET_TOKEN": " s3cret_Value-42 ",
        "TELEGRAM_WEBHOOK_URL": " https://luna.example.com/webhooks/telegram/webhook ",
        "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/",
        "TELEGRAM_POLLING": " Yes ",
        "LUNA_PUBLIC_URL": "https://luna.example.com",
    })
    assert settings.enabled and settings.token == TOKEN
    assert settings.secret_token == "s3cret_Value-42"
    assert settings.webhook_url == "https://luna.example.com/webhooks/telegram/webhook"
    assert settings.base_url == "http://127.0.0.1:8081/bot"  # the trailing slash does not double
    assert settings.polling and settings.pictures_by_url


@pytest.mark.parametrize("value, polling", [("1", True), ("true", True), ("TRUE", True), ("0", False),
                                            ("no", False), ("", False), ("on", False)])
def test_polling_is_on_only_when_asked_for(value, polling):
    assert settings_from_environment({"TELEGRAM_POLLING": value}).polling is polling


@pytest.mark.parametrize("token", [
    "not-a-token",
    "123456789",
    "1234:AAFakeTokenForLunaTests_abcdefghijk",  # the bot id is too short
    "123456789:short",
    "123456789:AAFake Token For Luna Tests abcdefghijk",
    "bot123456789:AAFakeTokenForLunaTests_abcdefghijk",
])
def test_a_token_botfather_would_not_give_is_refused(token):
    with pytest.raises(TelegramSettingsError, match="TELEGRAM_TOKEN"):
        settings_from_environment({"TELEGRAM_TOKEN": token})


@pytest.mark.parametrize("secret", ["with space", "semi;colon", "ü-umlaut", "x" * 257, "a/b"])
def test_a_secret_telegram_would_refuse_is_refused(secret):
    with pytest.raises(TelegramSettingsError, match="TELEGRAM_SECRET_TOKEN"):
        settings_from_environment({"TELEGRAM_TOKEN": TOKEN, "TELEGRAM_SECRET_TOKEN": secret})


def test_the_longest_secret_telegram_takes_is_taken():
    assert settings_from_environment({"TELEGRAM_SECRET_TOKEN": "A-z_0" * 51 + "9"}).secret_token == "A-z_0" * 51 + "9"


@pytest.mark.parametrize("root", ["api.telegram.org", "ftp://api.telegram.org", "127.0.0.1:8081", "//x"])
def test_an_api_root_that_is_not_http_is_refused(root):
    with pytest.raises(TelegramSettingsError, match="TELEGRAM_API_BASE_URL"):
        settings_from_environment({"TELEGRAM_API_BASE_URL": root})


def test_a_settings_error_is_a_value_error():
    assert issubclass(TelegramSettingsError, ValueError)


@pytest.mark.parametrize("url, public", [
    ("https://luna.example.com", True),
    ("https://luna.example.com:8443/charts", True),
    ("https://8.8.8.8/charts", True),
    ("http://luna.example.com", False),
    ("https://localhost", False),
    ("https://charts.localhost", False),
    ("https://127.0.0.1", False),
    ("https://10.0.0.5", False),
    ("https://192.168.1.2", False),
    ("https://172.16.4.2", False),
    ("https://[::1]", False),
    ("https://[fd00::5]", False),
    ("https://luna.local", False),
    ("https://actions.internal", False),
    ("https://actions", False),  # a bare name: only resolvable inside a network
    ("", False),
])
def test_telegram_can_fetch_pictures_only_from_public_https(url, public):
    assert is_public_https(url) is public
    assert settings_from_environment({"LUNA_PUBLIC_URL": url}).pictures_by_url is public
