"""What Luna accepts of what people type, shared by the Rasa pipeline (nlu/message_guard.py)
and the action server (actions/conversation/fail_safe.py), so both read the same text.

- Control characters are dropped, except newline and tab: a NUL in a name cannot be stored
  by PostgreSQL, and the others (escape sequences, bidi overrides) only hide text.
- A message longer than MAX_MESSAGE_CHARS is not read at all. 2,000 characters is the chat
  page's own limit (webchat/index.html), about 350 words: far more than any birth detail,
  question or correction Luna answers needs, and well below Telegram's and WhatsApp's
  4,096, so a pasted document or a flood is refused politely instead of going through the
  model and into someone's details.
- A message of punctuation alone ("...", "???") has nothing to read. The model, which never
  saw one in training, would guess with confidence (a birth time made of dots); emoji and
  symbols are left to it ("👍" answers a question, "♍" asks a horoscope).
"""

from __future__ import annotations

import re
import unicodedata

MAX_MESSAGE_CHARS = 2000

# The C0 and C1 control characters (NUL, ESC, CR, DEL...) but newline and tab, and the
# bidirectional overrides that make text read differently from what it holds. Zero-width
# joiners stay: Indic scripts and emoji need them.
_DROPPED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def without_control_characters(text: str) -> str:
    """The text with control characters (but not newline or tab) removed."""
    return _DROPPED.sub("", text)


def too_long(text: str | None) -> bool:
    """Whether a message is beyond what Luna reads (counted after control characters go)."""
    return text is not None and len(without_control_characters(text)) > MAX_MESSAGE_CHARS


def only_punctuation(text: str | None) -> bool:
    """Whether a message is punctuation and spaces only (and not empty)."""
    if not text or not text.strip():
        return False
    return all(unicodedata.category(character)[0] in "PZC" for character in text)
