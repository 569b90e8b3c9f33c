"""Text shared by the messaging channels: cutting a reply to the platform's length at the
best boundary (Telegram and WhatsApp both allow 4,096 characters in a text), and how a
shared location reads to Luna's conversation."""

from __future__ import annotations

import re

MAX_TEXT = 4096
# Where a text may be cut, best first: between paragraphs, lines, sentences, words.
_CUTS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"(?<=[.!?।])\s+"), re.compile(r"\s+"))


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """The text in pieces of at most `limit` characters, cut at the best boundary
    available (paragraph, line, sentence, word; a hard cut only inside a giant word)."""
    text = text.strip()
    pieces: list[str] = []
    while len(text) > limit:
        cut = _best_cut(text, limit)
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        pieces.append(text)
    return pieces


def _best_cut(text: str, limit: int) -> int:
    window = text[: limit + 1]
    for boundary in _CUTS:
        # The last boundary in the window, if it leaves a reasonably full piece.
        ends = [match.start() for match in boundary.finditer(window) if match.start() > 0]
        if ends and ends[-1] >= limit // 4:
            return ends[-1]
    return limit


def location_text(latitude: float, longitude: float) -> str:
    """A shared location as the conversation reads it (the actions resolve it to the
    nearest town: luna/shared_location.py)."""
    return f"📍 {latitude:.5f}, {longitude:.5f}"
