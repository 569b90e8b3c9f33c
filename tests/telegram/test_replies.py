"""The channel's own replies (channels/telegram/replies.yml): one for every attachment Luna
cannot read, and the texts the channel sends itself, each fitting one Telegram message."""

from __future__ import annotations

import pytest

from channels.messaging.text import MAX_TEXT
from channels.telegram.replies import media_reply, reply
from channels.telegram.updates import MEDIA_KINDS


@pytest.mark.parametrize("kind", MEDIA_KINDS)
def test_every_attachment_luna_cannot_read_has_its_own_reply(kind):
    text = media_reply(kind)
    assert text.strip() and len(text) <= MAX_TEXT
    if kind != "document":
        assert text != media_reply("document"), f"{kind} falls back to the document's reply"


def test_an_attachment_without_a_reply_gets_the_document_s():
    assert media_reply("giveaway") == media_reply("document")
    assert media_reply("") == media_reply("document")


def test_the_unknown_command_reply_names_the_command_as_typed():
    text = reply("unknown_command", command="/foo{bar}")
    assert text.startswith("I don't know /foo{bar}.")
    assert "/kundli" in text and "/help" in text


@pytest.mark.parametrize("key", ["caption_follows", "edited", "expired_button", "failure"])
def test_the_channel_s_own_texts_are_one_message_each(key):
    text = reply(key)
    assert text.strip() and "{" not in text and len(text) <= MAX_TEXT
