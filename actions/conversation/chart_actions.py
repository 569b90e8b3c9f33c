"""Actions that answer with the user's chart once the birth details are complete."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation.account_actions import picture_owner
from actions.conversation.asked_service import latest_request, request_answered, request_intent
from actions.conversation.birth_profile import BirthDetails
from actions.conversation.chart_replies import dasha_messages, kundli_messages, now_jd
from actions.conversation.content import say
from actions.conversation.entities import mentions
from actions.conversation.fail_safe import SafeAction
from actions.conversation.readings_replies import horoscope_reply, prediction_reply
from actions.conversation.slot_families import OWN, details_in
from luna.astrology import Chart, InputError
from luna.charts import save_chart_image

log = logging.getLogger(__name__)

SOUTH_STYLE = r"\bsouth\b|\bdakshin"
NAVAMSA = r"\bnavamsh?a\b|\bnavansh\b|\bd[- ]?9\b"


def chart_buttons(style: str, varga: str) -> list[dict[str, str]]:
    """The obvious next steps after a chart; plain-text payloads go through the NLU."""
    chart = "my navamsa chart" if varga == "D9" else "it"
    other_style = f"Show {chart} in {'South' if style == 'north' else 'North'} Indian style"
    buttons = [{"title": "South Indian chart" if style == "north" else "North Indian chart", "payload": other_style}]
    if varga == "D1":
        buttons.append({"title": "Navamsa (D9)", "payload": "Show my navamsa chart"})
    buttons += [
        {"title": "My dasha", "payload": "/ask_dasha"},
        {"title": "How was this calculated?", "payload": "How did you calculate my chart?"},
    ]
    return buttons


class ActionAnswerWithChart(SafeAction):
    """Answers the request that started the birth-details form: the kundli (picture and
    summary), the dasha, a prediction, or the horoscope for the user's Moon sign."""

    def name(self) -> str:
        return "action_answer_with_chart"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        try:
            details = details_in(tracker, OWN)
            if details is None:
                dispatcher.utter_message(text=say("need_birth_details"))
                return []
            chart = details.chart()
        except InputError as problem:
            dispatcher.utter_message(text=str(problem))
            return []
        request = latest_request(tracker)
        intent = request_intent(request)
        if intent == "ask_dasha":
            messages = dasha_messages(details, chart, now_jd())
            for text in messages[:-1]:
                dispatcher.utter_message(text=text)
            dispatcher.utter_message(text=messages[-1], buttons=[
                {"title": "My kundli", "payload": "/request_kundli"},
                {"title": "Career outlook", "payload": '/ask_prediction{"topic": "career"}'},
            ])
        elif intent == "ask_prediction":
            await prediction_reply(dispatcher, tracker, request, details, chart)
        elif intent == "ask_horoscope":
            await horoscope_reply(dispatcher, request, chart.moon.sign_name, details)
        else:
            await send_kundli(dispatcher, request, details, chart, owner=picture_owner(tracker))
        return request_answered()


async def send_kundli(dispatcher: CollectingDispatcher, request: dict[str, Any], details: BirthDetails,
                      chart: Chart, *, owner: str) -> None:
    """The chart picture (North Indian unless South is asked for; D9 on request) and its
    summary. The picture is listed under `owner`, so that deleting their data finds it."""
    style = "south" if mentions(request, SOUTH_STYLE) else "north"
    varga = "D9" if mentions(request, NAVAMSA) else "D1"
    messages = kundli_messages(details, chart, now_jd())
    try:
        title = f"{details.name}'s {'navamsa' if varga == 'D9' else 'kundli'}"
        url = await asyncio.to_thread(save_chart_image, chart, style, varga, title, owner=owner)
    except OSError as error:
        # The summary still answers; the picture is a bonus the disk may refuse.
        log.error("could not store a chart picture: %s", error)
        url = None
    if url:
        dispatcher.utter_message(image=url)
    if varga == "D9":
        messages = [say("navamsa_caption", name=details.name)] + messages[1:]
    for text in messages[:-1]:
        dispatcher.utter_message(text=text)
    dispatcher.utter_message(text=messages[-1], buttons=chart_buttons(style, varga))
