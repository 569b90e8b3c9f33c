"""Statements with their astrological reasons, and replies short enough for a phone."""

from __future__ import annotations

from dataclasses import dataclass

# A chat bubble a phone shows without scrolling much: the main text of a reading stays
# under this, dropping its least important statements when it would not.
MAX_TEXT_CHARS = 900


@dataclass(frozen=True, slots=True)
class Statement:
    """One thing a reading says, with the reason it says it."""

    kind: str  # what it is about: "transit", "vara", "panchang", "sade_sati", "lord", "dasha"...
    reason: str  # the astrological reason, in words ("The Moon transits your 8th house from Leo all day")
    meaning: str  # what that means for the reader
    effect: str  # "positive", "negative" or "neutral"
    text: str  # the bullet as shown: marker, reason and meaning
    planet: str | None = None
    house: int | None = None  # horoscope: from the Moon sign; prediction: from the lagna


def capitalised(text: str) -> str:
    """First letter upper case ("the Moon transits..." starts a bullet as "The Moon...")."""
    return text[:1].upper() + text[1:]


def compose(header: str, statements: list[Statement], footers: list[str]) -> tuple[str, tuple[Statement, ...]]:
    """The reply: header, statements in order of importance, footers (always kept).

    Statements that would push the reply past MAX_TEXT_CHARS are left out, least
    important first; the first statement is always kept. Returns the text and the
    statements it shows.
    """
    fixed = len(header) + sum(len(footer) + 1 for footer in footers)
    shown: list[Statement] = []
    length = fixed
    for statement in statements:
        if shown and length + len(statement.text) + 1 > MAX_TEXT_CHARS:
            continue
        shown.append(statement)
        length += len(statement.text) + 1
    lines = [header, *(statement.text for statement in shown), *footers]
    return "\n".join(line for line in lines if line), tuple(shown)


def joined(items: list[str], last_joiner: str) -> str:
    """"a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last_joiner} {items[-1]}"
