"""What operators ask of an action server, and what it tells them about each action call.

- `GET /ready`: 200 once the start-up checks passed (content, readings, knowledge base,
  gazetteer: actions/server_extensions.py) and while the database answers; 503 with the
  reason otherwise, so a load balancer or `scripts/prod-local` sends no turn to a server
  that would only apologise. rasa-sdk's own `GET /health` says only that the process is up.
- `GET /metrics`: Prometheus text (luna/observability/metrics.py).
- Every call to `/webhook`: its time and failures per action (luna_action_seconds,
  luna_action_errors_total), one log line naming the action, and, for the log lines
  written while it runs, the turn's request id and sender read from the tracker Rasa sent
  (request_context.py).

Neither route is for the public: nginx does not publish them, and an action server started
with LUNA_PUBLIC_ONLY=1 answers them 404 (actions/webhook_guard.py).
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any

import sqlalchemy as sa
from sanic import Sanic, response
from sanic.request import Request

from actions.conversation.dependencies import profile_store
from luna.observability.metrics import ACTION_ERRORS, ACTION_SECONDS, exposition
from luna.observability.request_context import request_id_in, turn
from luna.profiles.errors import ProfileStoreError

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhook"
SESSION_START = "action_session_start"
SESSION_START_METADATA_SLOT = "session_started_metadata"  # Rasa's own slot
# An action's name as the domain spells them; anything else is counted as "unknown", so a
# malformed call cannot add series to the metrics.
_ACTION_NAME = re.compile(r"[A-Za-z0-9_.-]{1,80}")


def add_routes(app: Sanic) -> None:
    app.ctx.luna_started = False
    app.add_route(ready, "/ready", methods=["GET"], name="luna_ready")
    app.add_route(metrics, "/metrics", methods=["GET"], name="luna_metrics")
    app.register_middleware(observe_action_call, "request")
    app.register_middleware(record_action_call, "response")


def mark_started(app: Sanic) -> None:
    """The start-up checks passed: /ready may answer 200 from now on."""
    app.ctx.luna_started = True


async def ready(request: Request) -> response.HTTPResponse:
    if not getattr(request.app.ctx, "luna_started", False):
        return response.json({"ready": False, "reason": "starting: the start-up checks have not finished"},
                             status=503)
    try:
        store = await profile_store()
        await store.run("readiness check", _ask_database)
    except ProfileStoreError as error:
        # The message names the operation and the driver's error class, never data.
        return response.json({"ready": False, "reason": f"database: {error}"}, status=503)
    return response.json({"ready": True})


def _ask_database(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        connection.execute(sa.text("SELECT 1"))


async def metrics(_request: Request) -> response.HTTPResponse:
    body, content_type = exposition()
    return response.raw(body, content_type=content_type)


async def observe_action_call(request: Request) -> None:
    # Runs after the guard (registered after it): only calls from Rasa get here, with the
    # body already inflated. request.json is parsed once: rasa-sdk reuses the parse.
    if request.path != WEBHOOK_PATH or request.method != "POST":
        return
    try:
        call: Any = request.json
    except Exception:  # noqa: BLE001 - rasa-sdk answers a malformed body itself
        call = None
    call = call if isinstance(call, dict) else {}
    tracker = call.get("tracker") if isinstance(call.get("tracker"), dict) else {}
    latest = tracker.get("latest_message") if isinstance(tracker.get("latest_message"), dict) else {}
    name = call.get("next_action")
    action = name if isinstance(name, str) and _ACTION_NAME.fullmatch(name) else "unknown"
    sender = tracker.get("sender_id") if isinstance(tracker.get("sender_id"), str) else None
    scope = turn(request_id_in(_turn_metadata(action, tracker, latest)), sender)
    scope.__enter__()  # left in record_action_call, which runs in the same task
    request.ctx.luna_action_call = (action, time.perf_counter(), scope)


def _turn_metadata(action: str, tracker: dict, latest: dict) -> Any:
    """The metadata of the message this call belongs to. A new session starts before Rasa
    logs the message that started it, so there the latest message is the previous turn's;
    Rasa hands the new message's metadata to the session start in a slot instead."""
    if action == SESSION_START:
        slots = tracker.get("slots") if isinstance(tracker.get("slots"), dict) else {}
        return slots.get(SESSION_START_METADATA_SLOT)
    return latest.get("metadata")


async def record_action_call(request: Request, answer: response.HTTPResponse) -> None:
    observed = getattr(request.ctx, "luna_action_call", None)
    if observed is None:
        return
    request.ctx.luna_action_call = None
    action, started, scope = observed
    seconds = time.perf_counter() - started
    ACTION_SECONDS.labels(action=action).observe(seconds)
    status = getattr(answer, "status", 500)
    if status >= 500:
        ACTION_ERRORS.labels(action=action).inc()
    log.info("Action %s answered %d in %.1f ms", action, status, seconds * 1000)
    try:
        scope.__exit__(None, None, None)
    except ValueError:
        # The context changed under us (should not happen in Sanic's per-connection task):
        # the values simply stay until the next call replaces them.
        pass
