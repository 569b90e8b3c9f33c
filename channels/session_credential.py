"""The web chat's session credential: a random sender id and an HMAC of it.

The server alone holds the key, so only it can issue a token for a sender id; a page
that knows one sender's credential cannot make one for another sender. The token is
stateless (nothing is stored per session), so every Rasa replica that shares the key
accepts it, and a page keeps it across reloads. Plain Python, no Rasa, so the actions'
test environment checks it directly.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

log = logging.getLogger(__name__)

KEY_VARIABLE = "LUNA_WEBCHAT_KEY"
# 32 characters: a hex or base64 secret of at least 128 bits. A shorter key is more
# likely a placeholder ("changeme") than a secret, so it stops the server instead.
MIN_KEY_LENGTH = 32
SENDER_PREFIX = "webchat-"
# 128 random bits: nobody guesses another person's conversation.
SENDER_PATTERN = re.compile(re.escape(SENDER_PREFIX) + r"[0-9a-f]{32}")
# Binds the MAC to this use, should the key ever be reused for something else.
PURPOSE = b"luna webchat session v1\x00"


class WebChatKeyError(ValueError):
    """The configured key is too short to be a secret."""


@dataclass(frozen=True)
class Session:
    sender: str
    token: str


@dataclass(frozen=True)
class SessionSigner:
    key: bytes

    def issue(self) -> Session:
        """A new conversation: a random sender id and its token."""
        sender = SENDER_PREFIX + secrets.token_hex(16)
        return Session(sender=sender, token=self._token(sender))

    def verify(self, sender: object, token: object) -> bool:
        """Whether `token` is this server's token for `sender` (constant-time compare)."""
        if not (isinstance(sender, str) and isinstance(token, str)):
            return False
        if not SENDER_PATTERN.fullmatch(sender):
            return False
        return hmac.compare_digest(self._token(sender).encode("ascii"), token.encode("utf-8"))

    def _token(self, sender: str) -> str:
        mac = hmac.new(self.key, PURPOSE + sender.encode("ascii"), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).rstrip(b"=").decode("ascii")


def signer_from_environment(environ: Mapping[str, str] = os.environ) -> SessionSigner:
    """The signer keyed by LUNA_WEBCHAT_KEY (`make run` generates one per machine).

    Unset, the key is random for this process: safe, since no token can be forged, but
    web chat conversations do not survive a Rasa restart (the page starts a new one) and
    several Rasa replicas would refuse each other's tokens. Hence the warning.
    """
    key = environ.get(KEY_VARIABLE, "")
    if not key:
        log.warning(
            "%s is not set: web chat sessions are signed with a random key for this process only, "
            "so they end when Rasa restarts and are not shared between replicas.",
            KEY_VARIABLE,
        )
        return SessionSigner(secrets.token_bytes(32))
    if len(key) < MIN_KEY_LENGTH:
        raise WebChatKeyError(f"{KEY_VARIABLE} must be at least {MIN_KEY_LENGTH} characters of random secret.")
    return SessionSigner(key.encode("utf-8"))
