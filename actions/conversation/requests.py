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


# What may stand between two pieces of one date or time that the model tagged apart:
# "3 october" + "2023", "Nov" + "23," + "1988", "6:45" + "in the" + "evening".
_JOINER = re.compile(r"^[\s,./-]*(?:\d{1,2}(?:st|nd|rd|th)?[\s,./-]*)?(?:(?:in|the|of|at|ki|ko|ke)\s+)*$", re.I)
# A day number just before a tagged month: "23rd" in "born on 23rd Nov 1988".
_DAY_BEFORE = re.compile(r"(\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?)$", re.I)


def entity_text(message: dict[str, Any], entity: str) -> tuple[str, int] | None:
    """The message's own words for the first run of adjacent `entity` pieces, and how many
    pieces it joins: the model sometimes tags "3 october 2023" as "3 october" and "2023",
    or "6:45 in the evening" as "6:45" and "evening"; a date also takes the day number
    just before a tagged month. None when the message has no such entity with a position."""
    text = message.get("text") or ""
    found = sorted((e for e in message.get("entities") or () if e.get("entity") == entity
                    and isinstance(e.get("start"), int) and isinstance(e.get("end"), int)),
                   key=lambda e: e["start"])
    if not found:
        return None
    start, end, pieces = found[0]["start"], found[0]["end"], 1
    for following in found[1:]:
        if following["start"] < end:
            end = max(end, following["end"])  # the same words found by two extractors
            continue
        if not _JOINER.match(text[end:following["start"]]):
            break
        end, pieces = following["end"], pieces + 1
    if entity == "date":
        before = _DAY_BEFORE.search(text[:start])
        if before and not re.search(r"\d", text[start:end].split()[0] if text[start:end].split() else ""):
            start, pieces = before.start(), pieces + 1
    return text[start:end].strip(), pieces


def entity_values(message: dict[str, Any], entity: str) -> list[str]:
    """Values of one entity type in a message, synonyms already mapped by the NLU."""
    return [str(found.get("value")) for found in message.get("entities") or () if found.get("entity") == entity]


def mentions(message: dict[str, Any], pattern: str) -> bool:
    """Whether the message's text contains a word pattern (case-insensitive)."""
    return re.search(pattern, message.get("text") or "", re.IGNORECASE) is not None
