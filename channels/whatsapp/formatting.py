"""Luna's replies as Cloud API message bodies (the part after "to"), always within the
limits the Graph API checks, so that no reply is refused for its shape:

- text: at most 4,096 characters, never empty; a heading line in *bold* (as Telegram's
  HTML does) and the content's *emphasised words* kept; any other of WhatsApp's markup
  characters (* _ ~ `) gets a zero-width space after it, so that Luna's "2 * 3 * 4" or a
  name_with_underscores never turns half a sentence bold or italic;
- up to 3 choices: interactive reply buttons (title at most 20 characters, id at most 256,
  titles unique, body at most 1,024);
- more: a list message (at most 10 rows a message, row title at most 24 with the full
  title as its description up to 72, row id at most 200, button label at most 20);
- a text too long for an interactive body goes first as text, then the choices under a
  short body;
- a picture: an image by media id or link, the caption at most 1,024 (a longer one
  follows as text);
- a template: its name, language and, when it has one, the body variable (one line: Meta
  refuses new lines and long runs of spaces there).
Plain Python, no Rasa.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from channels.messaging.text import split_text

MAX_TEXT = 4096
MAX_BODY = 1024  # an interactive message's body, and an image's caption
MAX_BUTTONS = 3
MAX_BUTTON_TITLE = 20
MAX_BUTTON_ID = 256
MAX_ROWS = 10
MAX_ROW_TITLE = 24
MAX_ROW_DESCRIPTION = 72
MAX_ROW_ID = 200
MAX_LIST_BUTTON = 20
MAX_TEMPLATE_TEXT = 1000
# A first line this short and not ending a sentence reads as a heading ("🌙 Priya's kundli").
MAX_HEADING = 60
# Room kept below 4,096 for the heading's asterisks and the zero-width spaces.
SPLIT_AT = 3900
ZERO_WIDTH_SPACE = "\u200b"
# "*help*" in Luna's content: a word or two between single asterisks, not "2 * 3 * 4".
_EMPHASIS = re.compile(r"(?<![\w*])\*(\w[^*\n]{0,40}?\w|\w)\*(?![\w*])")
_MARKUP = re.compile(r"[*_~`]")
_LINK = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class Choice:
    """One of Luna's buttons: what the user sees and the id WhatsApp gives back when chosen."""

    title: str
    id: str


def to_whatsapp(text: str) -> str:
    """The text in WhatsApp's markup: the heading and the *emphasised words* bold, every
    other markup character inert."""
    text = text.strip()
    first, newline, rest = text.partition("\n")
    if newline and rest.strip() and len(first) <= MAX_HEADING and first.strip() and first.rstrip()[-1] not in ".!?:,;":
        heading = _inert(first.replace("*", "").strip())
        if heading:
            return f"*{heading}*\n{_marked(rest)}"
    return _marked(text)


def _marked(text: str) -> str:
    """Emphasis kept, the rest of the markup made inert (links left untouched)."""
    pieces, last = [], 0
    for match in _EMPHASIS.finditer(text):
        pieces.append(_inert(text[last:match.start()]))
        pieces.append(f"*{_inert(match.group(1))}*")
        last = match.end()
    pieces.append(_inert(text[last:]))
    return "".join(pieces)


def _inert(text: str) -> str:
    pieces, last = [], 0
    for link in _LINK.finditer(text):
        pieces.append(_MARKUP.sub(lambda mark: mark.group(0) + ZERO_WIDTH_SPACE, text[last:link.start()]))
        pieces.append(link.group(0))
        last = link.end()
    pieces.append(_MARKUP.sub(lambda mark: mark.group(0) + ZERO_WIDTH_SPACE, text[last:]))
    return "".join(pieces)


def shorten(text: str, limit: int) -> str:
    """One line of at most `limit` characters, cut at a word with "…" when it must be cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + "…"


def text_messages(text: str) -> list[dict[str, Any]]:
    """The text as text messages, each within 4,096 characters; none for an empty text."""
    messages = []
    for piece in split_text(text, SPLIT_AT):
        body = to_whatsapp(piece)[:MAX_TEXT].strip()
        if body:
            messages.append({"type": "text", "text": {"body": body, "preview_url": False}})
    return messages


def reply_messages(text: str, choices: Sequence[Choice], *, list_label: str, short_body: str,
                   more_body: str) -> list[dict[str, Any]]:
    """A reply of Luna's with its choices: one interactive message when the text fits its
    body, else the text first and the choices under `short_body`. More than 10 choices
    make several lists, the later ones under `more_body`."""
    choices = _distinct(choices)
    if not choices:
        return text_messages(text)
    body = to_whatsapp(text) if text.strip() else ""
    messages: list[dict[str, Any]] = []
    if not body or len(body) > MAX_BODY:
        messages.extend(text_messages(text))
        body = to_whatsapp(short_body)
    if len(choices) <= MAX_BUTTONS:
        return [*messages, _buttons(body, choices)]
    for start in range(0, len(choices), MAX_ROWS):
        messages.append(_list(body if start == 0 else to_whatsapp(more_body), choices[start:start + MAX_ROWS],
                              list_label))
    return messages


def image_messages(image: dict[str, str], caption: str) -> list[dict[str, Any]]:
    """The picture (`{"id": media id}` or `{"link": url}`) with `caption` under it when it
    fits, otherwise followed by it as text."""
    formatted = to_whatsapp(caption) if caption.strip() else ""
    if formatted and len(formatted) <= MAX_BODY:
        return [{"type": "image", "image": {**image, "caption": formatted}}]
    return [{"type": "image", "image": dict(image)}, *text_messages(caption)]


def template_message(name: str, language: str, text: str | None = None) -> dict[str, Any]:
    """An approved template; `text` fills its body's one variable when given."""
    template: dict[str, Any] = {"name": name, "language": {"code": language}}
    if text is not None:
        line = shorten(" · ".join(part for part in (p.strip() for p in text.splitlines()) if part), MAX_TEMPLATE_TEXT)
        template["components"] = [{"type": "body", "parameters": [{"type": "text", "text": line or "…"}]}]
    return {"type": "template", "template": template}


def _distinct(choices: Sequence[Choice]) -> list[Choice]:
    """Choices with an id and a title, each id once (the Graph API refuses repeated ids)."""
    seen, kept = set(), []
    for choice in choices:
        title = " ".join(choice.title.split()) or choice.id
        if choice.id and choice.id not in seen and title:
            seen.add(choice.id)
            kept.append(Choice(title, choice.id))
    return kept


def _unique_titles(titles: Sequence[str], limit: int) -> list[str]:
    """Titles shortened to `limit`, a number added where two would read the same (WhatsApp
    refuses reply buttons with equal titles)."""
    result: list[str] = []
    for title in titles:
        short = shorten(title, limit)
        number = 2
        while short in result:
            suffix = f" {number}"
            short = shorten(title, limit - len(suffix)) + suffix
            number += 1
        result.append(short)
    return result


def _buttons(body: str, choices: Sequence[Choice]) -> dict[str, Any]:
    titles = _unique_titles([choice.title for choice in choices], MAX_BUTTON_TITLE)
    return {"type": "interactive", "interactive": {
        "type": "button",
        "body": {"text": body},
        "action": {"buttons": [{"type": "reply", "reply": {"id": choice.id[:MAX_BUTTON_ID], "title": title}}
                               for choice, title in zip(choices, titles, strict=True)]},
    }}


def _list(body: str, choices: Sequence[Choice], label: str) -> dict[str, Any]:
    titles = _unique_titles([choice.title for choice in choices], MAX_ROW_TITLE)
    rows = []
    for choice, title in zip(choices, titles, strict=True):
        row = {"id": choice.id[:MAX_ROW_ID], "title": title}
        if title != choice.title:
            row["description"] = shorten(choice.title, MAX_ROW_DESCRIPTION)
        rows.append(row)
    return {"type": "interactive", "interactive": {
        "type": "list",
        "body": {"text": body},
        "action": {"button": shorten(label, MAX_LIST_BUTTON), "sections": [{"rows": rows}]},
    }}
