"""The fail-safe base of every action (actions/conversation/fail_safe.py), through real
rasa-sdk trackers and dispatchers: whatever an action raises, the user gets a friendly
reply and the log gets the exception's type and frames, never its message, the tracker or
the sender id; control characters never reach an action; an over-long message fills no slot."""

from __future__ import annotations

import asyncio
import json
import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from ruamel.yaml import YAML

from actions.conversation.birth_details_form import ValidateBirthDetailsForm
from actions.conversation.content import say
from actions.conversation.fail_safe import SafeAction, sender_tag
from actions.conversation.profile_actions import ActionSessionStart
from luna.observability.metrics import ACTION_ERRORS
from luna.user_text import MAX_MESSAGE_CHARS

ROOT = Path(__file__).resolve().parents[2]

SENDER = "919812345678"  # a WhatsApp id is a phone number
SECRET = "Ravi born 1990-03-05 22:30 Pune"


class _Fails(SafeAction):
    """An action that breaks the way a database driver does, quoting the row it failed on."""

    def name(self) -> str:
        return "action_that_fails_in_tests"

    async def run(self, dispatcher, tracker, domain) -> list[dict[str, Any]]:
        dispatcher.utter_message(text="half an answer")
        try:
            raise KeyError(SECRET)
        except KeyError as cause:
            raise ValueError(f"A string literal cannot contain NUL: {SECRET}") from cause


def tracker(text: str, slots: dict[str, Any] | None = None, form: str | None = None) -> Tracker:
    message = {"intent": {"name": "provide_birth_details", "confidence": 0.9}, "entities": [], "text": text}
    events = [{"event": "user", "text": text, "parse_data": message, "timestamp": 2.0}]
    events += [{"event": "slot", "name": slot, "value": value, "timestamp": 3.0}
               for slot, value in (slots or {}).items()]
    return Tracker(SENDER, dict(slots or {}), message, events, False, None, {"name": form} if form else {},
                   "action_listen")


DOMAIN = YAML(typ="safe").load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))


def run(action, tracker_: Tracker) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, DOMAIN))
    return events, dispatcher.messages


# Registered as `python -m rasa_sdk --actions actions` does, in a process of its own: in
# pytest's, tests/ is on sys.path and its `conversation` folder would shadow the package's.
_REGISTERED = """
import json
from rasa_sdk.executor import ActionExecutor
from actions.conversation.fail_safe import is_fail_safe
executor = ActionExecutor()
executor.register_package("actions")
print(json.dumps({name: is_fail_safe(run) for name, run in executor.actions.items()}))
"""


def test_every_registered_action_is_fail_safe():
    done = subprocess.run([sys.executable, "-c", _REGISTERED], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=True)
    registered = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(registered) >= 20
    assert [name for name, guarded in registered.items() if not guarded] == []


def test_an_exception_gives_a_friendly_reply_and_changes_nothing(caplog):
    with caplog.at_level(logging.INFO):
        events, said = run(_Fails(), tracker(SECRET, {"name": "Ravi"}))
    assert events == []
    assert [message["text"] for message in said] == [say("action_failed")]


def test_the_log_line_names_the_failure_but_no_data(caplog):
    before = _failures_counted()
    with caplog.at_level(logging.INFO):
        run(_Fails(), tracker(SECRET, {"name": "Ravi"}))
    assert _failures_counted() == before + 1  # luna_action_errors_total, though Rasa sees a 200
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "action_that_fails_in_tests failed" in logged
    assert "ValueError" in logged and "KeyError" in logged  # the chain's types
    assert "test_fail_safe.py" in logged  # and its frames
    assert sender_tag(SENDER) in logged
    for secret in ("Ravi", "1990", "Pune", SENDER):  # (the frames quote code, never values)
        assert secret not in logged
    assert all(record.exc_info is None for record in caplog.records)


def _failures_counted() -> float:
    return ACTION_ERRORS.labels(action="action_that_fails_in_tests")._value.get()


def test_the_sender_hash_is_stable_within_a_process_and_hides_the_id():
    assert sender_tag(SENDER) == sender_tag(SENDER) != sender_tag("919812345679")
    assert SENDER not in sender_tag(SENDER) and len(sender_tag(SENDER)) == 16


def test_a_failed_form_validation_drops_the_unvalidated_slots(monkeypatch):
    # The form's own validator breaks (the database, the gazetteer...): the values this
    # message filled are dropped, not kept unchecked, and the form will ask again.
    form = ValidateBirthDetailsForm()

    async def broken(*_args, **_kwargs):
        raise RuntimeError(SECRET)

    monkeypatch.setattr(form, "validate_name", broken)  # run itself still goes through the guard
    events, said = run(form, tracker("Ravi", {"name": "Ravi", "requested_slot": "name"}, "birth_details_form"))
    assert SlotSet("name", None) in events
    assert [message["text"] for message in said] == [say("action_failed")]


def test_a_failed_session_start_still_starts_the_session():
    class Broken(ActionSessionStart):
        async def run(self, dispatcher, tracker, domain):
            raise RuntimeError(SECRET)

    events, said = run(Broken(), tracker("hi"))
    assert [event["event"] for event in events] == ["session_started", "action"]
    assert said[0]["text"] == say("action_failed")


def test_control_characters_never_reach_the_form():
    events, said = run(ValidateBirthDetailsForm(),
                       tracker("Ra\x00vi\x1b", {"name": "Ra\x00vi\x1b", "requested_slot": "name"},
                               "birth_details_form"))
    assert SlotSet("name", "Ravi") in events
    assert not any(message.get("text") == say("action_failed") for message in said)


@pytest.mark.parametrize("slot", ["name", "birth_date", "birth_place"])
def test_an_over_long_message_fills_no_slot_and_is_answered_politely(slot):
    text = "I was born on 5 March 1990 in Pune " * (MAX_MESSAGE_CHARS // 30)
    events, said = run(ValidateBirthDetailsForm(),
                       tracker(text, {slot: text, "requested_slot": slot}, "birth_details_form"))
    assert events == [SlotSet(slot, None)]
    assert [message["text"] for message in said] == [say("message_too_long", limit="2,000")]


def test_a_message_of_the_full_length_is_still_read():
    text = "Ravi" + " " * (MAX_MESSAGE_CHARS - 4)
    events, said = run(ValidateBirthDetailsForm(),
                       tracker(text, {"name": text, "requested_slot": "name"}, "birth_details_form"))
    assert SlotSet("name", "Ravi") in events
