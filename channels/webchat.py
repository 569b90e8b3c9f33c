"""The web chat's Rasa channel: `/webhooks/webchat/...` on the Rasa server.

- `POST /webhooks/webchat/session` -> `{"sender": ..., "token": ...}`: a new conversation.
- `POST /webhooks/webchat/webhook` with `{"sender", "token", "message"}` -> Luna's replies,
  in the REST channel's format (a list of `{"text"|"image"|"buttons": ...}`).

A message is handled only when its token is the server's signature of its sender id;
anything else is refused (401 without a token, 403 with a wrong one) before Rasa sees it,
so nothing is stored. Rasa's own REST channel stays as it is (the SPEC needs it); this
one is the door the public chat page uses. CORS (the page is served by the action server,
another origin) comes from `rasa run --cors`, which covers every channel's routes and
answers their preflight requests.

Like the REST channel (channels/rest.py), a message carries the request id (the
`X-Request-ID` header, or a new one) in its metadata, and its turn is counted and timed
under channel="webchat" (channels/observed_turn.py).
"""

from __future__ import annotations

import hashlib
import logging
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.observed_turn import observed
from channels.session_credential import SessionSigner, signer_from_environment
from luna.observability.request_context import request_id_from_headers, with_request_id

log = logging.getLogger(__name__)

# Credentials and replies are personal: no cache may keep them.
NO_STORE = {"Cache-Control": "no-store"}


class WebChatInput(InputChannel):
    """Rasa's REST channel with a signed session credential in front of it."""

    @classmethod
    def name(cls) -> str:
        return "webchat"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WebChatInput:
        # The key is a secret, so it comes from the environment, not credentials.yml.
        return cls(signer_from_environment())

    def __init__(self, signer: SessionSigner) -> None:
        self.signer = signer

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webchat = Blueprint("luna_webchat", __name__)
        on_new_message = observed(on_new_message, self.name())

        @webchat.get("/")
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webchat.post("/session")
        async def new_session(_request: Request) -> HTTPResponse:
            session = self.signer.issue()
            return response.json({"sender": session.sender, "token": session.token}, headers=NO_STORE)

        @webchat.post("/webhook")
        async def receive(request: Request) -> HTTPResponse:
            body = json_body(request)
            if body is None:
                return refusal(400, "The body must be a JSON object.")
            sender, token, message = body.get("sender"), body.get("token"), body.get("message")
            if not token:
                return refusal(401, "A session token is needed: POST /webhooks/webchat/session.")
            if not self.signer.verify(sender, token):
                return refusal(403, "This session token is not valid for this sender.")
            if not isinstance(message, str):
                return refusal(400, "The message must be a string.")
            collector = CollectingOutputChannel()
            try:
                metadata = with_request_id(None, request_id_from_headers(request.headers))
                await on_new_message(UserMessage(message, collector, sender, input_channel=self.name(),
                                                 metadata=metadata))
            except CancelledError:
                log.error("Web chat message for sender %s timed out", pseudonym(sender))
            except Exception as error:  # noqa: BLE001 - the page gets what was said so far
                # The type only: the exception's text may quote the message or birth data.
                log.error("Web chat message for sender %s failed: %s", pseudonym(sender), type(error).__name__)
            return response.json(collector.messages, headers=NO_STORE)

        return webchat


def json_body(request: Request) -> dict[str, Any] | None:
    try:
        body = request.json
    except Exception:  # noqa: BLE001 - Sanic raises its own error for bad JSON
        return None
    return body if isinstance(body, dict) else None


def refusal(status: int, reason: str) -> HTTPResponse:
    return response.json({"error": reason}, status=status, headers=NO_STORE)


def pseudonym(sender: str) -> str:
    """A sender id fit for a log line: a short hash, never the credential-bearing id."""
    return hashlib.sha256(sender.encode("utf-8")).hexdigest()[:12]
