"""Run the profile store's Alembic migrations from code: no alembic.ini needed.

``upgrade_database(url)`` is meant to be called at every action-server start, by every
replica: on PostgreSQL ``migrations/env.py`` takes a transaction-scoped advisory lock before
looking at the schema, so replicas starting together apply each migration once and the others
wait, then find nothing to do. On SQLite the migration transaction starts with
``BEGIN IMMEDIATE``, which serialises processes on the host the same way.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from .engine import migration_engine, resolve_url
from .errors import ProfileStoreError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# pg_advisory_xact_lock takes a signed 64-bit key; derive it from a name so it is stable and
# unlikely to collide with another application's locks in the same database.
MIGRATION_LOCK_KEY = int.from_bytes(
    hashlib.blake2b(b"luna.profiles.migrations", digest_size=8).digest(), "big", signed=True
)

# Alembic keeps the running migration in module globals (alembic.context, alembic.op), so two
# threads of one process must not migrate at once; other processes are held off by the
# database lock.
_PROCESS_LOCK = threading.Lock()


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic Config for ``migrations/``; with ``connection``, env.py migrates on it."""
    # Alembic is imported only when migrating: it costs ~0.6 s that no conversation turn needs.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration's revision id: what a fully upgraded database records."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations found in {MIGRATIONS_DIR}")
    return head


def upgrade_database(url: str, *, lock_timeout: float = 60.0, connect_timeout: float = 10.0) -> None:
    """Bring the database at ``url`` to the newest schema (``alembic upgrade head``).

    Idempotent. Gives up connecting after ``connect_timeout`` seconds, and waits at most
    ``lock_timeout`` seconds for another replica's migration (or any lock a migration needs).
    Raises ProfileStoreError, with the cause chained, when the database cannot be reached or a
    migration fails; a failed migration is rolled back whole.
    """
    from alembic import command

    try:
        engine = migration_engine(resolve_url(url), lock_timeout=lock_timeout, connect_timeout=connect_timeout)
        try:
            with _PROCESS_LOCK, engine.connect() as connection:
                command.upgrade(alembic_config(connection), "head")
        finally:
            engine.dispose()
    except (SQLAlchemyError, OSError) as exc:
        raise ProfileStoreError(
            f"profile database migration failed ({type(getattr(exc, 'orig', None) or exc).__name__})",
            operation="migrate",
        ) from exc
