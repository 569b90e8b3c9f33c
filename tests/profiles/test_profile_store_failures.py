"""ProfileStore when things go wrong: locks, timeouts, bad data, missing databases."""

from __future__ import annotations

import asyncio
import socket
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from time import perf_counter

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from luna.profiles import Profile, ProfileStore, ProfileStoreError, upgrade_database
from luna.profiles.models import profiles

MakeProfile = Callable[..., Profile]


@contextmanager
def _row_locked_elsewhere(url: str, channel: str, sender_id: str) -> Iterator[None]:
    """Another client holds the lock a save of this row needs, until the block ends."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        # SQLite locks the whole database for writing.
        other = sqlite3.connect(parsed.database or "", isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            yield
            other.execute("ROLLBACK")
        finally:
            other.close()
        return
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            query = select(profiles.c.id).where(profiles.c.channel == channel, profiles.c.sender_id == sender_id)
            assert connection.execute(query.with_for_update()).first() is not None
            yield
            connection.rollback()
    finally:
        engine.dispose()


async def _with_ticker(awaitable: object) -> tuple[BaseException | object, int]:
    """Await, counting how often a 10 ms ticker ran meanwhile: proof the loop was not blocked."""
    ticks = 0
    stop = asyncio.Event()

    async def ticker() -> None:
        nonlocal ticks
        while not stop.is_set():
            await asyncio.sleep(0.01)
            ticks += 1

    task = asyncio.create_task(ticker())
    try:
        outcome: BaseException | object = await awaitable  # type: ignore[misc]
    except BaseException as exc:  # noqa: BLE001 - returned to the test to assert on
        outcome = exc
    stop.set()
    await task
    return outcome, ticks


def test_save_gives_up_within_its_timeout_while_the_row_is_locked(
    migrated_url: str, store: ProfileStore, make_profile: MakeProfile
) -> None:
    original = asyncio.run(store.save(make_profile()))
    impatient = ProfileStore.from_url(migrated_url, timeout=0.5)
    asyncio.run(impatient.open())
    with _row_locked_elsewhere(migrated_url, original.channel, original.sender_id):
        started = perf_counter()
        # asyncio.run also waits for the worker thread to finish, so this measures that the
        # thread gave up too, not only that the caller stopped waiting.
        outcome, ticks = asyncio.run(_with_ticker(impatient.save(make_profile(name="Changed"))))
        elapsed = perf_counter() - started
        # Readers are not blocked by the writer (PostgreSQL MVCC, SQLite WAL).
        assert asyncio.run(impatient.get(original.channel, original.sender_id)) == original
    assert isinstance(outcome, ProfileStoreError), outcome
    assert outcome.operation == "save"
    assert 0.4 <= elapsed < 1.2, f"gave up after {elapsed:.2f} s with a 0.5 s timeout"
    assert ticks >= 10, "the event loop was blocked while the save waited"
    # Once the lock is gone the same store works again.
    assert asyncio.run(impatient.save(make_profile(name="Changed"))).name == "Changed"
    asyncio.run(impatient.close())


def test_deadline_holds_even_if_the_database_call_never_returns(tmp_path: Path) -> None:
    # The database-side limits normally end a stuck call; this checks the asyncio deadline
    # alone, with a worker that would block for 10 s.
    store = ProfileStore.from_url(f"sqlite:///{tmp_path / 'luna.db'}", timeout=0.3)
    release = threading.Event()

    async def scenario() -> tuple[BaseException | object, int, float]:
        started = perf_counter()
        outcome, ticks = await _with_ticker(store._call("get", lambda: release.wait(10)))
        elapsed = perf_counter() - started
        release.set()
        return outcome, ticks, elapsed

    outcome, ticks, elapsed = asyncio.run(scenario())
    assert isinstance(outcome, ProfileStoreError)
    assert outcome.timed_out is True
    assert "timed out after 0.3 s" in str(outcome)
    assert 0.25 <= elapsed < 1.0
    assert ticks >= 10


def test_failed_save_leaves_the_stored_profile_intact(store: ProfileStore, make_profile: MakeProfile) -> None:
    original = asyncio.run(store.save(make_profile()))
    with pytest.raises(ProfileStoreError) as caught:
        asyncio.run(store.save(make_profile(name=None, place_label="Secret Place 🌙")))
    assert caught.value.operation == "save"
    assert caught.value.__cause__ is not None
    # Our message carries no user data, and SQLAlchemy keeps the statement's parameters out of
    # the chained error (PostgreSQL's own DETAIL line may still quote the failing row).
    assert "Secret Place" not in str(caught.value)
    assert "parameters hidden" in str(caught.value.__cause__)
    assert asyncio.run(store.get(original.channel, original.sender_id)) == original


@pytest.mark.parametrize(
    "overrides",
    [
        {"latitude": 90.5},
        {"longitude": -180.25},
        {"time_known": True, "birth_time": None},
        {"birth_date": None},
        {"timezone": None},
    ],
    ids=["latitude", "longitude", "known-time-missing", "no-date", "no-timezone"],
)
def test_invalid_profiles_are_refused(store: ProfileStore, make_profile: MakeProfile, overrides: dict) -> None:
    with pytest.raises(ProfileStoreError):
        asyncio.run(store.save(make_profile(**overrides)))
    assert asyncio.run(store.get("telegram", "491234567")) is None


def test_unknown_time_may_keep_an_approximate_time(store: ProfileStore, make_profile: MakeProfile) -> None:
    # time_known=False with a time is allowed: a caller may store the approximate time used.
    saved = asyncio.run(store.save(make_profile(time_known=False)))
    assert saved.time_known is False and saved.birth_time is not None


def test_database_not_migrated_is_a_store_error(database_url: str) -> None:
    store = ProfileStore.from_url(database_url)
    with pytest.raises(ProfileStoreError) as caught:
        asyncio.run(store.get("telegram", "1"))
    assert caught.value.operation == "get"
    asyncio.run(store.close())


def test_unreachable_postgresql_is_a_store_error_without_the_password() -> None:
    store = ProfileStore.from_url("postgresql+psycopg2://luna:secret@127.0.0.1:1/luna", timeout=3)
    assert "secret" not in store.url
    started = perf_counter()
    with pytest.raises(ProfileStoreError) as caught:
        asyncio.run(store.get("telegram", "1"))
    assert perf_counter() - started < 3.5
    assert "secret" not in str(caught.value)
    asyncio.run(store.close())


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A loopback port that completes TCP handshakes and then never says a word."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)  # never accept(): the kernel queues connections, nobody answers
        yield listener.getsockname()[1]


def test_server_that_never_answers_does_not_hang_the_store(silent_server: int) -> None:
    store = ProfileStore.from_url(f"postgresql+psycopg2://luna:luna@127.0.0.1:{silent_server}/luna", timeout=1)
    started = perf_counter()
    outcome, ticks = asyncio.run(_with_ticker(store.get("telegram", "1")))
    # The caller is freed at 1 s; asyncio.run then waits for the worker thread, which libpq's
    # connect_timeout (2 s, its minimum) releases.
    elapsed = perf_counter() - started
    assert isinstance(outcome, ProfileStoreError)
    assert outcome.timed_out is True
    assert elapsed < 4.0
    assert ticks >= 10
    asyncio.run(store.close())


def test_server_that_never_answers_does_not_hang_the_migration(silent_server: int) -> None:
    started = perf_counter()
    with pytest.raises(ProfileStoreError):
        upgrade_database(f"postgresql+psycopg2://luna:luna@127.0.0.1:{silent_server}/luna", connect_timeout=2)
    assert perf_counter() - started < 5.0


def test_sqlite_directory_that_cannot_be_created_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    store = ProfileStore.from_url(f"sqlite:///{blocker / 'sub' / 'luna.db'}")
    with pytest.raises(ProfileStoreError):
        asyncio.run(store.get("telegram", "1"))


def test_closed_store_refuses_work(store: ProfileStore) -> None:
    asyncio.run(store.get("telegram", "1"))
    asyncio.run(store.close())
    asyncio.run(store.close())  # idempotent
    with pytest.raises(RuntimeError, match="closed"):
        asyncio.run(store.get("telegram", "1"))


def test_timeout_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        ProfileStore.from_url(f"sqlite:///{tmp_path / 'luna.db'}", timeout=0)
