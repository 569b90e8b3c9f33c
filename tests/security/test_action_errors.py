"""Errors and what users type, end to end through the REST channel of real servers
(issue 10): an action that breaks answers with an apology and logs no tracker, message
or birth data on either server; a NUL in a name is stored without it on PostgreSQL;
control characters are stripped; an over-long message is answered politely and nothing
is stored from it."""

from __future__ import annotations

import json
import urllib.request

import pytest
import sqlalchemy as sa

from actions.conversation.content import say
from luna.user_text import MAX_MESSAGE_CHARS
from tests.assistant.servers import Luna, texts

APOLOGY = say("action_failed")


def logs(luna) -> str:
    """Both servers' logs so far (tests/assistant/servers.py writes them to its workdir)."""
    return "\n".join((luna.workdir / name).read_text(encoding="utf-8", errors="replace")
                     for name in ("actions.log", "rasa.log"))


def stored_profile(luna, sender: str):
    engine = sa.create_engine(luna.database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text("SELECT * FROM profiles WHERE sender_id = :sender"),
                                      {"sender": sender}).mappings().first()
    finally:
        engine.dispose()


def assert_logs_keep_private(luna, *secrets: str) -> None:
    logged = logs(luna)
    for secret in secrets:
        assert secret not in logged
    # Neither server logs a tracker, whatever failed.
    assert '"latest_message"' not in logged and "request_body" not in logged


@pytest.fixture
def luna_without_ephemeris(tmp_path, monkeypatch):
    """An action server whose ephemeris files are missing (a replica deployed without
    Debian's swe-basic-data): every chart raises EphemerisUnavailable inside the action."""
    monkeypatch.setenv("LUNA_EPHE_PATH", str(tmp_path / "no-ephemeris"))
    running = Luna(database_url=f"sqlite:///{tmp_path / 'luna.db'}")
    try:
        running.start_actions()
        yield running
    finally:
        running.stop()


def test_a_chart_that_breaks_gets_an_apology_and_logs_no_data(luna_without_ephemeris):
    luna = luna_without_ephemeris
    sender = Luna.new_sender()
    slots = {"name": "Vikramaditya", "birth_date": "1990-03-05", "birth_time": "05:00",
             "birth_place": "Pune, Maharashtra, India", "place_latitude": 18.5204, "place_longitude": 73.8567,
             "place_timezone": "Asia/Kolkata", "pending_service": "kundli"}
    call = {"next_action": "action_answer_with_chart", "sender_id": sender, "version": "3.6.21", "domain": {},
            "tracker": {"sender_id": sender, "slots": slots, "events": [], "paused": False, "followup_action": None,
                        "active_loop": {}, "latest_action_name": "action_save_profile",
                        "latest_message": {"text": "show my kundli, I'm Vikramaditya",
                                           "intent": {"name": "request_kundli"}, "entities": []}}}
    request = urllib.request.Request(
        f"http://127.0.0.1:{luna.actions_port}/webhook", data=json.dumps(call).encode(), method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer luna.{luna.actions_token}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200
        said = [reply.get("text") or "" for reply in json.load(response)["responses"]]
    assert said == [APOLOGY]
    assert "Traceback" not in " ".join(said) and "Ephemeris" not in " ".join(said)
    logged = (luna.workdir / "actions.log").read_text(encoding="utf-8", errors="replace")
    assert "action_answer_with_chart failed for sender" in logged
    assert "luna.astrology.errors.EphemerisUnavailable (withheld)" in logged
    for secret in (sender, "Vikramaditya", "1990-03-05", "Pune", '"latest_message"', "request_body"):
        assert secret not in logged


def test_a_birth_before_the_ephemeris_is_asked_again_not_stored(luna):
    # 1 Jan 1800, 5 am in Pune is still 31 Dec 1799 in UT.
    sender = luna.new_sender()
    said = texts(luna.say(sender, "I'm Vikramaditya, born 1/1/1800 5 am in Pune"))
    assert "from 2 January 1800 onwards" in said and APOLOGY not in said
    assert stored_profile(luna, sender) is None


def test_a_nul_in_a_name_is_stored_without_it_on_postgresql(luna):
    if not luna.database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL is what refuses a NUL: set LUNA_TEST_POSTGRES_URL")
    sender = luna.new_sender()
    said = texts(luna.say(sender, "I'm Ravee\x00na, born 5/3/1990 10:30 pm in Pune"))
    assert "Raveena's kundli" in said and APOLOGY not in said
    assert stored_profile(luna, sender)["name"] == "Raveena"
    assert_logs_keep_private(luna, sender, "Raveena", "Ravee")


def test_control_characters_are_stripped_from_an_answer(luna):
    sender = luna.new_sender()
    luna.say(sender, "kundli do")
    said = texts(luna.say(sender, "Pri\x1bya\x07\x08"))
    assert "date of birth" in said
    said = texts(luna.say(sender, "14 feb 1992\r"))
    said = texts(luna.say(sender, "6:15 am\x00"))
    said = texts(luna.say(sender, "Nag\x7fpur"))
    assert "Priya's kundli" in said
    profile = stored_profile(luna, sender)
    assert profile["name"] == "Priya" and profile["place_label"].startswith("Nagpur")


def test_an_over_long_answer_in_the_form_is_answered_politely_and_stores_nothing(luna):
    sender = luna.new_sender()
    assert "name" in texts(luna.say(sender, "kundli do"))
    flood = "I'm Ravi, born 5/3/1990 at 10:30 pm in Pune. " * (MAX_MESSAGE_CHARS // 40)
    assert len(flood) > MAX_MESSAGE_CHARS
    said = texts(luna.say(sender, flood))
    assert say("message_too_long", limit=f"{MAX_MESSAGE_CHARS:,}") in said
    assert "Ravi's kundli" not in said
    assert stored_profile(luna, sender) is None
    # The form carries on, asking for the name again.
    assert "Priya's kundli" in texts(luna.say(sender, "Priya, 14 feb 1992, 6:15 am, Nagpur"))


def test_an_over_long_message_outside_a_form_stores_nothing(luna):
    sender = luna.new_sender()
    flood = "I'm Ravi, born 5/3/1990 at 10:30 pm in Pune. " * (MAX_MESSAGE_CHARS // 40)
    said = texts(luna.say(sender, flood))
    assert said.strip() and "Ravi's kundli" not in said and "Traceback" not in said
    assert stored_profile(luna, sender) is None
    assert_logs_keep_private(luna, sender)
