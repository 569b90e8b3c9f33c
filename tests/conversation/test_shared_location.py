"""A location shared from Telegram ("📍 28.61390, 77.20900") as a place: the nearest town
answers a form's place question (own, partner's, panchang's) with the coordinates shared;
a location answering another question, or outside every form, is never read as a date;
impossible coordinates and the open sea are refused kindly, with nothing stored.

Real trackers, the real gazetteer and the real engine; the message's intent is the one
the pipeline gives it (nlu/shared_location.py: `nlu_fallback`, no entities), and the
slot a form's `from_text` mapping fills is its whole text.
"""

from __future__ import annotations

import asyncio
import json
from datetime import date
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation.birth_details_form import ValidateBirthDetailsForm
from actions.conversation.compatibility import ValidateCompatibilityForm
from actions.conversation.panchang_actions import ActionPanchang, ValidatePanchangForm
from actions.conversation.slot_families import details_in
from actions.conversation.unclear_actions import ActionUnclearMessage
from luna.astrology import panchang, preload
from luna.shared_location import as_message

DELHI = as_message(28.61390, 77.20900)  # Connaught Place, ~1 km from GeoNames' New Delhi
AT_SEA = as_message(0.0, -30.0)  # the mid-Atlantic
OFF_THE_EARTH = as_message(123.0, 10.0)
FORMS = {
    "birth_details_form": ["name", "birth_date", "birth_time", "birth_place"],
    "compatibility_form": ["name", "birth_date", "birth_time", "birth_place", "match_role", "partner_name",
                           "partner_birth_date", "partner_birth_time", "partner_birth_place"],
    "panchang_form": ["panchang_day", "panchang_place"],
}
RAVI = {"name": "Ravi", "birth_date": "1990-03-05", "birth_time": "22:30"}


@pytest.fixture(scope="module", autouse=True)
def gazetteer_loaded():
    preload()


def unread(text: str) -> dict[str, Any]:
    """The parse the pipeline gives a shared location."""
    return {"text": text, "intent": {"name": "nlu_fallback", "confidence": 1.0}, "entities": []}


def form_tracker(form: str, text: str, slots: dict[str, Any], mapped: dict[str, Any]) -> Tracker:
    """The form's tracker after Rasa applied its mappings: `mapped` is what they took from this message."""
    message = unread(text)
    events = [
        {"event": "active_loop", "name": form, "timestamp": 1.0},
        *({"event": "slot", "name": name, "value": value, "timestamp": 1.5} for name, value in slots.items()),
        {"event": "user", "text": text, "parse_data": message, "timestamp": 2.0},
        *({"event": "slot", "name": name, "value": value, "timestamp": 2.5} for name, value in mapped.items()),
    ]
    return Tracker("someone", {**slots, **mapped}, message, events, False, None, {"name": form}, "action_listen")


def run_form(validation: Any, form: str, text: str, asked: str, slots: dict[str, Any] | None = None
             ) -> tuple[dict[str, Any], list[str], Tracker]:
    """Validate the form's turn for `text` sent when the form asked for `asked`."""
    slots = {**(slots or {}), "requested_slot": asked}
    tracker = form_tracker(form, text, slots, {asked: text})
    dispatcher = CollectingDispatcher()
    domain = {"forms": {form: {"required_slots": FORMS[form]}}, "slots": {}}
    events = asyncio.run(validation.run(dispatcher, tracker, domain))
    set_ = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    after = Tracker("someone", {**tracker.slots, **set_}, tracker.latest_message, tracker.events, False, None,
                    {"name": form}, "action_listen")
    return set_, [m["text"] for m in dispatcher.messages], after


def unclear_reply(text: str, slots: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    message = unread(text)
    events = [{"event": "user", "text": text, "parse_data": message, "timestamp": 2.0}]
    tracker = Tracker("someone", slots or {}, message, events, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    assert asyncio.run(ActionUnclearMessage().run(dispatcher, tracker, {})) == []
    return dispatcher.messages


# ---------------------------------------------------------------- a form asking for a place


def test_the_birth_place_is_the_nearest_town_with_the_coordinates_shared():
    set_, said, after = run_form(ValidateBirthDetailsForm(), "birth_details_form", DELHI, "birth_place", RAVI)
    assert set_ == {"birth_place": "New Delhi, Delhi, India", "place_latitude": 28.6139,
                    "place_longitude": 77.209, "place_timezone": "Asia/Kolkata", "place_candidates": None}
    assert len(said) == 1 and "Using New Delhi, Delhi, India for your birth place" in said[0]
    # The chart is cast for the spot shared, not for the town's centre 1 km away.
    details = details_in(after)
    assert (details.place_label, details.latitude, details.longitude, details.timezone) == (
        "New Delhi, Delhi, India", 28.6139, 77.209, "Asia/Kolkata")


def test_a_location_replaces_the_candidates_of_an_ambiguous_town():
    candidates = [{"label": "Hyderabad, Telangana, India", "latitude": 17.38, "longitude": 78.46,
                   "timezone": "Asia/Kolkata"}]
    set_, _, _ = run_form(ValidateBirthDetailsForm(), "birth_details_form", DELHI, "birth_place",
                          {**RAVI, "place_candidates": candidates})
    assert set_["birth_place"] == "New Delhi, Delhi, India" and set_["place_candidates"] is None


def test_the_partners_birth_place_fills_the_partner_slots_only():
    slots = {**RAVI, "birth_place": "Pune, Maharashtra, India", "place_latitude": 18.52, "place_longitude": 73.86,
             "place_timezone": "Asia/Kolkata", "match_role": "boy", "partner_name": "Anita",
             "partner_birth_date": "1994-05-04", "partner_birth_time": "06:00"}
    sydney = as_message(-33.86880, 151.20930)
    set_, said, _ = run_form(ValidateCompatibilityForm(), "compatibility_form", sydney, "partner_birth_place", slots)
    assert set_ == {"partner_birth_place": "Sydney, New South Wales, Australia", "partner_latitude": -33.8688,
                    "partner_longitude": 151.2093, "partner_timezone": "Australia/Sydney",
                    "partner_place_candidates": None}
    assert "Using Sydney, New South Wales, Australia for your partner's birth place" in said[0]


def test_the_panchang_place_is_cast_for_the_coordinates_shared():
    set_, said, after = run_form(ValidatePanchangForm(), "panchang_form", DELHI, "panchang_place",
                                 {"panchang_day": "26 january 2025"})
    assert set_["panchang_place"] == "New Delhi, Delhi, India" and set_["panchang_timezone"] == "Asia/Kolkata"
    assert "Using New Delhi, Delhi, India" in said[0]
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionPanchang().run(dispatcher, after, {}))
    expected = panchang(date(2025, 1, 26), 28.6139, 77.209, "Asia/Kolkata")
    assert "Panchang for Sunday, 26 Jan 2025, New Delhi, Delhi, India" in dispatcher.messages[0]["text"]
    assert f"Sunrise {expected.sunrise:%H:%M}" in dispatcher.messages[0]["text"]


@pytest.mark.parametrize(("text", "answer"), [
    (AT_SEA, "couldn't find a town near that location"),
    (as_message(-82.0, 60.0), "couldn't find a town near that location"),  # Antarctica
    (OFF_THE_EARTH, "(123, 10) aren't a place on Earth"),
    (as_message(45.0, -190.0), "(45, -190) aren't a place on Earth"),
])
def test_no_town_or_impossible_coordinates_are_refused_and_asked_again(text, answer):
    set_, said, _ = run_form(ValidateBirthDetailsForm(), "birth_details_form", text, "birth_place", RAVI)
    assert set_ == {"birth_place": None, "place_candidates": None}  # no coordinates stored
    assert len(said) == 1 and answer in said[0] and "type the name of the town" in said[0]


# ---------------------------------------------------------------- a form asking for something else


@pytest.mark.parametrize(("form", "validation", "asked", "slots"), [
    ("birth_details_form", ValidateBirthDetailsForm(), "name", {}),
    ("birth_details_form", ValidateBirthDetailsForm(), "birth_date", {"name": "Ravi"}),
    ("birth_details_form", ValidateBirthDetailsForm(), "birth_time", {"name": "Ravi", "birth_date": "1990-03-05"}),
    ("compatibility_form", ValidateCompatibilityForm(), "partner_birth_date", {**RAVI, "partner_name": "Anita"}),
    ("compatibility_form", ValidateCompatibilityForm(), "match_role", RAVI),
])
def test_a_location_answering_another_question_fills_nothing(form, validation, asked, slots):
    set_, said, _ = run_form(validation, form, DELHI, asked, slots)
    assert set_ == {asked: None}  # what the mapping took is dropped; the form asks again
    assert said == ["Thanks for the location 📍 I'll ask about places in a moment. First:"]


# ---------------------------------------------------------------- outside every form


def test_outside_a_form_the_town_is_named_and_its_uses_offered():
    [reply] = unclear_reply(DELHI)
    assert reply["text"] == "📍 That's near New Delhi, Delhi, India. What shall I do with it?"
    assert [(b["title"], b["payload"]) for b in reply["buttons"]] == [
        ("Today's panchang here", '/ask_panchang{"period": "today", "place": "New Delhi, Delhi, India"}'),
        ("Tomorrow's panchang here", '/ask_panchang{"period": "tomorrow", "place": "New Delhi, Delhi, India"}'),
        ("It's my birth place", '/provide_birth_details{"place": "New Delhi, Delhi, India"}'),
    ]


def test_someone_luna_knows_is_not_offered_a_new_birth_place():
    [reply] = unclear_reply(DELHI, {"has_profile": True})
    assert [b["title"] for b in reply["buttons"]] == ["Today's panchang here", "Tomorrow's panchang here"]


@pytest.mark.parametrize(("text", "answer"), [
    (AT_SEA, "I couldn't find a town near that location"), (OFF_THE_EARTH, "aren't a place on Earth")])
def test_outside_a_form_the_sea_and_impossible_coordinates_are_refused(text, answer):
    [reply] = unclear_reply(text)
    assert answer in reply["text"] and not reply.get("buttons")


def test_other_unclear_messages_still_get_the_default_reply():
    [reply] = unclear_reply("asdf qwerty")
    assert reply["response"] == "utter_default"


def panchang_button(payload: str) -> Tracker:
    """The panchang form's tracker for a button's payload, as Rasa parses it."""
    intent, entities = payload[1:].split("{", 1)
    values = json.loads("{" + entities)
    message = {"text": payload, "intent": {"name": intent, "confidence": 1.0},
               "entities": [{"entity": key, "value": value} for key, value in values.items()]}
    events = [{"event": "user", "text": payload, "parse_data": message, "timestamp": 2.0}]
    return Tracker("someone", {"panchang_place": values["place"], "requested_slot": None}, message, events, False,
                   None, {"name": "panchang_form"}, "action_listen")


@pytest.mark.parametrize("day", ["today", "tomorrow"])
def test_a_panchang_button_names_its_day_and_its_town_resolves(day):
    [reply] = unclear_reply(as_message(19.04000, 72.85400))  # Dharavi, Mumbai
    payload = next(b["payload"] for b in reply["buttons"] if b["payload"].startswith("/ask_panchang")
                   and f'"{day}"' in b["payload"])
    tracker = panchang_button(payload)
    form = ValidatePanchangForm()
    assert asyncio.run(form.extract_panchang_day(CollectingDispatcher(), tracker, {})) == {"panchang_day": day}
    checked = asyncio.run(form.validate_panchang_place(tracker.get_slot("panchang_place"), CollectingDispatcher(),
                                                       tracker, {}))
    assert checked["panchang_place"] == "Dhārāvi, Maharashtra, India"
    assert checked["panchang_timezone"] == "Asia/Kolkata"


def test_the_birth_place_button_starts_the_form_with_the_town_filled_and_nothing_else():
    [reply] = unclear_reply(as_message(26.91240, 75.78730))  # Jaipur
    payload = next(b["payload"] for b in reply["buttons"] if b["payload"].startswith("/provide_birth_details"))
    label = json.loads("{" + payload.split("{", 1)[1])["place"]
    message = {"text": payload, "intent": {"name": "provide_birth_details", "confidence": 1.0},
               "entities": [{"entity": "place", "value": label}]}
    events = [{"event": "user", "text": payload, "parse_data": message, "timestamp": 2.0},
              {"event": "slot", "name": "birth_place", "value": label, "timestamp": 2.5}]
    tracker = Tracker("someone", {"birth_place": label, "requested_slot": None}, message, events, False, None,
                      {"name": "birth_details_form"}, "action_listen")
    dispatcher = CollectingDispatcher()
    domain = {"forms": {"birth_details_form": {"required_slots": FORMS["birth_details_form"]}}, "slots": {}}
    set_ = {e["name"]: e["value"] for e in asyncio.run(ValidateBirthDetailsForm().run(dispatcher, tracker, domain))
            if e.get("event") == "slot"}
    assert set_ == {"birth_place": "Jaipur, Rajasthan, India", "place_latitude": pytest.approx(26.91962, abs=0.01),
                    "place_longitude": pytest.approx(75.78781, abs=0.01), "place_timezone": "Asia/Kolkata",
                    "place_candidates": None}
    assert dispatcher.messages == []


def test_a_form_reopened_on_the_saved_details_keeps_the_exact_point_shared():
    """The saved profile fills the form again on the next request ("what is my dasha"); Rasa
    validates those prefilled slots, and the place must not be looked up again by its label
    (the town's centre), which would also re-save the profile and thank the user again."""
    saved = {**RAVI, "birth_place": "New Delhi, Delhi, India", "place_latitude": 28.6139,
             "place_longitude": 77.209, "place_timezone": "Asia/Kolkata"}
    tracker = form_tracker("birth_details_form", "what is my dasha", saved,
                           {"birth_place": "New Delhi, Delhi, India"})
    dispatcher = CollectingDispatcher()
    domain = {"forms": {"birth_details_form": {"required_slots": FORMS["birth_details_form"]}}, "slots": {}}
    events = asyncio.run(ValidateBirthDetailsForm().run(dispatcher, tracker, domain))
    set_ = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert set_.get("birth_place") == "New Delhi, Delhi, India"
    assert set_.get("place_latitude", 28.6139) == 28.6139 and set_.get("place_longitude", 77.209) == 77.209
    assert dispatcher.messages == []
