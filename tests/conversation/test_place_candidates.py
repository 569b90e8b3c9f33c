"""The places offered after an ambiguous answer keep their coordinates: the one picked
(by its button, "the first one", "Telangana wala", "2nd") is taken as it was found,
never looked up again by name."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation.birth_details_form import BirthDetailChecks, ValidateBirthDetailsForm
from actions.conversation.birth_details_questions import ActionAskBirthPlace
from actions.conversation.panchang_actions import ActionAskPanchangPlace, ValidatePanchangForm

# Coordinates no gazetteer has: a reply carrying them can only have come from the slot.
TELANGANA = {"label": "Hyderabad, Telangana, India", "latitude": 17.5, "longitude": 78.5, "timezone": "Asia/Kolkata"}
SINDH = {"label": "Hyderabad, Sindh, Pakistan", "latitude": 25.5, "longitude": 68.5, "timezone": "Asia/Karachi"}
OFFERED = [TELANGANA, SINDH]


def tracker(slots: dict[str, Any], text: str = "") -> Tracker:
    message = {"intent": {"name": "provide_birth_details"}, "entities": [], "text": text}
    return Tracker("someone", slots, message, [], False, None, {}, "action_listen")


def check(answer: str, candidates: list[Any]) -> tuple[dict[str, Any], list[dict]]:
    dispatcher = CollectingDispatcher()
    result = asyncio.run(BirthDetailChecks().check_place(answer, dispatcher, candidates))
    return result, dispatcher.messages


def own_place(candidate: dict[str, Any]) -> dict[str, Any]:
    return {"birth_place": candidate["label"], "place_latitude": candidate["latitude"],
            "place_longitude": candidate["longitude"], "place_timezone": candidate["timezone"],
            "place_candidates": None}


def test_an_ambiguous_town_offers_each_place_with_its_coordinates():
    result, said = check("Hyderabad", [])
    assert result["birth_place"] is None and said == []
    offered = {candidate["label"]: candidate for candidate in result["place_candidates"]}
    assert set(offered["Hyderabad, Sindh, Pakistan"]) == {"label", "latitude", "longitude", "timezone"}
    assert offered["Hyderabad, Sindh, Pakistan"]["timezone"] == "Asia/Karachi"
    assert abs(offered["Hyderabad, Telangana, India"]["longitude"] - 78.46) < 0.1


@pytest.mark.parametrize(
    ("answer", "picked"),
    [
        ("Hyderabad, Telangana, India", TELANGANA),  # the button's payload
        ("Hyderabad, Sindh, Pakistan", SINDH),
        ("the first one", TELANGANA),
        ("2nd", SINDH),
        ("last", SINDH),
        ("Telangana wala", TELANGANA),
        ("Pakistan", SINDH),
        ("india", TELANGANA),
    ],
)
def test_the_place_picked_is_taken_with_its_stored_coordinates(answer, picked):
    result, said = check(answer, OFFERED)
    assert result == own_place(picked) and said == []


def test_an_answer_that_picks_none_is_looked_up_as_a_new_place():
    result, said = check("Mumbai", OFFERED)
    assert result["birth_place"] == "Mumbai, Maharashtra, India" and result["place_candidates"] is None


def test_labels_kept_by_an_older_session_still_pick_a_place():
    result, _ = check("the second one", [TELANGANA["label"], SINDH["label"]])
    assert result["birth_place"] == SINDH["label"] and result["place_timezone"] == "Asia/Karachi"


def test_the_form_takes_the_pick_from_its_own_candidates_slot():
    dispatcher = CollectingDispatcher()
    slots = {"requested_slot": "birth_place", "place_candidates": OFFERED}
    result = asyncio.run(ValidateBirthDetailsForm().validate_birth_place(
        "Telangana wala", dispatcher, tracker(slots, "Telangana wala"), {}))
    assert result == own_place(TELANGANA)


def test_the_panchang_form_takes_the_pick_from_the_panchang_candidates():
    dispatcher = CollectingDispatcher()
    slots = {"requested_slot": "panchang_place", "panchang_candidates": OFFERED, "place_candidates": [SINDH]}
    result = asyncio.run(ValidatePanchangForm().validate_panchang_place("first", dispatcher, tracker(slots), {}))
    assert result == {"panchang_place": TELANGANA["label"], "panchang_latitude": 17.5, "panchang_longitude": 78.5,
                      "panchang_timezone": "Asia/Kolkata", "panchang_candidates": None}


@pytest.mark.parametrize(("action", "slot", "intent"), [
    (ActionAskBirthPlace(), "place_candidates", "provide_birth_details"),
    (ActionAskPanchangPlace(), "panchang_candidates", "ask_panchang"),
])
def test_the_buttons_show_the_labels_and_send_them_as_the_place(action, slot, intent):
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker({slot: OFFERED}), {}))
    [question] = dispatcher.messages
    assert "Hyderabad" in question["text"]
    assert [(button["title"], button["payload"]) for button in question["buttons"]] == [
        (TELANGANA["label"], f'/{intent}{{"place": "{TELANGANA["label"]}"}}'),
        (SINDH["label"], f'/{intent}{{"place": "{SINDH["label"]}"}}'),
    ]
