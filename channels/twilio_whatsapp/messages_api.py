"""Twilio's Messages API, called without blocking the event loop (httpx.AsyncClient; Rasa's
own Twilio connector calls the synchronous client on the loop). One call creates one
WhatsApp message: POST <root>/2010-04-01/Accounts/<sid>/Messages.json, form-encoded, with
the account SID and auth token as basic auth.

Twilio answers an error with JSON {"code", "message", "more_info", "status"}. A 429 (code
20429) or a 5xx is tried again after a pause that doubles; the rest are not worth retrying
and end as TwilioApiError with Twilio's code."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

import httpx

from channels.twilio_whatsapp.config import TwilioSettings

log = logging.getLogger(__name__)

# Twilio's limit for a WhatsApp message body, in characters.
MAX_BODY = 1600
ATTEMPTS = 4
FIRST_PAUSE_SECONDS = 1.0
TIMEOUT_SECONDS = 15
TOO_MANY_REQUESTS = 20429


class TwilioApiError(Exception):
    def __init__(self, status: int, code: int | None, message: str) -> None:
        super().__init__(f"HTTP {status}, Twilio error {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True)
class SentMessage:
    sid: str
    status: str


class MessagesApi:
    def __init__(self, settings: TwilioSettings, first_pause: float = FIRST_PAUSE_SECONDS) -> None:
        self.settings = settings
        self.first_pause = first_pause
        self._client: httpx.AsyncClient | None = None

    @property
    def client(self) -> httpx.AsyncClient:
        # Made on first use, inside the running loop, not at import time.
        if self._client is None:
            self._client = httpx.AsyncClient(
                auth=(self.settings.account_sid, self.settings.auth_token), timeout=TIMEOUT_SECONDS,
                limits=httpx.Limits(max_connections=64),
            )
        return self._client

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def create(self, to: str, body: str = "", media_url: str | None = None) -> SentMessage:
        """Sends one message to `to` ("whatsapp:+<digits>"); raises TwilioApiError."""
        form = {"From": self.settings.whatsapp_number, "To": to}
        if body:
            form["Body"] = body
        if media_url:
            form["MediaUrl"] = media_url
        pause = self.first_pause
        for attempt in range(1, ATTEMPTS + 1):
            try:
                answer = await self.client.post(self.settings.messages_url, data=form)
            except httpx.TransportError as error:
                failure = TwilioApiError(0, None, type(error).__name__)
            else:
                if answer.status_code in (200, 201):
                    created = _json(answer)
                    return SentMessage(str(created.get("sid") or ""), str(created.get("status") or ""))
                failure = _error(answer)
                if answer.status_code != 429 and answer.status_code < 500:
                    raise failure
            if attempt == ATTEMPTS:
                raise failure
            log.warning("Twilio: sending failed (%s); trying again in %.1f s", failure, pause)
            await asyncio.sleep(pause)
            pause *= 2
        raise AssertionError("unreachable")


def _json(answer: httpx.Response) -> dict[str, Any]:
    try:
        body = answer.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _error(answer: httpx.Response) -> TwilioApiError:
    body = _json(answer)
    code = body.get("code")
    return TwilioApiError(answer.status_code, code if isinstance(code, int) else None,
                          str(body.get("message") or answer.reason_phrase))
