"""Luna on WhatsApp through Twilio, end to end: form-encoded messages, signed as Twilio signs
them, POSTed to the real webhook of a real Rasa server (with the trained model and the action
server); Luna's replies captured by a local server that speaks Twilio's Messages API
(tests/twilio_whatsapp/fake_twilio.py). Real HTTP both ways.

Twilio signs the public address it posts to (TWILIO_WEBHOOK_URL), not the address the request
arrives at here: as behind a proxy. LUNA_PUBLIC_URL is a public https address, so the chart
goes by URL (the local server, like Twilio's API itself, does not fetch it while answering)."""

from __future__ import annotations

import itertools
import json
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest

from tests.assistant.servers import Luna, replies_after, running_luna
from tests.redis_server import running_redis
from tests.twilio_whatsapp.fake_twilio import ACCOUNT_SID, AUTH_TOKEN, WHATSAPP_NUMBER, FakeTwilio, load_payload, sign

PUBLIC_WEBHOOK = "https://luna.example.org/webhooks/twilio_whatsapp/webhook"
PUBLIC_URL = "https://luna.example.org"
SIGNATURE_HEADER = "X-Twilio-Signature"
_message_sids = itertools.count(1)
_numbers = itertools.count(919800000001)


def next_sid() -> str:
    return f"SM{0xE2E00000 + next(_message_sids):032x}"


@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes


@dataclass
class WhatsApp:
    fake: FakeTwilio
    luna: Luna

    @property
    def webhook(self) -> str:
        return f"http://127.0.0.1:{self.luna.rasa_port}/webhooks/twilio_whatsapp/webhook"

    def post(self, form: dict[str, str] | bytes, signature: str | None = "sign",
             content_type: str = "application/x-www-form-urlencoded", request_id: str | None = None) -> Answer:
        data = form if isinstance(form, bytes) else urlencode(form).encode("utf-8")
        if signature == "sign":
            signature = sign(AUTH_TOKEN, PUBLIC_WEBHOOK, form if isinstance(form, dict) else {})
        headers = {"Content-Type": content_type, **({SIGNATURE_HEADER: signature} if signature is not None else {}),
                   **({"X-Request-ID": request_id} if request_id else {})}
        request = urllib.request.Request(self.webhook, data=data, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return Answer(answer.status, answer.headers.get("Content-Type", ""), answer.read())
        except urllib.error.HTTPError as refusal:
            return Answer(refusal.code, refusal.headers.get("Content-Type", ""), refusal.read())

    def message(self, number: int, name: str = "text_message", **fields: str) -> dict[str, str]:
        return load_payload(name, From=f"whatsapp:+{number}", MessageSid=next_sid(), **fields)

    def turn(self, number: int, text: str | None = None, name: str = "text_message", **fields: str) -> list[dict]:
        """The messages Luna sends to the user in answer to one message."""
        before = len(self.fake.sent_to(address(number)))
        answer = self.post(self.message(number, name, **({"Body": text} if text is not None else {}), **fields))
        assert answer.status == 200
        return self.new_messages(number, before)

    def new_messages(self, number: int, before: int, quiet: float = 2.0, timeout: float = 60) -> list[dict]:
        """Waits until the user has new messages and then none for `quiet` seconds."""
        return replies_after(lambda: self.fake.sent_to(address(number)), before, quiet, timeout)


def address(number: int) -> str:
    return f"whatsapp:+{number}"


def words(messages: list[dict]) -> str:
    return "\n".join(message["body"] for message in messages)


def menu(message: dict) -> list[str]:
    """The titles of the numbered menu at the end of a message."""
    lines = message["body"].split("\n")
    if "Reply with a number:" not in lines:
        return []
    return [line.split(". ", 1)[1] for line in lines[lines.index("Reply with a number:") + 1:]]


@pytest.fixture(scope="module")
def whatsapp(database_url, tmp_path_factory):
    """Luna with the Twilio channel on a local Messages API, sharing Redis with a second replica."""
    with FakeTwilio() as fake, running_redis(tmp_path_factory.mktemp("redis")) as redis_url, running_luna(
        database_url, TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_AUTH_TOKEN=AUTH_TOKEN,
        TWILIO_WHATSAPP_NUMBER=WHATSAPP_NUMBER, TWILIO_API_BASE_URL=fake.url, TWILIO_WEBHOOK_URL=PUBLIC_WEBHOOK,
        LUNA_PUBLIC_URL=PUBLIC_URL, REDIS_URL=redis_url,
    ) as luna:
        yield WhatsApp(fake, luna)


def test_a_whole_conversation_greeting_menu_birth_details_chart_and_a_title_reply(whatsapp):
    number = next(_numbers)
    hello = whatsapp.turn(number, "hi")
    assert "Luna" in words(hello)
    assert "Make my kundli" in menu(hello[-1])
    assert "/request_kundli" not in words(hello)  # payloads never show

    chart = whatsapp.turn(number, "I am Priya born 5 march 1990 at 10:30 pm in Pune")
    pictures = [message for message in chart if message["media_url"]]
    assert len(pictures) == 1
    assert pictures[0]["media_url"][0].startswith(f"{PUBLIC_URL}/")
    body = pictures[0]["body"]
    assert "Priya's kundli" in body and "Lagna (ascendant): Libra" in body and "Gemini" in body
    assert "My dasha" in menu(chart[-1])
    assert all(len(message["body"]) <= 1600 for message in chart)

    dasha = whatsapp.turn(number, "my dasha")  # the title, in other letters
    assert "Saturn mahadasha" in words(dasha)


def test_the_menu_round_trip_by_number_and_a_number_out_of_range(whatsapp):
    number = next(_numbers)
    hello = whatsapp.turn(number, "hello")
    titles = menu(hello[-1])
    assert titles and titles[0] == "Make my kundli"

    again = whatsapp.turn(number, str(len(titles) + 5))
    assert f"no {len(titles) + 5} in the list" in words(again)
    assert menu(again[-1]) == titles

    asked = whatsapp.turn(number, f"{titles.index('Make my kundli') + 1}.")
    assert "name" in words(asked).lower()
    assert "no 1 in the list" not in words(asked)


def test_once_the_user_moves_on_a_number_is_no_longer_a_menu_choice(whatsapp):
    number = next(_numbers)
    assert menu(whatsapp.turn(number, "hi")[-1])
    asked = whatsapp.turn(number, "1")  # Make my kundli: the form asks a name, with no menu
    assert "name" in words(asked).lower() and not menu(asked[-1])
    later = whatsapp.turn(number, "12")
    assert "in the list" not in words(later)


def test_signatures_are_checked_against_the_public_address_before_anything_else(whatsapp):
    number = next(_numbers)
    form = whatsapp.message(number, Body="hello")
    assert whatsapp.post(form, signature=None).status == 401
    assert whatsapp.post(form, signature="bm90IGEgc2lnbmF0dXJl").status == 403
    assert whatsapp.post(form, signature=sign("another-auth-token", PUBLIC_WEBHOOK, form)).status == 403
    # Signed for the address the request arrives at, not the one Twilio posts to: refused.
    assert whatsapp.post(form, signature=sign(AUTH_TOKEN, whatsapp.webhook, form)).status == 403
    tampered = {**form, "Body": "delete my data"}
    assert whatsapp.post(tampered, signature=sign(AUTH_TOKEN, PUBLIC_WEBHOOK, form)).status == 403
    time.sleep(1.5)
    assert whatsapp.fake.sent_to(address(number)) == []
    # Refused calls were not taken: the same message, rightly signed, is answered with empty TwiML.
    answer = whatsapp.post(form)
    assert answer.status == 200
    assert answer.content_type.startswith("text/xml")
    assert answer.body.decode().endswith("<Response/>")
    assert whatsapp.new_messages(number, 0)


def test_the_channel_s_health_says_it_is_on(whatsapp):
    with urllib.request.urlopen(whatsapp.webhook.removesuffix("webhook"), timeout=10) as answer:
        assert json.loads(answer.read()) == {"status": "ok"}


@pytest.mark.parametrize("body, content_type", [
    (b'{"Body": "hi"}', "application/json"), (b"", "application/x-www-form-urlencoded"),
    (b"Body=hi&From=whatsapp%3A%2B919800000009", "application/x-www-form-urlencoded"),
    (b"\xff\xfe\xfd", "application/x-www-form-urlencoded"), (b"MessageSid=SM1&From=x", "text/plain"),
])
def test_a_malformed_body_gets_a_4xx_not_a_500(whatsapp, body, content_type):
    from urllib.parse import parse_qsl

    try:
        form = dict(parse_qsl(body.decode(), keep_blank_values=True))
    except UnicodeDecodeError:
        form = {}
    answer = whatsapp.post(body, signature=sign(AUTH_TOKEN, PUBLIC_WEBHOOK, form), content_type=content_type)
    assert 400 <= answer.status < 500


def test_the_same_message_delivered_twice_is_answered_once(whatsapp):
    number = next(_numbers)
    form = whatsapp.message(number, Body="namaste")
    assert whatsapp.post(form).status == 200
    assert whatsapp.post(form).status == 200
    first = whatsapp.new_messages(number, 0)
    time.sleep(2)
    assert len(whatsapp.fake.sent_to(address(number))) == len(first)
    assert len([m for m in first if "Luna" in m["body"]]) == 1


def test_pictures_voice_notes_and_stickers_get_a_kind_answer_of_their_own(whatsapp):
    number = next(_numbers)
    assert "pictures" in words(whatsapp.turn(number, name="image_message"))
    assert "voice notes" in words(whatsapp.turn(number, name="voice_message"))
    assert "sticker" in words(whatsapp.turn(number, name="sticker_message")).lower()


def test_a_shared_location_names_the_nearest_town(whatsapp):
    number = next(_numbers)
    answer = whatsapp.turn(number, name="location_message")
    assert "Pune" in words(answer)
    assert "something went wrong" not in words(answer)


def test_a_status_callback_is_accepted_and_never_answered(whatsapp):
    number = next(_numbers)
    status = load_payload("status_undelivered", To=address(number))
    assert whatsapp.post(status).status == 200
    time.sleep(1.5)
    assert whatsapp.fake.sent_to(address(number)) == []


def test_luna_can_start_a_conversation_through_rasa_s_trigger_intent(whatsapp):
    number = next(_numbers)
    url = (f"http://127.0.0.1:{whatsapp.luna.rasa_port}/conversations/twilio-{number}/trigger_intent"
           "?output_channel=twilio_whatsapp")
    request = urllib.request.Request(url, data=json.dumps({"name": "greet"}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.status == 200
    greeting = whatsapp.new_messages(number, 0)
    assert "Luna" in words(greeting) and menu(greeting[-1])


def test_a_failure_inside_luna_is_answered_kindly(whatsapp):
    number = next(_numbers)
    whatsapp.fake.fail_next(400, 21602, "Message body is required.")
    replies = whatsapp.turn(number, "hello")
    assert "something went wrong on my side" in words(replies)


def test_a_rate_limit_is_waited_out_and_the_answer_arrives(whatsapp):
    number = next(_numbers)
    whatsapp.fake.rate_limit_next(2)
    assert "Luna" in words(whatsapp.turn(number, "hello"))


def test_twenty_users_at_once_are_acknowledged_quickly_and_all_answered(whatsapp):
    numbers = [next(_numbers) for _ in range(20)]
    forms = [whatsapp.message(number, Body="namaste") for number in numbers]

    def timed_post(form):
        started = time.monotonic()
        return whatsapp.post(form).status, time.monotonic() - started

    with ThreadPoolExecutor(20) as pool:
        results = list(pool.map(timed_post, forms))
    assert [status for status, _ in results] == [200] * 20
    slowest = max(seconds for _, seconds in results)
    print(f"\nslowest acknowledgement of 20 concurrent messages: {slowest * 1000:.0f} ms")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not all(whatsapp.fake.sent_to(address(n)) for n in numbers):
        time.sleep(0.2)
    assert all(whatsapp.fake.sent_to(address(n)) for n in numbers)


def test_without_twilio_variables_the_channel_is_off_and_luna_runs(luna):
    request = urllib.request.Request(
        f"http://127.0.0.1:{luna.rasa_port}/webhooks/twilio_whatsapp/webhook",
        data=b"Body=hi", headers={"Content-Type": "application/x-www-form-urlencoded"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 503
    assert json.loads(refused.value.read())["error"].startswith("The Twilio WhatsApp channel is off")
    with urllib.request.urlopen(f"http://127.0.0.1:{luna.rasa_port}/webhooks/twilio_whatsapp/", timeout=10) as answer:
        assert json.loads(answer.read()) == {"status": "off"}


def test_two_replicas_sharing_redis_answer_a_redelivered_message_once_and_share_the_menu(whatsapp):
    first_luna, fake = whatsapp.luna, whatsapp.fake
    second_luna = first_luna.replica()
    try:
        second_luna.start_rasa()
        first, second = WhatsApp(fake, first_luna), WhatsApp(fake, second_luna)
        number = next(_numbers)
        form = first.message(number, Body="hello")
        assert first.post(form).status == 200
        assert second.post(form).status == 200
        hello = first.new_messages(number, 0)
        time.sleep(2)
        assert len(fake.sent_to(address(number))) == len(hello)
        # The menu one replica showed is the one the other reads the user's "1" against.
        titles = menu(hello[-1])
        choice = str(titles.index("Make my kundli") + 1)
        asked = second.turn(number, choice)
        assert "name" in words(asked).lower() and "in the list" not in words(asked)
    finally:
        second_luna.stop_rasa()


def test_the_webhook_s_request_id_reaches_the_conversation_s_user_event(whatsapp):
    number = next(_numbers)
    form = whatsapp.message(number, Body="namaste")
    assert whatsapp.post(form, request_id="e2e-twilio-0001").status == 200
    assert whatsapp.new_messages(number, 0)
    url = f"http://127.0.0.1:{whatsapp.luna.rasa_port}/conversations/twilio-{number}/tracker"
    with urllib.request.urlopen(url, timeout=30) as answer:
        events = [event for event in json.loads(answer.read())["events"] if event["event"] == "user"]
    assert [(event["message_id"], event["metadata"]["request_id"]) for event in events] == [
        (f"twilio-{form['MessageSid']}", "e2e-twilio-0001")]
