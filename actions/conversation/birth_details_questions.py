"""The birth-details form's questions, in the words of content/conversation.yml."""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import date
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation.birth_details_form import value_before_this_turn
from actions.conversation.content import say
from actions.conversation.fail_safe import SafeAction
from actions.conversation.slot_families import OWN, PARTNER, SlotFamily, place_candidates


class AskFor(SafeAction, ABC):
    """Asks the form's question for one slot, in the words of the content file."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The slot asked for (rasa-sdk registers only subclasses that name one)."""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    def values(self, tracker: Tracker) -> dict[str, Any]:
        """The placeholders the question fills."""
        return {}

    def buttons(self) -> list[dict[str, str]]:
        return []

    def question(self, tracker: Tracker) -> str:
        """The content key of the question."""
        return f"ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        read_back = date_read_this_turn(tracker, self.slot)
        if read_back:
            dispatcher.utter_message(text=say("date_read_as", date=read_back))
        dispatcher.utter_message(text=say(self.question(tracker), **self.values(tracker)), buttons=self.buttons())
        return []


def date_read_this_turn(tracker: Tracker, asking: str) -> str | None:
    """"5 March 1990" when the latest message gave the birth date of the person asked
    about (the user's own, or the partner's): "5/3/1990" could have meant May."""
    date_slot = (PARTNER if PARTNER.holds(asking) else OWN).date
    value = tracker.get_slot(date_slot)
    if asking == date_slot or not value or value == value_before_this_turn(tracker, date_slot):
        return None
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        return None
    return f"{day.day} {day:%B %Y}"


class AskForPlace(AskFor, ABC):
    """Asks for a place; after an ambiguous answer, offers the candidates as buttons
    whose payload the form's slot mapping takes as the place."""

    family: SlotFamily = OWN
    answer_intent = "provide_birth_details"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        candidates = place_candidates(tracker.get_slot(self.family.candidates))
        if not candidates:
            return await super().run(dispatcher, tracker, domain)
        dispatcher.utter_message(
            text=say("which_place", query=candidates[0].label.split(",")[0]),
            buttons=[{"title": place.label, "payload": f'/{self.answer_intent}{{"place": "{place.label}"}}'}
                     for place in candidates],
        )
        return []


class ActionAskName(AskFor):
    slot = OWN.name

    def question(self, tracker: Tracker) -> str:
        # Matching someone Luna doesn't know yet: say why their own details come first.
        return "ask_name_for_match" if tracker.get_slot(PARTNER.name) else "ask_name"

    def values(self, tracker: Tracker) -> dict[str, Any]:
        return {"partner": tracker.get_slot(PARTNER.name)} if tracker.get_slot(PARTNER.name) else {}


class ActionAskBirthDate(AskFor):
    slot = OWN.date


class ActionAskBirthTime(AskFor):
    slot = OWN.time


class ActionAskBirthPlace(AskForPlace):
    slot = OWN.place
