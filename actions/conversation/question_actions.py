"""Free-form astrology questions. "How did you calculate this?" is answered from the
user's chart (show your working); every other question is answered about the user's own
chart by luna.answers: an LLM given the engine's facts and tools, or the knowledge base."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation.birth_profile import BirthDetails, channel_of
from actions.conversation.content import say
from actions.conversation.dependencies import question_answerer
from actions.conversation.earlier_turns import earlier_messages
from actions.conversation.fail_safe import SafeAction
from actions.conversation.slot_families import OWN, PARTNER, details_in
from actions.conversation.working import working_messages
from luna.answers.chart_facts import ChartFacts, chart_facts
from luna.answers.engine_tools import engine_tools
from luna.astrology import InputError
from luna.clock import now

# Questions about the calculation itself rather than about astrology.
WORKING_QUESTION = re.compile(
    r"calculat|comput|ayanam?sh?a|\bworking\b|how (did|do|does) (you|luna|it) (get|know|find|work|do)|"
    r"kaise (nikala|banaya|calculate|pata)|accura|precis|which (method|system|software|ephemeris)|"
    r"\bephemeris\b|time ?zone|utc|\bboundary\b|how sure|kitna sahi",
    re.IGNORECASE,
)


class ActionAnswerQuestion(SafeAction):
    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        text = (tracker.latest_message or {}).get("text") or ""
        if not WORKING_QUESTION.search(text):
            await self._answer(dispatcher, tracker, text)
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

    async def _answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, question: str) -> None:
        try:
            own = details_in(tracker, OWN)
            partner = details_in(tracker, PARTNER)
        except InputError as problem:
            dispatcher.utter_message(text=str(problem))
            return
        facts, tools = None, []
        if own is not None:
            chart = await asyncio.to_thread(own.chart)
            facts = await asyncio.to_thread(chart_facts, chart, time_known=own.clock is not None, now=now())
            tools = engine_tools(chart, partner=(lambda: _facts_of(partner)) if partner else None)
        answerer = await question_answerer()
        answer = await answerer.answer(
            question, channel=channel_of(tracker), sender_id=tracker.sender_id, facts=facts, tools=tools,
            history=earlier_messages(tracker),
        )
        dispatcher.utter_message(text=answer.text, buttons=[button.as_dict() for button in answer.buttons])


def _facts_of(details: BirthDetails) -> ChartFacts:
    return chart_facts(details.chart(), time_known=details.clock is not None, now=now())
