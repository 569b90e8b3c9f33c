"""Luna's Prometheus metrics, one set for both servers, and their text for `/metrics`.

The names are the ones the operations contract promises (docs/SYSTEM_DESIGN.md,
README's "Health, metrics and logs"): a dashboard or an alert written against them keeps
working whichever replica or channel it reads. Every metric is labelled only with a small,
fixed set of values (a channel, an action's name, an outcome), never with a sender, a
message or a request id, so the number of series stays bounded.

One process, one registry: the module-level objects below live in prometheus_client's
default registry. With several Sanic workers per server (SANIC_WORKERS > 1) each worker is
its own process, so a scrape would see only the worker that answered it; there
PROMETHEUS_MULTIPROC_DIR names a directory (emptied before the server starts) where every
worker writes its values and `exposition()` adds them up (prometheus_client's multiprocess
mode, chosen when the library is imported, so the variable must be set before start).
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)

MULTIPROCESS_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
# The `_created` series (each labelled series' creation time) double the text for nothing a
# dashboard of Luna uses.
disable_created_metrics()

# A webhook must be acknowledged quickly (Telegram and Meta retry a slow one); a turn runs
# from tens of milliseconds to the LLM's seconds.
_ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
_TURN_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
# An engine operation is a fraction of a millisecond (a panchang) to tens of milliseconds.
_ENGINE_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0)

WEBHOOK_ACK_SECONDS = Histogram(
    "luna_webhook_ack_seconds", "From a platform's webhook call arriving to Luna's HTTP answer to it.",
    ["channel"], buckets=_ACK_BUCKETS)
TURN_SECONDS = Histogram(
    "luna_turn_seconds", "From a user's message arriving to the last reply of that turn being sent.",
    ["channel"], buckets=_TURN_BUCKETS)
MESSAGES = Counter("luna_messages", "User messages received, per channel.", ["channel"])
CHANNEL_ERRORS = Counter(
    "luna_channel_errors", "Failures in a channel (kind: a short fixed word: handling, send, signature).",
    ["channel", "kind"])
ACTION_SECONDS = Histogram(
    "luna_action_seconds", "Time the action server took to run one action call.", ["action"],
    buckets=_TURN_BUCKETS)
ACTION_ERRORS = Counter("luna_action_errors", "Action calls that failed, per action.", ["action"])
LLM_CALLS = Counter("luna_llm_calls", "Calls to the language model (outcome: ok, error, timeout).", ["outcome"])
LLM_TOKENS = Counter("luna_llm_tokens", "Tokens the language model reported (kind: prompt, completion).", ["kind"])
ENGINE_SECONDS = Histogram(
    "luna_engine_seconds", "Time of the astrology engine's operations (chart, dasha, panchang, matching).",
    ["operation"], buckets=_ENGINE_BUCKETS)

LLM_OUTCOMES = ("ok", "error", "timeout")
TOKEN_KINDS = ("prompt", "completion")


def exposition() -> tuple[bytes, str]:
    """The metrics as Prometheus text, and its content type, for a `/metrics` answer."""
    directory = os.environ.get(MULTIPROCESS_VARIABLE)
    if directory:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=directory)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


@contextmanager
def engine_time(operation: str) -> Iterator[None]:
    """Times the block as one engine `operation` (failures included: they cost time too)."""
    started = time.perf_counter()
    try:
        yield
    finally:
        ENGINE_SECONDS.labels(operation=operation).observe(time.perf_counter() - started)


P = ParamSpec("P")
R = TypeVar("R")


def timed_engine(operation: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorates a (synchronous) engine entry point so each call is timed as `operation`."""
    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def timed(*args: P.args, **kwargs: P.kwargs) -> R:
            with engine_time(operation):
                return function(*args, **kwargs)
        return timed
    return decorate


def count_llm_call(outcome: str, prompt_tokens: int | None = None, completion_tokens: int | None = None) -> None:
    """Counts one language-model call and the tokens its answer reported."""
    LLM_CALLS.labels(outcome=outcome).inc()
    if prompt_tokens:
        LLM_TOKENS.labels(kind="prompt").inc(prompt_tokens)
    if completion_tokens:
        LLM_TOKENS.labels(kind="completion").inc(completion_tokens)
