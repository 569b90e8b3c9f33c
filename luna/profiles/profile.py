"""The value the profile store hands to callers: plain data, never an ORM object."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time


@dataclass(frozen=True)
class Profile:
    """One person's birth details, keyed by (channel, sender_id).

    ``birth_date`` and ``birth_time`` are the local civil date and wall-clock time at the birth
    place, whose IANA zone is ``timezone``; ``birth_time`` is None when the person does not know
    it (``time_known`` is then False). ``match_side`` is "boy" or "girl" once the person has said
which side of a kundli match they are. ``created_at`` and ``updated_at`` are set by the store
    (timezone-aware UTC); whatever a caller puts there is ignored by ``save``.
    """

    channel: str
    sender_id: str
    name: str
    birth_date: date
    birth_time: time | None
    time_known: bool
    place_label: str
    latitude: float
    longitude: float
    timezone: str
    match_side: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
