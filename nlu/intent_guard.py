"""Pipeline components guarding the model's intent (rules in `nlu.intent_guards`): a
goodbye or a no stands only when a word says it; birth details are never unclear; a
service named beside birth details is the request; a sign's symbol asks its horoscope."""

from __future__ import annotations

from abc import abstractmethod

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.intent_guards import guarded_intent, horoscope_by_symbol, intent_for_details, service_named_in_details
from nlu.rule_component import RuleComponent


class IntentRewrite(RuleComponent):
    """A rule that may replace the intent's name, keeping its confidence."""

    @abstractmethod
    def rewritten(self, message: Message, intent: str | None) -> str | None:
        """The intent's name after the rule (the same name when the rule does not apply)."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            kept = self.rewritten(message, intent.get(INTENT_NAME_KEY))
            if kept != intent.get(INTENT_NAME_KEY):
                message.set(INTENT, {**intent, INTENT_NAME_KEY: kept}, add_to_output=True)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class StopNeedsWords(IntentRewrite):
    def rewritten(self, message: Message, intent: str | None) -> str | None:
        return guarded_intent(message.get(TEXT) or "", intent)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class DetailsAreNotUnclear(RuleComponent):
    """After the FallbackClassifier: a message carrying birth details keeps the model's best guess."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            kept = intent_for_details(message.get(ENTITIES, []), message.get(INTENT_RANKING_KEY) or [],
                                      intent.get(INTENT_NAME_KEY))
            if kept != intent.get(INTENT_NAME_KEY):
                confidence = next((entry.get("confidence") for entry in message.get(INTENT_RANKING_KEY) or []
                                   if entry.get("name") == kept), intent.get("confidence"))
                message.set(INTENT, {INTENT_NAME_KEY: kept, "confidence": confidence}, add_to_output=True)
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class ServiceNamedInDetails(IntentRewrite):
    """Birth details naming a topic or the dasha ask for that reading (the slot
    `pending_service` takes it from the intent)."""

    def rewritten(self, message: Message, intent: str | None) -> str | None:
        return service_named_in_details(message.get(TEXT) or "", message.get(ENTITIES, []), intent)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SignSymbolIsHoroscope(IntentRewrite):
    """"♍ today" asks for Virgo's horoscope (action_horoscope reads the symbol)."""

    def rewritten(self, message: Message, intent: str | None) -> str | None:
        return horoscope_by_symbol(message.get(TEXT) or "", intent)
