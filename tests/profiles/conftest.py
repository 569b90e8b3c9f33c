"""Fixtures for the profile store's tests: real databases only.

Every database-backed test runs twice, on a fresh SQLite file and on PostgreSQL. The
PostgreSQL cases need LUNA_TEST_POSTGRES_URL; without it they are skipped (and fail instead
when LUNA_REQUIRE_POSTGRES=1, which CI sets so that a missing server cannot pass as green).
Each PostgreSQL test gets a schema of its own, chosen through libpq's search_path option, and
the schema is dropped afterwards.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from luna.profiles import Profile, ProfileStore, upgrade_database

POSTGRES_ENV = "LUNA_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_ENV = "LUNA_REQUIRE_POSTGRES"
BACKENDS = ["sqlite", "postgresql"]


def _postgres_base_url() -> str:
    url = os.environ.get(POSTGRES_ENV, "").strip()
    if not url:
        reason = (
            f"PostgreSQL not configured: set {POSTGRES_ENV}, e.g. "
            "postgresql+psycopg2://luna:luna@127.0.0.1:5432/luna_test (CI sets it)"
        )
        if os.environ.get(REQUIRE_POSTGRES_ENV) == "1":
            pytest.fail(f"{reason}; {REQUIRE_POSTGRES_ENV}=1 requires it")
        pytest.skip(reason)
    return url


@contextmanager
def _postgres_schema() -> Iterator[str]:
    """A URL whose connections live in a new, empty schema; the schema is dropped afterwards."""
    base = _postgres_base_url()
    schema = f"luna_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, poolclass=NullPool)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database, not yet migrated."""
    if request.param == "sqlite":
        # A directory that does not exist yet: the store must create it.
        yield f"sqlite:///{tmp_path / 'data' / 'luna.db'}"
        return
    with _postgres_schema() as url:
        yield url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """An empty PostgreSQL schema, for the tests that only make sense there."""
    with _postgres_schema() as url:
        yield url


@pytest.fixture
def migrated_url(database_url: str) -> str:
    upgrade_database(database_url)
    return database_url


@pytest.fixture
def store(migrated_url: str) -> Iterator[ProfileStore]:
    profile_store = ProfileStore.from_url(migrated_url, timeout=5.0)
    yield profile_store
    asyncio.run(profile_store.close())


@pytest.fixture
def make_profile() -> Callable[..., Profile]:
    """A complete, valid profile; keyword arguments override fields."""

    def make(**overrides: object) -> Profile:
        fields: dict[str, object] = {
            "channel": "telegram",
            "sender_id": "491234567",
            "name": "Asha",
            "birth_date": date(1990, 3, 5),
            "birth_time": time(22, 30, 15),
            "time_known": True,
            "place_label": "Pune, Maharashtra, India",
            "latitude": 18.5204,
            "longitude": 73.8567,
            "timezone": "Asia/Kolkata",
        }
        fields.update(overrides)
        return Profile(**fields)  # type: ignore[arg-type]

    return make
