"""Engines for the profile store: the one place that knows each backend's quirks.

Only SQLite files and PostgreSQL (psycopg2) are supported. Every engine bounds every wait it
can: connecting, waiting for a pooled connection, waiting for a lock, running a statement. The
store's asyncio deadline frees the caller, but it cannot stop the worker thread, so these
database-side limits are what stop that thread from hanging on.
"""

from __future__ import annotations

import math
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from luna.sqlite_file import make_private_sqlite_file

APPLICATION_NAME = "luna-profiles"


def resolve_url(url: str | URL) -> URL:
    """Check the backend and make an SQLite path absolute (relative to the current directory).

    Resolving once, up front, means the migrations and the store open the same file even if
    the process changes directory later. Touches nothing on disk.
    """
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "postgresql":
        return parsed
    if backend != "sqlite":
        raise ValueError(f"unsupported database {backend!r}: the profile store runs on sqlite or postgresql")
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:") or "uri" in parsed.query:
        # An in-memory database is private to one connection, so pooled worker threads would
        # each see a different, empty one.
        raise ValueError("the profile store needs an SQLite file path, e.g. sqlite:///luna.db")
    path = Path(database).expanduser()
    if not path.is_absolute():
        path = Path.cwd() / path
    return parsed.set(database=str(path))


def store_engine(url: URL, *, timeout: float, pool_size: int = 5) -> Engine:
    """The pooled engine behind ProfileStore; every database wait is bounded by ``timeout``."""
    common: dict[str, Any] = {
        "pool_pre_ping": True,
        "pool_size": pool_size,
        "max_overflow": pool_size,
        "pool_timeout": timeout,
        # Keep birth details out of exception messages and therefore out of logs.
        "hide_parameters": True,
    }
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url, busy_timeout=timeout, begin="BEGIN", **common)
    return _postgres_engine(url, connect_timeout=timeout, lock_timeout=timeout, statement_timeout=timeout, **common)


def migration_engine(url: URL, *, lock_timeout: float, connect_timeout: float = 10.0) -> Engine:
    """A single-connection engine for migrations: no statement limit, locks bounded.

    On SQLite ``BEGIN IMMEDIATE`` takes the write lock at the start of the migration, which
    serialises processes on the same host the way the advisory lock does on PostgreSQL.
    """
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url, busy_timeout=lock_timeout, begin="BEGIN IMMEDIATE", poolclass=NullPool)
    return _postgres_engine(
        url, connect_timeout=connect_timeout, lock_timeout=lock_timeout, statement_timeout=None, poolclass=NullPool
    )


def _sqlite_engine(url: URL, *, busy_timeout: float, begin: str, **kwargs: Any) -> Engine:
    engine = create_engine(url, connect_args={"timeout": busy_timeout}, **kwargs)

    @event.listens_for(engine, "do_connect")
    def _before_connect(*_: Any) -> None:
        # Before every new connection rather than in resolve_url, so that nothing is written
        # before first use: the file (and its directory) are created owner-only.
        make_private_sqlite_file(url.database or "")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own transaction handling skips DDL and begins late; switch it off and let
        # SQLAlchemy emit BEGIN itself (the recipe in SQLAlchemy's SQLite documentation), so a
        # migration is one transaction and a save is atomic.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # WAL: readers never wait for the writer. The mode is stored in the file.
        _use_wal(cursor, busy_timeout)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql(begin)

    return engine


def _use_wal(cursor: Any, busy_timeout: float) -> None:
    """Switch the file to WAL, waiting up to ``busy_timeout`` for other connections.

    Replicas opening a new file together meet "database is locked" here: the switch needs
    the file to itself, and SQLite fails at once rather than call its busy handler, since a
    connection waiting while it holds a read lock could deadlock. Hence our own retry.
    """
    deadline = time.monotonic() + busy_timeout
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() >= deadline:
                raise
            time.sleep(0.05)


def _postgres_engine(
    url: URL, *, connect_timeout: float, lock_timeout: float, statement_timeout: float | None, **kwargs: Any
) -> Engine:
    settings = [f"-c lock_timeout={_millis(lock_timeout)}", "-c timezone=UTC"]
    if statement_timeout is not None:
        settings.append(f"-c statement_timeout={_millis(statement_timeout)}")
    # connect_args replace the URL's own libpq "options" (a search_path, say): keep both.
    existing = url.query.get("options")
    if isinstance(existing, tuple):
        existing = " ".join(existing)
    options = " ".join([existing, *settings] if existing else settings)
    connect_args = {
        # libpq takes whole seconds and treats anything under 2 as 2.
        "connect_timeout": max(2, math.ceil(connect_timeout)),
        "options": options,
        "application_name": APPLICATION_NAME,
        # A dead network would otherwise leave the worker thread waiting for minutes: keepalives
        # notice a silent peer, tcp_user_timeout unacknowledged writes.
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 10,
        "keepalives_count": 3,
        "tcp_user_timeout": max(1000, _millis(lock_timeout)),
    }
    return create_engine(url.difference_update_query(["options"]), connect_args=connect_args, **kwargs)


def _millis(seconds: float) -> int:
    return max(1, round(seconds * 1000))
