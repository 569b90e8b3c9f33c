"""The one clock: what Luna takes "now" to be, for every "today" it answers about.

Tests freeze it: unit tests with `frozen_at`, end-to-end runs (servers started for the
REST corpus, a browser test) with the environment variable LUNA_NOW, an ISO 8601
instant such as 2026-11-25T06:30:00Z, so that "today's panchang" has one right answer.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone, tzinfo

FROZEN_NOW_VARIABLE = "LUNA_NOW"

# Set by `frozen_at`; a module global rather than a context variable so that the
# worker threads the actions hand their calculations to see the same instant.
_frozen: datetime | None = None


def now() -> datetime:
    """The current instant, timezone-aware, in UTC."""
    if _frozen is not None:
        return _frozen
    fixed = os.environ.get(FROZEN_NOW_VARIABLE)
    if fixed:
        return parse_instant(fixed)
    return datetime.now(timezone.utc)


def today_in(zone: tzinfo) -> date:
    """The local date in `zone` at this instant."""
    return now().astimezone(zone).date()


def parse_instant(text: str) -> datetime:
    """An ISO 8601 instant with its offset ("Z" or "+05:30"), in UTC; ValueError otherwise."""
    try:
        # Python 3.10's fromisoformat does not take the "Z" suffix.
        instant = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        instant = None
    if instant is None or instant.tzinfo is None:
        # Without an offset the instant would depend on the machine's own zone.
        raise ValueError(f"{FROZEN_NOW_VARIABLE}={text!r} is not an ISO 8601 instant with an offset, "
                         "like 2026-11-25T06:30:00Z")
    return instant.astimezone(timezone.utc)


@contextmanager
def frozen_at(instant: datetime | str) -> Iterator[datetime]:
    """Within the block, `now()` is `instant` (aware, or an ISO 8601 string)."""
    global _frozen
    frozen = parse_instant(instant) if isinstance(instant, str) else instant
    if frozen.tzinfo is None:
        raise ValueError("a frozen instant needs a time zone")
    previous, _frozen = _frozen, frozen.astimezone(timezone.utc)
    try:
        yield _frozen
    finally:
        _frozen = previous
