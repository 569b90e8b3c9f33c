"""Work Rasa 3.6 repeats on every turn, or twice at start-up, done once in Luna's Rasa server.

Measured on a turn (docs/performance_profile.md), these pieces of Rasa's own work cost Luna
far more than they cost Rasa's default bot, because Luna calls its action server on every
turn and loads a spaCy pipeline; each is replaced here by the same work done once, with
the same results:

- Every action server answer is checked against Rasa's response schema with
  `jsonschema.validate`, which first checks the *schema* against JSON Schema's
  meta-schema: 40% of a turn's time. The schema never changes, so it is checked once and
  its validator kept; answers are checked exactly as before and a bad one raises the same
  ValidationError with the same message.
- Every event read back (the tracker store, each action's answer) finds its class by
  walking all of Event's subclasses. The class found for a type name is kept.
- The SpacyNLP component is built twice (the node that provides the spaCy pipeline to the
  others, and the node that runs it, which then uses the provided one), so the place
  ruler's 46,000 patterns were loaded twice: 300 MB and 6 s. One load per model name
  is shared. The place ruler then keeps each pattern's text instead of the tokenized Doc
  spaCy kept only to write the patterns out again (matching uses its PhraseMatcher).

- Python's full garbage collection walks every object the process holds; with the model
  loaded (TensorFlow, spaCy, the domain) that is millions, and one turn in about thirty
  paid for it: 0.7 s of CPU, 2 s under load. What the model load built lives as long as
  the model, so it is frozen out of the collector's walks once loaded (`gc.freeze`);
  a new model unfreezes it first, so the old one can still be collected.

`install()` is idempotent; nlu.rule_component (imported before the model's components are
built) and stores.tracker (built before the model loads) call it, so every Luna Rasa
process has it. Each patch checks that the Rasa code it replaces is the code it was
written against, and leaves Rasa alone otherwise.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import logging
from collections.abc import Callable
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")

_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    _installed = True
    for patch in (_validate_action_results_once, _resolve_event_types_once, _load_spacy_models_once,
                  _freeze_loaded_models):
        try:
            patch()
        except (ImportError, AttributeError) as error:
            # Another Rasa version: its own code runs, only slower.
            log.warning("Rasa speed-up %s not installed (%s)", patch.__name__, type(error).__name__)


# Action server answers.

ACTION_RESULT_HELP = (
    ". Failed to validate Action server response from API, make sure your response from the "
    "Action endpoint is valid. For more information about the format visit {docs}/custom-actions"
)


def _validate_action_results_once() -> None:
    from jsonschema import validators
    from jsonschema.exceptions import best_match
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    help_text = ACTION_RESULT_HELP.format(docs=DOCS_BASE_URL)

    def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        # What jsonschema.validate(result, schema) does, without checking the schema again.
        error = best_match(validator.iter_errors(result))
        if error is not None:
            error.message += help_text
            raise error
        return True

    RemoteAction._validate_action_result = _validate_action_result


# Event classes by type name.

def _resolve_event_types_once() -> None:
    from rasa.shared.core.events import Event

    resolve = Event.resolve_by_type
    if getattr(resolve, "_luna_cached", False):
        return
    found: dict[str, type[Event]] = {}

    def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
        event_class = found.get(type_name)
        if event_class is not None:
            return event_class
        event_class = resolve(type_name, _NotFound)
        if event_class is _NotFound or event_class is None:
            # No class has this name: Rasa's answer (the default, None or ValueError).
            return resolve(type_name, default)
        found[type_name] = event_class
        return event_class

    resolve_by_type._luna_cached = True  # type: ignore[attr-defined]
    Event.resolve_by_type = staticmethod(resolve_by_type)


class _NotFound:
    """Marks a type name no Event subclass has (never an event class itself)."""


# The loaded model, out of the garbage collector's walks.

def _freeze_loaded_models() -> None:
    from rasa.core.agent import Agent

    if getattr(Agent.load_model, "_luna_frozen", False):
        return
    Agent.load_model = frozen_after(Agent.load_model)


def frozen_after(load: Callable[..., T]) -> Callable[..., T]:
    """`load`, after which every object then alive is frozen out of collections."""

    @functools.wraps(load)
    def load_then_freeze(*args: Any, **kwargs: Any) -> T:
        gc.unfreeze()  # what the previous model built may be garbage now
        try:
            return load(*args, **kwargs)
        finally:
            gc.collect()  # the load's garbage is not frozen with it
            gc.freeze()

    load_then_freeze._luna_frozen = True  # type: ignore[attr-defined]
    return load_then_freeze


# The spaCy pipeline.

def _load_spacy_models_once() -> None:
    from rasa.nlu.utils.spacy_utils import SpacyNLP

    load_model = SpacyNLP.load_model
    if getattr(load_model, "_luna_cached", False):
        return

    @functools.cache
    def load_model_once(spacy_model_name: str) -> Any:
        model = load_model(spacy_model_name)
        compact_entity_rulers(model.model)
        return model

    load_model_once._luna_cached = True  # type: ignore[attr-defined]
    SpacyNLP.load_model = staticmethod(load_model_once)


class PatternText:
    """What the EntityRuler still reads of a phrase pattern it matches with its
    PhraseMatcher: the text (for `patterns`, and so for `to_disk`)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"PatternText({self.text!r})"


def compact_entity_rulers(nlp: Any) -> int:
    """Replace each EntityRuler's tokenized phrase patterns by their texts (the matcher
    keeps its own copy of what it matches); returns how many patterns were compacted."""
    from spacy.pipeline import EntityRuler

    compacted = 0
    for _, pipe in nlp.pipeline:
        if isinstance(pipe, EntityRuler):
            compacted += _compact(pipe)
    if compacted:
        gc.collect()  # a Doc and its span groups refer to each other
        _return_freed_memory()
    return compacted


def _compact(ruler: Any) -> int:
    count = 0
    for label in list(ruler.phrase_patterns):
        texts = [PatternText(pattern.text) for pattern in ruler.phrase_patterns[label]]
        ruler.phrase_patterns[label] = texts
        count += len(texts)
    return count


def _return_freed_memory() -> None:
    """glibc keeps freed small blocks for reuse; hand them back to the system."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: the memory is reused by the process instead
