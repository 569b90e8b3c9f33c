"""The horoscope action: a sign's reading, or the user's own Moon sign's."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation.content import say
from actions.conversation.entities import entity_values
from actions.conversation.readings_replies import horoscope_reply
from actions.conversation.slot_families import OWN, details_in
from luna.astrology import SIGNS, InputError


def _sign_buttons() -> list[dict[str, str]]:
    return [{"title": sign, "payload": f'/ask_horoscope{{"zodiac_sign": "{sign}"}}'} for sign in SIGNS]


class ActionHoroscope(Action):
    """The horoscope of the sign named in the message, else of the user's Moon sign;
    with neither, the signs to choose from."""

    def name(self) -> str:
        return "action_horoscope"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        message = tracker.latest_message or {}
        signs = entity_values(message, "zodiac_sign")
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
