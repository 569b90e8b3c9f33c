"""URL handling and per-backend session settings of the profile store's engines."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from luna.profiles import Profile, ProfileStore, upgrade_database
from luna.profiles.engine import migration_engine, resolve_url, store_engine


def test_relative_sqlite_path_is_resolved_against_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_profile: Callable[..., Profile]
) -> None:
    monkeypatch.chdir(tmp_path)
    url = "sqlite:///state/nested/luna.db"
    assert resolve_url(url).database == str(tmp_path / "state" / "nested" / "luna.db")
    assert not (tmp_path / "state").exists(), "resolving a URL must not touch the disk"
    upgrade_database(url)
    store = ProfileStore.from_url(url)
    monkeypatch.chdir("/")  # the store keeps using the file it resolved at construction
    asyncio.run(store.save(make_profile()))
    asyncio.run(store.close())
    assert (tmp_path / "state" / "nested" / "luna.db").is_file()


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:", "sqlite:///file:luna?mode=memory&uri=true"])
def test_in_memory_sqlite_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="SQLite file"):
        resolve_url(url)


def test_other_databases_are_refused() -> None:
    with pytest.raises(ValueError, match="sqlite or postgresql"):
        resolve_url("mysql://luna:luna@localhost/luna")


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    engine = store_engine(resolve_url(f"sqlite:///{tmp_path / 'luna.db'}"), timeout=1.5)
    try:
        with engine.connect() as connection:
            pragma = connection.exec_driver_sql
            assert pragma("PRAGMA journal_mode").scalar() == "wal"
            assert pragma("PRAGMA foreign_keys").scalar() == 1
            assert pragma("PRAGMA busy_timeout").scalar() == 1500
    finally:
        engine.dispose()


def test_postgresql_sessions_carry_the_timeouts_and_keep_url_options(postgres_url: str) -> None:
    schema = make_url(postgres_url).query["options"].split("=", 1)[1]
    engine = store_engine(resolve_url(postgres_url), timeout=1.5)
    try:
        with engine.connect() as connection:
            show = connection.exec_driver_sql
            assert show("SHOW statement_timeout").scalar() == "1500ms"
            assert show("SHOW lock_timeout").scalar() == "1500ms"
            assert show("SHOW TimeZone").scalar() == "UTC"
            assert show("SHOW application_name").scalar() == "luna-profiles"
            # The search_path the URL asked for survives our own libpq options.
            assert show("SELECT current_schema()").scalar() == schema
    finally:
        engine.dispose()


def test_postgresql_migrations_have_no_statement_limit(postgres_url: str) -> None:
    engine = migration_engine(resolve_url(postgres_url), lock_timeout=60)
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SHOW statement_timeout").scalar() == "0"
            assert connection.exec_driver_sql("SHOW lock_timeout").scalar() == "1min"
    finally:
        engine.dispose()
