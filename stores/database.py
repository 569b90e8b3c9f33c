"""The tracker store's database engine: every wait bounded, the SQLite file owner-only.

Rasa's own SQLTrackerStore connects with no connect, statement or pool timeout, so a
database that stops answering holds a conversation (and, since its calls block the event
loop, every conversation of that Rasa server) for as long as TCP lets it. This engine
bounds each wait by LUNA_DB_TIMEOUT_SECONDS, as the action server's profile store does
(luna/profiles/engine.py: the same limits, written again here because this runs in Rasa's
environment with SQLAlchemy 1.4).
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import create_engine_kwargs
from sqlalchemy.engine import URL, Engine, make_url

from luna.sqlite_file import make_private_sqlite_file

APPLICATION_NAME = "luna-tracker"
# Rasa's variable names for its SQL tracker store's pool (rasa.core.constants).
POOL_SIZE_VARIABLE = "SQL_POOL_SIZE"
MAX_OVERFLOW_VARIABLE = "SQL_MAX_OVERFLOW"
DEFAULT_POOL_SIZE = 10
DEFAULT_MAX_OVERFLOW = 10


def tracker_engine(url: str | URL, *, timeout: float) -> Engine:
    """An engine for the `events` table whose connects, pooled-connection waits, locks and
    statements all give up after `timeout` seconds."""
    url = make_url(url)
    backend = url.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url, timeout)
    if backend == "postgresql":
        return _postgres_engine(url, timeout)
    raise ValueError(f"unsupported tracker store database {backend!r}: Luna runs on sqlite or postgresql")


def _sqlite_engine(url: URL, timeout: float) -> Engine:
    database = url.database or ""
    if database in ("", ":memory:"):
        raise ValueError("the tracker store needs an SQLite file path, e.g. sqlite:///luna.db")
    # `timeout` is sqlite3's busy timeout: how long a writer waits for another's lock.
    engine = sa.create_engine(url, connect_args={"timeout": timeout}, hide_parameters=True)

    @sa.event.listens_for(engine, "do_connect")
    def _before_connect(*_: Any) -> None:
        make_private_sqlite_file(os.path.abspath(database))

    return engine


def pool_sizes(environ: Mapping[str, str] = os.environ) -> tuple[int, int]:
    """(pool_size, max_overflow) of one Rasa process's tracker store engine.

    Rasa's own variables, with Luna's defaults: Rasa's (50 + 100 overflow) would let each
    Sanic worker open 150 connections, so two replicas alone pass PostgreSQL's default
    max_connections of 100. A turn holds a connection for one read and one write, so 10
    (+10 in a burst) per worker is plenty. The server needs replicas x SANIC_WORKERS x
    (SQL_POOL_SIZE + SQL_MAX_OVERFLOW) connections for Rasa (scripts/prod_settings.py sizes
    max_connections from this; README, "Production on one machine").
    """
    return (int(environ.get(POOL_SIZE_VARIABLE) or DEFAULT_POOL_SIZE),
            int(environ.get(MAX_OVERFLOW_VARIABLE) or DEFAULT_MAX_OVERFLOW))


def _postgres_engine(url: URL, timeout: float) -> Engine:
    # Rasa's knobs (SQL_POOL_SIZE, SQL_MAX_OVERFLOW, POSTGRESQL_SCHEMA) keep working.
    kwargs = create_engine_kwargs(url)
    kwargs["pool_size"], kwargs["max_overflow"] = pool_sizes()
    connect_args = kwargs.pop("connect_args", {})
    millis = max(1, round(timeout * 1000))
    # connect_args replace the URL's own libpq options (a search_path, say): keep all of them.
    options = [_joined(url.query.get("options")), connect_args.get("options"),
               f"-c statement_timeout={millis}", f"-c lock_timeout={millis}"]
    connect_args.update({
        # libpq counts whole seconds and treats anything under 2 as 2. It bounds the whole
        # start-up, so a server that accepts and never answers is given up on too.
        "connect_timeout": max(2, math.ceil(timeout)),
        "options": " ".join(option for option in options if option),
        "application_name": APPLICATION_NAME,
        # A host that vanished: keepalives notice a silent peer, tcp_user_timeout a write
        # nobody acknowledges; otherwise the worker thread waits for minutes.
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 10,
        "keepalives_count": 3,
        "tcp_user_timeout": max(1000, millis),
    })
    return sa.create_engine(
        url.difference_update_query(["options"]),
        connect_args=connect_args,
        pool_timeout=timeout,
        pool_pre_ping=True,
        # Events hold birth details and messages: keep them out of exception messages and logs.
        hide_parameters=True,
        **kwargs,
    )


def _joined(option: str | tuple[str, ...] | None) -> str | None:
    return " ".join(option) if isinstance(option, tuple) else option
