"""The horoscope action: a sign named by name or symbol, and birth details given with
the request sent through the birth-details form instead of being lost."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation.horoscope_actions import ActionHoroscope, own_details_given, signs_named


def tagged(text: str, *pieces: tuple[str, str]) -> list[dict[str, Any]]:
    found = []
    for kind, words in pieces:
        start = text.index(words)
        found.append({"entity": kind, "value": words, "start": start, "end": start + len(words)})
    return found


def message(text: str, *pieces: tuple[str, str]) -> dict[str, Any]:
    return {"intent": {"name": "ask_horoscope"}, "entities": tagged(text, *pieces), "text": text}


def run(latest: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    tracker = Tracker("someone", {}, latest, [{"event": "user", "text": latest["text"], "parse_data": latest}],
                      False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionHoroscope().run(dispatcher, tracker, {}))
    return events, [m.get("text") or "" for m in dispatcher.messages]


def test_a_sign_symbol_names_the_sign():
    assert signs_named(message("♌ horoscope today")) == ["Leo"]
    events, said = run(message("♌ horoscope today"))
    assert events == [] and said[0].startswith("♌ Leo")


def test_birth_details_with_the_request_go_through_the_form():
    text = "todays horoscope for me, I'm Ravi born 5/3/1990 10:30 pm in Pune"
    events, said = run(message(text, ("name", "Ravi"), ("date", "5/3/1990"), ("time", "10:30 pm"), ("place", "Pune")))
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots == {"birth_date": "5/3/1990", "birth_time": "10:30 pm", "birth_place": "Pune", "name": "Ravi"}
    assert events[-1] == {"event": "followup", "name": "birth_details_form", "timestamp": None} and said == []


def test_a_day_asked_about_is_not_a_birth_date():
    assert own_details_given(message("horoscope for 12 march", ("date", "12 march"))) == {}
    events, said = run(message("horoscope for 12 march", ("date", "12 march")))
    assert events == [] and "sign" in said[0].lower()
