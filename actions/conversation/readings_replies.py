"""Horoscopes and predictions in the conversation (the readings come from luna.readings)."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation.birth_profile import BirthDetails, details_from_slots
from actions.conversation.content import say
from actions.conversation.requests import entity_values
from luna.astrology import SIGNS, Chart, InputError
from luna.readings import DEFAULT_LOCATION, PERIODS, TOPICS, Location, horoscope, predict

_PERIOD_BUTTONS = {"today": "Today", "tomorrow": "Tomorrow", "week": "This week", "month": "This month",
                   "year": "This year"}


def _sign_buttons() -> list[dict[str, str]]:
    return [{"title": sign, "payload": f'/ask_horoscope{{"zodiac_sign": "{sign}"}}'} for sign in SIGNS]


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
    reading = await asyncio.to_thread(predict, chart, topic, None, details.clock is not None)
    dispatcher.utter_message(text=reading.text, buttons=[
        {"title": other.capitalize(), "payload": f'/ask_prediction{{"topic": "{other}"}}'}
        for other in TOPICS if other != topic
    ][:3] + [{"title": "How was this worked out?", "payload": "How did you calculate my chart?"}])


class ActionHoroscope(Action):
    """The horoscope of the sign named in the message, else of the user's Moon sign;
    with neither, the signs to choose from."""

    def name(self) -> str:
        return "action_horoscope"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        message = tracker.latest_message or {}
        signs = entity_values(message, "zodiac_sign")
        try:
            details = details_from_slots(tracker)
            if signs:
                if signs[-1].capitalize() not in SIGNS:
                    dispatcher.utter_message(text=say("unknown_sign", sign=signs[-1]), buttons=_sign_buttons())
                    return []
                await horoscope_reply(dispatcher, message, signs[-1].capitalize(), details, own_sign=False)
            elif details is not None:
                await horoscope_reply(dispatcher, message, details.chart().moon.sign_name, details)
            else:
                dispatcher.utter_message(text=say("which_sign"), buttons=_sign_buttons() + [
                    {"title": "Work out my Moon sign", "payload": "/request_kundli"},
                ])
        except InputError as problem:
            dispatcher.utter_message(text=str(problem))
        return []
