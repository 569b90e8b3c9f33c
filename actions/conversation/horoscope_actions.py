"""The horoscope action: a sign's reading, or the user's own Moon sign's."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation.birth_details_form import cued_name, reads_as_date, reads_as_time
from actions.conversation.content import say
from actions.conversation.entities import entity_runs, entity_values
from actions.conversation.fail_safe import SafeAction
from actions.conversation.readings_replies import horoscope_reply
from actions.conversation.slot_families import OWN, details_in
from luna.astrology import SIGNS, InputError

# "♌ horoscope today": the sign's symbol names it as well as its name does.
_SIGN_SYMBOLS = dict(zip("♈♉♊♋♌♍♎♏♐♑♒♓", SIGNS, strict=True))


def signs_named(message: dict[str, Any]) -> list[str]:
    """The signs a message names, by name (the NLU's entities) or by symbol."""
    symbols = [_SIGN_SYMBOLS[char] for char in message.get("text") or "" if char in _SIGN_SYMBOLS]
    return entity_values(message, "zodiac_sign") + symbols


def own_details_given(message: dict[str, Any]) -> dict[str, str]:
    """The user's own birth details in a horoscope request ("today's horoscope for me,
    born 5/3/1990 10:30 pm Pune"), keyed by slot: a whole birth date is needed, or a
    date in the message is the day asked about, not a birth date."""
    birth_date = next((words for words, _ in entity_runs(message, "date") if reads_as_date(words)), None)
    if not birth_date:
        return {}
    given = {OWN.date: birth_date}
    clock = next((words for words, _ in entity_runs(message, "time") if reads_as_time(words)), None)
    town = next(iter(entity_values(message, "place")), None)
    name = next(iter(entity_values(message, "name")), None)
    for slot, value in ((OWN.time, clock), (OWN.place, town), (OWN.name, name)):
        if value:
            given[slot] = value
    return given


def _sign_buttons() -> list[dict[str, str]]:
    return [{"title": sign, "payload": f'/ask_horoscope{{"zodiac_sign": "{sign}"}}'} for sign in SIGNS]


class ActionHoroscope(SafeAction):
    """The horoscope of the sign named in the message, else of the user's Moon sign;
    with neither, the signs to choose from."""

    def name(self) -> str:
        return "action_horoscope"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        message = tracker.latest_message or {}
        signs = signs_named(message)
        given = {} if signs else own_details_given(message)
        if given:
            # The birth details come with the request: the form checks them, asks what is
            # missing, and the horoscope of the Moon sign follows (action_answer_with_chart).
            cued = cued_name(tracker)
            if cued and OWN.name not in given:
                given[OWN.name] = cued
            return [*(SlotSet(slot, value) for slot, value in given.items()), FollowupAction("birth_details_form")]
        try:
            details = details_in(tracker, OWN)
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
