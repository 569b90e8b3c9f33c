"""A person's birth details between the stored profile and the engine's chart (the
slots that hold them: slot_families.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from rasa_sdk import Tracker

from luna.astrology import Chart, cast_chart, local_moment
from luna.profiles import Profile

# An unknown birth time is cast for local noon: the middle of the day keeps the Moon's
# error smallest (at most about 6.5° either way).
NOON = time(12, 0)
DEFAULT_CHANNEL = "rest"
MATCH_SIDES = ("boy", "girl")


@dataclass(frozen=True)
class BirthDetails:
    name: str
    day: date
    clock: time | None  # None when the user doesn't know it
    place_label: str
    latitude: float
    longitude: float
    timezone: str

    def chart(self) -> Chart:
        return cast_chart(local_moment(self.day, self.clock or NOON, self.timezone), self.latitude, self.longitude)


def channel_of(tracker: Tracker) -> str:
    """Which channel the person writes from: profiles are per channel and sender id."""
    channel = tracker.get_latest_input_channel()
    if not channel:
        metadata = tracker.get_slot("session_started_metadata") or {}
        channel = metadata.get("channel") if isinstance(metadata, dict) else None
    return channel or DEFAULT_CHANNEL


def profile_from_details(details: BirthDetails, channel: str, sender_id: str,
                         match_side: str | None = None) -> Profile:
    return Profile(
        channel=channel,
        sender_id=sender_id,
        name=details.name,
        birth_date=details.day,
        birth_time=details.clock,
        time_known=details.clock is not None,
        place_label=details.place_label,
        latitude=details.latitude,
        longitude=details.longitude,
        timezone=details.timezone,
        match_side=match_side if match_side in MATCH_SIDES else None,
    )


def details_from_profile(profile: Profile) -> BirthDetails:
    return BirthDetails(profile.name, profile.birth_date, profile.birth_time if profile.time_known else None,
                        profile.place_label, profile.latitude, profile.longitude, profile.timezone)
