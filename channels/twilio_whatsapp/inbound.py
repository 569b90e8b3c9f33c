"""What a Twilio webhook call says, read from its form parameters (the names Twilio
documents for incoming WhatsApp messages: From, Body, MessageSid, NumMedia, MediaUrl0,
MediaContentType0, Latitude, Longitude, ButtonText, ButtonPayload...). Plain Python."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs

# A WhatsApp user as Twilio names them: "whatsapp:+919812345678".
WHATSAPP_ADDRESS = re.compile(r"whatsapp:\+?(\d{6,15})")
# Twilio's message SIDs: SM (or MM for media) and 32 hexadecimal digits.
MESSAGE_SID = re.compile(r"(SM|MM)[0-9a-fA-F]{32}")


class Kind(enum.Enum):
    TEXT = "text"
    MEDIA = "media"
    LOCATION = "location"
    BUTTON = "button"
    STATUS = "status"


@dataclass(frozen=True)
class Incoming:
    kind: Kind
    message_sid: str
    number: str  # the user's digits, "919812345678"
    text: str = ""
    media: tuple[str, ...] = ()  # content types of the attachments
    latitude: float | None = None
    longitude: float | None = None
    button_payload: str = ""
    status: str = ""
    error_code: str = ""

    @property
    def sender_id(self) -> str:
        """The user's id in Rasa's trackers."""
        return f"twilio-{self.number}"

    @property
    def address(self) -> str:
        """Where Luna's answer goes."""
        return f"whatsapp:+{self.number}"


def parse_form(body: bytes) -> dict[str, list[str]] | None:
    """An application/x-www-form-urlencoded body, blank values kept (Twilio signs them too);
    None when it is not one."""
    try:
        text = body.decode("utf-8")
        return parse_qs(text, keep_blank_values=True, strict_parsing=bool(text), max_num_fields=200)
    except (UnicodeDecodeError, ValueError):
        return None


def read_webhook(params: Mapping[str, Sequence[str]]) -> Incoming | None:
    """The message (or status report) in a webhook call; None when the call is not one."""

    def field(name: str) -> str:
        values = params.get(name) or [""]
        return values[0].strip()

    sid = field("MessageSid") or field("SmsMessageSid")
    if not MESSAGE_SID.fullmatch(sid):
        return None
    status = field("MessageStatus").lower()
    if status:
        # A status callback reports on one of Luna's messages (queued, sent, delivered, read,
        # failed... Twilio adds statuses): its user is the To. Accepted whatever it says.
        to = WHATSAPP_ADDRESS.fullmatch(field("To"))
        return Incoming(Kind.STATUS, sid, to.group(1) if to else "", status=status, error_code=field("ErrorCode"))
    number = WHATSAPP_ADDRESS.fullmatch(field("From"))
    if number is None:
        return None
    digits = number.group(1)
    text = field("Body")
    location = _location(field("Latitude"), field("Longitude"))
    if location is not None:
        return Incoming(Kind.LOCATION, sid, digits, text=text, latitude=location[0], longitude=location[1])
    if field("ButtonPayload") or field("ButtonText"):
        return Incoming(Kind.BUTTON, sid, digits, text=field("ButtonText") or text,
                        button_payload=field("ButtonPayload"))
    media = _media_types(params, field("NumMedia"))
    if media:
        return Incoming(Kind.MEDIA, sid, digits, text=text, media=media)
    return Incoming(Kind.TEXT, sid, digits, text=text)


def _location(latitude: str, longitude: str) -> tuple[float, float] | None:
    try:
        lat, lon = float(latitude), float(longitude)
    except ValueError:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def _media_types(params: Mapping[str, Sequence[str]], count: str) -> tuple[str, ...]:
    try:
        number = min(int(count or "0"), 10)  # WhatsApp carries at most 10 attachments
    except ValueError:
        return ()
    return tuple(
        ((params.get(f"MediaContentType{index}") or ["application/octet-stream"])[0] or "application/octet-stream")
        for index in range(number)
    )


def media_kind(content_type: str) -> str:
    """The kind of attachment, as replies.yml names them."""
    content_type = content_type.lower()
    if content_type == "image/webp":
        return "sticker"  # WhatsApp's stickers are WebP images
    for prefix in ("image", "audio", "video"):
        if content_type.startswith(prefix + "/"):
            return prefix
    if content_type in ("text/vcard", "text/x-vcard"):
        return "contact"
    return "document"
