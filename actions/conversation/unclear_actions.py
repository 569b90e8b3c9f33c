"""A message Luna could not read: asked to rephrase, or told it was too long to read."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation.content import say
from actions.conversation.fail_safe import SafeAction
from luna.user_text import MAX_MESSAGE_CHARS, too_long


class ActionUnclearMessage(SafeAction):
    """After `nlu_fallback` outside a form. An over-long message is left unread by the NLU
    (nlu/message_guard.py), so it is unclear too, but "rephrase that" would not help."""

    def name(self) -> str:
        return "action_unclear_message"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        if too_long((tracker.latest_message or {}).get("text")):
            dispatcher.utter_message(text=say("message_too_long", limit=f"{MAX_MESSAGE_CHARS:,}"))
        else:
            dispatcher.utter_message(response="utter_default")
        return []
