"""The Rasa server's operations endpoints, as a channel so that `rasa run` serves them
without a custom server (credentials.yml names it):

- `GET /webhooks/ops/health`: 200 while the process answers (liveness);
- `GET /webhooks/ops/ready`: 200 when the model is loaded and the tracker store's database
  and the lock store's Redis answer, else 503 with the reason (readiness: the load
  balancer sends turns only to a replica that can take them);
- `GET /webhooks/ops/metrics`: Prometheus text (luna/observability/metrics.py): the
  channels' messages, turn times, webhook acknowledgements and errors.

nginx publishes none of them (deploy/nginx): they are for the private network.
Loading this channel also installs LUNA_LOG_FORMAT=json on the Rasa server
(luna/observability/json_logs.py).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import sqlalchemy as sa
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from luna.observability.json_logs import install as install_log_format
from luna.observability.metrics import exposition

log = logging.getLogger(__name__)

# A readiness probe must answer before the prober gives up (nginx, Kubernetes: seconds).
CHECK_SECONDS = 3.0


class OpsInput(InputChannel):
    """Health, readiness and metrics of this Rasa server; handles no messages."""

    @classmethod
    def name(cls) -> str:
        return "ops"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> OpsInput:
        # Rasa has configured its logging when it creates the channels.
        install_log_format()
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        ops = Blueprint("luna_ops", __name__)

        @ops.listener("before_server_start")
        async def json_logs_for_sanic(_app: Any, _loop: Any) -> None:
            install_log_format()  # Sanic gave its own loggers handlers when the app was made

        @ops.get("/health")
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @ops.get("/ready")
        async def ready(request: Request) -> HTTPResponse:
            reason = await not_ready_because(getattr(request.app.ctx, "agent", None))
            if reason is not None:
                return response.json({"ready": False, "reason": reason}, status=503)
            return response.json({"ready": True})

        @ops.get("/metrics")
        async def metrics(_request: Request) -> HTTPResponse:
            body, content_type = exposition()
            return response.raw(body, content_type=content_type)

        return ops


async def not_ready_because(agent: Any) -> str | None:
    """Why this server cannot take a turn now, or None when it can."""
    if agent is None or not agent.is_ready() or getattr(agent.processor, "model_filename", None) is None:
        return "the model is not loaded yet"
    tracker_store = innermost(agent.tracker_store)
    engine = getattr(tracker_store, "engine", None)
    if engine is not None:
        failure = await within_deadline(lambda: ask_database(engine))
        if failure:
            return f"tracker store database: {failure}"
    redis_client = getattr(innermost(agent.lock_store), "red", None)
    if redis_client is not None:
        failure = await within_deadline(redis_client.ping)
        if failure:
            return f"lock store Redis: {failure}"
    return None


def innermost(store: Any) -> Any:
    """The store doing the work under Rasa's and Luna's wrappers (FailSafeTrackerStore,
    AwaitableTrackerStore keep it in `_tracker_store`; stores/locks.py in `store`)."""
    seen = 0
    while seen < 5:
        inner = getattr(store, "_tracker_store", None) or getattr(store, "store", None)
        if inner is None:
            return store
        store, seen = inner, seen + 1
    return store


def ask_database(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        connection.execute(sa.text("SELECT 1"))


async def within_deadline(check: Callable[[], Any]) -> str | None:
    """None when `check` (blocking, so run in a thread) succeeds within CHECK_SECONDS, else
    what went wrong: the error's class only (its message may quote a URL with a password)."""
    try:
        await asyncio.wait_for(asyncio.to_thread(check), CHECK_SECONDS)
    except asyncio.TimeoutError:
        return f"no answer within {CHECK_SECONDS:g} s"
    except Exception as error:  # noqa: BLE001 - any failure means not ready
        return type(error).__name__
    return None
