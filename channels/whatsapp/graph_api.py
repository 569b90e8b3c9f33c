"""The Graph API calls Luna makes for WhatsApp, over one async HTTP client: sending a
message, marking a user's message read, uploading a picture. Plain Python + httpx.

Throughput limits (130429 the number's, 131056 one pair of numbers', 80007 the account's,
an HTTP 429) and a server's or the network's trouble are retried a few times with a
growing pause; every other refusal is raised as GraphApiError with Meta's code, for the
caller to decide (131047 means a template, 190 a token to renew).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from channels.whatsapp.config import WhatsAppSettings

log = logging.getLogger(__name__)

RATE_LIMITED = frozenset({130429, 131056, 80007})
TOKEN_INVALID = 190
REENGAGEMENT_REQUIRED = 131047
ATTEMPTS = 4  # the first call and three retries
FIRST_PAUSE_SECONDS = 0.5


@dataclass
class GraphApiError(Exception):
    status: int
    code: int | None
    message: str
    details: str = ""

    def __str__(self) -> str:
        return f"Graph API error {self.code} (HTTP {self.status}): {self.message}"

    @property
    def retryable(self) -> bool:
        return self.status in (0, 429) or self.status >= 500 or self.code in RATE_LIMITED


def _error(reply: httpx.Response) -> GraphApiError:
    try:
        error = reply.json().get("error") or {}
    except ValueError:
        error = {}
    details = error.get("error_data", {}).get("details", "") if isinstance(error.get("error_data"), dict) else ""
    code = error.get("code")
    return GraphApiError(reply.status_code, code if isinstance(code, int) else None,
                         str(error.get("message") or reply.reason_phrase), str(details or ""))


class GraphApi:
    def __init__(self, settings: WhatsAppSettings, client: httpx.AsyncClient | None = None,
                 first_pause: float = FIRST_PAUSE_SECONDS,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.settings = settings
        self.client = client or httpx.AsyncClient(
            timeout=httpx.Timeout(15, connect=5), limits=httpx.Limits(max_connections=64))
        self.first_pause = first_pause
        self.sleep = sleep

    async def send(self, to: str, message: dict[str, Any]) -> str:
        """Sends one message (a body from formatting.py) to `to`; its wamid."""
        body = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to, **message}
        answer = await self._post(self.settings.messages_url, json=body)
        messages = answer.get("messages") or [{}]
        return str(messages[0].get("id") or "")

    async def mark_read(self, message_id: str) -> None:
        await self._post(self.settings.messages_url,
                         json={"messaging_product": "whatsapp", "status": "read", "message_id": message_id})

    async def upload_png(self, picture: bytes, filename: str = "chart.png") -> str:
        """Uploads a PNG for sending by id; the media id."""
        answer = await self._post(self.settings.media_url,
                                  data={"messaging_product": "whatsapp", "type": "image/png"},
                                  files={"file": (filename, picture, "image/png")})
        media_id = str(answer.get("id") or "")
        if not media_id:
            raise GraphApiError(200, None, "the media upload answered without an id")
        return media_id

    async def close(self) -> None:
        await self.client.aclose()

    async def _post(self, url: str, **content: Any) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self.settings.access_token}"}
        pause = self.first_pause
        for attempt in range(1, ATTEMPTS + 1):
            try:
                reply = await self.client.post(url, headers=headers, **content)
            except httpx.TransportError as trouble:
                problem = GraphApiError(0, None, f"network: {type(trouble).__name__}")
            else:
                if reply.status_code < 300:
                    try:
                        answer = reply.json()
                    except ValueError:
                        answer = {}
                    return answer if isinstance(answer, dict) else {}
                problem = _error(reply)
            if not problem.retryable or attempt == ATTEMPTS:
                raise problem
            log.info("WhatsApp: the Graph API is busy (%s); retry %d in %.1f s", problem.code or problem.status,
                     attempt, pause)
            await self.sleep(pause)
            pause *= 2
        raise AssertionError("unreachable")  # the loop returns or raises
