"""Luna's replies in Telegram's terms: HTML with everything escaped, a heading in bold,
buttons as an inline keyboard.

Telegram counts its limits on the text after parsing (tags removed, entities decoded),
so texts are cut (channels/messaging/text.py) before they are escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64  # bytes, Telegram's limit for an inline button's callback_data
# A first line this short and not ending a sentence reads as a heading ("🌙 Priya's kundli").
MAX_HEADING = 60
# "*help*" in Luna's content: a word or two between single asterisks, not "2 * 3 * 4".
_EMPHASIS = re.compile(r"(?<![\w*])\*(\w[^*\n]{0,40}?\w|\w)\*(?![\w*])")


def to_html(text: str) -> str:
    """The text as Telegram HTML: `&`, `<`, `>` escaped; a heading line and the content's
    *emphasised words* in bold."""
    first, newline, rest = text.partition("\n")
    if newline and rest.strip() and len(first) <= MAX_HEADING and first.strip() and first.rstrip()[-1] not in ".!?:,;":
        return f"<b>{_escaped(first)}</b>\n{_escaped(rest)}"
    return _escaped(text)


def _escaped(text: str) -> str:
    return _EMPHASIS.sub(r"<b>\1</b>", html.escape(text, quote=False))


def inline_keyboard(keys: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup | None:
    """(title, callback_data) pairs as an inline keyboard, two to a row when the titles
    are short enough to stay readable side by side on a phone."""
    buttons = [InlineKeyboardButton(title[:64], callback_data=data) for title, data in keys]
    if not buttons:
        return None
    width = 2 if all(len(button.text) <= 18 for button in buttons) else 1
    return InlineKeyboardMarkup([buttons[index:index + width] for index in range(0, len(buttons), width)])


def fits_callback_data(payload: str) -> bool:
    return 0 < len(payload.encode("utf-8")) <= MAX_CALLBACK_DATA
