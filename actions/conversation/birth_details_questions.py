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

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=say(f"ask_{self.slot}"))
        return []


class ActionAskName(AskFor):
    slot = "name"


class ActionAskBirthDate(AskFor):
    slot = "birth_date"


class ActionAskBirthTime(AskFor):
    slot = "birth_time"


class ActionAskBirthPlace(Action):
    """Asks for the place, with buttons when the last answer matched several places."""

    def name(self) -> str:
        return "action_ask_birth_place"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        candidates = tracker.get_slot("place_candidates") or []
        if not candidates:
            dispatcher.utter_message(text=say("ask_birth_place"))
            return []
        dispatcher.utter_message(
            text=say("which_place", query=candidates[0].split(",")[0]),
            buttons=[
                {"title": label, "payload": f'/provide_birth_details{{"place": "{label}"}}'} for label in candidates
            ],
        )
        return []
