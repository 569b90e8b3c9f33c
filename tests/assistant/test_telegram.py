"""Luna on Telegram, end to end: updates POSTed to the real webhook of a real Rasa server
(with the trained model and the action server), replies captured by a local server that
speaks the Bot API (tests/telegram/fake_bot_api.py). Real HTTP both ways."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

import pytest

from tests.assistant.servers import Luna, replies_after, running_luna
from tests.redis_server import running_redis
from tests.telegram.fake_bot_api import FakeBotApi
from tests.telegram.update_payloads import load_update

SECRET = "telegram_secret-for-tests_0123456789"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_update_ids = itertools.count(300000001)
_users = itertools.count(710000001)


@dataclass
class Telegram:
    fake: FakeBotApi
    luna: Luna

    @property
    def webhook(self) -> str:
        return f"http://127.0.0.1:{self.luna.rasa_port}/webhooks/telegram/webhook"

    def post(self, body: bytes | dict, secret: str | None = SECRET, request_id: str | None = None) -> int:
        data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
        headers = {"Content-Type": "application/json", **({SECRET_HEADER: secret} if secret is not None else {}),
                   **({"X-Request-ID": request_id} if request_id else {})}
        request = urllib.request.Request(self.webhook, data=data, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status
        except urllib.error.HTTPError as refusal:
            return refusal.code

    def send(self, user: int, kind: str = "text_message", **fields) -> int:
        return self.post(load_update(kind, update_id=next(_update_ids), user_id=user, **fields))

    def turn(self, user: int, text: str | None = None, kind: str = "text_message", chat: int | None = None,
             **fields) -> list[dict]:
        """The messages Luna sends to the chat in answer to one update."""
        chat = chat if chat is not None else user
        before = len(self.fake.sent_messages(chat))
        status = self.send(user, kind, **({"text": text} if text is not None else {}), **fields)
        assert status == 200
        return self.new_messages(chat, before)

    def press(self, user: int, data: str) -> list[dict]:
        update = load_update("callback_query", update_id=next(_update_ids), user_id=user)
        update["callback_query"]["data"] = data
        before = len(self.fake.sent_messages(user))
        assert self.post(update) == 200
        return self.new_messages(user, before)

    def new_messages(self, chat: int, before: int, quiet: float = 2.0, timeout: float = 60) -> list[dict]:
        """Waits until the chat has new messages and then none for `quiet` seconds."""
        return replies_after(lambda: self.fake.sent_messages(chat), before, quiet, timeout)


def words(messages: list[dict]) -> str:
    return "\n".join(message.get("text") or message.get("caption") or "" for message in messages)


def keyboard(message: dict) -> list[tuple[str, str]]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    return [(button["text"], button["callback_data"]) for row in rows for button in row]


@pytest.fixture(scope="module")
def telegram(database_url, tmp_path_factory):
    """Luna with the Telegram channel on a local Bot API, sharing Redis with a second replica."""
    with FakeBotApi() as fake, running_redis(tmp_path_factory.mktemp("redis")) as redis_url, \
            running_luna(database_url, TELEGRAM_TOKEN=fake.token, TELEGRAM_SECRET_TOKEN=SECRET,
                         TELEGRAM_API_BASE_URL=fake.url, REDIS_URL=redis_url) as luna:
        yield Telegram(fake, luna)


@pytest.fixture(scope="module")
def polling_replica(telegram):
    """A second Rasa replica of the same Luna (same database, action server and Redis), which
    also fetches updates by long polling."""
    replica = telegram.luna.replica(TELEGRAM_POLLING="1")
    try:
        replica.start_rasa()
        yield Telegram(telegram.fake, replica)
    finally:
        replica.stop_rasa()


def test_a_whole_conversation_greeting_chart_photo_button_horoscope_and_deletion(telegram):
    user = next(_users)
    hello = telegram.turn(user, kind="command_start")
    assert "Luna" in words(hello)
    assert ("Make my kundli", "/request_kundli") in keyboard(hello[-1])

    chart = telegram.turn(user, "I am Priya born 5 march 1990 at 10:30 pm in Pune")
    photos = [message for message in chart if "photo" in message]
    assert len(photos) == 1
    photo_call = telegram.fake.calls_to("sendPhoto")[-1]
    assert photo_call["files"]["photo"]["content_type"] == "image/png" or photo_call["files"]["photo"]["size"] > 10_000
    caption = photos[0]["caption"]
    assert "Priya's kundli" in caption and "Lagna (ascendant): Libra" in caption and "Gemini" in caption
    assert ("My dasha", "/ask_dasha") in keyboard(photos[0])

    answered = len(telegram.fake.calls_to("answerCallbackQuery"))
    dasha = telegram.press(user, "/ask_dasha")
    assert len(telegram.fake.calls_to("answerCallbackQuery")) == answered + 1
    assert "Saturn mahadasha" in words(dasha)

    horoscope = telegram.turn(user, kind="command_start", text="/horoscope")
    assert "Gemini" in words(horoscope)

    asked = telegram.turn(user, kind="command_start", text="/delete")
    assert "delete" in words(asked).lower()
    confirm = next((data for title, data in keyboard(asked[-1]) if "yes" in title.lower() or "delete" in title.lower()),
                   "yes")
    deleted = telegram.press(user, confirm) if confirm != "yes" else telegram.turn(user, "yes")
    assert "deleted your birth details" in words(deleted)
    again = telegram.turn(user, kind="command_start", text="/kundli")
    assert "name" in words(again).lower()


def test_the_secret_header_is_checked_before_anything_else(telegram):
    user = next(_users)
    update = load_update("text_message", update_id=next(_update_ids), user_id=user)
    assert telegram.post(update, secret=None) == 401
    assert telegram.post(update, secret="wrong-secret") == 403
    assert telegram.post(update, secret=SECRET[:-1]) == 403
    time.sleep(1.5)
    assert telegram.fake.sent_messages(user) == []
    # Refused updates were not taken: the same update with the right secret is answered.
    assert telegram.post(update) == 200
    assert telegram.new_messages(user, 0)


@pytest.mark.parametrize("body", [b"{not json", b"[]", b'"hello"', b'{"message": {"text": "hi"}}',
                                  b'{"update_id": "12", "message": {}}', b"", b'{"update_id": 5, "message": "x"}'])
def test_a_malformed_body_gets_a_4xx_not_a_500(telegram, body):
    assert 400 <= telegram.post(body) < 500


def test_the_same_update_delivered_twice_is_answered_once(telegram):
    user = next(_users)
    update = load_update("text_message", update_id=next(_update_ids), user_id=user, text="hello")
    assert telegram.post(update) == 200
    assert telegram.post(update) == 200
    first = telegram.new_messages(user, 0)
    time.sleep(2)
    assert len(telegram.fake.sent_messages(user)) == len(first) == 1


def test_stickers_voice_notes_and_unknown_commands_get_an_answer(telegram):
    user = next(_users)
    assert "sticker" in words(telegram.turn(user, kind="sticker")).lower()
    assert "voice notes" in words(telegram.turn(user, kind="voice"))
    assert "/kundli" in words(telegram.turn(user, kind="command_start", text="/foo"))


def test_in_a_group_luna_answers_only_when_addressed_and_keeps_one_conversation_per_person(telegram):
    group = load_update("group_plain")["message"]["chat"]["id"]
    user, other = next(_users), next(_users)
    before = len(telegram.fake.sent_messages(group))
    assert telegram.send(user, "group_plain") == 200
    time.sleep(2)
    assert len(telegram.fake.sent_messages(group)) == before
    horoscope = telegram.turn(user, kind="group_mention", chat=group)
    assert "Leo" in words(horoscope)
    # One person's birth details are theirs: the other member is asked for their own.
    telegram.turn(user, kind="group_mention", chat=group,
                  text="@luna_test_bot I am Ravi born 9 sep 1979 at 11:05 am in Nagpur")
    asked = telegram.turn(other, kind="group_command", chat=group, text="/kundli@luna_test_bot")
    assert "Ravi" not in words(asked) and "name" in words(asked).lower()


def test_a_user_who_blocked_the_bot_gets_nothing_more_and_keeps_their_data(telegram):
    user = next(_users)
    assert "Kiran's kundli" in words(telegram.turn(user, "I am Kiran born 3 jan 1985 at 4:10 pm in Kolkata"))
    telegram.fake.block_chat(user)
    telegram.send(user, text="what is my dasha")
    time.sleep(3)
    forbidden = [call for call in telegram.fake.calls
                 if call["status"] == 403 and call["params"].get("chat_id") == user]
    assert len(forbidden) == 1  # the first refusal stops everything after it
    assert telegram.send(user, "my_chat_member_blocked") == 200
    telegram.fake.unblock_chat(user)
    assert telegram.send(user, "my_chat_member_unblocked") == 200
    again = telegram.turn(user, kind="command_start", text="/kundli")
    assert "Kiran's kundli" in words(again)  # the profile was kept


def test_luna_can_start_a_conversation_through_rasa_s_trigger_intent(telegram):
    user = next(_users)
    url = (f"http://127.0.0.1:{telegram.luna.rasa_port}/conversations/telegram-{user}/trigger_intent"
           "?output_channel=telegram")
    request = urllib.request.Request(url, data=json.dumps({"name": "greet"}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.status == 200
    assert "Luna" in words(telegram.new_messages(user, 0))


def test_an_edit_is_answered_again_only_when_it_changes_the_birth_details(telegram):
    user = next(_users)
    first = load_update("text_message", update_id=next(_update_ids), user_id=user,
                        text="I am Meera born 12 july 1992 at 6:15 am in Jaipur")
    assert telegram.post(first) == 200
    chart = telegram.new_messages(user, 0)
    assert "Meera's kundli" in words(chart)
    edited = load_update("edited_message", update_id=next(_update_ids), user_id=user,
                         text="I am Meera born 12 july 1992 at 6:15 am in Jaipur!!")
    edited["edited_message"]["message_id"] = first["message"]["message_id"]
    before = len(telegram.fake.sent_messages(user))
    assert telegram.post(edited) == 200
    time.sleep(3)
    assert len(telegram.fake.sent_messages(user)) == before
    edited = load_update("edited_message", update_id=next(_update_ids), user_id=user,
                         text="I am Meera born 12 july 1993 at 6:15 am in Jaipur")
    edited["edited_message"]["message_id"] = first["message"]["message_id"]
    assert telegram.post(edited) == 200
    again = telegram.new_messages(user, before)
    assert "edited your message" in words(again)
    assert "1993" in words(again)


def test_a_failure_inside_luna_is_answered_kindly_and_not_redelivered(telegram):
    user = next(_users)
    telegram.fake.fail_next("sendMessage", 400, "Bad Request: chat not found")
    assert telegram.send(user, text="hello") == 200
    replies = telegram.new_messages(user, 0)
    assert "something went wrong on my side" in words(replies)


def test_twenty_chats_at_once_are_acknowledged_quickly_and_all_answered(telegram):
    users = [next(_users) for _ in range(20)]
    updates = [load_update("text_message", update_id=next(_update_ids), user_id=user, text="namaste") for user in users]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(20) as pool:
        statuses = list(pool.map(telegram.post, updates))
    assert statuses == [200] * 20
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not all(telegram.fake.sent_messages(user) for user in users):
        time.sleep(0.2)
    assert all(telegram.fake.sent_messages(user) for user in users)


def test_long_polling_takes_updates_from_get_updates(polling_replica):
    fake = polling_replica.fake
    fake.wait_for("getUpdates", timeout=120)
    assert fake.calls_to("deleteWebhook")
    commands = fake.calls_to("setMyCommands")[-1]["params"]["commands"]
    assert [command["command"] for command in commands] == ["start", "help", "kundli", "horoscope", "panchang",
                                                            "match", "delete"]
    user = next(_users)
    fake.push_update(load_update("text_message", update_id=next(_update_ids), user_id=user, text="hi luna"))
    assert "Luna" in words(polling_replica.new_messages(user, 0))


def test_two_replicas_sharing_redis_answer_a_redelivered_update_once(telegram, polling_replica):
    user = next(_users)
    update = load_update("text_message", update_id=next(_update_ids), user_id=user, text="hello")
    assert telegram.post(update) == 200
    assert polling_replica.post(update) == 200
    replies = telegram.new_messages(user, 0)
    time.sleep(2)
    assert len(telegram.fake.sent_messages(user)) == len(replies) == 1


def metric(luna: Luna, name: str, **labels: str) -> float:
    """A sample's value from the Rasa server's /webhooks/ops/metrics (0 when absent)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{luna.rasa_port}/webhooks/ops/metrics", timeout=10) as answer:
        text = answer.read().decode()
    for line in text.splitlines():
        sample, _, value = line.rpartition(" ")
        found, _, given = sample.partition("{")
        if found == name and dict(re.findall(r'(\w+)="([^"]*)"', given)) == labels:
            return float(value)
    return 0.0


def test_the_webhook_reports_acknowledgements_messages_turns_and_refusals(telegram):
    before = {name: metric(telegram.luna, name, channel="telegram")
              for name in ("luna_webhook_ack_seconds_count", "luna_messages_total", "luna_turn_seconds_count")}
    refused = metric(telegram.luna, "luna_channel_errors_total", channel="telegram", kind="signature")
    user = next(_users)
    assert telegram.turn(user, "hello")
    assert telegram.post(load_update("text_message", update_id=next(_update_ids), user_id=user), secret="wrong") == 403
    assert metric(telegram.luna, "luna_webhook_ack_seconds_count", channel="telegram") == \
        before["luna_webhook_ack_seconds_count"] + 2
    assert metric(telegram.luna, "luna_messages_total", channel="telegram") == before["luna_messages_total"] + 1
    assert metric(telegram.luna, "luna_turn_seconds_count", channel="telegram") == \
        before["luna_turn_seconds_count"] + 1
    assert metric(telegram.luna, "luna_channel_errors_total", channel="telegram", kind="signature") == refused + 1


def user_events(luna: Luna, sender: str) -> list[dict]:
    """The user events of a conversation, from Rasa's HTTP API."""
    url = f"http://127.0.0.1:{luna.rasa_port}/conversations/{sender}/tracker"
    with urllib.request.urlopen(url, timeout=30) as answer:
        return [event for event in json.loads(answer.read())["events"] if event["event"] == "user"]


def redis_cli(luna: Luna, *arguments: str) -> str:
    return subprocess.run(["redis-cli", "-u", luna.extra_environment["REDIS_URL"], *arguments], capture_output=True,
                          text=True, check=True).stdout.strip()


# Last in the module: it kills the polling replica.
def test_an_update_acknowledged_by_a_replica_killed_before_answering_is_answered_once_by_another(
        telegram, polling_replica):
    user = next(_users)
    update = load_update("callback_query", update_id=next(_update_ids), user_id=user)
    update["callback_query"]["data"] = "/greet"
    telegram.fake.hold("answerCallbackQuery")  # the first Bot API call of a button's turn, before Rasa
    try:
        assert polling_replica.post(update, request_id="e2e-recovered-0001") == 200
        telegram.fake.wait_until_held("answerCallbackQuery")
        polling_replica.luna.rasa.kill()  # SIGKILL: no goodbye, the update is only in the journal
        polling_replica.luna.rasa.wait()
    finally:
        telegram.fake.release("answerCallbackQuery")
    # The surviving replica claims it once the dead one's heartbeat expires (about ten seconds).
    replies = telegram.new_messages(user, 0, timeout=90)
    assert "Luna" in words(replies)
    events = [event for event in user_events(telegram.luna, f"telegram-{user}")
              if event["message_id"] == f"telegram-update-{update['update_id']}"]
    assert len(events) == 1
    assert events[0]["metadata"]["request_id"] == "e2e-recovered-0001"

    # Had the dead replica answered it and died before releasing it, the journal would still
    # hold it: a replica that never beats holds it now, and the claimer finds it answered.
    entry = {"platform": "telegram", "key": str(update["update_id"]), "chat": f"telegram:{user}",
             "payload": json.dumps(update), "received": time.time(), "request_id": "e2e-answered-0002"}
    redis_cli(telegram.luna, "HSET", "luna:channels:inflight:telegram:held:answered-then-killed",
              f"telegram:{update['update_id']}", json.dumps(entry))
    redis_cli(telegram.luna, "SADD", "luna:channels:inflight:telegram:replicas", "answered-then-killed")
    before = len(telegram.fake.sent_messages(user))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (
            redis_cli(telegram.luna, "EXISTS", "luna:channels:inflight:telegram:held:answered-then-killed") != "0"
            or redis_cli(telegram.luna, "HEXISTS", "luna:channels:inflight:telegram:holders",
                         f"telegram:{update['update_id']}") != "0"):
        time.sleep(0.2)
    assert redis_cli(telegram.luna, "EXISTS", "luna:channels:inflight:telegram:held:answered-then-killed") == "0"
    assert redis_cli(telegram.luna, "HEXISTS", "luna:channels:inflight:telegram:holders",
                     f"telegram:{update['update_id']}") == "0"
    assert len(telegram.fake.sent_messages(user)) == before
    assert [event for event in user_events(telegram.luna, f"telegram-{user}")
            if event["message_id"] == f"telegram-update-{update['update_id']}"] == events
