"""The birth-details form's questions, in the words of content/conversation.yml."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation.content import say


class AskFor(Action, ABC):
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

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=say(f"ask_{self.slot}", **self.values(tracker)), buttons=self.buttons())
        return []


class AskForPlace(AskFor, ABC):
    """Asks for a place; after an ambiguous answer, offers the candidates as buttons
    whose payload the form's slot mapping takes as the place."""

    candidates_slot = "place_candidates"
    answer_intent = "provide_birth_details"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        candidates = tracker.get_slot(self.candidates_slot) or []
        if not candidates:
            return await super().run(dispatcher, tracker, domain)
        dispatcher.utter_message(
            text=say("which_place", query=candidates[0].split(",")[0]),
            buttons=[{"title": label, "payload": f'/{self.answer_intent}{{"place": "{label}"}}'}
                     for label in candidates],
        )
        return []


class ActionAskName(AskFor):
    slot = "name"


class ActionAskBirthDate(AskFor):
    slot = "birth_date"


class ActionAskBirthTime(AskFor):
    slot = "birth_time"


class ActionAskBirthPlace(AskForPlace):
    slot = "birth_place"
