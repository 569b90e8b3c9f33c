"""A location shared from a chat app, as Luna's channels write it into the message text.

Telegram's 📎 → Location sends coordinates, not words; the channel turns them into one
line, "📍 28.61390, 77.20900" (the pin U+1F4CD, a space, latitude and longitude in
degrees, comma and space, a minus sign south or west). The Rasa pipeline
(nlu/shared_location.py) and the action server (actions/conversation/shared_location.py)
both read it with `shared_coordinates`, so they agree on what is a shared location.

The pin must open the message and nothing may follow the numbers: a person typing
coordinates inside a sentence is not a shared location. Spaces and the number of decimals
are read leniently, so a location pasted by hand still counts.
"""

from __future__ import annotations

import re
from typing import NamedTuple

PIN = "\N{ROUND PUSHPIN}"
_SHARED_LOCATION = re.compile(PIN + r"\s*([-+]?\d{1,3}(?:\.\d+)?)\s*,\s*([-+]?\d{1,3}(?:\.\d+)?)")


class Coordinates(NamedTuple):
    latitude: float
    longitude: float

    @property
    def on_earth(self) -> bool:
        """Latitude within ±90° and longitude within ±180°."""
        return -90.0 <= self.latitude <= 90.0 and -180.0 <= self.longitude <= 180.0


def shared_coordinates(text: str | None) -> Coordinates | None:
    """The coordinates of a shared-location message, or None for any other message.

    Impossible coordinates ("📍 123.00000, 10.00000") are still returned: the message is a
    shared location all the same, and the reply says what is wrong with it.
    """
    found = _SHARED_LOCATION.fullmatch((text or "").strip())
    return Coordinates(float(found.group(1)), float(found.group(2))) if found else None


def as_message(latitude: float, longitude: float) -> str:
    """The message text a channel writes for a shared location."""
    return f"{PIN} {latitude:.5f}, {longitude:.5f}"
