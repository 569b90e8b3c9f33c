"""Alembic environment for the profile store.

Online migrations only. ``upgrade_database()`` hands over an open connection through
``config.attributes["connection"]``; the alembic command line (``alembic -c
luna/profiles/alembic.ini -x url=... upgrade head``) gets one built from ``-x url``.
Logging is deliberately left alone: the action server owns the logging configuration.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, text

from luna.profiles.engine import migration_engine, resolve_url
from luna.profiles.migrate import MIGRATION_LOCK_KEY
from luna.profiles.models import Base


def _migrate(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        compare_type=True,
        # SQLite alters tables by copying them; batch mode is how Alembic does that.
        render_as_batch=sqlite,
        # Our SQLite engine emits BEGIN itself (see engine.py), so DDL is transactional there
        # too and a failed migration leaves nothing half-done.
        transactional_ddl=True if sqlite else None,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Taken before Alembic reads the version table; released at commit or rollback,
            # so a crashed replica cannot leave it held.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        context.run_migrations()


def _run_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("give the database as: alembic -c luna/profiles/alembic.ini -x url=URL upgrade head")
    engine = migration_engine(resolve_url(url), lock_timeout=60.0)
    try:
        with engine.connect() as owned:
            _migrate(owned)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("offline (--sql) migrations are not supported for the profile store")
_run_online()
