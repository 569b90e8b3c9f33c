"""What the model reads of a message (nlu/message_guard.py, rules in luna/user_text.py):
control characters removed, an over-long message not read. The components run in the
Rasa environment, on real Rasa messages."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from luna.user_text import MAX_MESSAGE_CHARS, only_punctuation, too_long, without_control_characters

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venvs" / "rasa" / "bin" / "python"

# Builds each message as DIET would leave it, runs the guards, prints what is left.
RUN_COMPONENTS = """
import json, sys
from rasa.shared.nlu.training_data.message import Message
from nlu.message_guard import LongMessageUnread, PunctuationUnread, ReadableText
found = []
for text in json.loads(sys.stdin.read()):
    message = Message.build(text=text)
    ReadableText().process([message])
    message.set("intent", {"name": "provide_birth_details", "confidence": 0.9}, add_to_output=True)
    message.set("entities", [{"entity": "name", "value": "Ravi", "start": 0, "end": 4}], add_to_output=True)
    LongMessageUnread().process([message])
    PunctuationUnread().process([message])
    found.append({"text": message.get("text"), "intent": message.get("intent")["name"],
                  "entities": message.get("entities")})
print(json.dumps(found))
"""


def run_components(texts: list[str]) -> list[dict]:
    if not RASA_PYTHON.exists():
        pytest.skip("the Rasa environment is not installed (make install)")
    done = subprocess.run([str(RASA_PYTHON), "-c", RUN_COMPONENTS], input=json.dumps(texts), capture_output=True,
                          text=True, cwd=ROOT, timeout=300, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("typed", "kept"), [
    ("Ra\x00vi", "Ravi"), ("Ravi\x1b[31m", "Ravi[31m"), ("Pune\r\n", "Pune\n"), ("a\tb\nc", "a\tb\nc"),
    ("\u202eivaR", "ivaR"), ("नमस्ते \u200d🙏", "नमस्ते \u200d🙏"), ("\x7f\x85\x9f", ""),
])
def test_control_characters_are_removed_but_newline_tab_and_joiners_kept(typed, kept):
    assert without_control_characters(typed) == kept


def test_the_length_counts_what_is_left():
    assert not too_long("a" * MAX_MESSAGE_CHARS)
    assert too_long("a" * (MAX_MESSAGE_CHARS + 1))
    assert not too_long("a" * MAX_MESSAGE_CHARS + "\x00" * 50)
    assert not too_long(None)


def test_the_pipeline_components():
    short, nul, long = run_components(["I'm Ravi", "I'm Ra\x00vi\x1b", "I was born in Pune. " * 500])
    # A message of normal length keeps the model's reading.
    assert short == {"text": "I'm Ravi", "intent": "provide_birth_details",
                     "entities": [{"entity": "name", "value": "Ravi", "start": 0, "end": 4}]}
    # Control characters never reach the tokenizer.
    assert nul["text"] == "I'm Ravi" and nul["intent"] == "provide_birth_details"
    # An over-long message is cut before the model and not read: no intent but the
    # fallback, no entities.
    assert len(long["text"]) == MAX_MESSAGE_CHARS + 1
    assert long["intent"] == "nlu_fallback" and long["entities"] == []


@pytest.mark.parametrize("text", ["...", "." * 300, "???", "!!!", "?!", "…", " - ", "। ।", "\"\"", "¿¡"])
def test_punctuation_alone_has_nothing_to_read(text):
    assert only_punctuation(text)


@pytest.mark.parametrize("text", ["", "   ", "ok.", "5.3.90", "👍", "🙏🙏", "♍", "📍 28.61390, 77.20900", "ha?", "?म"])
def test_words_digits_emoji_and_symbols_are_read(text):
    assert not only_punctuation(text)


def test_punctuation_alone_is_not_read_by_the_pipeline():
    dots, question, name = run_components(["." * 300, "???", "Ravi..."])
    assert dots["intent"] == question["intent"] == "nlu_fallback"
    assert dots["entities"] == question["entities"] == []
    assert name["intent"] == "provide_birth_details"
