"""A local Telegram Bot API server, one per test, and the recorded update payloads."""

from __future__ import annotations

import pytest

from tests.telegram import update_payloads
from tests.telegram.fake_bot_api import FakeBotApi


@pytest.fixture
def bot_api():
    with FakeBotApi() as server:
        yield server


@pytest.fixture
def load_update():
    """load_update(name, update_id=, text=, chat_id=, user_id=) -> a fresh copy of updates/<name>.json."""
    return update_payloads.load_update
