"""Horoscopes and predictions in the conversation (the readings come from luna.readings)."""

from __future__ import annotations

import asyncio
import re
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation.birth_profile import BirthDetails
from actions.conversation.content import say
from actions.conversation.entities import entity_values
from luna import clock
from luna.astrology import Chart
from luna.readings import DEFAULT_LOCATION, PERIODS, TOPICS, Location, horoscope, predict

_PERIOD_BUTTONS = {"today": "Today", "tomorrow": "Tomorrow", "week": "This week", "month": "This month",
                   "year": "This year"}


# "what will happen in my career in 2027?": the year a prediction is asked for.
_YEAR_ASKED = re.compile(
    r"\b(?:in|during|for|by|of|till|until|year|saal)\s+((?:19|20)\d\d)\b(?![/.-]\d)"
    r"|(?<![/.-])\b((?:19|20)\d\d)\s+(?:mein|me|main|tak|ka|ki)\b", re.I)


def year_asked(message: dict[str, Any], birth: date) -> int | None:
    """The year a prediction asks about, never the birth year written beside it."""
    years = [int(before or after) for before, after in _YEAR_ASKED.findall(message.get("text") or "")]
    return next((year for year in years if year > birth.year), None)


def requested_period(message: dict[str, Any]) -> str:
    periods = [p for p in entity_values(message, "period") if p in PERIODS]
    return periods[-1] if periods else "today"


async def horoscope_reply(dispatcher: CollectingDispatcher, message: dict[str, Any], sign: str,
                          details: BirthDetails | None, own_sign: bool = True) -> None:
    period = requested_period(message)
    location = Location(details.latitude, details.longitude, details.timezone) if details else DEFAULT_LOCATION
    reading = await asyncio.to_thread(horoscope, sign, period, None, location)
    text = reading.text
    if own_sign:
        text = say("horoscope_own_sign", sign=reading.sign) + "\n" + text
    dispatcher.utter_message(text=text, buttons=[
        {"title": label, "payload": f'/ask_horoscope{{"zodiac_sign": "{reading.sign}", "period": "{other}"}}'}
        for other, label in _PERIOD_BUTTONS.items() if other != period
    ][:3])


async def prediction_reply(dispatcher: CollectingDispatcher, tracker: Tracker, message: dict[str, Any],
                           details: BirthDetails, chart: Chart) -> None:
    topics = [t for t in entity_values(message, "topic") if t in TOPICS]
    if not topics:
        dispatcher.utter_message(text=say("which_topic"), buttons=[
            {"title": topic.capitalize(), "payload": f'/ask_prediction{{"topic": "{topic}"}}'} for topic in TOPICS
        ])
        return
    topic = topics[-1]
    # A year asked about is read as of its first day; the windows that follow cover it.
    year = year_asked(message, details.day)
    on = date(year, 1, 1) if year and year != clock.today_in(ZoneInfo(details.timezone)).year else None
    reading = await asyncio.to_thread(predict, chart, topic, on, details.clock is not None)
    dispatcher.utter_message(text=reading.text, buttons=[
        {"title": other.capitalize(), "payload": f'/ask_prediction{{"topic": "{other}"}}'}
        for other in TOPICS if other != topic
    ][:3] + [{"title": "How was this worked out?", "payload": "How did you calculate my chart?"}])
