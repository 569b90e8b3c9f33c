"""Run in the Rasa environment by test_rasa_speedups.py: Rasa's answers before and after
nlu.rasa_speedups.install(), printed as one JSON object on the last line.

    .venvs/rasa/bin/python tests/nlu/check_rasa_speedups.py [spacy-model-dir]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from jsonschema import ValidationError  # noqa: E402
from rasa.core.actions.action import RemoteAction  # noqa: E402
from rasa.nlu.utils.spacy_utils import SpacyNLP  # noqa: E402
from rasa.shared.core.events import Event  # noqa: E402
from rasa.shared.utils.common import all_subclasses  # noqa: E402

# Action server answers: well-formed ones and each way one can be malformed.
RESULTS = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "name", "value": "Ravi"}], "responses": [{"text": "Hi"}]},
    {"events": [{"event": "action", "name": "action_listen", "policy": None, "confidence": None}]},
    {"events": [{"event": "bot", "text": "hi", "data": {"buttons": []}}], "responses": []},
    {"events": [{"event": "user", "text": "hi", "parse_data": {}}]},
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"name": "name", "value": 1}]},
    {"events": "not a list"},
    {"events": [], "responses": ["not an object"]},
    {"events": [{"event": "slot", "name": 3}]},
    [],
    "text",
]


def validation_answers(action: RemoteAction) -> list[dict]:
    answers = []
    for result in RESULTS:
        try:
            answers.append({"valid": action._validate_action_result(result)})
        except ValidationError as error:
            answers.append({"error": error.message, "path": list(error.path), "validator": error.validator})
    return answers


def resolution_answers() -> list[list]:
    names = sorted({cls.type_name for cls in all_subclasses(Event)}) + ["topic", "no_such_event"]
    answers = []
    for name in names * 2:  # twice: the second time from what was kept
        for default in (None, Event):
            try:
                found = Event.resolve_by_type(name, default)
                answers.append([name, default is not None, found.__name__ if found else None])
            except ValueError as error:
                answers.append([name, default is not None, f"ValueError: {error}"])
    return answers


def example_texts() -> list[str]:
    """Every example of the NLU training data, annotations removed."""
    import re
    texts = []
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or ():
            for line in str(item.get("examples", "")).splitlines():
                if line.strip().startswith("- "):
                    texts.append(re.sub(r"\[([^\]]+)\](\([^)]*\)|\{[^}]*\})", r"\1", line.strip()[2:]))
    return texts + ["born in new delhi and pune", "Navi Mumbai", "from NEW YORK", "st louis"]


def entities(nlp, texts: list[str]) -> list[list]:
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in nlp.pipe(t.lower() for t in texts)]


def main() -> None:
    spacy_model = sys.argv[1] if len(sys.argv) > 1 else ""
    action = RemoteAction("action_test", None)
    before = {"validation": validation_answers(action), "resolution": resolution_answers()}
    if spacy_model:
        original = SpacyNLP.load_model(spacy_model).model
        texts = example_texts()
        before["entities"] = entities(original, texts)
        before["patterns"] = original.get_pipe("entity_ruler").patterns
        before["pattern_count"] = len(original.get_pipe("entity_ruler"))

    from nlu.rasa_speedups import install
    install()
    install()  # idempotent

    from rasa.core.agent import Agent
    after = {"validation": validation_answers(action), "resolution": resolution_answers(),
             "load_model_freezes": getattr(Agent.load_model, "_luna_frozen", False)}
    if spacy_model:
        first, second = SpacyNLP.load_model(spacy_model), SpacyNLP.load_model(spacy_model)
        after["shared"] = first is second
        ruler = first.model.get_pipe("entity_ruler")
        after["entities"] = entities(first.model, texts)
        after["patterns"] = ruler.patterns
        after["pattern_count"] = len(ruler)
        after["docs_kept"] = sum(type(p).__name__ == "Doc" for ps in ruler.phrase_patterns.values() for p in ps)
        after["texts"] = len(texts)
    print(json.dumps({"before": before, "after": after}))


if __name__ == "__main__":
    main()
