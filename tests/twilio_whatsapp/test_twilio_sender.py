"""What Luna sends to WhatsApp through Twilio (channels/twilio_whatsapp/sender.py and
messages_api.py), over real HTTP to the local Messages API, with the in-memory shared state."""

from __future__ import annotations

import asyncio
import dataclasses
import logging

import pytest

from channels.messaging.shared_state import MemoryState
from channels.twilio_whatsapp.messages_api import MAX_BODY, MessagesApi, TwilioApiError
from channels.twilio_whatsapp.sender import TwilioSender
from tests.twilio_whatsapp.settings import settings_for

PRIYA = "919812345678"
TO = f"whatsapp:+{PRIYA}"
CHART = "https://luna.example.org/charts/priya.png"
BUTTONS = [{"title": "My dasha", "payload": "/ask_dasha"}, {"title": "Help", "payload": "/help"}]


def run(twilio, scenario, public_url: str = "https://luna.example.org"):
    async def go():
        settings = settings_for(twilio, public_url)
        api = MessagesApi(settings, first_pause=0.01)
        sender = TwilioSender(api, MemoryState(), settings)
        try:
            return await scenario(sender)
        finally:
            await api.close()

    return asyncio.run(go())


def test_a_text_with_buttons_gets_one_numbered_menu_which_is_remembered(twilio):
    async def scenario(sender):
        await sender.send_text(PRIYA, "Here is your kundli.", BUTTONS)
        return await sender.menu(PRIYA)

    menu = run(twilio, scenario)
    assert twilio.bodies(TO) == ["Here is your kundli.\n\nReply with a number:\n1. My dasha\n2. Help"]
    assert [(item.title, item.payload) for item in menu] == [("My dasha", "/ask_dasha"), ("Help", "/help")]


def test_two_menus_in_one_answer_are_numbered_on_and_a_number_picks_from_both(twilio):
    async def scenario(sender):
        await sender.send_text(PRIYA, "First", BUTTONS)
        shown = await sender.menu(PRIYA)
        await sender.send_text(PRIYA, "Second", [{"title": "Panchang", "payload": "/ask_panchang"}], shown)
        return await sender.menu(PRIYA)

    menu = run(twilio, scenario)
    assert twilio.bodies(TO)[1] == "Second\n\nReply with a number:\n3. Panchang"
    assert [item.payload for item in menu] == ["/ask_dasha", "/help", "/ask_panchang"]


def test_the_menu_is_forgotten_when_asked_and_one_user_s_menu_is_not_another_s(twilio):
    async def scenario(sender):
        await sender.send_text(PRIYA, "Pick one", BUTTONS)
        other = await sender.menu("919800000000")
        await sender.forget_menu(PRIYA)
        return other, await sender.menu(PRIYA)

    assert run(twilio, scenario) == ((), ())


def test_a_long_text_is_cut_under_1600_characters_with_the_menu_whole_at_the_end(twilio):
    paragraphs = [f"Paragraph {n}: " + "the Moon in Rohini brings growth. " * 12 for n in range(12)]
    text = "\n\n".join(paragraphs)
    run(twilio, lambda sender: sender.send_text(PRIYA, text, BUTTONS))
    bodies = twilio.bodies(TO)
    assert len(bodies) > 2 and all(len(body) <= MAX_BODY for body in bodies)
    assert bodies[-1].endswith("Reply with a number:\n1. My dasha\n2. Help")
    assert " ".join(" ".join(bodies).split()).startswith(" ".join(text.split()))


def test_the_chart_goes_by_url_with_its_summary_and_menu_as_the_body(twilio):
    run(twilio, lambda sender: sender.send_picture(PRIYA, CHART, "Priya's kundli: Lagna Libra.", BUTTONS))
    [message] = twilio.sent_to(TO)
    assert message["media_url"] == [CHART]
    assert message["body"].startswith("Priya's kundli: Lagna Libra.\n\nReply with a number:")


def test_a_summary_too_long_for_one_body_follows_the_picture(twilio):
    run(twilio, lambda sender: sender.send_picture(PRIYA, CHART, "Reading. " * 300, BUTTONS))
    messages = twilio.sent_to(TO)
    assert messages[0]["media_url"] == [CHART] and messages[0]["body"] == ""
    assert all(len(message["body"]) <= MAX_BODY for message in messages)
    assert messages[-1]["body"].endswith("2. Help")


def test_without_a_public_address_the_text_goes_alone_and_the_log_says_why(twilio, caplog):
    caplog.set_level(logging.INFO)
    run(twilio, lambda sender: sender.send_picture(PRIYA, "http://127.0.0.1:5055/charts/priya.png", "Priya's kundli"),
        public_url="http://127.0.0.1:5055")
    assert [(m["body"], m["media_url"]) for m in twilio.sent_to(TO)] == [("Priya's kundli", [])]
    assert "LUNA_PUBLIC_URL is not a public https address" in caplog.text


def test_a_picture_twilio_cannot_use_leaves_its_text(twilio):
    run(twilio, lambda sender: sender.send_picture(PRIYA, "ftp://luna.example.org/chart.png", "Priya's kundli"))
    assert [call["code"] for call in twilio.calls] == [21620, None]
    assert twilio.bodies(TO) == ["Priya's kundli"]


def test_a_rate_limit_is_waited_out(twilio):
    twilio.rate_limit_next(2)
    assert run(twilio, lambda sender: sender.send_text(PRIYA, "Namaste"))
    assert twilio.bodies(TO) == ["Namaste"]
    assert [call["status"] for call in twilio.calls] == [429, 429, 201]


@pytest.mark.parametrize("status, code", [(401, 20003), (400, 21211), (400, 63016), (429, 20429)])
def test_errors_about_the_user_or_the_account_are_logged_with_their_code_and_stop_the_reply(twilio, caplog,
                                                                                          status, code):
    twilio.fail_next(status, code, "refused", times=10)
    assert run(twilio, lambda sender: sender.send_text(PRIYA, "one\n\n" + "two " * 500)) is False
    assert f"code {code}" in caplog.text
    assert len(twilio.calls) == (4 if status == 429 else 1)  # nothing sent after the refusal


def test_wrong_credentials_are_twilio_s_20003(twilio, caplog):
    async def scenario(sender):
        sender.api.settings = dataclasses.replace(settings_for(twilio), auth_token="not-the-token")
        return await sender.send_text(PRIYA, "Namaste")

    assert run(twilio, scenario) is False
    assert "code 20003" in caplog.text and twilio.messages == []


def test_an_error_that_says_luna_got_it_wrong_is_raised_for_the_channel_to_apologise(twilio):
    twilio.fail_next(400, 21602, "Message body is required.")
    with pytest.raises(TwilioApiError) as raised:
        run(twilio, lambda sender: sender.send_text(PRIYA, "Namaste"))
    assert raised.value.code == 21602


def test_an_unreachable_api_is_tried_again_then_raised():
    from channels.twilio_whatsapp.config import settings_from_environment

    settings = settings_from_environment({"TWILIO_ACCOUNT_SID": "AC" + "0" * 32, "TWILIO_AUTH_TOKEN": "t",
                                          "TWILIO_WHATSAPP_NUMBER": "whatsapp:+14155238886",
                                          "TWILIO_API_BASE_URL": "http://127.0.0.1:9"})

    async def go():
        api = MessagesApi(settings, first_pause=0.01)
        try:
            await api.create(TO, "Namaste")
        finally:
            await api.close()

    with pytest.raises(TwilioApiError) as raised:
        asyncio.run(go())
    assert raised.value.status == 0
