"""A goodbye or a no stands only when a word says it; birth details are never unclear;
a service named beside birth details is the request."""

from __future__ import annotations

import pytest

from nlu.intent_guards import UNCLEAR, guarded_intent, horoscope_by_symbol, intent_for_details, service_named_in_details


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


@pytest.mark.parametrize(("text", "entities", "expected"), [
    ("what will happen in my career in 2027? I'm Arjun, 1 Jan 1990, 5 am, Surat", [{"entity": "topic"}],
     "ask_prediction"),
    ("meri shaadi kab hogi? Priya, 12/06/1996, 10:20 am, Jaipur", [{"entity": "topic"}], "ask_prediction"),
    ("my dasha please, born 12 june 1985", [], "ask_dasha"),
    ("Mahadasha batao - Ravi 3/4/1987 7am Patna", [], "ask_dasha"),
    ("I am Ravi, born 5/3/1990 10:30 pm in Pune", [{"entity": "name"}], "provide_birth_details"),
])
def test_details_naming_a_service_ask_for_it(text, entities, expected):
    assert service_named_in_details(text, entities, "provide_birth_details") == expected


def test_a_correction_naming_a_topic_asks_for_it_and_other_intents_stay():
    assert service_named_in_details("actually 6 am, how is my health", [{"entity": "topic"}],
                                    "update_birth_details") == "ask_prediction"
    assert service_named_in_details("career in 2027?", [{"entity": "topic"}], "ask_question") == "ask_question"
    assert service_named_in_details("my dasha", [], "request_kundli") == "request_kundli"


def test_a_question_about_a_topic_carrying_the_users_details_is_a_prediction():
    details = [{"entity": "topic"}, {"entity": "name"}, {"entity": "date"}, {"entity": "time"}, {"entity": "place"}]
    text = "will I clear my exams? Rohan here, born 6 june 2006, 8:45 am, Kota"
    assert service_named_in_details(text, details, "ask_question") == "ask_prediction"
    ranking = [{"name": UNCLEAR, "confidence": 0.4}, {"name": "ask_question", "confidence": 0.45}]
    assert intent_for_details(details, ranking, UNCLEAR) == "ask_question"
    # A partner's details, or no topic, leave the question a question.
    partner = [{"entity": "topic"}, {"entity": "date", "role": "partner"}, {"entity": "name", "role": "partner"}]
    assert service_named_in_details("will she be a good wife? Ira, 5 may 1996", partner, "ask_question") \
        == "ask_question"
    assert service_named_in_details("what is sade sati? I'm Ravi, 5/3/1990", details[1:], "ask_question") \
        == "ask_question"


@pytest.mark.parametrize(("text", "intent"), [
    ("♍ today", "ask_question"), ("♍ today", "ask_panchang"), ("♌", UNCLEAR), ("♈ kal?", "out_of_scope"),
    ("hi ♓", "greet"),
])
def test_a_sign_symbol_asks_its_horoscope(text, intent):
    assert horoscope_by_symbol(text, intent) == "ask_horoscope"


def test_a_symbol_inside_a_request_or_a_long_message_changes_nothing():
    assert horoscope_by_symbol("♍ today", "delete_my_data") == "delete_my_data"
    assert horoscope_by_symbol("match me with Ira ♍", "ask_compatibility") == "ask_compatibility"
    long = "what does it mean for a ♍ moon person to have saturn in the seventh house"
    assert horoscope_by_symbol(long, "ask_question") == "ask_question"
    assert horoscope_by_symbol("what is my lagna", "ask_question") == "ask_question"
