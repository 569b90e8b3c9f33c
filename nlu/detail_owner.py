"""The pipeline component that marks a partner's birth details with the role `partner`
(rules in `nlu.owners`), so the user's own slots never take them."""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.owners import MATCHING_INTENT, PARTNER, assign_owners
from nlu.rule_component import RuleComponent

# A message that only gives details, and the details are a partner's, asks for matching.
_DETAILS_INTENTS = ("provide_birth_details", "update_birth_details")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class DetailOwner(RuleComponent, EntityExtractorMixin):
    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            entities = assign_owners(message.get(TEXT) or "", message.get(ENTITIES, []), intent.get(INTENT_NAME_KEY))
            message.set(ENTITIES, entities, add_to_output=True)
            if intent.get(INTENT_NAME_KEY) in _DETAILS_INTENTS and any(e.get("role") == PARTNER for e in entities):
                message.set(INTENT, {**intent, INTENT_NAME_KEY: MATCHING_INTENT}, add_to_output=True)
        return messages
