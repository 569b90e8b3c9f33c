"""Health, readiness, metrics and JSON logs of real servers: Luna's action server and Rasa
server with the trained model, Redis as the lock store, one REST turn through them."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import urllib.error
import urllib.request
import uuid
from contextlib import ExitStack
from types import SimpleNamespace

import psycopg2
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.engine import make_url

from tests.assistant.servers import running_luna, texts
from tests.redis_server import running_redis

LOG_KEY = "observability-test-log-key"
BIRTH_MESSAGE = "I'm Ravi, born 5/3/1990 10:30 pm in Pune"
BIRTH_DETAILS = ("5/3/1990", "1990", "10:30", "22:30")


@pytest.fixture(scope="module")
def observed(database_url, tmp_path_factory):
    """Luna with JSON logs and Redis, after one REST turn that casts a kundli."""
    with ExitStack() as stack:
        redis = ExitStack()
        stack.callback(redis.close)
        redis_url = redis.enter_context(running_redis(tmp_path_factory.mktemp("redis")))
        luna = stack.enter_context(running_luna(database_url, LUNA_LOG_FORMAT="json", LUNA_LOG_KEY=LOG_KEY,
                                                REDIS_URL=redis_url))
        sender, request_id = luna.new_sender(), f"obs-{uuid.uuid4().hex}"
        replies = luna.say(sender, BIRTH_MESSAGE, headers={"X-Request-ID": request_id})
        assert "Ravi's kundli" in texts(replies)
        yield SimpleNamespace(luna=luna, sender=sender, request_id=request_id, stop_redis=redis.close,
                              rasa=f"http://127.0.0.1:{luna.rasa_port}",
                              actions=f"http://127.0.0.1:{luna.actions_port}")


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read()


def samples(url: str) -> dict[tuple[str, tuple], float]:
    status, body = get(url)
    assert status == 200
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(body.decode()) for sample in family.samples}


def json_lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.startswith("{")]


def test_both_servers_are_alive_and_ready(observed):
    assert get(f"{observed.rasa}/webhooks/ops/health") == (200, b'{"status":"ok"}')
    assert json.loads(get(f"{observed.rasa}/webhooks/ops/ready")[1]) == {"ready": True}
    assert get(f"{observed.actions}/health")[0] == 200
    assert get(f"{observed.actions}/ready") == (200, b'{"ready":true}')


def test_the_rasa_server_counts_and_times_the_rest_turn(observed):
    rasa = samples(f"{observed.rasa}/webhooks/ops/metrics")
    assert rasa[("luna_turn_seconds_count", (("channel", "rest"),))] >= 1
    assert rasa[("luna_messages_total", (("channel", "rest"),))] >= 1


def test_the_action_server_times_each_action_and_the_engine(observed):
    actions = samples(f"{observed.actions}/metrics")
    timed = {dict(labels)["action"]: count for (name, labels), count in actions.items()
             if name == "luna_action_seconds_count"}
    # The kundli turn saves the profile and answers with the chart.
    assert timed.get("action_save_profile", 0) >= 1, timed
    assert "unknown" not in timed
    assert actions[("luna_engine_seconds_count", (("operation", "chart"),))] >= 1


def test_the_request_id_reaches_the_action_servers_json_log(observed):
    lines = json_lines(observed.luna.actions_log)
    of_the_turn = [line for line in lines if line["request_id"] == observed.request_id]
    called = {line["message"].split()[1] for line in of_the_turn if line["logger"] == "actions.operations"}
    # The session start too: it runs before Rasa logs the message (its metadata is in a slot).
    assert {"action_session_start", "action_save_profile"} <= called, of_the_turn
    expected = hmac.new(LOG_KEY.encode(), observed.sender.encode(), hashlib.sha256).hexdigest()[:16]
    assert {line["sender"] for line in of_the_turn} == {expected}
    assert {"time", "level", "logger", "message", "request_id", "sender"} <= set(of_the_turn[0])


def post_json(url: str, body: dict, headers: dict | None = None) -> object:
    request = urllib.request.Request(url, data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.loads(answer.read())


def test_a_web_chat_turn_is_counted_and_carries_its_request_id(observed):
    session = post_json(f"{observed.rasa}/webhooks/webchat/session", {})
    request_id = f"obs-chat-{uuid.uuid4().hex}"
    replies = post_json(f"{observed.rasa}/webhooks/webchat/webhook",
                        {"sender": session["sender"], "token": session["token"], "message": "hello"},
                        headers={"X-Request-ID": request_id})
    assert replies
    rasa = samples(f"{observed.rasa}/webhooks/ops/metrics")
    assert rasa[("luna_messages_total", (("channel", "webchat"),))] >= 1
    assert rasa[("luna_turn_seconds_count", (("channel", "webchat"),))] >= 1
    # The new conversation's session start ran on the action server within this turn.
    assert any(line["request_id"] == request_id for line in json_lines(observed.luna.actions_log))


def test_no_log_line_of_either_server_carries_the_birth_details_or_the_sender(observed):
    for log in (observed.luna.actions_log, observed.luna.rasa_log):
        written = log.read_text()
        assert json_lines(log), f"{log.name} has no JSON lines"
        for personal in (*BIRTH_DETAILS, BIRTH_MESSAGE, observed.sender):
            assert personal not in written, f"{personal!r} in {log.name}"


def not_ready_because(url: str) -> str:
    status, body = get(url)
    answer = json.loads(body)
    assert status == 503 and answer["ready"] is False, answer
    return answer["reason"]


def test_the_servers_are_not_ready_without_redis_or_the_database(observed, database_url):
    # Last in the module: it stops the module's Redis, then drops its database.
    observed.stop_redis()
    assert not_ready_because(f"{observed.rasa}/webhooks/ops/ready").startswith("lock store Redis:")
    assert get(f"{observed.rasa}/webhooks/ops/health")[0] == 200  # alive all the same
    if not database_url.startswith("postgresql"):
        return  # a SQLite file cannot be taken away from a running server here
    url = make_url(database_url)
    # The database the test run's own was created from (tests/assistant/conftest.py).
    admin = psycopg2.connect(host=url.host, port=url.port, user=url.username, password=url.password,
                             dbname=make_url(os.environ["LUNA_TEST_POSTGRES_URL"]).database)
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                           (url.database,))
            cursor.execute(f'DROP DATABASE IF EXISTS "{url.database}"')
    finally:
        admin.close()
    assert not_ready_because(f"{observed.actions}/ready").startswith("database: profile readiness check failed")
    assert not_ready_because(f"{observed.rasa}/webhooks/ops/ready").startswith("tracker store database:")
    assert get(f"{observed.actions}/health")[0] == 200
