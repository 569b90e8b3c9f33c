"""The request a chart answer responds to, read from the slots domain.yml fills from the
request's intent and words (which messages fill them is checked by the Rasa conversation
tests in tests/test_services.yml and by the corpus)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from actions.conversation.asked_service import latest_request, request_answered, request_intent
from actions.conversation.entities import entity_values, mentions


def tracker(**slots: Any) -> Tracker:
    return Tracker("someone", slots, {}, [], False, None, {}, "action_listen")


def test_nothing_pending_is_a_kundli_request():
    request = latest_request(tracker())
    assert request == {"intent": {"name": "request_kundli"}, "entities": [], "text": ""}
    assert request_intent(request) == "request_kundli"


def test_each_pending_service_is_its_request():
    for service, intent in [("kundli", "request_kundli"), ("dasha", "ask_dasha"),
                            ("prediction", "ask_prediction"), ("horoscope", "ask_horoscope")]:
        assert request_intent(latest_request(tracker(pending_service=service))) == intent


def test_the_request_carries_its_words_topic_and_period():
    request = latest_request(tracker(pending_service="prediction", pending_request="career in 2027 kaisa rahega?",
                                     topic="career", period="year"))
    assert request_intent(request) == "ask_prediction"
    assert entity_values(request, "topic") == ["career"] and entity_values(request, "period") == ["year"]
    assert request["text"] == "career in 2027 kaisa rahega?"


def test_the_words_say_how_a_kundli_is_drawn():
    request = latest_request(tracker(pending_service="kundli", pending_request="south indian kundli please"))
    assert mentions(request, r"\bsouth\b")


def test_an_answer_clears_the_request():
    cleared = {event["name"]: event["value"] for event in request_answered()}
    assert cleared == {"pending_service": None, "pending_request": None, "topic": None, "period": None}
