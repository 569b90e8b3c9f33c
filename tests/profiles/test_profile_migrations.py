"""The Alembic migrations: they create the schema, record it, and are safe to re-run at once."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from luna.profiles import Profile, ProfileStore, ProfileStoreError, head_revision, upgrade_database
from luna.profiles.migrate import alembic_config
from luna.profiles.models import Base
from tests.profiles.schema_probe import tables, versions


def test_head_is_the_llm_calls_migration() -> None:
    assert head_revision() == "0003"


def test_a_profile_stored_before_the_match_side_survives_the_upgrade(database_url: str) -> None:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            command.upgrade(alembic_config(connection), "0001")
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO profiles (channel, sender_id, name, birth_date, birth_time, time_known, place_label,"
                " latitude, longitude, timezone, created_at, updated_at) VALUES ('rest', 'old', 'Asha',"
                " '1990-03-05', '22:30:00', true, 'Pune', 18.5, 73.8, 'Asia/Kolkata',"
                " '2026-11-30 10:00:00+00:00', '2026-11-30 10:00:00+00:00')"))
    finally:
        engine.dispose()
    upgrade_database(database_url)
    store = ProfileStore.from_url(database_url)
    try:
        profile = asyncio.run(store.get("rest", "old"))
    finally:
        asyncio.run(store.close())
    assert profile is not None and profile.name == "Asha" and profile.match_side is None


def test_upgrade_creates_the_table_and_records_the_version(database_url: str) -> None:
    upgrade_database(database_url)
    assert {"profiles", "alembic_version"} <= tables(database_url)
    assert versions(database_url) == [head_revision()]


def test_upgrade_again_changes_nothing(migrated_url: str, make_profile: Callable[..., Profile]) -> None:
    store = ProfileStore.from_url(migrated_url)
    saved = asyncio.run(store.save(make_profile()))
    upgrade_database(migrated_url)
    upgrade_database(migrated_url)
    assert versions(migrated_url) == [head_revision()]
    assert asyncio.run(store.get(saved.channel, saved.sender_id)) == saved
    asyncio.run(store.close())


def test_models_match_the_migrations(migrated_url: str) -> None:
    # If someone edits models.py without writing a migration, this lists the difference.
    engine = create_engine(migrated_url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_downgrade_removes_the_table_and_upgrade_restores_it(migrated_url: str) -> None:
    engine = create_engine(migrated_url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            command.downgrade(alembic_config(connection), "base")
    finally:
        engine.dispose()
    assert "profiles" not in tables(migrated_url)
    assert versions(migrated_url) == []
    upgrade_database(migrated_url)
    assert versions(migrated_url) == [head_revision()]


def test_replicas_upgrading_at_the_same_moment(database_url: str) -> None:
    # Several action-server replicas (processes) start together on an empty database: each
    # migration must run exactly once; the others wait for the lock, then find nothing to do.
    replicas = 3
    # Each process imports everything, says "ready", and migrates when it reads "go": the
    # upgrades start together however long the imports took.
    script = (
        "import sys\n"
        "import alembic.command  # loaded up front so the upgrades race as closely as possible\n"
        "from luna.profiles import upgrade_database\n"
        "print('ready', flush=True)\n"
        "sys.stdin.readline()\n"
        "upgrade_database(sys.argv[1])\n"
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, database_url],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(replicas)
    ]
    for process in processes:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    failures = []
    for process in processes:
        _, stderr = process.communicate(timeout=120)
        if process.returncode != 0:
            failures.append(stderr)
    assert failures == []
    assert versions(database_url) == [head_revision()]
    assert "profiles" in tables(database_url)


def test_threads_upgrading_at_the_same_moment(database_url: str) -> None:
    # Alembic is not thread-safe; upgrade_database serialises threads of one process itself.
    replicas = 4
    barrier = threading.Barrier(replicas)
    errors: list[BaseException] = []

    def start_replica() -> None:
        try:
            barrier.wait(timeout=10)
            upgrade_database(database_url)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=start_replica) for _ in range(replicas)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert versions(database_url) == [head_revision()]
    assert "profiles" in tables(database_url)


def test_unreachable_postgresql_raises_profile_store_error() -> None:
    # Port 1 on the loopback: nothing listens, the connection is refused at once.
    with pytest.raises(ProfileStoreError) as caught:
        upgrade_database("postgresql+psycopg2://luna:secret@127.0.0.1:1/luna", connect_timeout=2)
    assert caught.value.operation == "migrate"
    assert "secret" not in str(caught.value)
    assert caught.value.__cause__ is not None


def test_sqlite_file_that_cannot_be_created_raises_profile_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    with pytest.raises(ProfileStoreError):
        upgrade_database(f"sqlite:///{blocker / 'luna.db'}")
