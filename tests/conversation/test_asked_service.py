"""Which message a chart answer responds to, read from tracker events as Rasa sends them
to the action server."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from actions.conversation.asked_service import latest_request, request_intent
from actions.conversation.entities import entity_values, mentions

FORM = "birth_details_form"


def user(text: str, intent: str, entities: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"event": "user", "text": text, "timestamp": 1.0,
            "parse_data": {"intent": {"name": intent, "confidence": 0.98}, "entities": entities or [],
                           "text": text}}


def loop(name: str | None) -> dict[str, Any]:
    return {"event": "active_loop", "name": name, "timestamp": 1.0}


def action(name: str) -> dict[str, Any]:
    return {"event": "action", "name": name, "timestamp": 1.0}


def entity(kind: str, value: str) -> dict[str, Any]:
    return {"entity": kind, "value": value, "start": 0, "end": len(value), "extractor": "DIETClassifier"}


def tracker(events: list[dict[str, Any]]) -> Tracker:
    users = [event for event in events if event["event"] == "user"]
    latest = users[-1]["parse_data"] if users else {}
    active = next((event for event in reversed(events) if event["event"] == "active_loop"), {"name": None})
    return Tracker("someone", {}, latest, events, False, None, {"name": active["name"]} if active["name"] else {},
                   "action_listen")


DASHA_THEN_FORM = [
    action("action_session_start"),
    {"event": "session_started", "timestamp": 1.0},
    action("action_listen"),
    user("what is my dasha?", "ask_dasha"),
    action(FORM),
    loop(FORM),
    {"event": "slot", "name": "requested_slot", "value": "name", "timestamp": 1.0},
    action("action_listen"),
    user("Priya", "provide_birth_details", [entity("name", "Priya")]),
    action(FORM),
    action("action_listen"),
    user("14 feb 1992", "provide_birth_details", [entity("date", "14 feb 1992")]),
    action(FORM),
    action("action_listen"),
    user("6:15 am in Pune", "provide_birth_details", [entity("time", "6:15 am"), entity("place", "Pune")]),
    action(FORM),
    loop(None),
    {"event": "slot", "name": "requested_slot", "value": None, "timestamp": 1.0},
]


def test_no_events_is_a_kundli_request():
    request = latest_request(tracker([]))
    assert request == {"intent": {"name": "request_kundli"}, "entities": [], "text": ""}
    assert request_intent(request) == "request_kundli"


def test_form_answers_after_a_dasha_request_leave_it_the_dasha_request():
    request = latest_request(tracker(DASHA_THEN_FORM))
    assert request_intent(request) == "ask_dasha"
    assert request["text"] == "what is my dasha?"
    assert entity_values(request, "place") == []


def test_the_request_is_the_same_while_the_form_is_still_asking():
    request = latest_request(tracker(DASHA_THEN_FORM[:12]))  # after "14 feb 1992", form still active
    assert request_intent(request) == "ask_dasha"


def test_birth_details_with_no_form_running_ask_for_the_kundli():
    message = user("I am Ravi, born 5/3/1990 10:30 pm in Pune", "provide_birth_details",
                   [entity("name", "Ravi"), entity("date", "5/3/1990"), entity("place", "Pune")])
    request = latest_request(tracker([action("action_listen"), message, action(FORM), loop(FORM)]))
    # The details message itself is the request: no dasha, prediction or horoscope intent.
    assert request_intent(request) == "provide_birth_details"
    assert request["text"] == "I am Ravi, born 5/3/1990 10:30 pm in Pune"
    assert entity_values(request, "place") == ["Pune"]


def test_details_given_after_the_form_ended_are_a_new_kundli_request():
    correction = user("actually I was born in Nagpur", "update_birth_details", [entity("place", "Nagpur")])
    request = latest_request(tracker([*DASHA_THEN_FORM, action("action_listen"), correction]))
    assert request_intent(request) == "update_birth_details"
    assert entity_values(request, "place") == ["Nagpur"]


def test_a_new_request_during_the_form_replaces_the_old_one():
    events = [*DASHA_THEN_FORM[:9], user("south indian kundli please", "request_kundli"), action(FORM)]
    request = latest_request(tracker(events))
    assert request_intent(request) == "request_kundli"
    assert mentions(request, r"\bsouth\b")


def test_a_horoscope_answered_inside_the_form_leaves_the_request_pending():
    events = [*DASHA_THEN_FORM[:9], user("todays horoscope for leo?", "ask_horoscope", [entity("zodiac_sign", "leo")]),
              action("action_horoscope"), action(FORM), *DASHA_THEN_FORM[9:]]
    assert request_intent(latest_request(tracker(events))) == "ask_dasha"


def test_other_messages_are_not_requests():
    events = [*DASHA_THEN_FORM, action("action_listen"), user("thanks!", "thank"), action("utter_welcome")]
    assert request_intent(latest_request(tracker(events))) == "ask_dasha"


def test_a_restart_ends_the_form():
    events = [user("my dasha", "ask_dasha"), action(FORM), loop(FORM), {"event": "restart", "timestamp": 1.0},
              action("action_listen"), user("born 5/3/1990 in Pune", "provide_birth_details")]
    request = latest_request(tracker(events))
    assert request_intent(request) == "provide_birth_details"
    assert request["text"] == "born 5/3/1990 in Pune"


def test_the_text_comes_from_the_event_or_its_parse_data():
    message = {"event": "user", "text": None, "timestamp": 1.0,
               "parse_data": {"intent": {"name": "ask_horoscope"}, "entities": [], "text": "horoscope for leo"}}
    request = latest_request(tracker([message]))
    assert request_intent(request) == "ask_horoscope" and request["text"] == "horoscope for leo"
