"""What the user asked for: the message an answer responds to, once a form has run."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker

# Requests that need the user's own chart; a form may run between the request and the answer.
CHART_REQUESTS = ("request_kundli", "ask_dasha", "ask_horoscope", "ask_prediction", "ask_compatibility")
# Giving or correcting birth details with no form running asks for the kundli.
_DETAILS = ("provide_birth_details", "update_birth_details")


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
            if intent in CHART_REQUESTS or (intent in _DETAILS and active_loop is None):
                request = {**parse, "text": event.get("text") or parse.get("text") or ""}
    return request


def request_intent(request: dict[str, Any]) -> str:
    return (request.get("intent") or {}).get("name") or "request_kundli"


def entity_values(message: dict[str, Any], entity: str) -> list[str]:
    """Values of one entity type in a message, synonyms already mapped by the NLU."""
    return [str(found.get("value")) for found in message.get("entities") or () if found.get("entity") == entity]


def mentions(message: dict[str, Any], pattern: str) -> bool:
    """Whether the message's text contains a word pattern (case-insensitive)."""
    return re.search(pattern, message.get("text") or "", re.IGNORECASE) is not None
