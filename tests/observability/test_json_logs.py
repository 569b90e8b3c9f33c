"""LUNA_LOG_FORMAT=json: each line a JSON object with the turn's request id and the sender
as a keyed hash, and nothing personal (luna/observability/json_logs.py on top of
luna/log_privacy.py)."""

from __future__ import annotations

import io
import json
import logging

import pytest

from luna.observability.json_logs import JsonFormatter, handlers_of_this_process, install, sender_hash
from luna.observability.request_context import turn

SENDER = "919812345678"  # a WhatsApp sender id is a phone number
BIRTH_DATE = "5 March 1990"
BIRTH_TEXT = f"I'm Ravi, born {BIRTH_DATE} at 22:30 in Pune"
KEY = b"the-deployment's-log-key"


def lines_logged(emit, key: bytes = KEY) -> list[dict]:
    """What a logger writes through the JSON formatter while `emit(logger)` runs."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(key))
    logger = logging.getLogger("tests.observability.json_logs")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    try:
        emit(logger)
    finally:
        logger.removeHandler(handler)
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_line_has_the_contract_fields_and_the_turn_it_belongs_to():
    def emit(logger):
        logger.info("outside any turn")
        with turn("4f0c9a", SENDER):
            logger.warning("Action %s answered %d", "action_horoscope", 200)

    outside, inside = lines_logged(emit)
    assert set(inside) == {"time", "level", "logger", "message", "request_id", "sender"}
    assert inside["time"].endswith("Z") and inside["level"] == "WARNING"
    assert inside["logger"] == "tests.observability.json_logs"
    assert inside["message"] == "Action action_horoscope answered 200"
    assert inside["request_id"] == "4f0c9a" and inside["sender"] == sender_hash(SENDER, KEY)
    assert outside["request_id"] is None and outside["sender"] is None


def test_the_sender_is_a_keyed_hash_the_same_on_every_replica():
    def emit(logger):
        with turn("r1", SENDER):
            logger.info("Handling the message of %s", SENDER)

    [first] = lines_logged(emit)
    [same_key] = lines_logged(emit)  # another process (replica) with the same LUNA_LOG_KEY
    [other_key] = lines_logged(emit, key=b"another-deployment")
    assert first["sender"] == same_key["sender"] != other_key["sender"]
    assert len(first["sender"]) == 16
    # The id itself is nowhere, not even where a message quoted it.
    assert SENDER not in json.dumps(first) and first["sender"] in first["message"]


def test_no_birth_data_reaches_a_line():
    def emit(logger):
        with turn("r2", SENDER):
            # An exception whose message quotes the row it failed to write.
            try:
                raise ValueError(f"could not save birth_date={BIRTH_DATE} for {SENDER}")
            except ValueError:
                logger.exception("Saving the profile failed")
            # Rasa's structured line about a message (its JSON renderer).
            logger.error(json.dumps({"event": "rest.message.received.failure", "text": BIRTH_TEXT}))
            # Values passed alongside a line are not written.
            logger.info("Profile saved", extra={"birth_date": BIRTH_DATE, "text": BIRTH_TEXT})

    failure, structured, extra = lines_logged(emit)
    written = json.dumps([failure, structured, extra], ensure_ascii=False)
    for personal in (BIRTH_DATE, "1990", "22:30", "Pune", SENDER):
        assert personal not in written
    # What is left still tells an operator what happened and where.
    assert failure["message"] == "Saving the profile failed"
    assert "builtins.ValueError (withheld)" in failure["exception"] and "test_json_logs.py" in failure["exception"]
    assert json.loads(structured["message"]) == {"event": "rest.message.received.failure", "text": "(withheld)"}
    assert extra["message"] == "Profile saved"


@pytest.fixture
def handler_of_the_process():
    """A handler on the root logger, as Rasa and rasa-sdk install one, removed afterwards;
    every handler of the test process (pytest's own) gets its format back."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    formats = {existing: existing.formatter for existing in handlers_of_this_process()}
    yield handler, stream
    root.removeHandler(handler)
    for existing, formatter in formats.items():
        existing.setFormatter(formatter)


def test_install_switches_every_handler_to_json_only_when_asked(handler_of_the_process):
    handler, stream = handler_of_the_process
    assert install({}) is False and not isinstance(handler.formatter, JsonFormatter)
    assert install({"LUNA_LOG_FORMAT": "json", "LUNA_LOG_KEY": "k"}) is True
    assert isinstance(handler.formatter, JsonFormatter)
    with turn("r3", SENDER):
        logging.getLogger("rasa.core.processor").warning("Rasa's own line during a turn")
    line = json.loads(stream.getvalue().splitlines()[-1])
    assert line["logger"] == "rasa.core.processor" and line["request_id"] == "r3"
