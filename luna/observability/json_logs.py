"""LUNA_LOG_FORMAT=json: one JSON object per log line, on both servers.

    {"time": "2026-12-06T07:30:01.123Z", "level": "INFO", "logger": "actions.observed",
     "message": "...", "request_id": "4f0c...", "sender": "9a1b..."}

- `request_id` and `sender` are those of the turn being handled (request_context.py), so
  every line of a turn, Rasa's and rasa-sdk's own included, can be found with one query,
  on whichever replica wrote it. Outside a turn they are null.
- `sender` is never the sender id (a phone number, a Telegram user id): it is an HMAC of it
  keyed with LUNA_LOG_KEY, the same on every replica, so the lines of one conversation
  match across servers, while nobody without the key can test a phone number against them.
  Without LUNA_LOG_KEY a random key per process is used (and said once): hashes then match
  only within one process. The sender id written inside a message is replaced by the hash too.
- Nothing else of the record is written: values passed with `extra=` are left out, so a
  caller cannot add birth data to a line by accident. The record first goes through
  luna/log_privacy.py (exception messages and Rasa's personal structured values withheld),
  whose guarantees this format keeps; an exception is written as its private stack.

`install()` is called where each server loads Luna's code (channels/ops.py on the Rasa
server, actions/server_extensions.py on the action server) and again before the server
starts, because Sanic configures its own loggers' handlers when the app is created.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
from collections.abc import Mapping
from datetime import datetime, timezone

from luna.log_privacy import install as make_logs_private
from luna.log_privacy import make_private
from luna.observability.request_context import current_request_id, current_sender

FORMAT_VARIABLE = "LUNA_LOG_FORMAT"
KEY_VARIABLE = "LUNA_LOG_KEY"
# 16 hex digits: enough that two senders of one deployment practically never share a hash.
SENDER_HASH_CHARS = 16
# Shorter sender ids ("1", "me") would match inside unrelated words of a message.
MIN_REPLACED_SENDER_CHARS = 4

log = logging.getLogger(__name__)


def sender_hash(sender_id: str, key: bytes) -> str:
    """The sender as log lines name it: a keyed hash, never the id."""
    return hmac.new(key, sender_id.encode("utf-8", "surrogateescape"), hashlib.sha256).hexdigest()[:SENDER_HASH_CHARS]


def log_key(environ: Mapping[str, str] = os.environ) -> tuple[bytes, bool]:
    """The key that hashes sender ids, and whether it came from LUNA_LOG_KEY."""
    configured = environ.get(KEY_VARIABLE)
    if configured:
        return configured.encode(), True
    return secrets.token_bytes(32), False


def wants_json(environ: Mapping[str, str] = os.environ) -> bool:
    return (environ.get(FORMAT_VARIABLE) or "").strip().lower() == "json"


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, request_id, sender."""

    def __init__(self, key: bytes) -> None:
        super().__init__()
        self._key = key

    def format(self, record: logging.LogRecord) -> str:
        # Again here: a record made before log_privacy's factory was installed, or by a
        # library that builds records itself, is made private all the same (idempotent).
        make_private(record)
        message = record.getMessage()
        sender_id = current_sender()
        sender = sender_hash(sender_id, self._key) if sender_id else None
        if sender_id and sender and len(sender_id) >= MIN_REPLACED_SENDER_CHARS:
            message = message.replace(sender_id, sender)
        line = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": message,
            "request_id": current_request_id(),
            "sender": sender,
        }
        if record.exc_text:
            line["exception"] = record.exc_text
        return json.dumps(line, ensure_ascii=False, default=str)


_formatter: JsonFormatter | None = None


def install(environ: Mapping[str, str] = os.environ) -> bool:
    """With LUNA_LOG_FORMAT=json, gives every handler of this process the JSON format
    (idempotent: call it again after a library added handlers). True when JSON is on."""
    global _formatter
    make_logs_private()
    if not wants_json(environ):
        return False
    first = _formatter is None
    if _formatter is None:
        key, configured = log_key(environ)
        _formatter = JsonFormatter(key)
    handlers = handlers_of_this_process()
    if not handlers:
        handler = logging.StreamHandler()
        logging.getLogger().addHandler(handler)
        handlers = [handler]
    for handler in handlers:
        if handler.formatter is not _formatter:
            handler.setFormatter(_formatter)
    if first and not configured:
        log.warning("%s is not set: sender hashes in the logs match only within this process", KEY_VARIABLE)
    return True


def handlers_of_this_process() -> list[logging.Handler]:
    loggers = [logging.getLogger()] + [
        logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    seen: dict[int, logging.Handler] = {}
    for logger in loggers:
        for handler in logger.handlers:
            seen.setdefault(id(handler), handler)
    return list(seen.values())
