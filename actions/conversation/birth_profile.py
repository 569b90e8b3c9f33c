"""Between the form's slots, the stored profile and the engine's chart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.conversation.birth_details_form import UNKNOWN_TIME
from luna.astrology import Chart, cast_chart, local_moment, resolve_place
from luna.profiles import Profile

# An unknown birth time is cast for local noon: the middle of the day keeps the Moon's
# error smallest (at most about 6.5° either way).
NOON = time(12, 0)
DEFAULT_CHANNEL = "rest"
MATCH_SIDES = ("boy", "girl")
BIRTH_SLOTS = ("name", "birth_date", "birth_time", "birth_place", "place_latitude", "place_longitude",
               "place_timezone")


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


def details_from_slots(tracker: Tracker) -> BirthDetails | None:
    """The validated birth details in the slots, or None if any is missing."""
    values = {slot: tracker.get_slot(slot) for slot in BIRTH_SLOTS}
    if not all(values[slot] for slot in ("name", "birth_date", "birth_time", "birth_place")):
        return None
    latitude, longitude, zone = values["place_latitude"], values["place_longitude"], values["place_timezone"]
    if latitude is None or longitude is None or not zone:
        place = resolve_place(values["birth_place"])  # a label Luna itself produced: resolves exactly
        latitude, longitude, zone = place.latitude, place.longitude, place.timezone
    clock = None if values["birth_time"] == UNKNOWN_TIME else time.fromisoformat(values["birth_time"])
    return BirthDetails(values["name"], date.fromisoformat(values["birth_date"]), clock, values["birth_place"],
                        float(latitude), float(longitude), zone)


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


def slots_from_profile(profile: Profile | None) -> list[SlotSet]:
    """Slot events that put a stored profile back into the conversation."""
    if profile is None:
        return [SlotSet("has_profile", False)]
    return [
        SlotSet("name", profile.name),
        SlotSet("birth_date", profile.birth_date.isoformat()),
        SlotSet("birth_time", profile.birth_time.strftime("%H:%M") if profile.time_known else UNKNOWN_TIME),
        SlotSet("birth_place", profile.place_label),
        SlotSet("place_latitude", profile.latitude),
        SlotSet("place_longitude", profile.longitude),
        SlotSet("place_timezone", profile.timezone),
        SlotSet("place_candidates", None),
        SlotSet("match_role", profile.match_side),
        SlotSet("has_profile", True),
    ]
