"""One reader and writer of a person's slots (actions/conversation/slot_families.py):
the user's own details, a partner's and the panchang's place."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker

from actions.conversation.birth_profile import BirthDetails
from actions.conversation.slot_families import (
    OWN,
    PANCHANG_PLACE,
    PARTNER,
    UNKNOWN_TIME,
    PlaceInSlots,
    candidate_values,
    cleared,
    details_in,
    details_values,
    place_candidates,
    place_in,
    place_values,
)
from luna.content import read_yaml

DOMAIN = Path(__file__).resolve().parents[2] / "domain.yml"
PUNE = PlaceInSlots("Pune, Maharashtra, India", 18.51957, 73.85535, "Asia/Kolkata")
RAVI = BirthDetails("Ravi", date(1990, 3, 5), time(22, 30), PUNE.label, PUNE.latitude, PUNE.longitude, PUNE.timezone)


def tracker(slots: dict[str, Any]) -> Tracker:
    return Tracker("someone", slots, {}, [], False, None, {}, "action_listen")


@pytest.mark.parametrize("family", [OWN, PARTNER, PANCHANG_PLACE])
def test_every_slot_of_a_family_is_in_the_domain(family):
    domain_slots = set(read_yaml(DOMAIN)["slots"])
    assert set(family.slots) <= domain_slots


def test_the_panchang_family_is_a_place_only():
    assert PANCHANG_PLACE.slots == ("panchang_place", "panchang_latitude", "panchang_longitude",
                                    "panchang_timezone", "panchang_candidates")
    assert PARTNER.holds("partner_birth_time") and not PARTNER.holds("birth_time") and not PARTNER.holds(None)


@pytest.mark.parametrize("family", [OWN, PARTNER])
def test_details_written_to_a_family_read_back_the_same(family):
    assert details_in(tracker(details_values(family, RAVI)), family) == RAVI


def test_an_unknown_time_is_kept_as_such():
    unknown = BirthDetails(**{**RAVI.__dict__, "clock": None})
    values = details_values(PARTNER, unknown)
    assert values[PARTNER.time] == UNKNOWN_TIME
    assert details_in(tracker(values), PARTNER) == unknown


def test_one_familys_details_are_not_anothers():
    assert details_in(tracker(details_values(PARTNER, RAVI)), OWN) is None


@pytest.mark.parametrize("missing", ["name", "birth_date", "birth_time", "birth_place"])
def test_details_with_a_piece_missing_are_none(missing):
    assert details_in(tracker({**details_values(OWN, RAVI), missing: None})) is None


def test_a_label_without_coordinates_is_resolved():
    values = {**details_values(OWN, RAVI), "place_latitude": None, "place_longitude": None, "place_timezone": None}
    details = details_in(tracker(values))
    assert details is not None and details.timezone == "Asia/Kolkata"
    assert abs(details.latitude - 18.52) < 0.1 and abs(details.longitude - 73.86) < 0.1


def test_a_place_on_the_equator_keeps_its_coordinates():
    quito = PlaceInSlots("Somewhere, Ecuador", 0.0, 0.0, "America/Guayaquil")
    assert place_in(tracker(place_values(PANCHANG_PLACE, quito)), PANCHANG_PLACE) == quito


def test_a_resolved_place_settles_the_question_of_which():
    assert place_values(PANCHANG_PLACE, PUNE) == {
        "panchang_place": PUNE.label, "panchang_latitude": PUNE.latitude, "panchang_longitude": PUNE.longitude,
        "panchang_timezone": "Asia/Kolkata", "panchang_candidates": None}
    assert place_in(tracker({}), PANCHANG_PLACE) is None


def test_clearing_a_family_empties_each_of_its_slots_and_no_other():
    events = cleared(PARTNER)
    assert [event["name"] for event in events] == list(PARTNER.slots)
    assert all(event["event"] == "slot" and event["value"] is None for event in events)


def test_candidates_are_kept_as_plain_dicts_and_read_back_as_places():
    kept = candidate_values([PUNE])
    assert kept == [{"label": PUNE.label, "latitude": PUNE.latitude, "longitude": PUNE.longitude,
                     "timezone": "Asia/Kolkata"}]
    assert place_candidates(kept) == [PUNE] and place_candidates(None) == []
