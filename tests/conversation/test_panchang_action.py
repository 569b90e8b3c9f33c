"""The panchang action: the day from the latest panchang request, the place from the
panchang slots or the user's own birth place, and the engine's limbs in the reply."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation.panchang_actions import ActionPanchang, ValidatePanchangForm, place_after_cue
from luna import clock
from luna.astrology.panchang import panchang

VARANASI = ("Varanasi, Uttar Pradesh, India", 25.3176, 82.9739, "Asia/Kolkata")
PUNE = ("Pune, Maharashtra, India", 18.5204, 73.8567, "Asia/Kolkata")
LONDON = ("London, England, United Kingdom", 51.5074, -0.1278, "Europe/London")
PANCHANG_SLOTS = ("panchang_place", "panchang_latitude", "panchang_longitude", "panchang_timezone",
                  "panchang_candidates", "panchang_day")


def panchang_place(label: str, latitude: float, longitude: float, zone: str) -> dict[str, Any]:
    return {"panchang_place": label, "panchang_latitude": latitude, "panchang_longitude": longitude,
            "panchang_timezone": zone}


def birth_place(label: str, latitude: float, longitude: float, zone: str) -> dict[str, Any]:
    return {"name": "Ravi", "birth_date": "1990-03-05", "birth_time": "22:30", "birth_place": label,
            "place_latitude": latitude, "place_longitude": longitude, "place_timezone": zone}


def ask_panchang(text: str, entities: list[dict[str, Any]]) -> dict[str, Any]:
    # Where each entity stands in the text, as the NLU reports it.
    for entity in entities:
        if entity["value"] in text:
            entity["start"] = text.index(entity["value"])
            entity["end"] = entity["start"] + len(entity["value"])
    return {"event": "user", "text": text, "timestamp": 3.0,
            "parse_data": {"intent": {"name": "ask_panchang", "confidence": 0.97}, "entities": entities,
                           "text": text}}


def date_entity(value: str) -> dict[str, Any]:
    return {"entity": "date", "value": value, "start": 13, "end": 13 + len(value), "extractor": "DIETClassifier"}


def run(slots: dict[str, Any], *user_events: dict[str, Any]) -> tuple[list[dict], list[dict]]:
    """The form reads the day's words from the request into its slot; the action answers."""
    events = [{"event": "action", "name": "action_listen", "timestamp": 1.0}, *user_events,
              {"event": "action", "name": "panchang_form", "timestamp": 4.0}]
    slots = {**slots}
    for event in user_events:
        request = Tracker("someone", slots, event["parse_data"], events, False, None, {}, "action_listen")
        slots.update(asyncio.run(ValidatePanchangForm().extract_panchang_day(CollectingDispatcher(), request, {})))
    latest = user_events[-1]["parse_data"] if user_events else {}
    tracker = Tracker("someone", slots, latest, events, False, None, {}, "panchang_form")
    dispatcher = CollectingDispatcher()
    returned = asyncio.run(ActionPanchang().run(dispatcher, tracker, domain={}))
    return returned, dispatcher.messages


def assert_panchang_slots_reset(returned: list[dict]) -> None:
    assert all(event["event"] == "slot" for event in returned)
    assert {event["name"]: event["value"] for event in returned} == dict.fromkeys(PANCHANG_SLOTS)


def assert_shows_panchang(text: str, day: date, place: tuple[str, float, float, str]) -> None:
    expected = panchang(day, *place[1:])
    start, end = expected.rahu_kaal
    assert f"Panchang for {expected.vara}, {day.day} {day.strftime('%b %Y')}, {place[0]}" in text
    assert f"Tithi: {expected.tithi.name}" in text
    assert f"Nakshatra: {expected.nakshatra.name}" in text
    assert f"Yoga: {expected.yoga.name}" in text
    assert f"Karana: {expected.karana.name}" in text
    assert f"Sunrise {expected.sunrise:%H:%M}, sunset {expected.sunset:%H:%M}" in text
    assert f"Rahu kaal: {start:%H:%M} to {end:%H:%M}" in text


def test_the_panchang_for_a_date_at_a_named_place():
    returned, said = run(panchang_place(*VARANASI),
                         ask_panchang("panchang for 12/3/2027 in Varanasi", [date_entity("12/3/2027")]))
    assert len(said) == 1
    text = said[0]["text"]
    assert_shows_panchang(text, date(2027, 3, 12), VARANASI)
    assert "Friday, 12 Mar 2027" in text  # 12 March 2027 is a Friday
    assert "That's for your birth place" not in text
    assert [button["title"] for button in said[0]["buttons"]] == ["Tomorrow's panchang", "My horoscope"]
    assert_panchang_slots_reset(returned)


def test_a_year_standing_apart_completes_the_day():
    text = "diwali 2025 was on 20 oct, what tithi was it in varanasi that day"
    returned, said = run(panchang_place(*VARANASI), ask_panchang(text, [date_entity("2025"), date_entity("20 oct")]))
    assert_shows_panchang(said[0]["text"], date(2025, 10, 20), VARANASI)


def test_the_latest_panchang_request_gives_the_day():
    returned, said = run(
        panchang_place(*VARANASI),
        ask_panchang("panchang for 1/1/2027", [date_entity("1/1/2027")]),
        ask_panchang("and for 12/3/2027?", [date_entity("12/3/2027")]),
        {"event": "user", "text": "Varanasi", "timestamp": 3.5,
         "parse_data": {"intent": {"name": "provide_birth_details"}, "entities": [], "text": "Varanasi"}},
    )
    assert_shows_panchang(said[0]["text"], date(2027, 3, 12), VARANASI)
    assert_panchang_slots_reset(returned)


def test_an_impossible_date_gets_a_friendly_message_not_a_panchang():
    returned, said = run(panchang_place(*VARANASI),
                         ask_panchang("panchang for 31/02/2027", [date_entity("31/02/2027")]))
    assert len(said) == 1
    assert said[0]["text"] == "31 February 2027 doesn't exist. Please check the date."
    assert "Tithi" not in said[0]["text"]
    assert [button["payload"] for button in said[0]["buttons"]] == ["/ask_panchang"]
    assert_panchang_slots_reset(returned)


@pytest.mark.parametrize("day", ["12/3/2500", "1/1/1799"])
def test_a_year_beyond_the_ephemeris_gets_the_range(day):
    returned, said = run(panchang_place(*VARANASI), ask_panchang(f"panchang for {day}", [date_entity(day)]))
    assert len(said) == 1
    assert said[0]["text"] == "I can work out the panchang for the years 1800 to 2399. Which day do you mean?"
    assert_panchang_slots_reset(returned)


def test_with_no_place_at_all_it_asks_for_a_town():
    returned, said = run({}, ask_panchang("panchang for 12/3/2027", [date_entity("12/3/2027")]))
    assert len(said) == 1
    assert said[0]["text"] == "For which town shall I work out the panchang? (for example: Varanasi)"
    assert_panchang_slots_reset(returned)


def test_the_users_birth_place_is_used_when_no_other_is_named():
    returned, said = run(birth_place(*PUNE), ask_panchang("panchang for 12/3/2027", [date_entity("12/3/2027")]))
    text = said[0]["text"]
    assert_shows_panchang(text, date(2027, 3, 12), PUNE)
    assert text.endswith("That's for your birth place; say \"panchang for Delhi\" for another town.")
    assert_panchang_slots_reset(returned)


def test_a_named_place_wins_over_the_birth_place():
    returned, said = run({**birth_place(*PUNE), **panchang_place(*VARANASI)},
                         ask_panchang("panchang for 12/3/2027 in Varanasi", [date_entity("12/3/2027")]))
    text = said[0]["text"]
    assert_shows_panchang(text, date(2027, 3, 12), VARANASI)
    assert "That's for your birth place" not in text
    assert_panchang_slots_reset(returned)


def test_no_day_named_is_today_at_the_place():
    # 20:00 UTC on 25 Nov 2026 is already the 26th in Varanasi.
    with clock.frozen_at("2026-11-25T20:00:00Z"):
        returned, said = run(panchang_place(*VARANASI), ask_panchang("today's panchang for Varanasi", []))
    assert_shows_panchang(said[0]["text"], date(2026, 11, 26), VARANASI)
    assert_panchang_slots_reset(returned)


def test_today_and_tomorrow_follow_the_clock_at_the_place():
    with clock.frozen_at("2026-11-25T20:00:00Z"):
        _, in_varanasi = run(panchang_place(*VARANASI), ask_panchang("kal ka panchang", [
            {"entity": "period", "value": "tomorrow", "start": 0, "end": 3}]))
        _, in_london = run(panchang_place(*LONDON), ask_panchang("today's panchang", []))
    assert_shows_panchang(in_varanasi[0]["text"], date(2026, 11, 27), VARANASI)
    assert_shows_panchang(in_london[0]["text"], date(2026, 11, 25), LONDON)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("panchang for Xyzzyville", "Xyzzyville"),
        ("panchang for Xyzzyville tomorrow", "Xyzzyville"),
        ("panchang in new york", "new york"),
        ("kal ka panchang for pune", "pune"),
        ("rahu kaal in delhi today", "delhi"),
        ("aaj ka panchang", None),
        ("panchang for today", None),
        ("panchang for friday", None),
        ("panchang for 31/02/2027", None),
        ("tithi for my city", None),
        ("panchang of the day", None),
    ],
)
def test_the_words_after_for_or_in_name_the_panchang_place(text, place):
    assert place_after_cue(text) == place


def test_the_day_is_kept_from_the_request_while_the_form_asks_the_place():
    request = ask_panchang("panchang for 12/3/2027", [date_entity("12/3/2027")])
    answer = {"event": "user", "text": "Pune", "timestamp": 5.0,
              "parse_data": {"intent": {"name": "provide_birth_details"}, "text": "Pune",
                             "entities": [{"entity": "place", "value": "Pune", "start": 0, "end": 4}]}}
    returned, said = run(panchang_place(*PUNE), request, answer)
    assert_shows_panchang(said[0]["text"], date(2027, 3, 12), PUNE)
    assert_panchang_slots_reset(returned)


def test_a_request_naming_no_day_asks_about_today():
    words = asyncio.run(ValidatePanchangForm().extract_panchang_day(
        CollectingDispatcher(), Tracker("someone", {}, ask_panchang("aaj ka panchang", [])["parse_data"], [], False,
                                        None, {}, "action_listen"), {}))
    assert words == {"panchang_day": "today"}
