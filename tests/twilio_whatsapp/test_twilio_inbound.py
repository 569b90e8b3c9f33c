"""Twilio's webhook parameters read into a message (channels/twilio_whatsapp/inbound.py),
from the recorded payload shapes in payloads/."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from channels.twilio_whatsapp.inbound import Kind, media_kind, parse_form, read_webhook
from tests.twilio_whatsapp.fake_twilio import load_payload


def read(form: dict[str, str]):
    return read_webhook(parse_form(urlencode(form).encode()))


def test_a_text_message():
    incoming = read(load_payload("text_message", Body="  namaste luna "))
    assert (incoming.kind, incoming.text, incoming.number) == (Kind.TEXT, "namaste luna", "919812345678")
    assert incoming.sender_id == "twilio-919812345678" and incoming.address == "whatsapp:+919812345678"
    assert incoming.message_sid == "SM0a1b2c3d4e5f60718293a4b5c6d7e8f9"


@pytest.mark.parametrize("name, kind", [("image_message", "image"), ("voice_message", "audio"),
                                        ("sticker_message", "sticker")])
def test_media_without_words(name, kind):
    incoming = read(load_payload(name))
    assert incoming.kind is Kind.MEDIA and incoming.text == ""
    assert media_kind(incoming.media[0]) == kind


def test_a_location():
    incoming = read(load_payload("location_message"))
    assert incoming.kind is Kind.LOCATION
    assert (incoming.latitude, incoming.longitude) == (18.5204303, 73.8567437)


def test_a_template_button_reply_carries_its_payload():
    incoming = read(load_payload("button_reply"))
    assert (incoming.kind, incoming.button_payload, incoming.text) == (Kind.BUTTON, "/request_kundli", "Make my kundli")


def test_a_status_callback_names_the_user_in_to_and_its_error_code():
    incoming = read(load_payload("status_undelivered"))
    assert (incoming.kind, incoming.number, incoming.status, incoming.error_code) == (
        Kind.STATUS, "919812345678", "undelivered", "63016")
    # Statuses Twilio adds later are accepted too, never refused.
    assert read(load_payload("status_undelivered", MessageStatus="partially_delivered")).kind is Kind.STATUS


@pytest.mark.parametrize("fields", [{"MessageSid": ""}, {"MessageSid": "not-a-sid"}, {"From": "+919812345678"},
                                    {"From": "whatsapp:+12"}, {"From": ""}])
def test_a_call_without_a_proper_sid_or_whatsapp_sender_is_not_a_message(fields):
    assert read(load_payload("text_message", **fields)) is None


def test_an_impossible_location_is_not_one():
    assert read(load_payload("location_message", Latitude="123.0", Body="hi")).kind is Kind.TEXT


def test_blank_values_are_kept_because_twilio_signs_them():
    assert parse_form(b"Body=&NumMedia=0") == {"Body": [""], "NumMedia": ["0"]}
    assert parse_form(b"") == {}
    assert parse_form(b"\xff\xfe") is None
    assert parse_form(b"{not a form}") is None


@pytest.mark.parametrize("content_type, kind", [("image/jpeg", "image"), ("image/webp", "sticker"),
                                                ("audio/ogg", "audio"), ("video/mp4", "video"),
                                                ("text/vcard", "contact"), ("application/pdf", "document")])
def test_media_kinds(content_type, kind):
    assert media_kind(content_type) == kind


def test_a_message_reads_back_from_the_in_flight_journal_as_it_was():
    # The journal keeps the form parameters as JSON (channels/messaging/inflight.py).
    params = parse_form(urlencode({"MessageSid": "SM" + "a1" * 16, "From": "whatsapp:+919812345678",
                                   "Body": "namaste 🙏", "NumMedia": "0"}).encode())
    assert read_webhook(json.loads(json.dumps(params, ensure_ascii=False))) == read_webhook(params)
