"""A local Twilio Messages API, one per test, and the channel's settings pointed at it."""

from __future__ import annotations

import pytest

from channels.twilio_whatsapp.config import settings_from_environment
from tests.twilio_whatsapp.fake_twilio import ACCOUNT_SID, AUTH_TOKEN, WHATSAPP_NUMBER, FakeTwilio


@pytest.fixture
def twilio():
    with FakeTwilio() as server:
        yield server


def settings_for(twilio: FakeTwilio, public_url: str = "https://luna.example.org"):
    return settings_from_environment({
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN, "TWILIO_WHATSAPP_NUMBER": WHATSAPP_NUMBER,
        "TWILIO_API_BASE_URL": twilio.url, "LUNA_PUBLIC_URL": public_url,
    })
