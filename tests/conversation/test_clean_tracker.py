"""actions/conversation/fail_safe.clean_tracker: every text an action reads loses the
control characters luna.user_text drops, whether or not the fast check (the JSON search)
lets the walk be skipped; a conversation without any is handed over untouched."""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker

from actions.conversation.fail_safe import _cleaned, _may_need_cleaning, clean_tracker
from luna.user_text import without_control_characters

# Every character user_text drops, and some that look alike but stay.
DROPPED = [chr(c) for c in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0),
                            *range(0x202A, 0x202F), *range(0x2066, 0x206A)]]
KEPT = ["\n", "\t", "\u200d", "\u200b", "🙏", "नमस्ते", "\\", "\\r", "\\b", "\\u0000", '"', "\xa0", "\u2029"]


def tracker_with(text: str) -> Tracker:
    return Tracker(
        sender_id="test",
        slots={"name": f"Ra{text}vi", "birth_place": None, "candidates": [{"label": f"Pune{text}"}]},
        latest_message={"text": f"I'm {text}Ravi", "intent": {"name": "greet", "confidence": 0.9},
                        "entities": [{"entity": "name", "value": f"Ravi{text}", "start": 4, "end": 8}]},
        events=[{"event": "user", "text": f"hi {text}", "parse_data": {"text": f"hi {text}", "entities": []}},
                {"event": "slot", "name": "name", "value": f"{text}Ravi"},
                {"event": "bot", "text": "Hello", "data": {"buttons": [{"title": f"{text}ok", "payload": "/ok"}]}},
                {"event": "slot", "name": "birth_date", "value": 1990}],
        paused=False, followup_action=None, active_loop={}, latest_action_name="action_listen",
    )


def walked(tracker: Tracker) -> tuple:
    return _cleaned(tracker.slots), _cleaned(tracker.latest_message), _cleaned(tracker.events)


@pytest.mark.parametrize("text", DROPPED + KEPT)
def test_the_result_is_the_full_walks(text):
    tracker = tracker_with(text)
    expected = walked(tracker_with(text))
    clean_tracker(tracker)
    assert (tracker.slots, tracker.latest_message, tracker.events) == expected


@pytest.mark.parametrize("text", DROPPED)
def test_every_dropped_character_is_found_and_removed(text):
    assert _may_need_cleaning({"a": [f"x{text}y"]})
    tracker = tracker_with(text)
    clean_tracker(tracker)
    assert tracker.slots["name"] == "Ravi"
    assert tracker.latest_message["entities"][0]["value"] == "Ravi"
    assert tracker.events[2]["data"]["buttons"][0]["title"] == "ok"
    assert text not in repr((tracker.slots, tracker.latest_message, tracker.events))


@pytest.mark.parametrize("text", ["\n", "\t", "\u200d", "🙏", "नमस्ते", "\xa0", ""])
def test_a_conversation_without_them_is_handed_over_as_it_came(text):
    tracker = tracker_with(text)
    slots, latest, events = tracker.slots, tracker.latest_message, tracker.events
    clean_tracker(tracker)
    assert tracker.slots is slots and tracker.latest_message is latest and tracker.events is events
    assert without_control_characters(tracker.slots["name"]) == tracker.slots["name"]


def test_values_that_are_not_json_are_walked():
    assert _may_need_cleaning({"when": {1, 2}})
    assert _cleaned({"when": {1, 2}}) == {"when": {1, 2}}
