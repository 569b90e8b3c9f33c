"""Actions that answer with the user's chart once the birth details are complete."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.astrology.errors import InputError
from actions.conversation.birth_profile import details_from_slots
from actions.conversation.chart_replies import dasha_messages, kundli_messages, now_jd
from actions.conversation.content import say

log = logging.getLogger(__name__)

# The request that started the birth-details form decides what the answer is.
_ANSWER_FOR_INTENT = {"ask_dasha": dasha_messages}
_REQUEST_INTENTS = ("request_kundli", "ask_dasha", "provide_birth_details", "update_birth_details")

CHART_BUTTONS = [
    {"title": "My dasha", "payload": "/ask_dasha"},
    {"title": "Change my details", "payload": "/update_birth_details"},
]


def latest_request(tracker: Tracker) -> str:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            intent = (event.get("parse_data") or {}).get("intent", {}).get("name")
            if intent in _REQUEST_INTENTS:
                return intent
    return "request_kundli"


class ActionAnswerWithChart(Action):
    """The kundli summary, or the dasha if that is what the user asked for."""

    def name(self) -> str:
        return "action_answer_with_chart"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        try:
            details = details_from_slots(tracker)
            if details is None:
                dispatcher.utter_message(text=say("need_birth_details"))
                return []
            chart = details.chart()
        except InputError as problem:
            dispatcher.utter_message(text=str(problem))
            return []
        compose = _ANSWER_FOR_INTENT.get(latest_request(tracker), kundli_messages)
        messages = compose(details, chart, now_jd())
        for text in messages[:-1]:
            dispatcher.utter_message(text=text)
        dispatcher.utter_message(text=messages[-1], buttons=CHART_BUTTONS)
        return []
