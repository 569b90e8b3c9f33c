"""The web chat's session credential (channels/session_credential.py, channels/webchat.py)
and the chat page's configuration (actions/chat_page.py).

Finding (issue 10): the web chat's sender id was its only credential, made in the browser
(`Date.now()` where `crypto.randomUUID` is missing); `?server=` sent a user's messages
and id to any host; the Host header went unescaped into the page's script. The browser
side (`?server=`, a reload, two browsers) is in tests/assistant/test_chat_page.py.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request

import pytest
import sqlalchemy as sa

from actions.chat_page import script_json
from channels.session_credential import (
    KEY_VARIABLE,
    SENDER_PATTERN,
    SessionSigner,
    WebChatKeyError,
    signer_from_environment,
)
from tests.assistant.servers import texts

KEY = "k" * 40


# --- the credential itself (no servers) ---------------------------------------------


def test_a_session_is_a_random_sender_with_its_own_token():
    signer = SessionSigner(KEY.encode())
    first, second = signer.issue(), signer.issue()
    assert SENDER_PATTERN.fullmatch(first.sender) and first.sender != second.sender
    assert signer.verify(first.sender, first.token) and signer.verify(second.sender, second.token)


def test_a_token_is_refused_for_any_other_sender():
    signer = SessionSigner(KEY.encode())
    mine, theirs = signer.issue(), signer.issue()
    assert not signer.verify(theirs.sender, mine.token)
    # Not for a sender id of the caller's choosing either (an old `luna-sender`, a phone number).
    assert not signer.verify("919812345678", mine.token)
    assert not signer.verify(mine.sender.upper(), mine.token)


@pytest.mark.parametrize("token", ["", "x", None, 42, ["a"], "é" * 43])
def test_forged_and_malformed_tokens_are_refused(token):
    signer = SessionSigner(KEY.encode())
    session = signer.issue()
    assert not signer.verify(session.sender, token)
    assert not signer.verify(session.sender, session.token[:-1] + ("A" if session.token[-1] != "A" else "B"))


def test_only_the_holder_of_the_key_can_mint_a_token():
    ours, theirs = SessionSigner(KEY.encode()), SessionSigner(b"another key of forty characters........")
    minted = theirs.issue()
    assert not ours.verify(minted.sender, minted.token)


def test_replicas_sharing_the_key_accept_each_others_sessions():
    session = signer_from_environment({KEY_VARIABLE: KEY}).issue()
    assert signer_from_environment({KEY_VARIABLE: KEY}).verify(session.sender, session.token)


def test_without_a_key_each_process_signs_with_a_random_one_and_says_so(caplog):
    with caplog.at_level(logging.WARNING):
        first, second = signer_from_environment({}), signer_from_environment({})
    assert KEY_VARIABLE in caplog.text
    session = first.issue()
    assert first.verify(session.sender, session.token) and not second.verify(session.sender, session.token)


def test_a_placeholder_key_stops_the_server():
    with pytest.raises(WebChatKeyError, match=KEY_VARIABLE):
        signer_from_environment({KEY_VARIABLE: "changeme"})


def test_the_page_configuration_cannot_leave_its_script_element():
    hostile = 'http://x"</script><script>alert(1)</script><!--\u2028'
    text = script_json({"rasaUrl": hostile})
    assert "<" not in text and ">" not in text and "\u2028" not in text
    assert json.loads(text) == {"rasaUrl": hostile}


# --- the real servers ------------------------------------------------------------------


def post(url: str, body: object | None = None, raw: bytes | None = None) -> tuple[int, object]:
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else b"")
    request = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def channel(luna, path: str) -> str:
    return f"http://127.0.0.1:{luna.rasa_port}/webhooks/webchat/{path}"


def new_session(luna) -> dict:
    status, session = post(channel(luna, "session"))
    assert status == 200 and set(session) == {"sender", "token"}
    return session


def stored_events(luna, sender: str) -> int:
    engine = sa.create_engine(luna.database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(
                sa.text("SELECT COUNT(*) FROM events WHERE sender_id = :s"), {"s": sender}
            ).scalar_one()
    finally:
        engine.dispose()


def test_a_valid_session_gets_lunas_reply(luna):
    session = new_session(luna)
    status, replies = post(channel(luna, "webhook"), {**session, "message": "I'm Ravi, born 5/3/1990 10:30 pm in Pune"})
    assert status == 200
    assert any("Lagna (ascendant): Libra" in reply.get("text", "") for reply in replies)
    assert stored_events(luna, session["sender"]) > 0


def test_a_session_outlives_a_rasa_restart_with_the_same_key(luna):
    # The token is stateless: a Rasa server started again (or a replica) with the same
    # LUNA_WEBCHAT_KEY accepts it, so the page carries on with the same conversation.
    session, webhook = new_session(luna), channel(luna, "webhook")
    status, replies = post(webhook, {**session, "message": "I'm Zoya, born 3 jan 1995 4:45 pm in Lucknow"})
    assert status == 200 and "Zoya's kundli" in texts(replies)
    luna.stop_rasa()
    luna.start_rasa()
    status, replies = post(webhook, {**session, "message": "show my kundli"})
    assert status == 200 and "Zoya's kundli" in texts(replies)


def test_one_browsers_credential_is_refused_for_another_sender(luna):
    victim, attacker = new_session(luna), new_session(luna)
    post(channel(luna, "webhook"), {**victim, "message": "I'm Farah, born 3 jan 1995 4:45 pm in Lucknow"})
    before = stored_events(luna, victim["sender"])
    status, answer = post(channel(luna, "webhook"),
                          {"sender": victim["sender"], "token": attacker["token"], "message": "what is my lagna"})
    assert status == 403 and "Farah" not in json.dumps(answer) and not isinstance(answer, list)
    assert stored_events(luna, victim["sender"]) == before


@pytest.mark.parametrize("forgery", [
    {},                                    # no token at all
    {"token": ""},
    {"token": "A" * 43},                   # the right shape, not the server's signature
    {"token": None},
])
def test_a_forged_or_absent_token_gets_no_reply_and_nothing_is_stored(luna, forgery):
    sender = new_session(luna)["sender"]
    status, answer = post(channel(luna, "webhook"), {"sender": sender, "message": "hello", **forgery})
    assert status in (401, 403) and not isinstance(answer, list)
    assert stored_events(luna, sender) == 0


def test_a_sender_id_of_the_callers_choosing_is_refused(luna):
    session = new_session(luna)
    for sender in ("test-someone-else", "webchat-" + "0" * 32, session["sender"] + "x"):
        status, _ = post(channel(luna, "webhook"), {"sender": sender, "token": session["token"], "message": "hi"})
        assert status == 403
        assert stored_events(luna, sender) == 0


def test_bad_bodies_are_refused_plainly(luna):
    session = new_session(luna)
    for raw in (b"not json", b"[1, 2]", json.dumps({**session, "message": 5}).encode()):
        status, answer = post(channel(luna, "webhook"), raw=raw)
        assert status == 400 and "Traceback" not in json.dumps(answer)


def test_the_chat_pages_origin_may_call_the_channel(luna):
    # The page is served by the action server, so every call is cross-origin and a JSON
    # POST is preflighted first.
    origin = f"http://127.0.0.1:{luna.actions_port}"
    request = urllib.request.Request(channel(luna, "webhook"), method="OPTIONS", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    })
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.headers["Access-Control-Allow-Origin"] in (origin, "*")
        assert "content-type" in answer.headers["Access-Control-Allow-Headers"].lower()


def test_the_host_header_does_not_reach_the_pages_script(luna):
    hostile = 'evil.example"};alert(1);</script><script>alert(2)</script>'
    request = urllib.request.Request(luna.chat_url, headers={"Host": hostile})
    with urllib.request.urlopen(request, timeout=30) as answer:
        page = answer.read().decode()
        assert answer.headers["Cache-Control"] == "no-store"
    assert "evil.example" not in page and "alert(" not in page
    assert f'const CONFIG = {{"rasaUrl": null, "rasaPort": {luna.rasa_port}}};' in page


def test_the_page_has_no_address_bar_override(luna):
    with urllib.request.urlopen(luna.chat_url + "?server=http://evil.example", timeout=30) as answer:
        page = answer.read().decode()
    assert "evil.example" not in page and "location.search" not in page and "URLSearchParams" not in page
