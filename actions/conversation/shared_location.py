"""A location shared from the chat app ("📍 28.61390, 77.20900", luna/shared_location.py)
used as a place: the birth place or the panchang's place when a form asks for one, or,
outside a form, named and offered as buttons.

The NLU gives such a message `nlu_fallback` and no entities (nlu/shared_location.py), so
inside a form its text reaches the slot of the question asked, and outside a form it
reaches action_unclear_message.

The nearest town in the gazetteer (within `NEAREST_TOWN_KM`) names the place and gives its
time zone; the chart and the panchang use the coordinates shared, which are more exact
than the town's.
"""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Tracker

from actions.conversation.content import say
from actions.conversation.slot_families import OWN, PANCHANG_PLACE, PARTNER, PlaceInSlots
from luna.astrology import InputError, nearest_place
from luna.shared_location import Coordinates, shared_coordinates

# Farther than this from every town (the open sea, Antarctica) a location names no place
# a person would recognise, and its time zone would be a guess.
NEAREST_TOWN_KM = 50.0
# The slots a form fills with a place: a shared location answers only their questions.
PLACE_SLOTS = frozenset({OWN.place, PARTNER.place, PANCHANG_PLACE.place})


def shared_location(tracker: Tracker) -> Coordinates | None:
    """The coordinates the latest message shared, or None for any other message."""
    return shared_coordinates((tracker.latest_message or {}).get("text"))


def place_at(coordinates: Coordinates) -> PlaceInSlots:
    """The place to keep for shared coordinates: the nearest town's name and time zone,
    the coordinates as shared. InputError, in Luna's words, when they are impossible or
    no town is near."""
    if not coordinates.on_earth:
        raise InputError(say("shared_location_impossible", latitude=f"{coordinates.latitude:g}",
                             longitude=f"{coordinates.longitude:g}"))
    town = nearest_place(coordinates.latitude, coordinates.longitude, within_km=NEAREST_TOWN_KM)
    if town is None:
        raise InputError(say("shared_location_no_town"))
    return PlaceInSlots(town.label, coordinates.latitude, coordinates.longitude, town.timezone)


def answers_another_question(tracker: Tracker) -> bool:
    """A location shared while a form asks something else than a place (a name, a date):
    it answers nothing, and its numbers must never be read as a date or a time."""
    return shared_location(tracker) is not None and tracker.get_slot("requested_slot") not in PLACE_SLOTS


def offered_uses(town_label: str, has_profile: bool) -> list[dict[str, str]]:
    """The buttons under a location shared outside a form: the panchang there today or
    tomorrow (each names its day: a panchang for a place is never for a day guessed), and,
    for someone Luna does not know yet, the birth-details form with the town as birth place
    (for someone it knows, that would replace the stored birth place unasked)."""
    buttons = [
        {"title": say(f"shared_location_button_panchang_{day}"),
         "payload": "/ask_panchang" + json.dumps({"period": day, "place": town_label}, ensure_ascii=False)}
        for day in ("today", "tomorrow")
    ]
    if not has_profile:
        buttons.append({"title": say("shared_location_button_birth_place"),
                        "payload": "/provide_birth_details" + json.dumps({"place": town_label}, ensure_ascii=False)})
    return buttons


def reply_outside_form(coordinates: Coordinates, has_profile: bool) -> dict[str, Any]:
    """The message (text and buttons) answering a location shared outside a form."""
    try:
        place = place_at(coordinates)
    except InputError as problem:
        return {"text": str(problem)}
    return {"text": say("shared_location_here", place=place.label), "buttons": offered_uses(place.label, has_profile)}
