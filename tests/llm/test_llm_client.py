"""The LLM client against a real HTTP server on 127.0.0.1 speaking the OpenAI API's shapes."""

from __future__ import annotations

import asyncio
import time

import pytest
from fake_openai_server import completion, error, ok, tool_call

from luna.llm import LlmClient, LlmUnavailable, Provider, Tool, client_from_env, providers_from_env

QUESTION = [{"role": "user", "content": "What does Saturn in the 7th mean?"}]


def make_client(fake, names=("p1",), records=None, **options):
    providers = [Provider(name, fake.url(name), "sk-test", f"model-{name}") for name in names]
    options.setdefault("backoff_base", 0.01)
    options.setdefault("timeout", 2.0)
    return LlmClient(providers, on_call=(records.append if records is not None else None), **options)


def test_normal_answer(fake_openai):
    fake_openai.scripts["p1"] = [ok(completion("Saturn in the 7th delays marriage."))]
    records = []
    answer = asyncio.run(make_client(fake_openai, records=records).complete(QUESTION))
    assert answer == "Saturn in the 7th delays marriage."
    assert fake_openai.requests[0][1]["model"] == "model-p1"
    [record] = records
    assert (record.provider, record.model, record.outcome) == ("p1", "model-p1", "ok")
    assert (record.prompt_tokens, record.completion_tokens) == (12, 5)
    assert record.latency_seconds >= 0
    assert "Saturn" not in repr(record)  # no user or model text in the record


def test_tool_call_round_trip(fake_openai):
    fake_openai.scripts["p1"] = [
        ok(completion(tool_calls=[tool_call("call_1", "moon_sign", {"user": "u1"})])),
        ok(completion("Your Moon is in Cancer.")),
    ]
    seen = []

    async def moon_sign(user):
        seen.append(user)
        return {"sign": "Cancer"}

    tool = Tool("moon_sign", "The user's Moon sign", {"type": "object", "properties": {"user": {"type": "string"}}},
                moon_sign)
    answer = asyncio.run(make_client(fake_openai).complete(QUESTION, tools=[tool]))
    assert answer == "Your Moon is in Cancer."
    assert seen == ["u1"]
    first, second = (body for _, body in fake_openai.requests)
    assert first["tools"][0]["function"]["name"] == "moon_sign"
    assert second["messages"][-2]["tool_calls"][0]["id"] == "call_1"
    assert second["messages"][-1] == {"role": "tool", "tool_call_id": "call_1", "content": '{"sign": "Cancer"}'}


def test_tool_rounds_are_bounded(fake_openai):
    fake_openai.scripts["p1"] = [ok(completion(tool_calls=[tool_call("c", "nothing", {})]))]

    async def nothing():
        return {}

    tool = Tool("nothing", "Does nothing", {"type": "object", "properties": {}}, nothing)
    with pytest.raises(LlmUnavailable):
        asyncio.run(make_client(fake_openai, max_tool_rounds=2).complete(QUESTION, tools=[tool]))
    assert fake_openai.calls_to("p1") == 3


def test_429_with_retry_after_then_success(fake_openai):
    fake_openai.scripts["p1"] = [
        error(429, "Rate limit reached", "requests", "rate_limit_exceeded", {"Retry-After": "0.2"}),
        ok(completion("Fine now.")),
    ]
    records = []
    started = time.monotonic()
    answer = asyncio.run(make_client(fake_openai, records=records, backoff_base=0.0).complete(QUESTION))
    waited = time.monotonic() - started
    assert answer == "Fine now."
    assert [r.outcome for r in records] == ["http_429", "ok"]
    assert waited >= 0.2  # Retry-After honoured, not our (zero) backoff


def test_500_on_first_provider_then_second_answers(fake_openai):
    fake_openai.scripts["p1"] = [error(500, "The server had an error", "server_error", None)]
    fake_openai.scripts["p2"] = [ok(completion("From the fallback."))]
    records = []
    client = make_client(fake_openai, names=("p1", "p2"), records=records, max_retries=1)
    assert asyncio.run(client.complete(QUESTION)) == "From the fallback."
    assert [(r.provider, r.outcome) for r in records] == [("p1", "http_500"), ("p1", "http_500"), ("p2", "ok")]


def test_timeout_moves_to_the_next_provider(fake_openai):
    fake_openai.scripts["p1"] = [{"sleep": 2.0, **ok(completion("too late"))}]
    fake_openai.scripts["p2"] = [ok(completion("On time."))]
    records = []
    client = make_client(fake_openai, names=("p1", "p2"), records=records, timeout=0.2)
    started = time.monotonic()
    assert asyncio.run(client.complete(QUESTION)) == "On time."
    assert time.monotonic() - started < 1.5  # did not wait for the slow server
    assert [(r.provider, r.outcome) for r in records] == [("p1", "timeout"), ("p2", "ok")]


def test_malformed_body_is_a_failure_not_a_crash(fake_openai):
    fake_openai.scripts["p1"] = [{"status": 200, "raw": b"<html>proxy error</html>"}]
    records = []
    with pytest.raises(LlmUnavailable):
        asyncio.run(make_client(fake_openai, records=records).complete(QUESTION))
    assert [r.outcome for r in records] == ["malformed"]


def test_circuit_breaker_skips_a_dead_provider(fake_openai):
    fake_openai.scripts["p1"] = [error(503, "Service unavailable", "server_error", None)]
    fake_openai.scripts["p2"] = [ok(completion("Alive."))]
    records = []
    client = make_client(fake_openai, names=("p1", "p2"), records=records, max_retries=0,
                         breaker_threshold=2, breaker_reset_after=60)

    async def turns():
        return [await client.complete(QUESTION) for _ in range(4)]

    assert asyncio.run(turns()) == ["Alive."] * 4
    assert fake_openai.calls_to("p1") == 2  # opened after two failures, then skipped
    assert [r.outcome for r in records if r.provider == "p1"][-2:] == ["skipped_open_circuit"] * 2


def test_no_key_means_no_client():
    assert client_from_env({}) is None
    assert client_from_env({"LUNA_LLM_MODEL": "gpt-4o"}) is None


def test_providers_from_env_reads_fallbacks_in_order():
    env = {
        "OPENAI_API_KEY": "sk-main",
        "LUNA_LLM_MODEL": "gpt-4o-mini",
        "LUNA_LLM_FALLBACKS": "https://a.example/v1|A_KEY|model-a, https://b.example/v1|B_KEY|model-b",
        "A_KEY": "ka",
        "B_KEY": "kb",
    }
    providers = providers_from_env(env)
    assert [(p.name, p.base_url, p.api_key, p.model) for p in providers] == [
        ("primary", None, "sk-main", "gpt-4o-mini"),
        ("fallback1", "https://a.example/v1", "ka", "model-a"),
        ("fallback2", "https://b.example/v1", "kb", "model-b"),
    ]
    with pytest.raises(ValueError):
        providers_from_env({"LUNA_LLM_FALLBACKS": "https://a.example/v1|A_KEY"})
