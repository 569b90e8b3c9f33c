"""One user message's turn, observed: what Luna's HTTP channels (REST, web chat) wrap
around Rasa's `on_new_message`.

While the turn runs, the request id and sender are the current ones for every log line
(luna/observability/request_context.py), and when it ends it is counted and timed
(luna_messages_total, luna_turn_seconds, luna_channel_errors_total{kind="handling"}).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage

from luna.observability.metrics import CHANNEL_ERRORS, MESSAGES, TURN_SECONDS
from luna.observability.request_context import new_request_id, request_id_in, turn

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


def observed(on_new_message: OnNewMessage, channel: str) -> OnNewMessage:
    """`on_new_message` with the turn's context set and its time and failures recorded
    under `channel` (a fixed name, not the caller's `input_channel`, which REST lets the
    caller choose)."""

    async def handle(message: UserMessage) -> Any:
        MESSAGES.labels(channel=channel).inc()
        started = time.perf_counter()
        with turn(request_id_in(message.metadata) or new_request_id(), message.sender_id):
            try:
                return await on_new_message(message)
            except BaseException:
                # CancelledError too: a turn cut off by a timeout is a failed turn.
                CHANNEL_ERRORS.labels(channel=channel, kind="handling").inc()
                raise
            finally:
                TURN_SECONDS.labels(channel=channel).observe(time.perf_counter() - started)

    return handle
