"""What a migrated database holds, read through a connection of its own (the tests
compare it with what the migrations should have made)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.pool import NullPool

T = TypeVar("T")


def _probe(url: str, read: Callable[[Engine], T]) -> T:
    engine = create_engine(url, poolclass=NullPool)
    try:
        return read(engine)
    finally:
        engine.dispose()


def versions(url: str) -> list[str]:
    """The Alembic revisions stamped in the database."""

    def read(engine: Engine) -> list[str]:
        with engine.connect() as connection:
            return list(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())

    return _probe(url, read)


def tables(url: str) -> set[str]:
    return _probe(url, lambda engine: set(inspect(engine).get_table_names()))


def indexes(url: str, table: str) -> list[dict]:
    return _probe(url, lambda engine: list(inspect(engine).get_indexes(table)))
