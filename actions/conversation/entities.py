"""Reading entities from a message: the words of each tagged piece, their values, their roles."""

from __future__ import annotations

import re
from typing import Any

# The role the NLU gives a partner's details (nlu/owners.py); the user's own have none.
PARTNER_ROLE = "partner"

# What may stand between two pieces of one date or time that the model tagged apart:
# "3 october" + "2023", "Nov" + "23," + "1988", "6:45" + "in the" + "evening", and a
# month the model left untagged: "17" + "sep" + "1993".
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_JOINER = re.compile(
    rf"^[\s,./-]*(?:\d{{1,2}}(?:st|nd|rd|th)?[\s,./-]*)?(?:{_MONTH}[\s,./-]+)?(?:(?:in|the|of|at|ki|ko|ke)\s+)*$", re.I)
# A day number just before a tagged month: "23rd" in "born on 23rd Nov 1988".
_DAY_BEFORE = re.compile(r"(\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?)$", re.I)
# A year just after a tagged day and month that the model tagged as something else:
# "1990" in "1 Jan 1990, 5 am".
_YEAR_AFTER = re.compile(r"^[\s,]*(?:\d{4})(?!\d)")


def entity_runs(message: dict[str, Any], entity: str, role: str | None = None) -> list[tuple[str, int]]:
    """The message's own words for each run of adjacent `entity` pieces, with how many
    pieces it joins, in the order they stand: the model sometimes tags "3 october 2023"
    as "3 october" and "2023", or "6:45 in the evening" as "6:45" and "evening"; a date
    also takes the day number just before a tagged month ("23rd" + "Nov 1988"). Only
    pieces of the given role count: the user's own details have none."""
    text = message.get("text") or ""
    found = sorted((e for e in message.get("entities") or () if e.get("entity") == entity
                    and e.get("role") == role
                    and isinstance(e.get("start"), int) and isinstance(e.get("end"), int)),
                   key=lambda e: e["start"])
    runs: list[list[int]] = []  # [start, end, pieces]
    for piece in found:
        if runs and piece["start"] < runs[-1][1]:
            runs[-1][1] = max(runs[-1][1], piece["end"])  # the same words found by two extractors
        elif runs and _JOINER.match(text[runs[-1][1]:piece["start"]]):
            runs[-1][1], runs[-1][2] = piece["end"], runs[-1][2] + 1
        else:
            runs.append([piece["start"], piece["end"], 1])
    joined = []
    for start, end, pieces in runs:
        words = text[start:end].split()
        if entity == "date" and words and not re.search(r"\d", words[0]):
            before = _DAY_BEFORE.search(text[:start])
            if before:
                start, pieces = before.start(), pieces + 1
        if entity == "date" and not re.search(r"\d{4}", text[start:end]):
            after = _YEAR_AFTER.match(text[end:])
            if after:
                end, pieces = end + after.end(), pieces + 1
        joined.append((text[start:end].strip(), pieces))
    return joined


def entity_pieces(message: dict[str, Any], entity: str, role: str | None = None) -> list[str]:
    """The message's own words for each piece of `entity` the model tagged, in order."""
    text = message.get("text") or ""
    found = sorted((e for e in message.get("entities") or () if e.get("entity") == entity and e.get("role") == role
                    and isinstance(e.get("start"), int) and isinstance(e.get("end"), int)), key=lambda e: e["start"])
    return [text[e["start"]:e["end"]] for e in found]


def entity_text(message: dict[str, Any], entity: str) -> tuple[str, int] | None:
    """The first of entity_runs, or None when the message has no such entity."""
    runs = entity_runs(message, entity)
    return runs[0] if runs else None


def entity_values(message: dict[str, Any], entity: str, role: str | None = None) -> list[str]:
    """Values of one entity type and role in a message, synonyms already mapped by the NLU."""
    return [str(found.get("value")) for found in message.get("entities") or ()
            if found.get("entity") == entity and found.get("role") == role]


def gives_partner_details(message: dict[str, Any]) -> bool:
    return any(found.get("role") == PARTNER_ROLE for found in message.get("entities") or ())


def mentions(message: dict[str, Any], pattern: str) -> bool:
    """Whether the message's text contains a word pattern (case-insensitive)."""
    return re.search(pattern, message.get("text") or "", re.IGNORECASE) is not None
