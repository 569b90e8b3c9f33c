"""A goodbye or a no stands only when a word says it; birth details are never unclear."""

from __future__ import annotations

import pytest

from nlu.intent_guards import UNCLEAR, guarded_intent, intent_for_details


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


RANKING = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "provide_birth_details", "confidence": 0.46},
           {"name": "ask_prediction", "confidence": 0.43}]
DETAILS = [{"entity": "topic"}, {"entity": "name"}, {"entity": "date"}, {"entity": "time"}, {"entity": "place"}]


def test_details_torn_between_two_requests_keep_the_best_guess():
    assert intent_for_details(DETAILS, RANKING, UNCLEAR) == "provide_birth_details"


def test_a_message_without_birth_details_may_stay_unclear():
    assert intent_for_details([{"entity": "date"}], RANKING, UNCLEAR) == UNCLEAR  # a date alone: a day asked about?
    assert intent_for_details([], RANKING, UNCLEAR) == UNCLEAR
    chatter = [{"name": "nlu_fallback"}, {"name": "out_of_scope"}]
    assert intent_for_details(DETAILS, chatter, UNCLEAR) == UNCLEAR


def test_a_confident_intent_is_left_alone():
    assert intent_for_details(DETAILS, RANKING, "ask_dasha") == "ask_dasha"
