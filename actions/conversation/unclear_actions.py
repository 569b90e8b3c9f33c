"""A message Luna could not read: asked to rephrase, told it was too long to read, or, for a
shared location, told the town it is near and what Luna can do there."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation.content import say
from actions.conversation.fail_safe import SafeAction
from actions.conversation.shared_location import reply_outside_form, shared_location
from luna.user_text import MAX_MESSAGE_CHARS, too_long


class ActionUnclearMessage(SafeAction):
    """After `nlu_fallback` outside a form. An over-long message is left unread by the NLU
    (nlu/message_guard.py), so it is unclear too, but "rephrase that" would not help; a
    shared location is left unread too (nlu/shared_location.py), and is named and offered
    as a place."""

    def name(self) -> str:
        return "action_unclear_message"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        coordinates = shared_location(tracker)
        if too_long((tracker.latest_message or {}).get("text")):
            dispatcher.utter_message(text=say("message_too_long", limit=f"{MAX_MESSAGE_CHARS:,}"))
        elif coordinates is not None:
            dispatcher.utter_message(**reply_outside_form(coordinates, bool(tracker.get_slot("has_profile"))))
        else:
            dispatcher.utter_message(response="utter_default")
        return []
