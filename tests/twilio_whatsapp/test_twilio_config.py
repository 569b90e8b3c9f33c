"""The channel's settings from the environment (channels/twilio_whatsapp/config.py)."""

from __future__ import annotations

import pytest

from channels.twilio_whatsapp.config import TwilioSettingsError, settings_from_environment
from tests.twilio_whatsapp.fake_twilio import ACCOUNT_SID, AUTH_TOKEN

COMPLETE = {"TWILIO_ACCOUNT_SID": ACCOUNT_SID, "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "TWILIO_WHATSAPP_NUMBER": "whatsapp:+14155238886"}


def test_without_the_variables_the_channel_is_off():
    assert not settings_from_environment({}).enabled
    assert not settings_from_environment({**COMPLETE, "TWILIO_AUTH_TOKEN": ""}).enabled


def test_with_them_it_posts_to_the_official_messages_api():
    settings = settings_from_environment(COMPLETE)
    assert settings.enabled
    assert settings.messages_url == f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"


def test_a_number_without_its_whatsapp_prefix_gets_it():
    settings = settings_from_environment({**COMPLETE, "TWILIO_WHATSAPP_NUMBER": "+1 415 523 8886"})
    assert settings.whatsapp_number == "whatsapp:+14155238886"


@pytest.mark.parametrize("variable, value", [("TWILIO_ACCOUNT_SID", "SK0123"),
                                             ("TWILIO_WHATSAPP_NUMBER", "14155238886"),
                                             ("TWILIO_API_BASE_URL", "api.twilio.com")])
def test_values_twilio_would_refuse_are_refused_at_start(variable, value):
    with pytest.raises(TwilioSettingsError):
        settings_from_environment({**COMPLETE, variable: value})


@pytest.mark.parametrize("public_url, by_url", [("https://luna.example.org", True), ("http://luna.example.org", False),
                                                ("http://127.0.0.1:5055", False), ("https://localhost", False)])
def test_pictures_go_by_url_only_from_a_public_https_address(public_url, by_url):
    assert settings_from_environment({**COMPLETE, "LUNA_PUBLIC_URL": public_url}).pictures_by_url is by_url
