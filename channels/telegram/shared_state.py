"""What the Telegram channel remembers between updates, kept where every Rasa replica
sees it: Redis when REDIS_URL is set (the deployment with several replicas), else this
process's memory (one replica, `make run`).

- update ids already taken: Telegram delivers an update again when it got no answer in
  time, and another replica may receive the copy;
- chats whose user blocked the bot: nothing more is sent there until they write again;
- button payloads too long for Telegram's 64-byte callback_data, under a short key.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections import OrderedDict
from typing import Protocol

log = logging.getLogger(__name__)

# Telegram gives up re-delivering an update after about a day.
UPDATE_MEMORY_SECONDS = 26 * 3600
# A button stays usable for a month; after that it answers "this button has expired".
PAYLOAD_MEMORY_SECONDS = 30 * 24 * 3600
PREFIX = "luna:telegram:"
# The in-memory state's bound: the oldest entries go first.
MEMORY_ENTRIES = 100_000


class SharedState(Protocol):
    async def first_sighting(self, update_id: int) -> bool: ...
    async def set_blocked(self, chat_id: int, blocked: bool) -> None: ...
    async def is_blocked(self, chat_id: int) -> bool: ...
    async def remember_payload(self, payload: str) -> str: ...
    async def payload_for(self, key: str) -> str | None: ...


def payload_key(payload: str) -> str:
    """A short, stable key for a payload (the same payload always gets the same key)."""
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]


class MemoryState:
    def __init__(self, entries: int = MEMORY_ENTRIES) -> None:
        self._entries = entries
        self._updates: OrderedDict[int, float] = OrderedDict()
        self._blocked: set[int] = set()
        self._payloads: OrderedDict[str, str] = OrderedDict()

    async def first_sighting(self, update_id: int) -> bool:
        now = time.monotonic()
        while self._updates and next(iter(self._updates.values())) < now - UPDATE_MEMORY_SECONDS:
            self._updates.popitem(last=False)
        if update_id in self._updates:
            return False
        self._updates[update_id] = now
        while len(self._updates) > self._entries:
            self._updates.popitem(last=False)
        return True

    async def set_blocked(self, chat_id: int, blocked: bool) -> None:
        (self._blocked.add if blocked else self._blocked.discard)(chat_id)

    async def is_blocked(self, chat_id: int) -> bool:
        return chat_id in self._blocked

    async def remember_payload(self, payload: str) -> str:
        key = payload_key(payload)
        self._payloads.pop(key, None)
        self._payloads[key] = payload
        while len(self._payloads) > self._entries:
            self._payloads.popitem(last=False)
        return key

    async def payload_for(self, key: str) -> str | None:
        return self._payloads.get(key)


class RedisState:
    """The same, in Redis: SET NX makes "first sighting" atomic across replicas."""

    def __init__(self, url: str) -> None:
        from redis import asyncio as redis  # Rasa's environment has redis; only this class needs it

        self._redis = redis.from_url(url, decode_responses=True)

    async def first_sighting(self, update_id: int) -> bool:
        return bool(await self._redis.set(f"{PREFIX}update:{update_id}", "1", nx=True, ex=UPDATE_MEMORY_SECONDS))

    async def set_blocked(self, chat_id: int, blocked: bool) -> None:
        key = f"{PREFIX}blocked:{chat_id}"
        await (self._redis.set(key, "1") if blocked else self._redis.delete(key))

    async def is_blocked(self, chat_id: int) -> bool:
        return bool(await self._redis.exists(f"{PREFIX}blocked:{chat_id}"))

    async def remember_payload(self, payload: str) -> str:
        key = payload_key(payload)
        await self._redis.set(f"{PREFIX}payload:{key}", payload, ex=PAYLOAD_MEMORY_SECONDS)
        return key

    async def payload_for(self, key: str) -> str | None:
        return await self._redis.get(f"{PREFIX}payload:{key}")


def state_from_environment() -> SharedState:
    url = os.environ.get("REDIS_URL", "").strip()
    if url:
        return RedisState(url)
    return MemoryState()
