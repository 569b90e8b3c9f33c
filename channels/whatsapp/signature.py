"""Who may talk to the webhook: Meta's GET handshake repeats the verify token, and every
POST carries X-Hub-Signature-256, "sha256=" and the HMAC-SHA256 of the raw body keyed
with the app secret. Both compared in constant time."""

from __future__ import annotations

import enum
import hashlib
import hmac
from collections.abc import Mapping

SIGNATURE_HEADER = "X-Hub-Signature-256"
SIGNATURE_PREFIX = "sha256="


class Signature(enum.Enum):
    VALID = "valid"
    MISSING = "missing"  # 401: not from Meta at all
    WRONG = "wrong"  # 403: signed, but not with Luna's app secret (or the body was altered)


def sign(body: bytes, app_secret: str) -> str:
    """The header value Meta sends with `body`."""
    return SIGNATURE_PREFIX + hmac.new(app_secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def check_signature(header: str | None, body: bytes, app_secret: str) -> Signature:
    if not header:
        return Signature.MISSING
    if not app_secret:
        return Signature.WRONG  # nothing can be checked, so nothing is believed
    given = header.strip().lower().encode("utf-8")
    return Signature.VALID if hmac.compare_digest(given, sign(body, app_secret).encode("utf-8")) else Signature.WRONG


def handshake_challenge(query: Mapping[str, str], verify_token: str) -> str | None:
    """The challenge to echo when the handshake is Meta's with Luna's verify token; None otherwise."""
    given = query.get("hub.verify_token") or ""
    challenge = query.get("hub.challenge")
    if query.get("hub.mode") != "subscribe" or not verify_token or challenge is None:
        return None
    if not hmac.compare_digest(given.encode("utf-8"), verify_token.encode("utf-8")):
        return None
    return challenge
