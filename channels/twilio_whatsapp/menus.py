"""Luna's buttons on a channel that carries text only: one numbered menu at the end of the
message ("Reply with a number:\n1. Make my kundli\n2. Help"), never the payloads. The menu
is remembered for the user, so that a reply of "1", "2.", the title, or the title with a
typo maps back to its payload. Plain Python."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# A reply that is only a menu number: "2", "2.", "2)", " #2 ". Longer numbers (a year, a
# time) are the user's own words, never a menu choice.
MENU_NUMBER = re.compile(r"#?\s*(\d{1,2})\s*[.)]?")
# How alike a reply must be to a title to be taken for it ("kundly" for "Kundli").
TITLE_LIKENESS = 0.8


@dataclass(frozen=True)
class MenuItem:
    title: str
    payload: str


@dataclass(frozen=True)
class Choice:
    """What a reply means for the menu: a payload, a number with no item, or nothing."""

    payload: str | None = None
    out_of_range: bool = False


def menu_items(buttons: Sequence[dict[str, Any]]) -> tuple[MenuItem, ...]:
    items = []
    for button in buttons:
        payload = str(button.get("payload") or "").strip()
        if payload:
            title = " ".join(str(button.get("title") or payload).split())
            items.append(MenuItem(title, payload))
    return tuple(items)


def render_menu(items: Sequence[MenuItem], heading: str, first: int = 1) -> str:
    """The numbered menu; `first` is above 1 when an earlier message of the same answer
    showed a menu too, so that every number the user sees stands for one item."""
    lines = [heading] + [f"{number}. {item.title}" for number, item in enumerate(items, start=first)]
    return "\n".join(lines)


def choose(reply: str, items: Sequence[MenuItem]) -> Choice:
    """Which item the user's reply picks from the menu they were shown."""
    if not items:
        return Choice()
    reply = " ".join(reply.split())
    number = MENU_NUMBER.fullmatch(reply)
    if number:
        index = int(number.group(1))
        return Choice(items[index - 1].payload) if 1 <= index <= len(items) else Choice(out_of_range=True)
    wanted = reply.casefold().rstrip(".!")
    titles = {item.title.casefold(): item for item in items}
    if wanted in titles:
        return Choice(titles[wanted].payload)
    close = difflib.get_close_matches(wanted, list(titles), n=1, cutoff=TITLE_LIKENESS)
    return Choice(titles[close[0]].payload) if close else Choice()


def dump_menu(items: Sequence[MenuItem]) -> str:
    return json.dumps([[item.title, item.payload] for item in items], ensure_ascii=False)


def load_menu(stored: str | None) -> tuple[MenuItem, ...]:
    """A remembered menu; empty when there is none or it cannot be read."""
    try:
        return tuple(MenuItem(str(title), str(payload)) for title, payload in json.loads(stored or "[]"))
    except (ValueError, TypeError):
        return ()
