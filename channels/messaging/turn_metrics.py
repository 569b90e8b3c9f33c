"""What the messaging channels report to Prometheus (luna/observability/metrics.py): how
fast a webhook was answered, each user message taken, how long its turn took from arrival
to the last reply sent, and failures by kind."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from luna.observability.metrics import CHANNEL_ERRORS, MESSAGES, TURN_SECONDS, WEBHOOK_ACK_SECONDS

# The failure kinds a channel counts (luna_channel_errors_total{kind}): a reply the platform
# refused or could not be reached for, a turn that failed inside Luna, a webhook call whose
# signature or secret was missing or wrong.
SEND, HANDLING, SIGNATURE = "send", "handling", "signature"


@contextmanager
def acknowledging(channel: str) -> Iterator[None]:
    """Times the webhook's answer to the platform, whatever it is."""
    started = time.perf_counter()
    try:
        yield
    finally:
        WEBHOOK_ACK_SECONDS.labels(channel=channel).observe(time.perf_counter() - started)


def message_taken(channel: str) -> None:
    MESSAGES.labels(channel=channel).inc()


def turn_answered(channel: str, received: float) -> None:
    """A turn's replies are all sent; `received` is when its message arrived (epoch seconds,
    so a turn recovered from a dead replica counts its wait too)."""
    TURN_SECONDS.labels(channel=channel).observe(max(0.0, time.time() - received))


def failed(channel: str, kind: str) -> None:
    CHANNEL_ERRORS.labels(channel=channel, kind=kind).inc()
