"""Kundli matching in the conversation: which side the user is, the partner's details
through the same checks as the user's own, and the guna milan table."""

from __future__ import annotations

import asyncio
import re
from datetime import date, time
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation.birth_profile import BirthDetails
from actions.conversation.compatibility import ValidateCompatibilityForm, match_messages, read_role, side_from_request
from luna.astrology import matching

# The labels Luna shows for the eight kootas, in the classical order.
LABELS = {
    "varna": "Varna", "vashya": "Vashya", "tara": "Tara", "yoni": "Yoni", "graha_maitri": "Graha maitri",
    "gana": "Gana", "bhakoot": "Bhakoot", "nadi": "Nadi",
}


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("I am the girl", "girl"),
        ("I am the bride", "girl"),
        ("main ladki hoon", "girl"),
        ("girl", "girl"),
        ("I am female", "girl"),
        ("I'm the girl", "girl"),
        ("I’m the bride", "girl"),
        ("i'm the groom", "boy"),
        ("I am the boy", "boy"),
        ("main ladka hoon", "boy"),
        ("hello", None),
        ("", None),
        ("boy or girl?", None),
        ("I'm the bride and he is the groom", None),
    ],
)
def test_read_role(text, role):
    assert read_role(text) == role


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("I'm the girl, check my match with Rohan born 3/3/1991 at 8:00 am in Indore", "girl"),
        ("I am the groom. Bride is Pooja born 5 jan 1996 7:30 pm Lucknow", "boy"),
        ("I’m the bride, kundli milao", "girl"),
        ("main ladka hoon, ladki ki kundli se milao", "boy"),
        ("kundli milan karo meri fiancée Neha ke saath", "boy"),
        ("match me with my wife", "boy"),
        ("match me with my girlfriend Sneha", "boy"),
        ("her name is Sneha, are we compatible?", "boy"),
        ("mera hone wala pati Rahul hai, gun milao", "girl"),
        ("check compatibility with my husband", "girl"),
        ("match me with my boyfriend Arjun", "girl"),
        ("his name is Rohan, born 3/3/1991", "girl"),
        ("check my match with Rohan", None),
        ("kundli milan", None),
        ("my fiance Sam and I, are we compatible?", None),  # "fiance" is written for both
        ("I'm the bride and he is the groom", "girl"),
        ("main ladki hoon ya main ladka, pata nahi", None),  # says both: asked
    ],
)
def test_side_from_request(text, side):
    assert side_from_request(text) == side


def born(name: str, day: date, clock: time | None, place: str, latitude: float, longitude: float) -> BirthDetails:
    return BirthDetails(name, day, clock, place, latitude, longitude, "Asia/Kolkata")


RAVI = born("Ravi", date(1990, 3, 5), time(22, 30), "Pune", 18.5204, 73.8567)
# Chosen so that the two differ in manglik status and several kootas score nothing.
PRIYA = born("Priya", date(1992, 4, 22), time(6, 15), "New Delhi", 28.6139, 77.2090)


@pytest.fixture(scope="module")
def charts():
    return RAVI.chart(), PRIYA.chart()


@pytest.fixture(scope="module")
def match(charts):
    boy_chart, girl_chart = charts
    return match_messages(RAVI, boy_chart, PRIYA, girl_chart)


def test_the_total_is_the_engines(charts, match):
    boy_chart, girl_chart = charts
    result = matching.ashtakoota(boy_chart.moon.longitude, girl_chart.moon.longitude)
    assert f"Total: {result.total:g} of 36: {matching.interpret_total(result.total)}" in match[0]
    assert sum(result.points.values()) == result.total


def test_every_koota_is_shown_with_its_points(charts, match):
    boy_chart, girl_chart = charts
    result = matching.ashtakoota(boy_chart.moon.longitude, girl_chart.moon.longitude)
    rows = [line for line in match[0].splitlines() if line.startswith("• ")]
    assert len(rows) == 8
    for row, koota in zip(rows, result.kootas, strict=True):
        assert re.fullmatch(rf"• {LABELS[koota.name]} \([^)]+\): {koota.points:g}/{koota.max_points:g}", row), row


def test_the_header_names_both_and_their_moons(charts, match):
    boy_chart, girl_chart = charts
    header = match[0].splitlines()[0]
    assert f"Ravi (boy, Moon in {boy_chart.moon.sign_name}, {boy_chart.moon.nakshatra_name})" in header
    assert f"Priya (girl, Moon in {girl_chart.moon.sign_name}, {girl_chart.moon.nakshatra_name})" in header


def test_the_kootas_that_scored_nothing_are_explained(charts, match):
    boy_chart, girl_chart = charts
    result = matching.ashtakoota(boy_chart.moon.longitude, girl_chart.moon.longitude)
    zeros = [koota for koota in result.kootas if koota.points == 0]
    assert zeros, "the example pair was chosen to have a koota with no points"
    notes = next(message for message in match if message.startswith("Where no points were scored"))
    for koota in zeros:
        assert f"• {LABELS[koota.name]}: {koota.note}" in notes


def test_manglik_lines_agree_with_the_engine(charts, match):
    statuses = {
        person.name: matching.manglik(chart.planet("Mars").sign, chart.lagna.sign, chart.moon.sign)
        for person, chart in zip((RAVI, PRIYA), charts, strict=True)
    }
    assert {status.is_manglik for status in statuses.values()} == {True, False}
    manglik_message = next(message for message in match if "Manglik counts Mars" in message)
    for name, status in statuses.items():
        line = next(line for line in manglik_message.splitlines() if line[2:].startswith(name))
        assert ("is not manglik" in line) == (not status.is_manglik)
        assert ("is manglik" in line) == status.is_manglik
        assert re.findall(r"\d+", line) == [str(status.from_lagna), str(status.from_moon)]


def test_no_unknown_time_caveat_when_both_times_are_known(match):
    assert not any("birth time is unknown" in message for message in match)


def test_an_unknown_birth_time_brings_the_caveat(charts):
    boy_chart, _ = charts
    unknown = born("Priya", PRIYA.day, None, "New Delhi", PRIYA.latitude, PRIYA.longitude)
    messages = match_messages(RAVI, boy_chart, unknown, unknown.chart())
    assert messages[-1].startswith("⚠️ One birth time is unknown")
    # Still a full table, for the chart cast at noon.
    assert len([line for line in messages[0].splitlines() if line.startswith("• ")]) == 8


# The form's validators, through a real tracker and dispatcher.


def tracker(slots: dict[str, Any], text: str, entities: list[dict[str, Any]] | None = None) -> Tracker:
    message = {"intent": {"name": "provide_birth_details", "confidence": 0.9}, "entities": entities or [],
               "text": text}
    events = [{"event": "active_loop", "name": "compatibility_form", "timestamp": 1.0},
              {"event": "user", "text": text, "parse_data": message, "timestamp": 2.0}]
    return Tracker("someone", slots, message, events, False, None, {"name": "compatibility_form"}, "action_listen")


def validate(method: str, value: Any, slots: dict[str, Any], text: str) -> tuple[dict, list[dict]]:
    dispatcher = CollectingDispatcher()
    form = ValidateCompatibilityForm()
    result = asyncio.run(getattr(form, method)(value, dispatcher, tracker(slots, text), {}))
    return result, dispatcher.messages


def test_an_unknown_partner_town_gets_a_hint():
    result, said = validate("validate_partner_birth_place", "Xyzzyville",
                            {"requested_slot": "partner_birth_place"}, "Xyzzyville")
    assert result == {"partner_birth_place": None, "partner_place_candidates": None}
    assert len(said) == 1
    assert "couldn't find a place called 'Xyzzyville'" in said[0]["text"]
    assert "state or country" in said[0]["text"]


def test_an_ambiguous_partner_town_offers_the_candidates():
    result, said = validate("validate_partner_birth_place", "Hyderabad",
                            {"requested_slot": "partner_birth_place"}, "Hyderabad")
    assert result["partner_birth_place"] is None
    offered = {candidate["label"]: candidate for candidate in result["partner_place_candidates"]}
    assert offered["Hyderabad, Telangana, India"]["timezone"] == "Asia/Kolkata"
    assert offered["Hyderabad, Sindh, Pakistan"]["timezone"] == "Asia/Karachi"
    assert abs(offered["Hyderabad, Sindh, Pakistan"]["latitude"] - 25.40) < 0.1
    assert said == []  # the question with buttons is action_ask_partner_birth_place's


def test_the_partners_choice_among_candidates_fills_the_partner_slots_only():
    candidates = [{"label": "Hyderabad, Telangana, India", "latitude": 17.38405, "longitude": 78.45636,
                   "timezone": "Asia/Kolkata"},
                  {"label": "Hyderabad, Sindh, Pakistan", "latitude": 25.39689, "longitude": 68.37718,
                   "timezone": "Asia/Karachi"}]
    result, said = validate("validate_partner_birth_place", "India",
                            {"requested_slot": "partner_birth_place", "partner_place_candidates": candidates,
                             "birth_place": "Pune, Maharashtra, India"}, "India")
    assert said == []
    assert result["partner_birth_place"] == "Hyderabad, Telangana, India"
    assert result["partner_timezone"] == "Asia/Kolkata"
    assert abs(result["partner_latitude"] - 17.38) < 0.1 and abs(result["partner_longitude"] - 78.46) < 0.1
    assert result["partner_place_candidates"] is None
    assert set(result) == {"partner_birth_place", "partner_latitude", "partner_longitude", "partner_timezone",
                           "partner_place_candidates"}


def test_an_impossible_partner_date_is_refused_kindly():
    result, said = validate("validate_partner_birth_date", "31/02/1990",
                            {"requested_slot": "partner_birth_date"}, "31/02/1990")
    assert result == {"partner_birth_date": None}
    assert [message["text"] for message in said] == ["31 February 1990 doesn't exist. Please check the date."]


def test_a_partner_date_is_stored_as_iso():
    result, said = validate("validate_partner_birth_date", "14/2/1993",
                            {"requested_slot": "partner_birth_date"}, "14/2/1993")
    assert result == {"partner_birth_date": "1993-02-14"} and said == []


@pytest.mark.parametrize(("text", "side"), [("ladki", "girl"), ("groom", "boy"), ("I'm the bride", "girl"),
                                            ("main ladka hoon", "boy"), ("hmm", None)])
def test_the_side_answered_is_taken_whatever_the_intent(text, side):
    tracked = tracker({"requested_slot": "match_role"}, text)
    tracked.latest_message["intent"]["name"] = "ask_compatibility"
    extracted = asyncio.run(ValidateCompatibilityForm().extract_match_role(CollectingDispatcher(), tracked, {}))
    assert extracted == ({"match_role": side} if side else {})


def test_the_side_stated_in_the_request_is_not_asked():
    tracked = tracker({"requested_slot": None}, "I am the groom. Bride is Pooja born 5 jan 1996")
    extracted = asyncio.run(ValidateCompatibilityForm().extract_match_role(CollectingDispatcher(), tracked, {}))
    assert extracted == {"match_role": "boy"}
    # Remembered from the profile, a side is not changed by "he was born at 8".
    tracked = tracker({"requested_slot": "partner_birth_time", "match_role": "girl"}, "he was born at 8 am")
    assert asyncio.run(ValidateCompatibilityForm().extract_match_role(CollectingDispatcher(), tracked, {})) == {}


def test_a_town_answering_where_the_partner_was_born_does_not_rename_the_partner():
    message = {"intent": {"name": "provide_birth_details"}, "text": "Nanded",
               "entities": [{"entity": "name", "value": "Nanded"}, {"entity": "place", "value": "Nanded"}]}
    events = [{"event": "slot", "name": "partner_name", "value": "Shalini"},
              {"event": "user", "text": "Nanded", "parse_data": message},
              {"event": "slot", "name": "partner_name", "value": "Nanded"}]
    tracked = Tracker("someone", {"partner_name": "Nanded", "requested_slot": "partner_birth_place"}, message, events,
                      False, None, {"name": "compatibility_form"}, "action_listen")
    kept = asyncio.run(ValidateCompatibilityForm().validate_partner_name("Nanded", CollectingDispatcher(), tracked, {}))
    assert kept == {"partner_name": "Shalini"}


def test_a_partner_name_the_model_took_for_a_town_is_the_name():
    text = "I want to match with my girlfriend Ira, she was born on 15 march 1992 at 10:30 pm in Surat. I'm the boy"
    message = {"intent": {"name": "ask_compatibility"}, "text": text, "entities": [
        {"entity": "place", "value": "Ira", "role": "partner", "extractor": "DIETClassifier"},
        {"entity": "place", "value": "Surat", "role": "partner", "extractor": "DIETClassifier"},
        {"entity": "place", "value": "Surat", "role": "partner", "extractor": "SpacyEntityExtractor"}]}
    tracked = Tracker("someone", {"requested_slot": None}, message, [{"event": "user", "text": text,
                      "parse_data": message}], False, None, {"name": "compatibility_form"}, "action_listen")
    extracted = asyncio.run(ValidateCompatibilityForm().extract_partner_name(CollectingDispatcher(), tracked, {}))
    assert extracted == {"partner_name": "Ira"}


def test_an_unclear_partner_name_is_asked_about_the_partner():
    dispatcher = CollectingDispatcher()
    tracked = tracker({"requested_slot": "partner_name"}, "I am the boy obviously")
    result = asyncio.run(ValidateCompatibilityForm().validate_partner_name("I am the boy obviously", dispatcher,
                                                                            tracked, {}))
    assert result == {"partner_name": None}
    assert dispatcher.messages[0]["text"] == "I didn't catch your partner's name. Just their first name is fine."
