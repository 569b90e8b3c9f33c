"""What the user asked for: the message an answer responds to, once a form has run."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from actions.conversation.entities import entity_values, mentions

# Requests that need the user's own chart; a form may run between the request and the answer.
CHART_REQUESTS = ("request_kundli", "ask_dasha", "ask_horoscope", "ask_prediction", "ask_compatibility")
# Requests whose message may carry the user's own birth details (domain.yml maps them).
OWN_CHART_REQUESTS = ("request_kundli", "ask_dasha", "ask_prediction", "ask_compatibility")
# Giving or correcting birth details with no form running asks for the kundli.
_DETAILS = ("provide_birth_details", "update_birth_details")
# Answered where they are asked, even while a form runs (data/rules): never pending.
_ANSWERED_IN_A_FORM = ("ask_horoscope",)


def latest_request(tracker: Tracker) -> dict[str, Any]:
    """The parse data of the latest message that asked for something.

    Answers typed while a form was asking its questions ("Priya", "14 feb 1992") are
    not requests: "my dasha" followed by five answers is still a dasha request.
    """
    request: dict[str, Any] = {"intent": {"name": "request_kundli"}, "entities": [], "text": ""}
    active_loop = None
    for event in tracker.events:
        kind = event.get("event")
        if kind == "active_loop":
            active_loop = event.get("name")
        elif kind == "restart":
            active_loop = None
        elif kind == "user":
            parse = event.get("parse_data") or {}
            intent = (parse.get("intent") or {}).get("name")
            if active_loop is not None and intent in _ANSWERED_IN_A_FORM:
                continue
            if intent in CHART_REQUESTS or (intent in _DETAILS and active_loop is None):
                request = {**parse, "text": event.get("text") or parse.get("text") or ""}
                if intent in _DETAILS:
                    request = _service_asked_with_details(request)
    return request


def _service_asked_with_details(request: dict[str, Any]) -> dict[str, Any]:
    """"what will happen in my career? I'm Arjun, 1 Jan 1990, 5 am, Surat" is read as
    birth details, but asks for a career reading: a topic or the word dasha in a
    details message names the service wanted, which is answered once the chart is cast."""
    if entity_values(request, "topic"):
        return {**request, "intent": {**(request.get("intent") or {}), "name": "ask_prediction"}}
    if mentions(request, r"\b(dasha|dasa|mahadasha|antardasha)\b"):
        return {**request, "intent": {**(request.get("intent") or {}), "name": "ask_dasha"}}
    return request


def request_intent(request: dict[str, Any]) -> str:
    return (request.get("intent") or {}).get("name") or "request_kundli"
