"""The recorded Cloud API webhook bodies in payloads/*.json (shapes from Meta's webhook
reference), copied fresh for each use and made to order: another user, wamid, text or
time, so one payload stands for many users."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path

PAYLOADS = Path(__file__).parent / "payloads"


@cache
def _recorded(name: str) -> dict:
    return json.loads((PAYLOADS / f"{name}.json").read_text(encoding="utf-8"))


def payload_names() -> list[str]:
    return sorted(path.stem for path in PAYLOADS.glob("*.json"))


def load_payload(name: str, *, wa_id: str | None = None, wamid: str | None = None, text: str | None = None,
                 timestamp: int | None = None, choice_id: str | None = None) -> dict:
    """A deep copy of payloads/<name>.json with the first message's (or status's) fields replaced."""
    body = copy.deepcopy(_recorded(name))
    value = body["entry"][0]["changes"][0]["value"]
    for message in value.get("messages", []):
        if wa_id is not None:
            message["from"] = wa_id
        if wamid is not None:
            message["id"] = wamid
        if timestamp is not None:
            message["timestamp"] = str(timestamp)
        if text is not None:
            message["text"]["body"] = text
        if choice_id is not None:
            interactive = message["interactive"]
            interactive[interactive["type"]]["id"] = choice_id
    for contact in value.get("contacts", []):
        if wa_id is not None:
            contact["wa_id"] = wa_id
    for status in value.get("statuses", []):
        if wa_id is not None:
            status["recipient_id"] = wa_id
        if wamid is not None:
            status["id"] = wamid
    return body
