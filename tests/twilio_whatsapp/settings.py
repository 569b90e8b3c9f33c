"""The channel's settings pointed at a local Messages API (tests/twilio_whatsapp/fake_twilio.py)."""

from __future__ import annotations

from channels.twilio_whatsapp.config import TwilioSettings, settings_from_environment
from tests.twilio_whatsapp.fake_twilio import ACCOUNT_SID, AUTH_TOKEN, WHATSAPP_NUMBER, FakeTwilio


def settings_for(twilio: FakeTwilio, public_url: str = "https://luna.example.org") -> TwilioSettings:
    return settings_from_environment({
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN, "TWILIO_WHATSAPP_NUMBER": WHATSAPP_NUMBER,
        "TWILIO_API_BASE_URL": twilio.url, "LUNA_PUBLIC_URL": public_url,
    })
