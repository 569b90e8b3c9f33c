"""The WhatsApp channel's settings (channels/whatsapp/config.py)."""

from __future__ import annotations

import pytest

from channels.whatsapp.config import OFFICIAL_API_ROOT, WhatsAppSettingsError, settings_from_environment


def test_without_a_token_the_channel_is_off_and_nothing_else_is_needed():
    settings = settings_from_environment({})
    assert not settings.enabled
    assert settings.api_root == OFFICIAL_API_ROOT and settings.template_language == "en"


def test_a_full_configuration():
    settings = settings_from_environment({
        "WHATSAPP_ACCESS_TOKEN": "EAAG", "WHATSAPP_PHONE_NUMBER_ID": "106540352242922",
        "WHATSAPP_APP_SECRET": "s", "WHATSAPP_VERIFY_TOKEN": "v", "WHATSAPP_API_BASE_URL": "http://127.0.0.1:9/v21.0/",
        "WHATSAPP_TEMPLATE_NAME": "luna_reminder", "WHATSAPP_TEMPLATE_LANGUAGE": "hi", "WHATSAPP_TEMPLATE_TEXT": "1",
        "LUNA_PUBLIC_URL": "https://luna.example.org"})
    assert settings.messages_url == "http://127.0.0.1:9/v21.0/106540352242922/messages"
    assert settings.media_url.endswith("/106540352242922/media")
    assert settings.template_with_text and settings.pictures_by_link


@pytest.mark.parametrize(("name", "value"), [("WHATSAPP_PHONE_NUMBER_ID", "+91 98123 45678"),
                                             ("WHATSAPP_API_BASE_URL", "graph.facebook.com"),
                                             ("WHATSAPP_TEMPLATE_NAME", "Luna Reminder")])
def test_values_the_graph_api_would_refuse_are_refused_at_start(name, value):
    environ = {"WHATSAPP_ACCESS_TOKEN": "EAAG", "WHATSAPP_PHONE_NUMBER_ID": "106540352242922", name: value}
    with pytest.raises(WhatsAppSettingsError):
        settings_from_environment(environ)


def test_a_local_public_url_means_uploading_pictures():
    assert not settings_from_environment({"LUNA_PUBLIC_URL": "http://127.0.0.1:5055"}).pictures_by_link
