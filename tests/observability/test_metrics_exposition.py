"""The metrics as a Prometheus server scrapes them (luna/observability/metrics.py): the
contract's names, the engine and LLM counts from real calls, and several worker
processes added up through PROMETHEUS_MULTIPROC_DIR."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import date, time
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from luna.astrology import cast_chart, local_moment, panchang
from luna.llm import LlmClient, LlmUnavailable, Provider
from luna.observability import metrics
from tests.llm.fake_openai_server import FakeOpenAI, completion, error, ok

ROOT = Path(__file__).resolve().parents[2]
CONTRACT_NAMES = {
    "luna_webhook_ack_seconds", "luna_turn_seconds", "luna_messages", "luna_channel_errors",
    "luna_action_seconds", "luna_action_errors", "luna_llm_calls", "luna_llm_tokens", "luna_engine_seconds",
}


def scraped(text: str | None = None) -> dict[tuple[str, tuple], float]:
    """Every sample of the exposition: (name, sorted labels) -> value."""
    if text is None:
        body, content_type = metrics.exposition()
        assert content_type.startswith("text/plain; version=")
        text = body.decode()
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def value(samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_every_metric_of_the_contract_is_exposed():
    body, _ = metrics.exposition()
    families = {family.name for family in text_string_to_metric_families(body.decode())}
    assert CONTRACT_NAMES <= families


def test_a_channel_turn_and_an_action_call_show_in_the_exposition():
    before = scraped()
    metrics.MESSAGES.labels(channel="telegram").inc()
    metrics.TURN_SECONDS.labels(channel="telegram").observe(0.2)
    metrics.WEBHOOK_ACK_SECONDS.labels(channel="telegram").observe(0.01)
    metrics.CHANNEL_ERRORS.labels(channel="telegram", kind="send").inc()
    metrics.ACTION_SECONDS.labels(action="action_horoscope").observe(0.03)
    after = scraped()
    for name, labels in (("luna_messages_total", {"channel": "telegram"}),
                         ("luna_turn_seconds_count", {"channel": "telegram"}),
                         ("luna_webhook_ack_seconds_count", {"channel": "telegram"}),
                         ("luna_channel_errors_total", {"channel": "telegram", "kind": "send"}),
                         ("luna_action_seconds_count", {"action": "action_horoscope"})):
        assert value(after, name, **labels) == value(before, name, **labels) + 1, name
    # A 0.2 s turn falls in the 0.25 s bucket and not in the 0.1 s one.
    assert (value(after, "luna_turn_seconds_bucket", channel="telegram", le="0.25")
            - value(before, "luna_turn_seconds_bucket", channel="telegram", le="0.25")) == 1
    assert (value(after, "luna_turn_seconds_bucket", channel="telegram", le="0.1")
            == value(before, "luna_turn_seconds_bucket", channel="telegram", le="0.1"))


def test_the_engine_times_its_operations():
    before = scraped()
    moment = local_moment(date(1990, 3, 5), time(22, 30), "Asia/Kolkata")
    cast_chart(moment, 18.52, 73.86)
    panchang(date(2026, 11, 25), 18.52, 73.86, "Asia/Kolkata")
    after = scraped()
    for operation in ("chart", "dasha", "panchang"):
        assert (value(after, "luna_engine_seconds_count", operation=operation)
                > value(before, "luna_engine_seconds_count", operation=operation)), operation
    assert value(after, "luna_engine_seconds_sum", operation="chart") > value(before, "luna_engine_seconds_sum",
                                                                             operation="chart")


def test_llm_calls_are_counted_by_outcome_with_their_tokens():
    with FakeOpenAI() as fake:
        fake.scripts["p1"] = [ok(completion("Saturn in the 7th delays marriage.")),
                              error(400, "bad request", "invalid_request_error", None),
                              {"status": 200, "body": completion("late"), "sleep": 1.0}]
        client = LlmClient([Provider("p1", fake.url("p1"), "sk-test", "model-p1")], timeout=0.3,
                           backoff_base=0.01, breaker_threshold=100)
        question = [{"role": "user", "content": "What does Saturn in the 7th mean?"}]
        before = scraped()
        assert asyncio.run(client.complete(question)).startswith("Saturn")
        for _ in range(2):  # a refused request, then a timeout
            try:
                asyncio.run(client.complete(question))
            except LlmUnavailable:
                pass
        after = scraped()
    for outcome in ("ok", "error", "timeout"):
        assert value(after, "luna_llm_calls_total", outcome=outcome) == value(
            before, "luna_llm_calls_total", outcome=outcome) + 1, outcome
    # The fake server's usage: 12 prompt and 5 completion tokens.
    assert value(after, "luna_llm_tokens_total", kind="prompt") == value(before, "luna_llm_tokens_total",
                                                                          kind="prompt") + 12
    assert value(after, "luna_llm_tokens_total", kind="completion") == value(before, "luna_llm_tokens_total",
                                                                              kind="completion") + 5


WORKER = """
from luna.observability import metrics
metrics.MESSAGES.labels(channel="rest").inc()
metrics.TURN_SECONDS.labels(channel="rest").observe(0.05)
"""
SCRAPE = """
import sys
from luna.observability import metrics
sys.stdout.write(metrics.exposition()[0].decode())
"""


def test_several_worker_processes_are_added_up_with_prometheus_multiproc_dir(tmp_path):
    environment = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for _ in range(3):  # three Sanic workers, each its own process
        subprocess.run([sys.executable, "-c", WORKER], cwd=ROOT, env=environment, check=True)
    text = subprocess.run([sys.executable, "-c", SCRAPE], cwd=ROOT, env=environment, check=True,
                          capture_output=True, text=True).stdout
    samples = scraped(text)
    assert value(samples, "luna_messages_total", channel="rest") == 3
    assert value(samples, "luna_turn_seconds_count", channel="rest") == 3
