"""The panchang: for today or a named day, at a named place or the user's own."""

from __future__ import annotations

import asyncio
import re
from datetime import date, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation.birth_details_form import BirthDetailChecks
from actions.conversation.birth_details_questions import AskForPlace
from actions.conversation.chart_replies import long_date
from actions.conversation.content import say
from actions.conversation.day_input import read_day
from actions.conversation.entities import entity_runs, entity_values
from actions.conversation.fail_safe import SafeAction, SafeFormValidationAction
from actions.conversation.slot_families import OWN, PANCHANG_PLACE, cleared, place_in
from luna import clock
from luna.astrology import EPHEMERIS_FIRST_YEAR, EPHEMERIS_LAST_YEAR, InputError, panchang

_PERIOD_DAYS = {"today": 0, "tomorrow": 1}
# The words of the day a panchang request asks about ("3 october 2023", "tomorrow").
PANCHANG_DAY = "panchang_day"
# The day is "today" where the user is; India's date is the best guess for a user
# whose place is not known yet (most of Luna's users).
_DEFAULT_ZONE = timezone(timedelta(hours=5, minutes=30))


# "panchang for Xyzzyville": the words after "for/in/at" name the place even when the NLU
# model, never having seen the town, tagged nothing; the engine then says if it exists.
_PLACE_CUE = re.compile(
    r"\b(?:for|in|at|of)\s+([^\W\d_][^\d,.!?]*?)\s*(?=$|[,.!?]|\s+(?:today|tomorrow|on|aaj|kal|ka|ke|ki|mein|me)\b)",
    re.IGNORECASE,
)
_NOT_PLACES = {"today", "tomorrow", "me", "my", "us", "this", "next", "the", "week", "month", "year", "day", "aaj",
               "kal", "now", "date", "here", "my place", "my city", "my town", "friday", "monday", "tuesday",
               "wednesday", "thursday", "saturday", "sunday", "day after tomorrow", "yesterday"}


def place_after_cue(text: str) -> str | None:
    """'panchang for Xyzzyville tomorrow' -> 'Xyzzyville'; None without such a phrase."""
    for found in _PLACE_CUE.finditer(text or ""):
        phrase = found.group(1).strip()
        if phrase.lower() not in _NOT_PLACES and phrase.split()[0].lower() not in ("the", "my", "this", "next"):
            return phrase
    return None


def _cued_place(tracker: Tracker) -> str | None:
    latest = tracker.latest_message or {}
    if (latest.get("intent") or {}).get("name") != "ask_panchang" or entity_values(latest, "place"):
        return None
    return place_after_cue(latest.get("text") or "")


class PanchangPlaceChecks(BirthDetailChecks):
    family = PANCHANG_PLACE
    shared_location_message = "shared_location_for_panchang"


class ValidatePanchangForm(SafeFormValidationAction):
    """Asks for a place only when the message named none and no birth place is stored."""

    _checks = PanchangPlaceChecks()

    def name(self) -> str:
        return "validate_panchang_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: DomainDict) -> list[str]:
        if tracker.get_slot(PANCHANG_PLACE.place) is None and tracker.get_slot(OWN.timezone) \
                and not _cued_place(tracker):
            return [PANCHANG_DAY]  # the user's own place will do
        return domain_slots

    async def extract_panchang_day(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> dict:
        """The day's words, kept from the request until the panchang is answered (the day
        itself is read then, in the place's time zone, which may not be known yet)."""
        latest = tracker.latest_message or {}
        if (latest.get("intent") or {}).get("name") != "ask_panchang":
            return {}
        return {PANCHANG_DAY: day_asked(latest)}

    async def extract_panchang_place(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: DomainDict) -> dict:
        cued = _cued_place(tracker)
        return {PANCHANG_PLACE.place: cued} if cued else {}

    async def validate_panchang_place(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: DomainDict) -> dict:
        return await self._checks.check_place(value, dispatcher, tracker.get_slot(PANCHANG_PLACE.candidates))


class ActionAskPanchangPlace(AskForPlace):
    family = PANCHANG_PLACE
    slot = PANCHANG_PLACE.place
    answer_intent = "ask_panchang"

    def buttons(self) -> list[dict[str, str]]:
        return [{"title": town, "payload": f'/ask_panchang{{"place": "{town}"}}'}
                for town in ("New Delhi", "Mumbai", "Kolkata", "Chennai")]


class ActionPanchang(SafeAction):
    """The five limbs at local sunrise, sunrise and sunset, and rahu kaal."""

    def name(self) -> str:
        return "action_panchang"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        reset = [*cleared(PANCHANG_PLACE), SlotSet(PANCHANG_DAY, None)]
        place = _place(tracker)
        if place is None:
            dispatcher.utter_message(text=say("ask_panchang_place"))
            return reset
        label, latitude, longitude, zone, own = place
        try:
            day = _day(tracker)
            if not EPHEMERIS_FIRST_YEAR <= day.year <= EPHEMERIS_LAST_YEAR:
                raise InputError(say("panchang_out_of_range", first=EPHEMERIS_FIRST_YEAR, last=EPHEMERIS_LAST_YEAR))
            limbs = await asyncio.to_thread(panchang, day, latitude, longitude, zone)
        except InputError as problem:
            dispatcher.utter_message(text=str(problem), buttons=[
                {"title": "Today's panchang", "payload": "/ask_panchang"},
            ])
            return reset
        start, end = limbs.rahu_kaal
        dispatcher.utter_message(
            text=say(
                "panchang",
                day=f"{limbs.vara}, {long_date(day)}",
                place=label,
                tithi=limbs.tithi.name,
                nakshatra=limbs.nakshatra.name,
                yoga=limbs.yoga.name,
                karana=limbs.karana.name,
                vara=limbs.vara,
                sunrise=limbs.sunrise.strftime("%H:%M"),
                sunset=limbs.sunset.strftime("%H:%M"),
                rahu_start=start.strftime("%H:%M"),
                rahu_end=end.strftime("%H:%M"),
            )
            + ("\n" + say("panchang_own_place") if own else ""),
            buttons=[
                {"title": "Tomorrow's panchang",
                 "payload": f'/ask_panchang{{"period": "tomorrow", "place": "{label}"}}'},
                {"title": "My horoscope", "payload": "/ask_horoscope"},
            ],
        )
        return reset


def _place(tracker: Tracker) -> tuple[str, float, float, str, bool] | None:
    """(label, latitude, longitude, zone, is the user's own place) for the panchang."""
    for family, own in ((PANCHANG_PLACE, False), (OWN, True)):
        place = place_in(tracker, family)
        if place is not None:
            return place.label, place.latitude, place.longitude, place.timezone, own
    return None


def day_asked(request: dict[str, Any]) -> str:
    """The words of the day a panchang request asks about: a date, a period, or today."""
    dates = entity_values(request, "date")
    if dates:
        return _date_words(request) or dates[-1]
    periods = entity_values(request, "period")
    return periods[-1] if periods and periods[-1] in _PERIOD_DAYS else "today"


def _day(tracker: Tracker) -> date:
    """The day asked about (slot `panchang_day`), as a date where the panchang is cast."""
    today = _today(tracker)
    words = tracker.get_slot(PANCHANG_DAY) or "today"
    if words in _PERIOD_DAYS:
        return today + timedelta(days=_PERIOD_DAYS[words])
    return read_day(words, today)


def _date_words(request: dict) -> str | None:
    """The message's own words for the date, in case the model tagged it in pieces
    ("3 october" + "2023"); a piece alone would be another day. A year standing apart
    ("diwali 2025 was on 20 oct") completes a day and month written without one."""
    runs = [words for words, _ in entity_runs(request, "date")]
    if not runs:
        return None
    years = [words for words in runs if re.fullmatch(r"\d{4}", words.strip())]
    days = [words for words in runs if words not in years]
    if days and years and not re.search(r"\d{4}", days[0]):
        return f"{days[0]} {years[0]}"
    return runs[0]


def _today(tracker: Tracker) -> date:
    zone = tracker.get_slot(PANCHANG_PLACE.timezone) or tracker.get_slot(OWN.timezone)
    return clock.today_in(ZoneInfo(zone) if zone else _DEFAULT_ZONE)
