"""A correction with no new value: outside a form every detail is asked again; inside a
form (a question misread as a correction) the answers given so far stay."""

from __future__ import annotations

import asyncio

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation.profile_actions import ActionBeginUpdate


def begin_update(active_loop: str | None) -> tuple[list[dict], list[str]]:
    message = {"intent": {"name": "update_birth_details"}, "entities": [], "text": "why do you need my birth time?"}
    tracker = Tracker("someone", {"name": "Seema", "birth_date": "1985-05-05"}, message, [], False, None,
                      {"name": active_loop} if active_loop else {}, "action_listen")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionBeginUpdate().run(dispatcher, tracker, {}))
    return events, [m["text"] for m in dispatcher.messages]


def test_inside_the_form_nothing_given_is_lost():
    assert begin_update("birth_details_form") == ([], [])


def test_outside_a_form_every_detail_is_asked_again():
    events, said = begin_update(None)
    assert {e["name"] for e in events} >= {"name", "birth_date", "birth_time", "birth_place"}
    assert all(e["value"] is None for e in events) and len(said) == 1
