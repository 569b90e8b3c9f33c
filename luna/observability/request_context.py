"""The request id that follows a turn from the webhook to the action server, and the
sender of the turn, for the log lines written while it runs.

- At the edge, nginx puts `X-Request-ID` on every request it proxies; a request that
  comes without one (a test, a direct call) gets a fresh id here.
- The channel puts the id in the UserMessage's metadata under `request_id`; Rasa keeps
  that metadata on the user event, so the action server reads it back from
  `tracker.latest_message["metadata"]["request_id"]`.
- While a turn runs, each server holds the id (and the sender) in context variables; the
  JSON log format (luna/observability/json_logs.py) writes them on every line, Rasa's and
  rasa-sdk's own lines included, since a handler formats a record in the task that logged it.

Context variables follow asyncio: a task started inside `turn(...)` (a channel answering a
webhook at once and handling the message in the background) keeps the values it was
started with, and `turn(...)` restores the previous values when it ends, so a keep-alive
connection's next request (Sanic serves it in the same task) starts clean.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

HEADER = "X-Request-ID"
METADATA_KEY = "request_id"
# nginx's $request_id is 32 hex digits; other proxies use UUIDs. Anything else (too long,
# spaces, quotes, newlines) is replaced rather than written into every log line.
_USABLE = re.compile(r"[A-Za-z0-9._:-]{1,128}")

_request_id: ContextVar[str | None] = ContextVar("luna_request_id", default=None)
_sender: ContextVar[str | None] = ContextVar("luna_sender", default=None)


def new_request_id() -> str:
    return uuid.uuid4().hex


def usable(request_id: Any) -> str | None:
    """`request_id` when it is safe to carry and log as it is, else None."""
    return request_id if isinstance(request_id, str) and _USABLE.fullmatch(request_id) else None


def request_id_from_headers(headers: Mapping[str, str]) -> str:
    """The request's id: its X-Request-ID header when usable, else a new one."""
    return usable(headers.get(HEADER) or headers.get(HEADER.lower())) or new_request_id()


def current_request_id() -> str | None:
    return _request_id.get()


def current_sender() -> str | None:
    """The sender id of the turn being handled (raw: log lines write only its keyed hash)."""
    return _sender.get()


@contextmanager
def turn(request_id: str | None, sender_id: str | None = None) -> Iterator[None]:
    """Marks everything run inside (and every task started inside) as part of this turn."""
    id_token = _request_id.set(request_id)
    sender_token = _sender.set(sender_id)
    try:
        yield
    finally:
        _sender.reset(sender_token)
        _request_id.reset(id_token)


def with_request_id(metadata: Mapping[str, Any] | None, request_id: str) -> dict[str, Any]:
    """A copy of a UserMessage's metadata carrying `request_id` (an id already there, from
    an earlier hop, is kept)."""
    carried = dict(metadata or {})
    if not usable(carried.get(METADATA_KEY)):
        carried[METADATA_KEY] = request_id
    return carried


def request_id_in(metadata: Any) -> str | None:
    """The request id a UserMessage's metadata (or a tracker's latest_message metadata)
    carries, when it carries a usable one."""
    return usable(metadata.get(METADATA_KEY)) if isinstance(metadata, Mapping) else None
