"""The local Messages API answers as Twilio does (tests/twilio_whatsapp/fake_twilio.py)."""

from __future__ import annotations

import httpx
import pytest

from tests.twilio_whatsapp.fake_twilio import ACCOUNT_SID, AUTH_TOKEN, WHATSAPP_NUMBER

USER = "whatsapp:+919812345678"


def create(twilio, auth=(ACCOUNT_SID, AUTH_TOKEN), account=ACCOUNT_SID, **form) -> httpx.Response:
    return httpx.post(f"{twilio.url}/2010-04-01/Accounts/{account}/Messages.json", auth=auth,
                      data={"From": WHATSAPP_NUMBER, "To": USER, **form})


def test_a_message_is_created_with_the_message_resource(twilio):
    answer = create(twilio, Body="Namaste")
    assert answer.status_code == 201
    resource = answer.json()
    assert resource["sid"].startswith("SM") and len(resource["sid"]) == 34
    assert (resource["status"], resource["to"], resource["from"], resource["body"]) == (
        "queued", USER, WHATSAPP_NUMBER, "Namaste")
    assert resource["uri"] == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{resource['sid']}.json"
    assert twilio.bodies(USER) == ["Namaste"]


@pytest.mark.parametrize("kwargs, status, code", [
    ({"auth": (ACCOUNT_SID, "wrong"), "Body": "hi"}, 401, 20003),
    ({"account": "AC" + "f" * 32, "Body": "hi"}, 401, 20003),
    ({"Body": ""}, 400, 21602),
    ({"Body": "x" * 1601}, 400, 21617),
    ({"Body": "hi", "To": "+919812345678"}, 400, 21211),
    ({"Body": "", "MediaUrl": "ftp://luna.example.org/chart.png"}, 400, 21620),
])
def test_twilio_s_errors(twilio, kwargs, status, code):
    answer = create(twilio, **kwargs)
    assert answer.status_code == status
    error = answer.json()
    assert (error["status"], error["code"]) == (status, code)
    assert error["more_info"] == f"https://www.twilio.com/docs/errors/{code}"
    assert twilio.messages == []


def test_error_messages_are_twilio_s_words(twilio):
    assert create(twilio, auth=("x", "y"), Body="hi").json()["message"] == "Authenticate"
    assert create(twilio, Body="").json()["message"] == "Message body is required."
    assert create(twilio, Body="x" * 1601).json()["message"] == (
        "The concatenated message body exceeds the 1600 character limit.")


def test_media_alone_or_exactly_1600_characters_are_fine(twilio):
    assert create(twilio, MediaUrl="https://luna.example.org/charts/a.png").status_code == 201
    assert create(twilio, Body="x" * 1600).status_code == 201


def test_rate_limits_and_failures_can_be_scripted(twilio):
    twilio.rate_limit_next(2)
    assert [create(twilio, Body="hi").status_code for _ in range(3)] == [429, 429, 201]
    assert [call["code"] for call in twilio.calls] == [20429, 20429, None]
