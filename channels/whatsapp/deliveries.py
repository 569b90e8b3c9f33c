"""What a Cloud API webhook POST holds, read into plain values: the users' messages (each
with its wamid, the sender's wa_id and what Luna's conversation should hear), the status
callbacks of Luna's own messages, and the errors Meta reports. Plain Python, no Rasa.

A body is {"object": "whatsapp_business_account", "entry": [{"changes": [{"field":
"messages", "value": {...}}]}]}; one POST may carry several entries, changes and messages.
"""

from __future__ import annotations

import enum
import json
import math
from dataclasses import asdict, dataclass, field
from typing import Any

from channels.messaging.text import location_text

# The attachments Luna cannot read; each gets a friendly reply of its own (replies.yml).
MEDIA_TYPES = frozenset({"image", "audio", "sticker", "document", "video", "contacts"})
# Nothing to answer: a reaction to one of Luna's messages, an order, a system notice.
QUIET_TYPES = frozenset({"reaction", "order", "system", "request_welcome"})


class Kind(enum.Enum):
    TEXT = "text"  # typed words, or a location as the conversation reads it
    BUTTON = "button"  # a reply button, a list row or a template's quick reply: `payload` holds its id
    MEDIA = "media"  # `media` names the attachment; `text` holds its caption, if any
    UNSUPPORTED = "unsupported"  # a message type WhatsApp itself could not hand over
    QUIET = "quiet"  # needs no answer


@dataclass(frozen=True)
class Incoming:
    wa_id: str
    message_id: str
    kind: Kind
    text: str = ""
    payload: str = ""
    media: str = ""
    timestamp: float | None = None

    @property
    def sender_id(self) -> str:
        """The conversation's id in Rasa's tracker store."""
        return f"whatsapp-{self.wa_id}"

    def to_json(self) -> str:
        """The message as the in-flight journal keeps it (one POST may carry several)."""
        return json.dumps({**asdict(self), "kind": self.kind.value}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Incoming:
        fields = json.loads(text)
        return cls(**{**fields, "kind": Kind(fields["kind"])})


@dataclass(frozen=True)
class Problem:
    """An error Meta reports: in a failed status, on an unsupported message, or in the change itself."""

    code: int | None
    title: str
    details: str = ""


@dataclass(frozen=True)
class Status:
    message_id: str
    status: str  # sent, delivered, read, failed (and deleted, warning on some accounts)
    recipient: str
    problems: tuple[Problem, ...] = ()


@dataclass
class Delivery:
    messages: list[Incoming] = field(default_factory=list)
    statuses: list[Status] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class NotAWebhook(ValueError):
    """The body does not have the shape of a Cloud API webhook."""


def read_delivery(body: Any) -> Delivery:
    """The delivery in a parsed JSON body; NotAWebhook when it is not shaped like one."""
    if not isinstance(body, dict) or not isinstance(body.get("entry"), list):
        raise NotAWebhook("no entry list")
    if body.get("object", "whatsapp_business_account") != "whatsapp_business_account":
        raise NotAWebhook("not a WhatsApp Business Account object")
    delivery = Delivery()
    for entry in body["entry"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("changes", []), list):
            raise NotAWebhook("an entry without a changes list")
        for change in entry.get("changes", []):
            if not isinstance(change, dict) or not isinstance(change.get("value"), dict):
                raise NotAWebhook("a change without a value")
            if change.get("field", "messages") == "messages":
                _read_value(change["value"], delivery)
    return delivery


def _read_value(value: dict[str, Any], delivery: Delivery) -> None:
    for raw in _objects(value.get("messages")):
        message = _read_message(raw)
        if message is not None:
            delivery.messages.append(message)
        delivery.problems.extend(_problems(raw.get("errors")))
    for raw in _objects(value.get("statuses")):
        message_id, status = raw.get("id"), raw.get("status")
        if isinstance(message_id, str) and isinstance(status, str):
            delivery.statuses.append(Status(message_id, status, str(raw.get("recipient_id") or ""),
                                            tuple(_problems(raw.get("errors")))))
    delivery.problems.extend(_problems(value.get("errors")))


def _read_message(raw: dict[str, Any]) -> Incoming | None:
    wa_id, message_id, kind = raw.get("from"), raw.get("id"), raw.get("type")
    if not (isinstance(wa_id, str) and wa_id and isinstance(message_id, str) and message_id and isinstance(kind, str)):
        return None
    common = {"wa_id": wa_id, "message_id": message_id, "timestamp": _timestamp(raw.get("timestamp"))}
    content = raw.get(kind) if isinstance(raw.get(kind), dict) else {}
    if kind == "text":
        body = str(content.get("body") or "").strip()
        return Incoming(kind=Kind.TEXT, text=body, **common) if body else None
    if kind == "interactive":
        reply = content.get(content.get("type") or "")
        if content.get("type") in ("button_reply", "list_reply") and isinstance(reply, dict) and reply.get("id"):
            return Incoming(kind=Kind.BUTTON, payload=str(reply["id"]), text=str(reply.get("title") or ""), **common)
        return Incoming(kind=Kind.QUIET, **common)
    if kind == "button":  # a quick reply under a template
        payload = str(content.get("payload") or content.get("text") or "")
        return Incoming(kind=Kind.BUTTON, payload=payload, text=str(content.get("text") or ""), **common)
    if kind == "location":
        latitude, longitude = _number(content.get("latitude")), _number(content.get("longitude"))
        if latitude is None or longitude is None or abs(latitude) > 90 or abs(longitude) > 180:
            return Incoming(kind=Kind.UNSUPPORTED, **common)
        return Incoming(kind=Kind.TEXT, text=location_text(latitude, longitude), **common)
    if kind in MEDIA_TYPES:
        caption = str(content.get("caption") or "").strip()
        return Incoming(kind=Kind.MEDIA, media=kind, text=caption, **common)
    if kind in QUIET_TYPES:
        return Incoming(kind=Kind.QUIET, **common)
    return Incoming(kind=Kind.UNSUPPORTED, **common)


def _objects(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _problems(value: Any) -> list[Problem]:
    problems = []
    for raw in _objects(value):
        code = raw.get("code")
        details = raw.get("error_data", {}).get("details") if isinstance(raw.get("error_data"), dict) else ""
        problems.append(Problem(code if isinstance(code, int) else None,
                                str(raw.get("title") or raw.get("message") or ""), str(details or "")))
    return problems


def _timestamp(value: Any) -> float | None:
    number = _number(value)
    return number if number is not None and number > 0 else None


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
