"""A message Luna could not read: rephrase, or too long to read."""

from __future__ import annotations

import asyncio

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation.content import say
from actions.conversation.unclear_actions import ActionUnclearMessage
from luna.user_text import MAX_MESSAGE_CHARS


def reply(text: str) -> list[dict]:
    tracker = Tracker("someone", {}, {"text": text, "intent": {"name": "nlu_fallback"}, "entities": []}, [], False,
                      None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionUnclearMessage().run(dispatcher, tracker, {}))
    return dispatcher.messages


def test_an_over_long_message_is_said_to_be_too_long():
    said = reply("lorem ipsum 🌙 " * 200)
    assert [m["text"] for m in said] == [say("message_too_long", limit=f"{MAX_MESSAGE_CHARS:,}")]


def test_an_unclear_message_is_asked_again():
    said = reply("asdf qwerty")
    assert [m.get("response") for m in said] == ["utter_default"]
