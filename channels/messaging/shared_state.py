"""What the messaging channels (Telegram, WhatsApp) remember between deliveries, kept
where every Rasa replica sees it: Redis when REDIS_URL is set (the deployment with several
replicas), else this process's memory (one replica, `make run`).

- deliveries already taken ("telegram:<update id>", "whatsapp:<wamid>"): a platform
  delivers again when it got no answer in time, and another replica may receive the copy;
- chats whose user blocked the bot: nothing more is sent there until they write again;
- button payloads too long for what the platform carries back (Telegram's 64-byte
  callback_data), under a short key;
- the numbered menu last shown in a chat, where buttons are only text (WhatsApp through
  Twilio): the user's reply "2" means the second item of it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections import OrderedDict
from typing import Protocol

log = logging.getLogger(__name__)

# Telegram and WhatsApp give up delivering again after about a day.
DELIVERY_MEMORY_SECONDS = 26 * 3600
# A button stays usable for a month; after that it answers "this button has expired".
PAYLOAD_MEMORY_SECONDS = 30 * 24 * 3600
# WhatsApp's customer-service window is 24 hours; a last message older than that is as
# good as none, so it need not be kept much longer.
INBOUND_MEMORY_SECONDS = 25 * 3600
# A menu answers replies for a day: WhatsApp's customer-service window is 24 hours.
MENU_MEMORY_SECONDS = 24 * 3600
PREFIX = "luna:channels:"
# The in-memory state's bound: the oldest entries go first.
MEMORY_ENTRIES = 100_000


class SharedState(Protocol):
    async def first_sighting(self, delivery: str) -> bool: ...
    async def set_blocked(self, chat: str, blocked: bool) -> None: ...
    async def is_blocked(self, chat: str) -> bool: ...
    async def remember_payload(self, payload: str) -> str: ...
    async def payload_for(self, key: str) -> str | None: ...
    async def note_inbound(self, chat: str, when: float) -> None: ...
    async def last_inbound(self, chat: str) -> float | None: ...
    async def set_menu(self, chat: str, menu: str | None) -> None: ...
    async def menu_of(self, chat: str) -> str | None: ...


def payload_key(payload: str) -> str:
    """A short, stable key for a payload (the same payload always gets the same key)."""
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]


class MemoryState:
    def __init__(self, entries: int = MEMORY_ENTRIES) -> None:
        self._entries = entries
        self._deliveries: OrderedDict[str, float] = OrderedDict()
        self._blocked: set[str] = set()
        self._payloads: OrderedDict[str, str] = OrderedDict()
        self._inbound: OrderedDict[str, float] = OrderedDict()
        self._menus: OrderedDict[str, tuple[float, str]] = OrderedDict()

    async def first_sighting(self, delivery: str) -> bool:
        now = time.monotonic()
        while self._deliveries and next(iter(self._deliveries.values())) < now - DELIVERY_MEMORY_SECONDS:
            self._deliveries.popitem(last=False)
        if delivery in self._deliveries:
            return False
        self._deliveries[delivery] = now
        while len(self._deliveries) > self._entries:
            self._deliveries.popitem(last=False)
        return True

    async def set_blocked(self, chat: str, blocked: bool) -> None:
        (self._blocked.add if blocked else self._blocked.discard)(chat)

    async def is_blocked(self, chat: str) -> bool:
        return chat in self._blocked

    async def remember_payload(self, payload: str) -> str:
        key = payload_key(payload)
        self._payloads.pop(key, None)
        self._payloads[key] = payload
        while len(self._payloads) > self._entries:
            self._payloads.popitem(last=False)
        return key

    async def payload_for(self, key: str) -> str | None:
        return self._payloads.get(key)

    async def note_inbound(self, chat: str, when: float) -> None:
        """`when` (seconds since the epoch) is the user's latest message, unless a later one is known."""
        latest = max(when, self._inbound.pop(chat, when))
        self._inbound[chat] = latest
        while len(self._inbound) > self._entries:
            self._inbound.popitem(last=False)

    async def last_inbound(self, chat: str) -> float | None:
        return self._inbound.get(chat)

    async def set_menu(self, chat: str, menu: str | None) -> None:
        """The chat's menu (serialised by the channel); None forgets it."""
        self._menus.pop(chat, None)
        if menu is not None:
            self._menus[chat] = (time.monotonic(), menu)
            while len(self._menus) > self._entries:
                self._menus.popitem(last=False)

    async def menu_of(self, chat: str) -> str | None:
        shown = self._menus.get(chat)
        if shown is None or shown[0] < time.monotonic() - MENU_MEMORY_SECONDS:
            return None
        return shown[1]


class RedisState:
    """The same, in Redis: SET NX makes "first sighting" atomic across replicas."""

    def __init__(self, url: str) -> None:
        from redis import asyncio as redis  # Rasa's environment has redis; only this class needs it

        self._redis = redis.from_url(url, decode_responses=True)

    @property
    def redis(self):  # noqa: ANN201 - redis.asyncio.Redis; the package is imported lazily
        """The client, for the in-flight journal (channels/messaging/inflight.py), which keeps its
        entries beside the deliveries taken so that one script does both."""
        return self._redis

    async def first_sighting(self, delivery: str) -> bool:
        return bool(await self._redis.set(f"{PREFIX}delivery:{delivery}", "1", nx=True, ex=DELIVERY_MEMORY_SECONDS))

    async def set_blocked(self, chat: str, blocked: bool) -> None:
        key = f"{PREFIX}blocked:{chat}"
        await (self._redis.set(key, "1") if blocked else self._redis.delete(key))

    async def is_blocked(self, chat: str) -> bool:
        return bool(await self._redis.exists(f"{PREFIX}blocked:{chat}"))

    async def remember_payload(self, payload: str) -> str:
        key = payload_key(payload)
        await self._redis.set(f"{PREFIX}payload:{key}", payload, ex=PAYLOAD_MEMORY_SECONDS)
        return key

    async def payload_for(self, key: str) -> str | None:
        return await self._redis.get(f"{PREFIX}payload:{key}")

    async def note_inbound(self, chat: str, when: float) -> None:
        key = f"{PREFIX}inbound:{chat}"
        known = await self._redis.get(key)
        # Replicas may note the same user's messages out of order: the latest time wins.
        if known is None or float(known) < when:
            await self._redis.set(key, repr(when), ex=INBOUND_MEMORY_SECONDS)

    async def last_inbound(self, chat: str) -> float | None:
        known = await self._redis.get(f"{PREFIX}inbound:{chat}")
        return float(known) if known is not None else None

    async def set_menu(self, chat: str, menu: str | None) -> None:
        key = f"{PREFIX}menu:{chat}"
        await (self._redis.set(key, menu, ex=MENU_MEMORY_SECONDS) if menu is not None else self._redis.delete(key))

    async def menu_of(self, chat: str) -> str | None:
        return await self._redis.get(f"{PREFIX}menu:{chat}")


def state_from_environment() -> SharedState:
    url = os.environ.get("REDIS_URL", "").strip()
    if url:
        return RedisState(url)
    return MemoryState()
