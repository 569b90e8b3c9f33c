"""Pipeline components guarding what the model reads (rules in `luna.user_text`).

`ReadableText`, first in the pipeline: control characters are removed before anything
tokenizes the message, and a message beyond the length Luna reads is cut to just over it,
so a pasted megabyte costs the model no more than a long message.

`LongMessageUnread`, last: a message beyond that length is not read. Its intent is
`nlu_fallback` (Luna did not understand it) and it carries no entities, so no slot is
filled from its entities; the action server answers it politely and drops whatever a form
took from its text (actions/conversation/fail_safe.py).

`PunctuationUnread`, beside it: a message of punctuation alone ("...", "???") is not read
either, the same way.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from luna.log_privacy import install as make_logs_private
from luna.user_text import MAX_MESSAGE_CHARS, only_punctuation, too_long, without_control_characters
from nlu.rule_component import RuleComponent

# Rasa's log lines without exception messages or message texts (luna/log_privacy.py): here
# because Rasa imports this module when it loads the model, before the first message.
make_logs_private()

UNREAD_INTENT = "nlu_fallback"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ReadableText(RuleComponent):
    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            readable = without_control_characters(text)[: MAX_MESSAGE_CHARS + 1]
            if readable != text:
                message.set(TEXT, readable)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class LongMessageUnread(RuleComponent):
    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if too_long(message.get(TEXT)):
                unread(message)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class PunctuationUnread(RuleComponent):
    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if only_punctuation(message.get(TEXT)):
                unread(message)
        return messages


def unread(message: Message) -> None:
    """The message is not understood: the fallback intent, and no entities to fill a slot."""
    message.set(INTENT, {INTENT_NAME_KEY: UNREAD_INTENT, "confidence": 1.0}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [{"name": UNREAD_INTENT, "confidence": 1.0}], add_to_output=True)
    message.set(ENTITIES, [], add_to_output=True)
