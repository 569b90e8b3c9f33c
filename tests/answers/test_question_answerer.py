"""The question answerer around the LLM (luna/answers/service.py), against a local
OpenAI-compatible server and a real SQLite usage ledger: the language it asks for, the
turns it quotes, when it does not call at all, and what it adds to a reply."""

from __future__ import annotations

import asyncio
import time as timer
from datetime import date, datetime, time, timezone

import pytest

from luna.answers.chart_facts import chart_facts
from luna.answers.engine_tools import engine_tools
from luna.answers.prompt import LANGUAGE_INSTRUCTIONS
from luna.answers.service import QuestionAnswerer
from luna.astrology import cast_chart, local_moment
from luna.llm import LlmClient, Provider
from luna.profiles import ProfileStore, upgrade_database
from luna.profiles.usage import LlmUsage
from tests.llm.fake_openai_server import completion, ok

NOW = datetime(2026, 12, 6, 6, 30, tzinfo=timezone.utc)
CHART = cast_chart(local_moment(date(1990, 3, 5), time(22, 30), "Asia/Kolkata"), 18.52, 73.86)
FACTS = chart_facts(CHART, time_known=True, now=NOW)
GOOD_REPLY = "Your Saturn is in the 3rd house, in Sagittarius: effort pays with time."


@pytest.fixture
def fake(fake):
    fake.scripts["primary"] = [ok(completion(GOOD_REPLY))]
    return fake


def answerer(fake, knowledge, **options) -> QuestionAnswerer:
    client = LlmClient([Provider("primary", fake.url("primary"), "sk-test", "test-model")],
                       timeout=options.pop("timeout", 5.0), max_retries=0)
    return QuestionAnswerer(client=client, knowledge=knowledge, clock=lambda: NOW, **options)


def ask(answerer: QuestionAnswerer, question: str, **options):
    options.setdefault("facts", FACTS)
    return asyncio.run(answerer.answer(question, channel="rest", sender_id="asha", **options))


def user_message(fake) -> str:
    return fake.requests[-1][1]["messages"][-1]["content"]


@pytest.mark.parametrize(("question", "language"), [
    ("what does saturn in my 7th house mean?", "en"),
    ("meri shaadi mein deri kyun ho rahi hai, shani ki wajah se?", "hinglish"),
    ("मेरी कुंडली में मांगलिक दोष है क्या", "hi"),
])
def test_the_model_is_asked_to_answer_in_the_questions_language(fake, knowledge, question, language):
    ask(answerer(fake, knowledge), question)
    assert f"LANGUAGE: {LANGUAGE_INSTRUCTIONS[language]}" in user_message(fake)


def test_only_the_last_four_earlier_messages_are_quoted_inside_their_block(fake, knowledge):
    history = [("user", f"message {n}") if n % 2 else ("luna", f"reply {n}") for n in range(1, 9)]
    ask(answerer(fake, knowledge), "what is sade sati?", history=history)
    quoted = user_message(fake).split("<<<EARLIER TURNS\n")[1].split("\nEARLIER TURNS>>>")[0]
    assert quoted.splitlines() == ["user: message 5", "luna: reply 6", "user: message 7", "luna: reply 8"]


def test_the_engine_tools_are_offered_and_the_source_is_named_once(fake, knowledge):
    answer = ask(answerer(fake, knowledge), "what is sade sati?", tools=engine_tools(CHART))
    names = {tool["function"]["name"] for tool in fake.requests[-1][1]["tools"]}
    assert names == {"transits_on", "dasha_running_on", "next_sign_change", "partner_chart"}
    assert answer.via == "llm" and answer.text.startswith(GOOD_REPLY)
    assert answer.text.count("Source:") == 1 and "Phaladeepika" in answer.text
    assert answer.buttons, "the next step comes with the LLM's answer too"


def test_without_a_client_the_knowledge_base_answers(knowledge):
    answer = ask(QuestionAnswerer(client=None, knowledge=knowledge, clock=lambda: NOW), "is my sade sati over?")
    assert answer.via == "knowledge" and "sade sati" in answer.text and "Source:" in answer.text


def test_a_provider_slower_than_the_deadline_gives_the_knowledge_answer_in_time(fake, knowledge):
    fake.scripts["primary"] = [{**ok(completion(GOOD_REPLY)), "sleep": 3}]
    started = timer.monotonic()
    answer = ask(answerer(fake, knowledge, deadline_seconds=0.5), "is my sade sati over?")
    assert answer.via == "knowledge" and timer.monotonic() - started < 2.5


def test_past_the_rate_limit_no_call_is_made(fake, knowledge, tmp_path):
    url = f"sqlite:///{tmp_path / 'usage.db'}"
    upgrade_database(url)
    store = ProfileStore.from_url(url)
    usage = LlmUsage(store, questions_per_minute=2, daily_tokens=10_000)
    luna = answerer(fake, knowledge, usage=usage)
    vias = [ask(luna, "what is sade sati?").via for _ in range(3)]
    assert vias == ["llm", "llm", "knowledge"] and len(fake.requests) == 2
    asyncio.run(store.close())
