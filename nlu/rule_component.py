"""The base of Luna's pipeline components: hand-written rules with nothing to train."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.rasa_speedups import install as install_rasa_speedups

# Imported before the model's components are built, so the spaCy pipeline loads once.
install_rasa_speedups()


class RuleComponent(GraphComponent):
    """Subclasses implement `process(messages)`; training data passes through untouched."""

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> RuleComponent:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
