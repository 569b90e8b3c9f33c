"""The channel's own replies (channels/twilio_whatsapp/replies.yml)."""

from __future__ import annotations

from channels.twilio_whatsapp.replies import media_reply, reply


def test_every_kind_of_attachment_has_its_own_kind_answer():
    kinds = ["image", "sticker", "audio", "video", "contact", "document"]
    answers = [media_reply(kind) for kind in kinds]
    assert len(set(answers)) == len(kinds) and all(answers)
    assert media_reply("something new") == media_reply("document")


def test_the_menu_lines():
    assert reply("menu_heading") == "Reply with a number:"
    assert "7" in reply("menu_out_of_range", number="7")
    assert "try again" in reply("failure")
