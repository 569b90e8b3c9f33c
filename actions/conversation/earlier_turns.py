"""The last few messages of a conversation, as the LLM may see them: with every birth
detail taken out.

The chart facts already carry what an answer needs from the birth details; names, dates,
times and places stay with Luna. A user message loses the spans the NLU tagged as a
detail, and any message loses the names and places held in the slots (Luna's own replies
repeat them: "Ravi's kundli").
"""

from __future__ import annotations

import re

from rasa_sdk import Tracker

from actions.conversation.slot_families import OWN, PARTNER

_MONTH = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*")
# What still reads as a date or a clock time after the tags and slots are out: Luna's own
# replies write them ("Born 5 Mar 1990, 10:30 pm"), and the model misses some in messages.
_DATE_OR_TIME = re.compile(
    rf"\b\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{1,4}}\b"                    # 5/3/1990, 1990-03-05
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\.?,?\s+\d{{2,4}}\b"  # 5 Mar 1990
    rf"|\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{2,4}}\b"           # March 5, 1990
    r"|\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?"                        # 10:30 pm, 22:30
    r"|\b\d{1,2}\s*[ap]\.?m\b",                                      # 6 am
    re.IGNORECASE,
)

# The SPEC's birth-detail entities, and the mask each becomes.
DETAIL_ENTITIES = {"name": "[name]", "date": "[date]", "time": "[time]", "place": "[place]"}
EARLIER_MESSAGES = 4


def _without_tagged_details(event: dict) -> str:
    text = event.get("text") or ""
    entities = (event.get("parse_data") or {}).get("entities") or []
    spans = sorted(
        (entity["start"], entity["end"], DETAIL_ENTITIES[entity["entity"]])
        for entity in entities
        if entity.get("entity") in DETAIL_ENTITIES and isinstance(entity.get("start"), int)
        and isinstance(entity.get("end"), int)
    )
    pieces, cursor = [], 0
    for start, end, mask in spans:
        if start < cursor:
            continue  # overlapping tags: the first one already covers it
        pieces.extend((text[cursor:start], mask))
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _known_details(tracker: Tracker) -> list[tuple[re.Pattern[str], str]]:
    """Each name and place in the slots (and the place's town alone), longest first."""
    values: list[tuple[str, str]] = []
    for family in (OWN, PARTNER):
        for slot, mask in ((family.name, "[name]"), (family.place, "[place]")):
            value = tracker.get_slot(slot)
            if isinstance(value, str) and value.strip():
                values.append((value.strip(), mask))
                if mask == "[place]":
                    values.append((value.split(",")[0].strip(), mask))
    values.sort(key=lambda pair: -len(pair[0]))
    return [(re.compile(rf"(?<!\w){re.escape(value)}(?!\w)", re.IGNORECASE), mask)
            for value, mask in values if len(value) > 1]


def earlier_messages(tracker: Tracker) -> list[tuple[str, str]]:
    """The last few messages before the question, oldest first: ("user" | "luna", text)."""
    said = [
        ("user", _without_tagged_details(event)) if event["event"] == "user" else ("luna", event.get("text") or "")
        for event in tracker.events
        if event.get("event") in ("user", "bot") and event.get("text")
    ]
    if said and said[-1][0] == "user":
        said = said[:-1]  # the question itself is sent on its own
    known = _known_details(tracker)
    earlier = []
    for speaker, text in said[-EARLIER_MESSAGES:]:
        for pattern, mask in known:
            text = pattern.sub(mask, text)
        earlier.append((speaker, _DATE_OR_TIME.sub("[date or time]", text)))
    return earlier
