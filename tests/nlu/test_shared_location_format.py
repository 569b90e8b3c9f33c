"""A location shared from Telegram ("📍 28.61390, 77.20900"): the format both the pipeline
and the action server read (luna/shared_location.py), and the pipeline component that
keeps the model from reading its numbers as birth details (nlu/shared_location.py), run
in the Rasa environment on real Rasa messages."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from luna.shared_location import Coordinates, as_message, shared_coordinates

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venvs" / "rasa" / "bin" / "python"


@pytest.mark.parametrize(("text", "expected"), [
    ("📍 28.61390, 77.20900", (28.6139, 77.209)),  # exactly what the Telegram channel sends
    ("📍 -33.86880, 151.20930", (-33.8688, 151.2093)),
    ("📍 40.71280, -74.00600", (40.7128, -74.006)),
    ("📍 -0.00001, -0.00001", (-0.00001, -0.00001)),
    ("  📍 28.61390, 77.20900\n", (28.6139, 77.209)),  # spaces around
    ("📍28.6139,77.209", (28.6139, 77.209)),  # pasted by hand: fewer decimals, no spaces
    ("📍 123.00000, 10.00000", (123.0, 10.0)),  # impossible, but a shared location all the same
])
def test_a_shared_location_is_read(text, expected):
    assert shared_coordinates(text) == Coordinates(*expected)


@pytest.mark.parametrize("text", [
    "28.61390, 77.20900",  # no pin: someone typing numbers
    "I live at 📍 28.61390, 77.20900",  # inside a sentence
    "📍 28.61390, 77.20900 is my birth place",
    "📍 Pune",
    "📍 28.61390",
    "📍 1234.5, 10.0",
    "born 28.03.1990 in Pune",
    "",
    None,
])
def test_anything_else_is_not_a_shared_location(text):
    assert shared_coordinates(text) is None


def test_on_earth_and_the_channel_format():
    assert Coordinates(90.0, -180.0).on_earth and Coordinates(-90.0, 180.0).on_earth
    assert not Coordinates(90.00001, 0.0).on_earth and not Coordinates(0.0, -180.1).on_earth
    assert as_message(28.6139, 77.209) == "📍 28.61390, 77.20900"
    assert as_message(-33.8688, -0.5) == "📍 -33.86880, -0.50000"
    assert shared_coordinates(as_message(-12.345678, 100.0)) == Coordinates(-12.34568, 100.0)


# Builds each message as DIET may leave it (a date and a time read in the numbers), runs
# the component, prints what is left.
RUN_COMPONENT = """
import json, sys
from rasa.shared.nlu.training_data.message import Message
from nlu.shared_location import SharedLocationUnread
found = []
for text in json.loads(sys.stdin.read()):
    message = Message.build(text=text)
    message.set("intent", {"name": "provide_birth_details", "confidence": 0.9}, add_to_output=True)
    message.set("intent_ranking", [{"name": "provide_birth_details", "confidence": 0.9}], add_to_output=True)
    message.set("entities", [{"entity": "date", "value": "28.61390", "start": 2, "end": 10}], add_to_output=True)
    SharedLocationUnread().process([message])
    found.append({"intent": message.get("intent")["name"], "confidence": message.get("intent")["confidence"],
                  "ranking": [entry["name"] for entry in message.get("intent_ranking")],
                  "entities": message.get("entities")})
print(json.dumps(found))
"""


def test_the_pipeline_component_leaves_a_shared_location_unread():
    if not RASA_PYTHON.exists():
        pytest.skip("the Rasa environment is not installed (make install)")
    done = subprocess.run([str(RASA_PYTHON), "-c", RUN_COMPONENT],
                          input=json.dumps(["📍 28.61390, 77.20900", "born 28.03.1990 in Pune"]),
                          capture_output=True, text=True, cwd=ROOT, timeout=300, check=True)
    shared, typed = json.loads(done.stdout.strip().splitlines()[-1])
    assert shared == {"intent": "nlu_fallback", "confidence": 1.0, "ranking": ["nlu_fallback"], "entities": []}
    assert typed["intent"] == "provide_birth_details" and typed["entities"][0]["entity"] == "date"
