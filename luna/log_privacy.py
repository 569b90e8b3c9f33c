"""Log records that carry no personal data, on both of Luna's servers.

What leaks into logs is not what anyone means to log: an exception's message (a database
error quotes the row it failed to write, Rasa's action-call error quotes the action
server's answer, which quotes the whole tracker), and Rasa's structured lines about a
message (`rest.message.received.failure text=...`). `install()` puts a log record factory
in front of every logger, so every handler (Rasa's coloured console, a log file, JSON)
gets records where

- an exception keeps its types and frames (the chain included) but not its message;
- a structured line keeps its event name but not the values of the keys Rasa itself
  marks as personal (the text, entities, slots, the tracker...).

It is installed when Luna's code loads in each server (actions/conversation/fail_safe.py on
the action server, nlu/message_guard.py with the model on the Rasa server), so it holds
however the servers are started; a `--logging-config-file` would not do: Rasa reads it
before the project is importable, and its coloured console handler replaces handlers.
"""

from __future__ import annotations

import json
import logging
import re
import traceback
from typing import Any

# Rasa's own list of personal keys in its structured lines (rasa/utils/log_utils.py,
# `_anonymizer`), and the tracker's.
PERSONAL_KEYS = (
    "text", "response_text", "user_text", "slot_values", "parse_data_text", "parse_data_entities",
    "prediction_events", "tracker_latest_message", "prefilled_slots", "message", "response",
    "slot_candidates", "rasa_event", "rasa_events", "tracker_states", "current_states", "old_states", "successes",
    "current_entity", "next_entity", "states", "entity", "token_text", "user_message", "json_message",
    "tracker", "slots", "events", "sender_id", "request_body",
)
WITHHELD = "(withheld)"
_ANSI = r"(?:\x1b\[[0-9;]*m)*"
# `key=value` as structlog's console renderer writes it (colours included).
_TRACEBACK = re.compile(r"\n.*Traceback|\nTraceback|╭─+ Traceback")
_CONSOLE_KEY = re.compile(r"(?:^|\s)" + _ANSI + r"(?:" + "|".join(PERSONAL_KEYS) + r")" + _ANSI + r"=")


def stack_without_messages(error: BaseException) -> str:
    """The traceback of `error` and the exceptions it was raised from, with every frame
    and exception type but no exception message."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    parts = []
    for exception in reversed(chain):
        frames = "".join(traceback.format_list(traceback.extract_tb(exception.__traceback__)))
        kind = type(exception)
        parts.append(f"Traceback (most recent call last):\n{frames}{kind.__module__}.{kind.__qualname__} {WITHHELD}")
    return "\nwhich caused:\n".join(parts)


def make_private(record: logging.LogRecord) -> logging.LogRecord:
    """The record without exception messages or personal structured values, in place."""
    if record.exc_info and record.exc_info[1] is not None:
        record.exc_text = stack_without_messages(record.exc_info[1])
        record.exc_info = None
    if isinstance(record.msg, str) and not record.args:
        record.msg = _private_message(record.msg)
    return record


def _private_message(message: str) -> str:
    if message.startswith("{"):
        try:
            fields: Any = json.loads(message)
        except ValueError:
            fields = None
        if isinstance(fields, dict):
            if not any(key in fields for key in (*PERSONAL_KEYS, "exception")):
                return message
            return json.dumps({key: _private_field(key, value) for key, value in fields.items()},
                              ensure_ascii=False, default=str)
    # structlog's console lines: the personal values, and a traceback written into the
    # line (it carries the exception's message, and with rich even the frames' locals).
    cut = [found.start() for found in (_CONSOLE_KEY.search(message), _TRACEBACK.search(message)) if found]
    return message if not cut else f"{message[:min(cut)]} {WITHHELD}"


def _private_field(key: str, value: Any) -> Any:
    if key == "exception":
        # structlog's dict_tracebacks (Rasa's JSON lines): types and frames, without the
        # exception's message or the frames' local variables.
        if isinstance(value, list):
            return [{"exc_type": stack.get("exc_type"),
                     "frames": [{name: frame.get(name) for name in ("filename", "lineno", "name")}
                                for frame in stack.get("frames", []) if isinstance(frame, dict)]}
                    for stack in value if isinstance(stack, dict)]
        return WITHHELD
    return WITHHELD if key in PERSONAL_KEYS else value


_installed = False


def install() -> None:
    """Makes every log record of this process private (idempotent)."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def private_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return make_private(previous(*args, **kwargs))

    logging.setLogRecordFactory(private_record)
    _installed = True
