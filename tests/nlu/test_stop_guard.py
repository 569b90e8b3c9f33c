"""A goodbye or a no stands only when a word says it; anything else stays as the model read it."""

from __future__ import annotations

import pytest

from nlu.stop_guard import UNCLEAR, guarded_intent


@pytest.mark.parametrize(("text", "intent"), [
    ("bye", "goodbye"), ("ok bye for now", "goodbye"), ("gn luna", "goodbye"), ("chalo phir milte hai", "goodbye"),
    ("stop!!", "deny"), ("no", "deny"), ("nahi chahiye", "deny"), ("cancel karo", "deny"), ("Don't", "deny"),
])
def test_a_stop_that_says_so_stands(text, intent):
    assert guarded_intent(text, intent) == intent


@pytest.mark.parametrize(("text", "intent"), [("Latika", "goodbye"), ("Naina", "deny"), ("Byculla", "goodbye")])
def test_a_name_read_as_a_stop_is_unclear(text, intent):
    assert guarded_intent(text, intent) == UNCLEAR


def test_other_intents_are_left_alone():
    assert guarded_intent("Latika", "provide_birth_details") == "provide_birth_details"
    assert guarded_intent("", None) is None
