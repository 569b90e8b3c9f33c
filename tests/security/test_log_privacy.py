"""Log records without personal data (luna/log_privacy.py): exception messages withheld,
Rasa's structured lines about a message reduced to their event, on every handler."""

from __future__ import annotations

import io
import json
import logging
import sys

import pytest

from luna import log_privacy
from luna.log_privacy import WITHHELD, make_private, stack_without_messages

SECRET = "Ravi 1990-03-05 22:30 Pune"


def record(message: str, exc_info=None) -> logging.LogRecord:
    return logging.LogRecord("rasa.core.channels.rest", logging.ERROR, __file__, 1, message, (), exc_info)


def test_an_exception_keeps_its_types_and_frames_but_not_its_message():
    try:
        try:
            {}[SECRET]
        except KeyError as cause:
            raise ValueError(f"body={SECRET}") from cause
    except ValueError as error:
        stack = stack_without_messages(error)
    assert "builtins.KeyError (withheld)" in stack and "builtins.ValueError (withheld)" in stack
    assert "which caused:" in stack
    assert "test_an_exception_keeps_its_types_and_frames_but_not_its_message" in stack
    assert "1990-03-05" not in stack


def test_a_record_with_an_exception_is_formatted_without_its_message():
    try:
        raise RuntimeError(SECRET)
    except RuntimeError:
        private = make_private(record("Encountered an exception while running action 'x'", sys.exc_info()))
    formatted = logging.Formatter("%(message)s").format(private)
    assert formatted.startswith("Encountered an exception while running action 'x'\nTraceback")
    assert "builtins.RuntimeError (withheld)" in formatted and SECRET not in formatted


def test_a_json_structured_line_keeps_its_event_but_no_text():
    line = json.dumps({"text": SECRET, "event": "rest.message.received.failure", "level": "error"})
    private = json.loads(make_private(record(line)).getMessage())
    assert private == {"text": WITHHELD, "event": "rest.message.received.failure", "level": "error"}


def test_a_json_structured_traceback_keeps_types_and_frames_but_no_values_or_locals():
    # structlog's dict_tracebacks, as Rasa writes its JSON lines (Rasa's response
    # interpolation error did carry the slots this way).
    line = json.dumps({"response": {"text": SECRET}, "event": "interpolator.interpolate.text", "exception": [
        {"exc_type": "KeyError", "exc_value": repr(SECRET), "frames": [
            {"filename": "interpolator.py", "lineno": 30, "name": "interpolate_text",
             "locals": {"values": repr({"name": SECRET})}}]}]})
    private = json.loads(make_private(record(line)).getMessage())
    assert private == {"response": WITHHELD, "event": "interpolator.interpolate.text", "exception": [
        {"exc_type": "KeyError",
         "frames": [{"filename": "interpolator.py", "lineno": 30, "name": "interpolate_text"}]}]}


@pytest.mark.parametrize(("line", "event"), [
    (f"rest.message.received.failure text='{SECRET}'", "rest.message.received.failure"),
    (f"tracker_store.failed\nTraceback (most recent call last):\n  ...\nValueError: {SECRET}",
     "tracker_store.failed"),
    (f"\x1b[1mrest.message.received.failure\x1b[0m \x1b[36mtext\x1b[0m=\x1b[35m'{SECRET}'\x1b[0m",
     "rest.message.received.failure"),
    (f"processor.message.parse parse_data_entities=[] parse_data_text='{SECRET}'", "processor.message.parse"),
])
def test_a_console_structured_line_keeps_its_event_but_no_text(line, event):
    private = make_private(record(line)).getMessage()
    assert event in private and SECRET not in private and private.endswith(WITHHELD)


@pytest.mark.parametrize("line", ["Rasa server is up and running.", "Registered function for 'action_match'.",
                                  '{"event": "model.load", "level": "info"}'])
def test_other_lines_are_left_alone(line):
    assert make_private(record(line)).getMessage() == line


def test_installed_it_holds_for_every_logger_and_handler():
    log_privacy.install()
    log_privacy.install()  # idempotent
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("tests.log_privacy")
    logger.addHandler(handler)
    try:
        try:
            raise ValueError(SECRET)
        except ValueError:
            logger.exception("could not save")
    finally:
        logger.removeHandler(handler)
    assert "could not save" in stream.getvalue() and "builtins.ValueError (withheld)" in stream.getvalue()
    assert SECRET not in stream.getvalue()
