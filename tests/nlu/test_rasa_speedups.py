"""nlu/rasa_speedups.py: Rasa's answers are the same once its repeated work is done once.
The checks run in the Rasa environment (check_rasa_speedups.py), against Rasa's own code."""

from __future__ import annotations

import gc
import json
import subprocess
from pathlib import Path

import pytest

from nlu.rasa_speedups import frozen_after

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venvs" / "rasa" / "bin" / "python"
SPACY_PLACES = ROOT / "models" / "spacy_places"


@pytest.fixture(scope="module")
def answers() -> dict:
    if not RASA_PYTHON.exists():
        pytest.skip("the Rasa environment is not installed (make install)")
    if not SPACY_PLACES.exists():
        pytest.skip("the place ruler is not built (make places)")
    done = subprocess.run([str(RASA_PYTHON), str(Path(__file__).with_name("check_rasa_speedups.py")),
                           str(SPACY_PLACES)], capture_output=True, text=True, cwd=ROOT, timeout=600, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_action_server_answers_are_checked_as_before(answers):
    before, after = answers["before"]["validation"], answers["after"]["validation"]
    assert after == before
    # Both kinds were checked: answers Rasa takes and answers it refuses, with its message.
    assert {"valid": True} in after
    refused = [answer for answer in after if "error" in answer]
    assert len(refused) >= 5
    assert all("Failed to validate Action server response" in answer["error"] for answer in refused)


def test_events_resolve_to_the_same_classes(answers):
    before, after = answers["before"]["resolution"], answers["after"]["resolution"]
    assert after == before
    assert ["slot", False, "SlotSet"] in after
    assert ["topic", True, None] in after
    assert any(name == "no_such_event" and not default and str(found).startswith("ValueError")
               for name, default, found in after)
    assert ["no_such_event", True, "Event"] in after


def test_the_spacy_pipeline_is_loaded_once_and_finds_the_same_places(answers):
    before, after = answers["before"], answers["after"]
    assert after["shared"] is True
    assert after["entities"] == before["entities"]
    assert any(found for found in after["entities"])  # the texts do name places
    assert after["texts"] > 1000
    # The ruler still knows (and would write out) every pattern, without their Docs.
    assert after["patterns"] == before["patterns"]
    assert after["pattern_count"] == before["pattern_count"] > 40_000
    assert after["docs_kept"] == 0


def test_a_loaded_model_is_frozen_out_of_garbage_collection(answers):
    assert answers["after"]["load_model_freezes"] is True


def test_what_a_load_builds_is_frozen_and_its_garbage_collected():
    class Node:
        def __init__(self) -> None:
            self.me = self  # a cycle: only the collector frees it

    def load() -> list[Node]:
        for _ in range(1000):
            Node()  # garbage
        return [Node() for _ in range(500)]

    try:
        before = gc.get_freeze_count()
        model = frozen_after(load)()
        assert gc.get_freeze_count() >= before + 500
        assert sum(isinstance(o, Node) for o in gc.get_objects()) == 0  # frozen objects are not listed
        # A second load unfreezes first: the first model can then be collected.
        gc.freeze()
        frozen_after(lambda: None)()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert sum(isinstance(o, Node) for o in gc.get_objects()) == len(model) == 500  # the garbage went
