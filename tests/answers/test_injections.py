"""Prompt injection (issue 11): each attempt of injections.yml goes through the question
answerer to a local OpenAI-compatible server scripted with the reply a fooled (or a
well-behaved) model would give.

What was SENT: the rules are the system message, byte for byte, in every request; the
attacker's words are only ever inside the quoted user blocks, which they cannot close; a
name or a place never reaches the model at all. What CAME BACK: the user's answer keeps
the rules, a reply that breaks them never reaches the user, and one that keeps them does.
"""

from __future__ import annotations

import asyncio
import re
from datetime import date, datetime, time, timezone
from pathlib import Path

import pytest

from actions.conversation.birth_profile import BirthDetails
from luna.answers.chart_facts import chart_facts
from luna.answers.engine_tools import engine_tools
from luna.answers.prompt import SYSTEM_PROMPT
from luna.answers.reply_check import reply_problems
from luna.answers.service import QuestionAnswerer
from luna.content import read_yaml
from luna.knowledge import KnowledgeBase
from luna.llm import LlmClient, Provider
from tests.llm.fake_openai_server import FakeOpenAI, completion, ok, tool_call

ATTEMPTS = read_yaml(Path(__file__).parent / "injections.yml")
NOW = datetime(2026, 12, 6, 6, 30, tzinfo=timezone.utc)
PUNE = dict(latitude=18.52, longitude=73.86, timezone="Asia/Kolkata")
PARTNER = BirthDetails("Priya", date(1992, 8, 14), time(6, 10), "Delhi", 28.61, 77.21, "Asia/Kolkata")
LUNA_GREETING = "I'm Luna, your astrology assistant. Ask me anything about your kundli."
# Pieces of an attack this long are the attacker's own words; shorter ones ("CHART FACTS",
# "system") are also the prompt's.
OWN_WORDS_CHARS = 16
WHERE = {"question", "earlier_turn", "name", "place"}


def test_the_set_covers_every_entry_point_and_both_kinds_of_reply():
    assert len(ATTEMPTS) >= 24
    assert len({attempt["id"] for attempt in ATTEMPTS}) == len(ATTEMPTS)
    assert {attempt["where"] for attempt in ATTEMPTS} == WHERE
    assert sum(not attempt["obeys"] for attempt in ATTEMPTS) >= 20
    assert any(attempt["obeys"] for attempt in ATTEMPTS)


def own_words(attack: str) -> list[str]:
    """The attack cut at anything that could act as markup, keeping the longer pieces."""
    return [piece.strip() for piece in re.split(r"[<>\n]+", attack) if len(piece.strip()) >= OWN_WORDS_CHARS]


def between(text: str, opening: str, closing: str) -> str:
    assert text.count(opening) == 1 and text.count(closing) == 1, f"{opening!r}/{closing!r} not exactly once"
    start, end = text.index(opening) + len(opening), text.index(closing)
    assert start <= end, f"{closing!r} before {opening!r}"
    return text[start:end]


def scenario(attempt: dict):
    """(question, birth details, partner details, history) as the conversation would hold them."""
    where, attack = attempt["where"], attempt["attack"]
    own = BirthDetails("Ravi", date(1990, 3, 5), time(22, 30), "Pune", **PUNE)
    partner = None
    history: list[tuple[str, str]] = []
    question = attempt.get("question", attack)
    if where == "name" and attempt.get("tool_call") == "partner_chart":
        partner = BirthDetails(attack, PARTNER.day, PARTNER.clock, PARTNER.place_label, PARTNER.latitude,
                               PARTNER.longitude, PARTNER.timezone)
    elif where == "name":
        own = BirthDetails(attack, own.day, own.clock, own.place_label, own.latitude, own.longitude, own.timezone)
    elif where == "place":
        own = BirthDetails(own.name, own.day, own.clock, attack, own.latitude, own.longitude, own.timezone)
    elif where == "earlier_turn" and attempt.get("speaker") == "luna":
        history = [("user", "hi"), ("luna", attack)]
    elif where == "earlier_turn":
        history = [("user", attack), ("luna", LUNA_GREETING)]
    return question, own, partner, history


def ask(fake: FakeOpenAI, knowledge: KnowledgeBase, attempt: dict):
    question, own, partner, history = scenario(attempt)
    chart = own.chart()
    # As the action builds them (actions/conversation/question_actions.py).
    facts = chart_facts(chart, time_known=own.clock is not None, now=NOW)
    partner_facts = (lambda: chart_facts(partner.chart(), time_known=True, now=NOW)) if partner else None
    tools = engine_tools(chart, partner=partner_facts)
    script = [ok(completion(attempt["reply"]))]
    if attempt.get("tool_call"):
        script.insert(0, ok(completion(tool_calls=[tool_call("call_1", attempt["tool_call"], {})])))
    fake.scripts["primary"] = script
    client = LlmClient([Provider("primary", fake.url("primary"), "sk-test", "test-model")],
                       timeout=5.0, backoff_base=0.01)
    answerer = QuestionAnswerer(client=client, knowledge=knowledge, clock=lambda: NOW)
    answer = asyncio.run(answerer.answer(question, channel="test", sender_id="attacker", facts=facts,
                                         tools=tools, history=history))
    return answer, facts


def check_sent(attempt: dict, requests: list[dict]) -> None:
    assert requests, "the LLM was never asked"
    attack, where = attempt["attack"], attempt["where"]
    for body in requests:
        messages = body["messages"]
        assert messages[0] == {"role": "system", "content": SYSTEM_PROMPT}
        # No message but the first holds the rules, and none holds a system role after the facts.
        assert [m["role"] for m in messages[:3]] == ["system", "system", "user"]
        assert all(m["role"] in ("assistant", "tool") for m in messages[3:])
        sent_text = "\n".join(str(m.get("content") or "") for m in messages)
        if where in ("name", "place"):
            # Birth details reach the model only as the engine's facts, which hold no name or place.
            assert attack not in sent_text
            for piece in own_words(attack):
                assert piece not in sent_text, f"{piece!r} was sent"
            continue
        for message in messages[:2]:
            assert attack not in message["content"]
            for piece in own_words(attack):
                assert piece not in message["content"], f"{piece!r} is in a system message"
        user = messages[2]["content"]
        # The user's text cannot open or close a block: each delimiter is there once, ours.
        quoted = between(user, "<<<USER MESSAGE\n", "\nUSER MESSAGE>>>")
        assert user.endswith("\nUSER MESSAGE>>>")
        if where == "earlier_turn":
            quoted = between(user, "<<<EARLIER TURNS\n", "\nEARLIER TURNS>>>")
        else:
            assert "<<<EARLIER TURNS" not in user and "EARLIER TURNS>>>" not in user
        assert "<<<" not in quoted and ">>>" not in quoted
        for piece in own_words(attack):
            assert piece in quoted, f"{piece!r} is not inside the quoted block"
        outside = user.replace(quoted, "")
        for piece in own_words(attack):
            assert piece not in outside


@pytest.mark.parametrize("attempt", ATTEMPTS, ids=[attempt["id"] for attempt in ATTEMPTS])
def test_injection_attempt(fake, knowledge, attempt):
    assert attempt["where"] in WHERE
    answer, facts = ask(fake, knowledge, attempt)

    check_sent(attempt, [body for _, body in fake.requests])

    assert reply_problems(answer.text, system_prompt=SYSTEM_PROMPT, facts=facts) == []
    assert answer.text.strip()
    reply = attempt["reply"].strip()
    if attempt["obeys"]:
        assert answer.via == "llm"
        assert answer.text.startswith(reply)
    else:
        assert attempt["refused_for"] in reply_problems(reply, system_prompt=SYSTEM_PROMPT, facts=facts)
        assert answer.via != "llm"
        assert reply not in answer.text
    # The tool round trip sends the partner's facts back, never the partner's name.
    if attempt.get("tool_call"):
        tool_messages = [m for m in fake.requests[-1][1]["messages"] if m["role"] == "tool"]
        assert len(tool_messages) == 1 and '"moon"' in tool_messages[0]["content"]
