"""ProfileStore: async access to the profiles table that never blocks the event loop.

Each operation runs the synchronous SQLAlchemy work in a worker thread (``asyncio.to_thread``)
under an ``asyncio.wait_for`` deadline. The engine's own limits (engine.py) are set to the same
timeout so that a thread the deadline abandoned also gives up soon after, and returns its
connection to the pool.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any, TypeVar

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from .engine import resolve_url, store_engine
from .errors import ProfileStoreError
from .models import profiles
from .profile import Profile

T = TypeVar("T")

_KEY_COLUMNS = ("channel", "sender_id")
_DATA_COLUMNS = (
    "name",
    "birth_date",
    "birth_time",
    "time_known",
    "place_label",
    "latitude",
    "longitude",
    "timezone",
    "match_side",
)
# Both dialects spell upsert as INSERT ... ON CONFLICT DO UPDATE ... RETURNING.
_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


class ProfileStore:
    """Profiles keyed by (channel, sender_id), on SQLite or PostgreSQL.

    Nothing connects until the first operation (or ``open()``). Every method raises
    ProfileStoreError, with the cause chained, when the database fails or ``timeout`` seconds
    pass. The schema must exist: call ``upgrade_database(url)`` at start-up.
    """

    def __init__(self, url: str | URL, *, timeout: float = 5.0, pool_size: int = 5) -> None:
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        self._url = resolve_url(url)
        self._timeout = timeout
        self._pool_size = pool_size
        self._engine: Engine | None = None
        self._engine_lock = threading.Lock()
        self._closed = False

    @classmethod
    def from_url(cls, url: str | URL, *, timeout: float = 5.0, pool_size: int = 5) -> ProfileStore:
        return cls(url, timeout=timeout, pool_size=pool_size)

    @property
    def url(self) -> str:
        """The database URL with the password masked, for logs."""
        return self._url.render_as_string(hide_password=True)

    @property
    def timeout(self) -> float:
        return self._timeout

    async def open(self) -> None:
        """Create the engine and check one connection now rather than on first use."""
        await self.run("open", _ping)

    async def get(self, channel: str, sender_id: str) -> Profile | None:
        return await self.run("get", lambda engine: _get(engine, channel, sender_id))

    async def save(self, profile: Profile) -> Profile:
        """Insert or replace the whole profile in one statement; returns it as stored.

        ``created_at`` keeps the first save's time; ``updated_at`` becomes this save's time
        (never earlier than the stored one, should a racing save have stamped a later time).
        """
        return await self.run("save", lambda engine: _save(engine, profile))

    async def delete(self, channel: str, sender_id: str) -> bool:
        """Forget a profile; True when there was one."""
        return await self.run("delete", lambda engine: _delete(engine, channel, sender_id))

    async def close(self) -> None:
        """Close pooled connections. Idempotent; the store cannot be used afterwards."""
        with self._engine_lock:
            self._closed = True
            engine, self._engine = self._engine, None
        if engine is not None:
            await self._call("close", engine.dispose)

    def _get_engine(self) -> Engine:
        # Called from worker threads, hence the lock; creating the engine does not connect.
        with self._engine_lock:
            if self._closed:
                raise RuntimeError("the profile store is closed")
            if self._engine is None:
                self._engine = store_engine(self._url, timeout=self._timeout, pool_size=self._pool_size)
            return self._engine

    async def run(self, operation: str, work: Callable[[Engine], T]) -> T:
        """Run ``work(engine)`` in a worker thread under the store's deadline.

        For the other tables of the same database (usage.py): they share this engine, its
        pool and its limits, and fail with the same ProfileStoreError naming ``operation``.
        """
        if self._closed:
            raise RuntimeError("the profile store is closed")
        return await self._call(operation, lambda: work(self._get_engine()))

    async def _call(self, operation: str, function: Callable[[], T]) -> T:
        """Run ``function`` in a worker thread under the deadline; database errors become ours."""
        try:
            return await asyncio.wait_for(asyncio.to_thread(function), self._timeout)
        except asyncio.TimeoutError as exc:
            raise ProfileStoreError(
                f"profile {operation} timed out after {self._timeout:g} s", operation=operation, timed_out=True
            ) from exc
        except (SQLAlchemyError, OSError) as exc:
            # OSError: the SQLite file's directory could not be created.
            raise ProfileStoreError(f"profile {operation} failed ({_kind(exc)})", operation=operation) from exc


def _kind(exc: BaseException) -> str:
    """The driver's error class (NotNullViolation, LockNotAvailable...): informative, no data."""
    original = getattr(exc, "orig", None)
    return type(original or exc).__name__


def _ping(engine: Engine) -> None:
    with engine.connect() as connection:
        connection.exec_driver_sql("SELECT 1")


def _get(engine: Engine, channel: str, sender_id: str) -> Profile | None:
    query = select(profiles).where(profiles.c.channel == channel, profiles.c.sender_id == sender_id)
    with engine.connect() as connection:
        row = connection.execute(query).mappings().first()
    return None if row is None else _to_profile(row)


def _save(engine: Engine, profile: Profile) -> Profile:
    # Set here rather than by the server so both backends keep microseconds and agree.
    now = datetime.now(timezone.utc)
    insert = _INSERTS[engine.dialect.name]
    values = {column: getattr(profile, column) for column in (*_KEY_COLUMNS, *_DATA_COLUMNS)}
    statement = insert(profiles).values(**values, created_at=now, updated_at=now)
    # On conflict the row is locked and rewritten in place: concurrent saves for one person
    # serialise instead of failing on the unique constraint. created_at is left alone.
    changes: dict[str, Any] = {column: statement.excluded[column] for column in _DATA_COLUMNS}
    # Birth details saved without a side keep the side said before.
    changes["match_side"] = func.coalesce(statement.excluded.match_side, profiles.c.match_side)
    # ``now`` is taken before the row lock, so of two racing saves the later commit may carry
    # the earlier time: keep the newer one, so updated_at never goes backwards. (SQLite's
    # two-argument max() is scalar; its timestamps are same-format text, ordered as times.)
    newest = func.greatest if engine.dialect.name == "postgresql" else func.max
    changes["updated_at"] = newest(statement.excluded.updated_at, profiles.c.updated_at)
    statement = statement.on_conflict_do_update(
        index_elements=[profiles.c.channel, profiles.c.sender_id], set_=changes
    ).returning(*profiles.c)
    with engine.begin() as connection:
        row = connection.execute(statement).mappings().one()
    return _to_profile(row)


def _delete(engine: Engine, channel: str, sender_id: str) -> bool:
    statement = delete(profiles).where(profiles.c.channel == channel, profiles.c.sender_id == sender_id)
    with engine.begin() as connection:
        return connection.execute(statement).rowcount > 0


def _to_profile(row: Mapping[str, Any]) -> Profile:
    return Profile(
        channel=row["channel"],
        sender_id=row["sender_id"],
        name=row["name"],
        birth_date=row["birth_date"],
        birth_time=row["birth_time"],
        time_known=bool(row["time_known"]),
        place_label=row["place_label"],
        latitude=row["latitude"],
        longitude=row["longitude"],
        timezone=row["timezone"],
        match_side=row["match_side"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )
