"""Free-form astrology questions. "How did you calculate this?" is answered from the
user's chart (show your working); other questions get the answers Luna can give."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation.content import say
from actions.conversation.fail_safe import SafeAction
from actions.conversation.slot_families import OWN, details_in
from actions.conversation.working import working_messages
from luna.astrology import InputError

# Questions about the calculation itself rather than about astrology.
WORKING_QUESTION = re.compile(
    r"calculat|comput|ayanam?sh?a|\bworking\b|how (did|do|does) (you|luna|it) (get|know|find|work|do)|"
    r"kaise (nikala|banaya|calculate|pata)|accura|precis|which (method|system|software|ephemeris)|"
    r"\bephemeris\b|time ?zone|utc|\bboundary\b|how sure|kitna sahi",
    re.IGNORECASE,
)

SERVICE_BUTTONS = [
    {"title": "My kundli", "payload": "/request_kundli"},
    {"title": "Today's horoscope", "payload": '/ask_horoscope{"period": "today"}'},
    {"title": "Career outlook", "payload": '/ask_prediction{"topic": "career"}'},
    {"title": "Kundli matching", "payload": "/ask_compatibility"},
]


class ActionAnswerQuestion(SafeAction):
    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        text = (tracker.latest_message or {}).get("text") or ""
        if not WORKING_QUESTION.search(text):
            dispatcher.utter_message(text=say("question_general"), buttons=SERVICE_BUTTONS)
            return []
        try:
            details = details_in(tracker, OWN)
            chart = details.chart() if details else None
        except InputError as problem:
            dispatcher.utter_message(text=str(problem))
            return []
        if details is None or chart is None:
            dispatcher.utter_message(text=say("working_needs_chart"), buttons=[
                {"title": "Make my kundli", "payload": "/request_kundli"},
            ])
            return []
        messages = working_messages(details, chart)
        for message in messages[:-1]:
            dispatcher.utter_message(text=message)
        dispatcher.utter_message(text=messages[-1], buttons=[
            {"title": "My kundli", "payload": "/request_kundli"},
            {"title": "Change my birth time", "payload": "/update_birth_details"},
        ])
        return []
