"""Luna on WhatsApp (Meta's Cloud API), end to end: webhook bodies recorded from Meta's
documentation, signed and POSTed to the real webhook of a real Rasa server (with the
trained model and the action server); Luna's calls captured by a local server that speaks
the Graph API with its validation errors (tests/whatsapp/fake_graph_api.py). Real HTTP
both ways."""

from __future__ import annotations

import itertools
import json
import statistics
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from channels.whatsapp.signature import sign
from tests.assistant.servers import Luna, replies_after, running_luna
from tests.redis_server import running_redis
from tests.whatsapp.fake_graph_api import FakeGraphApi, choices, words
from tests.whatsapp.webhook_payloads import load_payload

APP_SECRET = "whatsapp-app-secret-for-tests-0123456789"
VERIFY_TOKEN = "luna-verify-token-for-tests"
TEMPLATE = "luna_reminder"
_users = (f"9198{n:08d}" for n in itertools.count(10000001))
_wamids = (f"wamid.HBgMTEST{n:012d}" for n in itertools.count(1))


@dataclass
class WhatsApp:
    fake: FakeGraphApi
    luna: Luna

    @property
    def webhook(self) -> str:
        return f"http://127.0.0.1:{self.luna.rasa_port}/webhooks/whatsapp/webhook"

    def post(self, body: bytes | dict, signature: str | None = "good", request_id: str | None = None) -> int:
        data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        headers = {"Content-Type": "application/json", **({"X-Request-ID": request_id} if request_id else {})}
        if signature is not None:
            headers["X-Hub-Signature-256"] = sign(data, APP_SECRET) if signature == "good" else signature
        request = urllib.request.Request(self.webhook, data=data, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status
        except urllib.error.HTTPError as refusal:
            return refusal.code

    def handshake(self, **query: str) -> tuple[int, str, str]:
        url = f"{self.webhook}?{urllib.parse.urlencode(query)}"
        try:
            with urllib.request.urlopen(url, timeout=10) as answer:
                return answer.status, answer.read().decode(), answer.headers.get("Content-Type", "")
        except urllib.error.HTTPError as refusal:
            return refusal.code, "", ""

    def turn(self, user: str, text: str | None = None, kind: str = "text", **fields) -> list[dict]:
        """The messages Luna sends the user in answer to one webhook message."""
        before = len(self.fake.messages_to(user))
        body = load_payload(kind, wa_id=user, wamid=next(_wamids), timestamp=int(time.time()),
                            **({"text": text} if text is not None else {}), **fields)
        assert self.post(body) == 200
        return self.new_messages(user, before)

    def choose(self, user: str, choice_id: str, kind: str = "button_reply") -> list[dict]:
        return self.turn(user, kind=kind, choice_id=choice_id)

    def new_messages(self, user: str, before: int, quiet: float = 2.0, timeout: float = 60) -> list[dict]:
        """Waits until the user has new messages and then none for `quiet` seconds."""
        return replies_after(lambda: self.fake.messages_to(user), before, quiet, timeout)


def said(messages: list[dict]) -> str:
    return "\n".join(words(message) for message in messages)


def all_choices(messages: list[dict]) -> list[tuple[str, str]]:
    return [choice for message in messages for choice in choices(message)]


@pytest.fixture(scope="module")
def whatsapp(database_url, tmp_path_factory):
    """Luna with the WhatsApp channel on a local Graph API, sharing Redis with a second replica."""
    with FakeGraphApi() as fake, running_redis(tmp_path_factory.mktemp("redis")) as redis_url:
        fake.register_template(TEMPLATE, "en", variables=1)
        with running_luna(database_url, WHATSAPP_ACCESS_TOKEN=fake.token, WHATSAPP_PHONE_NUMBER_ID=fake.phone_number_id,
                          WHATSAPP_APP_SECRET=APP_SECRET, WHATSAPP_VERIFY_TOKEN=VERIFY_TOKEN,
                          WHATSAPP_API_BASE_URL=fake.url, WHATSAPP_TEMPLATE_NAME=TEMPLATE,
                          WHATSAPP_TEMPLATE_TEXT="1", REDIS_URL=redis_url) as luna:
            yield WhatsApp(fake, luna)


def test_the_verification_handshake_echoes_the_challenge_only_for_the_verify_token(whatsapp):
    status, body, content_type = whatsapp.handshake(**{"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN,
                                                       "hub.challenge": "1158201444"})
    assert (status, body) == (200, "1158201444") and content_type.startswith("text/plain")
    assert whatsapp.handshake(**{"hub.mode": "subscribe", "hub.verify_token": "wrong",
                                 "hub.challenge": "1158201444"})[0] == 403
    assert whatsapp.handshake(**{"hub.challenge": "1158201444"})[0] == 403


def test_a_whole_conversation_ends_with_the_chart_picture_uploaded_through_media(whatsapp):
    user = next(_users)
    hello = whatsapp.turn(user, "namaste")
    assert "Luna" in said(hello)
    assert ("Make my kundli", "/request_kundli") in all_choices(hello)

    asked = whatsapp.choose(user, "/request_kundli")
    assert "name" in said(asked).lower()
    whatsapp.turn(user, "Priya")
    chart = whatsapp.turn(user, "born 5 march 1990 at 10:30 pm in Pune")
    if not [m for m in chart if m["type"] == "image"]:  # the form asked once more: the whole sentence
        chart = whatsapp.turn(user, "I am Priya born 5 march 1990 at 10:30 pm in Pune")
    images = [message for message in chart if message["type"] == "image"]
    assert len(images) == 1
    media_id = images[0]["image"]["id"]
    assert whatsapp.fake.uploads[media_id]["png"] and whatsapp.fake.uploads[media_id]["size"] > 10_000
    caption = images[0]["image"]["caption"]
    assert "Priya's kundli" in caption and "Libra" in caption
    assert ("My dasha", "/ask_dasha") in all_choices(chart)

    dasha = whatsapp.choose(user, "/ask_dasha")
    assert "Saturn mahadasha" in said(dasha)
    # Every message the user sent got its read receipt.
    assert len([r for r in whatsapp.fake.read_receipts if r]) >= 5


def test_a_list_reply_is_answered_as_its_payload(whatsapp):
    user = next(_users)
    help_reply = whatsapp.turn(user, "help")
    lists = [m for m in help_reply if m["type"] == "interactive" and m["interactive"]["type"] == "list"]
    assert lists, help_reply
    assert ("Today's panchang", "/ask_panchang") in all_choices(lists)
    panchang = whatsapp.choose(user, "/ask_panchang", kind="list_reply")
    assert panchang and ("panchang" in said(panchang).lower() or "town" in said(panchang).lower())


def test_the_signature_is_checked_before_anything_else(whatsapp):
    user = next(_users)
    body = json.dumps(load_payload("text", wa_id=user, wamid=next(_wamids), text="hello")).encode()
    assert whatsapp.post(body, signature=None) == 401
    assert whatsapp.post(body, signature=sign(body, "another app's secret")) == 403
    assert whatsapp.post(body, signature="sha256=" + "0" * 64) == 403
    assert whatsapp.post(body + b" ", signature=sign(body, APP_SECRET)) == 403
    time.sleep(1.5)
    assert whatsapp.fake.messages_to(user) == []
    # Refused deliveries were not taken: the same message rightly signed is answered.
    assert whatsapp.post(body) == 200
    assert whatsapp.new_messages(user, 0)


@pytest.mark.parametrize("body", [b"{not json", b"[]", b'"hello"', b"{}", b'{"entry": "x"}',
                                  b'{"entry": [{"changes": [{"value": 5}]}]}', b"\xff\xfe", b""])
def test_a_malformed_body_gets_a_400_not_a_500(whatsapp, body):
    assert whatsapp.post(body) == 400


def test_the_same_wamid_delivered_twice_is_answered_once(whatsapp):
    user = next(_users)
    body = load_payload("text", wa_id=user, wamid=next(_wamids), text="hello")
    assert whatsapp.post(body) == 200
    assert whatsapp.post(body) == 200
    first = whatsapp.new_messages(user, 0)
    time.sleep(2)
    assert len(whatsapp.fake.messages_to(user)) == len(first) >= 1


@pytest.mark.parametrize("kind", ["status_sent", "status_delivered", "status_read", "errors"])
def test_status_callbacks_and_errors_are_accepted_and_never_answered(whatsapp, kind):
    user = next(_users)
    calls = len(whatsapp.fake.calls)
    assert whatsapp.post(load_payload(kind, wa_id=user)) == 200
    time.sleep(1.5)
    assert whatsapp.fake.messages_to(user) == [] and len(whatsapp.fake.calls) == calls


def test_a_failed_status_for_re_engagement_brings_the_template(whatsapp):
    user = next(_users)
    assert whatsapp.post(load_payload("status_failed", wa_id=user, wamid=next(_wamids))) == 200
    [template] = whatsapp.new_messages(user, 0)
    assert template["template"]["name"] == TEMPLATE


def test_attachments_get_a_friendly_reply_and_an_image_s_caption_is_read(whatsapp):
    user = next(_users)
    assert "sticker" in said(whatsapp.turn(user, kind="sticker")).lower()
    assert "voice notes" in said(whatsapp.turn(user, kind="audio"))
    assert "files" in said(whatsapp.turn(user, kind="document"))
    assert "couldn't read" in said(whatsapp.turn(user, kind="unsupported"))
    pictured = whatsapp.turn(user, kind="image")
    assert "pictures" in said(pictured[:1])
    assert len(pictured) >= 2  # then the answer to "my horoscope for today?"


def test_a_shared_location_reaches_the_conversation(whatsapp):
    user = next(_users)
    assert whatsapp.turn(user, kind="location")


def test_a_message_luna_starts_outside_the_24_hour_window_goes_as_the_template(whatsapp):
    stranger, regular = next(_users), next(_users)
    whatsapp.turn(regular, "hello")

    def trigger(user: str) -> None:
        url = (f"http://127.0.0.1:{whatsapp.luna.rasa_port}/conversations/whatsapp-{user}/trigger_intent"
               "?output_channel=whatsapp")
        request = urllib.request.Request(url, data=json.dumps({"name": "greet"}).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            assert answer.status == 200

    trigger(stranger)
    [template] = whatsapp.new_messages(stranger, 0)
    assert template["type"] == "template" and template["template"]["name"] == TEMPLATE
    parameter = template["template"]["components"][0]["parameters"][0]["text"]
    assert "Luna" in parameter and "\n" not in parameter

    before = len(whatsapp.fake.messages_to(regular))
    trigger(regular)
    greeting = whatsapp.new_messages(regular, before)
    assert "Luna" in said(greeting) and all(m["type"] != "template" for m in greeting)


def test_re_engagement_required_on_a_reply_sends_the_template_instead(whatsapp):
    user = next(_users)
    whatsapp.fake.close_window(user)
    replies = whatsapp.turn(user, "hello")
    assert [m["type"] for m in replies] == ["template"]


def test_a_failure_inside_luna_is_answered_kindly(whatsapp):
    user = next(_users)
    whatsapp.fake.fail_next(100, to=user)
    replies = whatsapp.turn(user, "hello")
    assert "something went wrong on my side" in said(replies)


def test_rate_limits_are_retried_and_the_answer_arrives(whatsapp):
    user = next(_users)
    whatsapp.fake.fail_next(130429, to=user, times=2)
    assert "Luna" in said(whatsapp.turn(user, "hello"))


def test_twenty_users_at_once_are_acknowledged_quickly_and_all_answered(whatsapp, capsys):
    users = [next(_users) for _ in range(20)]
    bodies = [load_payload("text", wa_id=user, wamid=next(_wamids), text="namaste") for user in users]

    def timed_post(body: dict) -> tuple[int, float]:
        started = time.perf_counter()
        status = whatsapp.post(body)
        return status, time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(20) as pool:
        results = list(pool.map(timed_post, bodies))
    assert [status for status, _ in results] == [200] * 20
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not all(whatsapp.fake.messages_to(user) for user in users):
        time.sleep(0.1)
    answered = time.perf_counter() - started
    assert all(whatsapp.fake.messages_to(user) for user in users)
    latencies = sorted(seconds for _, seconds in results)
    with capsys.disabled():
        print(f"\nWhatsApp, 20 users at once: acknowledgement median {statistics.median(latencies) * 1000:.0f} ms, "
              f"max {latencies[-1] * 1000:.0f} ms; all answered in {answered:.1f} s")


def test_without_whatsapp_variables_luna_starts_and_the_webhook_answers_503(luna):
    request = urllib.request.Request(f"http://127.0.0.1:{luna.rasa_port}/webhooks/whatsapp/webhook",
                                     data=b'{"entry": []}', headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 503


def test_two_replicas_sharing_redis_answer_a_redelivered_wamid_once_and_share_the_window(whatsapp):
    first, fake = whatsapp.luna, whatsapp.fake
    second = first.replica()
    try:
        second.start_rasa()
        user = next(_users)
        body = load_payload("text", wa_id=user, wamid=next(_wamids), text="hello", timestamp=int(time.time()))
        assert WhatsApp(fake, first).post(body) == 200
        assert WhatsApp(fake, second).post(body) == 200
        replies = WhatsApp(fake, first).new_messages(user, 0)
        time.sleep(2)
        assert len(fake.messages_to(user)) == len(replies) >= 1
        # The user wrote to the first replica; the second knows the window is open.
        url = (f"http://127.0.0.1:{second.rasa_port}/conversations/whatsapp-{user}/trigger_intent"
               "?output_channel=whatsapp")
        request = urllib.request.Request(url, data=json.dumps({"name": "greet"}).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30):
            pass
        greeting = WhatsApp(fake, second).new_messages(user, len(replies))
        assert greeting and all(message["type"] != "template" for message in greeting)
    finally:
        second.stop_rasa()


def test_the_webhook_s_request_id_reaches_the_conversation_s_user_event(whatsapp):
    user, wamid = next(_users), next(_wamids)
    body = load_payload("text", wa_id=user, wamid=wamid, timestamp=int(time.time()), text="namaste")
    assert whatsapp.post(body, request_id="e2e-whatsapp-0001") == 200
    assert whatsapp.new_messages(user, 0)
    url = f"http://127.0.0.1:{whatsapp.luna.rasa_port}/conversations/whatsapp-{user}/tracker"
    with urllib.request.urlopen(url, timeout=30) as answer:
        events = [event for event in json.loads(answer.read())["events"] if event["event"] == "user"]
    assert [(event["message_id"], event["metadata"]["request_id"]) for event in events] == [
        (wamid, "e2e-whatsapp-0001")]
