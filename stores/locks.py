"""The lock store: Redis when REDIS_URL is set (needed for several Rasa replicas), else
in-memory (one process).

Several Sanic workers (SANIC_WORKERS) are separate processes, so in-memory locks would let
two of them handle one conversation at once. Rasa only refuses that for its own in-memory
store, not for this class, so the store refuses it itself."""

from __future__ import annotations

import os

from rasa.core.lock import TicketLock
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig
from redis.connection import parse_url


class EnvironmentLockStore(LockStore):
    """Delegates to a RedisLockStore built from REDIS_URL, or to an InMemoryLockStore."""

    def __init__(self, endpoint_config: EndpointConfig | None = None) -> None:
        url = (endpoint_config.url if endpoint_config and endpoint_config.url else None) or os.environ.get("REDIS_URL")
        if url:
            options = parse_url(url)
            self.store: LockStore = RedisLockStore(
                host=options.get("host", "localhost"),
                port=int(options.get("port", 6379)),
                db=int(options.get("db", 1)),
                username=options.get("username"),
                password=options.get("password"),
                use_ssl=url.startswith("rediss://"),
                key_prefix="luna",
            )
        else:
            workers = os.environ.get("SANIC_WORKERS", "1").strip() or "1"
            if workers != "1":
                raise ValueError(f"SANIC_WORKERS={workers} needs REDIS_URL: each worker is a process of its own, "
                                 "and only Redis locks keep two of them out of one conversation.")
            self.store = InMemoryLockStore()

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        return self.store.get_lock(conversation_id)

    def delete_lock(self, conversation_id: str) -> None:
        self.store.delete_lock(conversation_id)

    def save_lock(self, lock: TicketLock) -> None:
        self.store.save_lock(lock)
