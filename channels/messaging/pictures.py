"""Fetching a chart picture from the action server, for a channel that uploads it (the
platform cannot fetch it itself when LUNA_PUBLIC_URL is not a public address)."""

from __future__ import annotations

import httpx

# Telegram's and WhatsApp's limit for an uploaded image is larger than any chart picture.
MAX_PICTURE_BYTES = 5 * 1024 * 1024


async def fetch_picture(url: str, max_bytes: int = MAX_PICTURE_BYTES) -> bytes | None:
    """The picture's bytes; None when it cannot be fetched or is larger than `max_bytes`."""
    try:
        async with httpx.AsyncClient(timeout=10) as client, client.stream("GET", url) as reply:
            if reply.status_code != 200:
                return None
            data = bytearray()
            async for chunk in reply.aiter_bytes():
                data += chunk
                if len(data) > max_bytes:
                    return None
            return bytes(data)
    except httpx.HTTPError:
        return None
