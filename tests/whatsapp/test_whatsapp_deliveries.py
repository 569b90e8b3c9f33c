"""Reading webhook bodies (channels/whatsapp/deliveries.py) recorded in payloads/*.json."""

from __future__ import annotations

import pytest

from channels.whatsapp.deliveries import Incoming, Kind, NotAWebhook, read_delivery
from tests.whatsapp.webhook_payloads import load_payload, payload_names

USER = "919812345678"


def only_message(name: str, **fields):
    delivery = read_delivery(load_payload(name, **fields))
    assert len(delivery.messages) == 1
    return delivery.messages[0]


def test_every_recorded_payload_is_read():
    assert len(payload_names()) >= 15
    for name in payload_names():
        read_delivery(load_payload(name))


def test_a_text_message():
    message = only_message("text", text="I am Priya born 5 march 1990")
    assert (message.kind, message.text, message.wa_id) == (Kind.TEXT, "I am Priya born 5 march 1990", USER)
    assert message.sender_id == f"whatsapp-{USER}"
    assert message.message_id.startswith("wamid.") and message.timestamp == 1733450000


@pytest.mark.parametrize(("name", "payload"), [("button_reply", "/request_kundli"), ("list_reply", "/ask_horoscope"),
                                               ("template_button", "/greet")])
def test_buttons_and_list_rows_give_their_id(name, payload):
    message = only_message(name)
    assert (message.kind, message.payload) == (Kind.BUTTON, payload)


def test_a_location_reads_as_the_conversation_expects():
    message = only_message("location")
    assert (message.kind, message.text) == (Kind.TEXT, "📍 18.52040, 73.85670")


@pytest.mark.parametrize(("name", "media", "caption"), [("image", "image", "my horoscope for today?"),
                                                        ("sticker", "sticker", ""), ("audio", "audio", ""),
                                                        ("document", "document", ""), ("contacts", "contacts", "")])
def test_attachments_are_media_with_their_caption(name, media, caption):
    message = only_message(name)
    assert (message.kind, message.media, message.text) == (Kind.MEDIA, media, caption)


def test_an_unsupported_message_carries_its_error():
    delivery = read_delivery(load_payload("unsupported"))
    assert delivery.messages[0].kind is Kind.UNSUPPORTED
    assert delivery.problems[0].code == 131051


@pytest.mark.parametrize("status", ["sent", "delivered", "read"])
def test_statuses_are_read_and_are_not_messages(status):
    delivery = read_delivery(load_payload(f"status_{status}"))
    assert delivery.messages == [] and delivery.statuses[0].status == status
    assert delivery.statuses[0].problems == ()


def test_a_failed_status_carries_meta_s_error_code():
    [status] = read_delivery(load_payload("status_failed")).statuses
    assert status.status == "failed" and status.recipient == USER
    assert status.problems[0].code == 131047 and "24 hours" in status.problems[0].details


def test_errors_in_the_change_are_read():
    delivery = read_delivery(load_payload("errors"))
    assert [problem.code for problem in delivery.problems] == [130472]


@pytest.mark.parametrize("body", [[], "hello", None, 5, {}, {"entry": "x"}, {"entry": [5]},
                                  {"entry": [{"changes": [{"value": "x"}]}]}, {"object": "page", "entry": []},
                                  {"entry": [{"changes": "x"}]}])
def test_bodies_of_the_wrong_shape_are_refused(body):
    with pytest.raises(NotAWebhook):
        read_delivery(body)


def test_messages_missing_their_fields_or_with_odd_values_are_skipped_or_unsupported():
    body = load_payload("text")
    value = body["entry"][0]["changes"][0]["value"]
    value["messages"] += [{"id": "wamid.x", "type": "text"}, {"from": USER, "id": "wamid.y", "type": "text",
                                                               "text": {"body": "  "}}, "junk",
                          {"from": USER, "id": "wamid.z", "type": "location", "location": {"latitude": "north"}},
                          {"from": USER, "id": "wamid.w", "type": "reaction", "reaction": {"emoji": "🙏"}}]
    kinds = [message.kind for message in read_delivery(body).messages]
    assert kinds == [Kind.TEXT, Kind.UNSUPPORTED, Kind.QUIET]


def test_other_fields_than_messages_are_ignored():
    body = load_payload("text")
    body["entry"][0]["changes"][0]["field"] = "account_update"
    assert read_delivery(body).messages == []


def test_every_message_reads_back_from_the_in_flight_journal_as_it_was():
    # The journal keeps each message of a POST on its own (channels/messaging/inflight.py).
    for name in payload_names():
        for message in read_delivery(load_payload(name)).messages:
            assert Incoming.from_json(message.to_json()) == message
