"""The slots that hold one person's birth details, or one place: named once, read and
written here.

Three families share one shape: the user's own details (domain.yml's `name`,
`birth_date`, ...), a partner's for kundli matching (`partner_...`), and the place a
panchang is asked for (`panchang_...`, a place only).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, time
from typing import Any, Protocol

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.conversation.birth_profile import BirthDetails
from luna.astrology import resolve_place

# The time slot's value when the person does not know their birth time.
UNKNOWN_TIME = "unknown"


@dataclass(frozen=True)
class SlotFamily:
    """The slot names of one family; a place-only family has no name, date or time."""

    place: str
    latitude: str
    longitude: str
    timezone: str
    # The places an ambiguous answer could mean, offered as buttons: each with its
    # coordinates, so that the one picked is taken as it was found.
    candidates: str
    name: str | None = None
    date: str | None = None
    time: str | None = None

    @property
    def slots(self) -> tuple[str, ...]:
        """Every slot of the family, the person's details first."""
        ordered = (self.name, self.date, self.time, self.place, self.latitude, self.longitude, self.timezone,
                   self.candidates)
        return tuple(slot for slot in ordered if slot)

    def holds(self, slot: str | None) -> bool:
        return slot in self.slots


OWN = SlotFamily(name="name", date="birth_date", time="birth_time", place="birth_place",
                 latitude="place_latitude", longitude="place_longitude", timezone="place_timezone",
                 candidates="place_candidates")
PARTNER = SlotFamily(name="partner_name", date="partner_birth_date", time="partner_birth_time",
                     place="partner_birth_place", latitude="partner_latitude", longitude="partner_longitude",
                     timezone="partner_timezone", candidates="partner_place_candidates")
PANCHANG_PLACE = SlotFamily(place="panchang_place", latitude="panchang_latitude", longitude="panchang_longitude",
                            timezone="panchang_timezone", candidates="panchang_candidates")


class ResolvedPlace(Protocol):
    """What the slots keep of a place: luna.astrology.Place has it."""

    @property
    def label(self) -> str: ...

    @property
    def latitude(self) -> float: ...

    @property
    def longitude(self) -> float: ...

    @property
    def timezone(self) -> str: ...


@dataclass(frozen=True)
class PlaceInSlots:
    label: str
    latitude: float
    longitude: float
    timezone: str


def place_values(family: SlotFamily, place: ResolvedPlace) -> dict[str, Any]:
    """The family's slot values for a resolved place; the question of which one is settled."""
    return {family.place: place.label, family.latitude: place.latitude, family.longitude: place.longitude,
            family.timezone: place.timezone, family.candidates: None}


def candidate_values(places: Iterable[ResolvedPlace]) -> list[dict[str, Any]]:
    """A candidates slot's value: each place as a small dict (slots hold JSON)."""
    return [asdict(PlaceInSlots(place.label, place.latitude, place.longitude, place.timezone)) for place in places]


def place_candidates(value: Any) -> list[PlaceInSlots]:
    """The places a candidates slot offers, in the order offered. A bare label, as
    sessions from before candidates kept their coordinates hold, is resolved again."""
    return [PlaceInSlots(**candidate) if isinstance(candidate, dict) else _resolved(str(candidate))
            for candidate in value or ()]


def _resolved(label: str) -> PlaceInSlots:
    place = resolve_place(label)  # a label Luna itself produced: resolves exactly
    return PlaceInSlots(place.label, place.latitude, place.longitude, place.timezone)


def place_in(tracker: Tracker, family: SlotFamily) -> PlaceInSlots | None:
    """The family's resolved place, or None when it has none yet."""
    latitude, longitude, zone = (tracker.get_slot(slot) for slot in (family.latitude, family.longitude,
                                                                      family.timezone))
    if latitude is None or longitude is None or not zone:
        return None
    return PlaceInSlots(tracker.get_slot(family.place), float(latitude), float(longitude), zone)


def details_in(tracker: Tracker, family: SlotFamily = OWN) -> BirthDetails | None:
    """The validated birth details in the family's slots, or None if any is missing.

    Raises InputError when a place label has no coordinates and no longer resolves.
    """
    name, day, clock, label = (tracker.get_slot(slot) for slot in (family.name, family.date, family.time,
                                                                    family.place))
    if not (name and day and clock and label):
        return None
    # Without coordinates (an older session), the label resolves exactly: Luna produced it.
    place = place_in(tracker, family) or resolve_place(label)
    return BirthDetails(name, date.fromisoformat(day), None if clock == UNKNOWN_TIME else time.fromisoformat(clock),
                        label, float(place.latitude), float(place.longitude), place.timezone)


def details_values(family: SlotFamily, details: BirthDetails) -> dict[str, Any]:
    """The family's slot values for known birth details."""
    return {
        family.name: details.name,
        family.date: details.day.isoformat(),
        family.time: details.clock.strftime("%H:%M") if details.clock else UNKNOWN_TIME,
        **place_values(family, PlaceInSlots(details.place_label, details.latitude, details.longitude,
                                            details.timezone)),
    }


def cleared(family: SlotFamily) -> list[dict[str, Any]]:
    """The events that empty every slot of the family."""
    return [SlotSet(slot, None) for slot in family.slots]
