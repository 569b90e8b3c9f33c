"""A location shared from a chat app ("📍 28.61390, 77.20900", luna/shared_location.py) is
never read by the model: its numbers look like a date or a time to DIET ("28.61" as a
birth date), and a form would take them for birth details.

The message gets the intent `nlu_fallback` and no entities, so no slot is filled from
entities. The rules already send that intent where it belongs: inside a form, to the form,
whose slot mapping takes the text as the answer to the question asked and whose validation
turns a place answer into the nearest town (actions/conversation/shared_location.py);
outside a form, to action_unclear_message, which names the town and offers what to do with it.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from luna.shared_location import shared_coordinates
from nlu.rule_component import RuleComponent

SHARED_LOCATION_INTENT = "nlu_fallback"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SharedLocationUnread(RuleComponent):
    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if shared_coordinates(message.get(TEXT)) is not None:
                message.set(INTENT, {INTENT_NAME_KEY: SHARED_LOCATION_INTENT, "confidence": 1.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [{"name": SHARED_LOCATION_INTENT, "confidence": 1.0}],
                            add_to_output=True)
                message.set(ENTITIES, [], add_to_output=True)
        return messages
