"""The LLM rate limit, daily token budget and call records (luna/profiles/usage.py), on real
SQLite and PostgreSQL, and the migration that adds their table."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from luna.profiles import Profile, ProfileStore, ProfileStoreError, upgrade_database
from luna.profiles.migrate import alembic_config
from luna.profiles.models import llm_calls
from luna.profiles.usage import Allowance, LlmUsage, owner_key
from luna.settings import load_settings
from tests.profiles.schema_probe import indexes, tables, versions

# 20:00 UTC: the next UTC day starts four hours later, while in India it already has.
T0 = datetime(2026, 12, 5, 20, 0, tzinfo=timezone.utc)
IST = timezone(timedelta(hours=5, minutes=30))


@dataclass(frozen=True)
class Call:
    """The attributes luna.llm.client.CallRecord reports, built here without the client."""

    provider: str = "primary"
    model: str = "gpt-4o-mini"
    outcome: str = "ok"
    latency_seconds: float = 0.8124
    prompt_tokens: int | None = 1200
    completion_tokens: int | None = 300


@pytest.fixture
def usage(store: ProfileStore) -> Iterator[Callable[..., LlmUsage]]:
    def make(questions_per_minute: int = 3, daily_tokens: int = 10_000) -> LlmUsage:
        return LlmUsage(store, questions_per_minute=questions_per_minute, daily_tokens=daily_tokens)

    yield make


def _rows(url: str) -> list[dict]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return [dict(row) for row in connection.execute(select(llm_calls).order_by(llm_calls.c.id)).mappings()]
    finally:
        engine.dispose()


def _ask(usage: LlmUsage, turn: str, at: datetime, *, calls: int = 1, sender: str = "491234567",
         channel: str = "telegram", **call: object) -> None:
    """One question: ``calls`` HTTP calls (retries, fallbacks, tool rounds) sharing a turn id."""

    async def scenario() -> None:
        for _ in range(calls):
            await usage.record(channel, sender, turn, Call(**call), at)  # type: ignore[arg-type]

    asyncio.run(scenario())


def _allowance(usage: LlmUsage, at: datetime, *, sender: str = "491234567", channel: str = "telegram") -> Allowance:
    return asyncio.run(usage.allowance(channel, sender, at))


def test_owner_key_is_the_sha256_of_channel_nul_sender() -> None:
    assert owner_key("telegram", "42") == hashlib.sha256(b"telegram\x0042").hexdigest()
    assert owner_key("a", "b:c") != owner_key("a:b", "c")
    assert len(owner_key("whatsapp", "+919812345678")) == 64


def test_a_new_person_is_allowed(usage: Callable[..., LlmUsage]) -> None:
    assert _allowance(usage(), T0) == Allowance(True, None)


def test_rate_limit_counts_questions_not_calls_and_frees_after_sixty_seconds(usage: Callable[..., LlmUsage]) -> None:
    limited = usage(questions_per_minute=3)
    _ask(limited, "turn-1", T0, calls=3)  # a retry and a fallback: still one question
    _ask(limited, "turn-2", T0 + timedelta(seconds=10))
    assert _allowance(limited, T0 + timedelta(seconds=20)) == Allowance(True, None)
    _ask(limited, "turn-3", T0 + timedelta(seconds=20))
    assert _allowance(limited, T0 + timedelta(seconds=21)) == Allowance(False, "rate")
    assert _allowance(limited, T0 + timedelta(seconds=59, microseconds=999_000)) == Allowance(False, "rate")
    # Sixty seconds after the first question it leaves the window: two remain, under three.
    assert _allowance(limited, T0 + timedelta(seconds=60)) == Allowance(True, None)


def test_budget_is_spent_on_the_day_and_free_the_next_utc_day(usage: Callable[..., LlmUsage]) -> None:
    budgeted = usage(questions_per_minute=100, daily_tokens=3000)
    _ask(budgeted, "turn-1", T0, prompt_tokens=1200, completion_tokens=300)
    _ask(budgeted, "turn-2", T0 + timedelta(minutes=5), outcome="http_500", prompt_tokens=None, completion_tokens=None)
    _ask(budgeted, "turn-3", T0 + timedelta(minutes=10), prompt_tokens=1000, completion_tokens=499)
    assert _allowance(budgeted, T0 + timedelta(minutes=15)) == Allowance(True, None)  # 2999 of 3000
    _ask(budgeted, "turn-4", T0 + timedelta(minutes=20), prompt_tokens=1, completion_tokens=0)
    assert _allowance(budgeted, T0 + timedelta(minutes=25)) == Allowance(False, "budget")
    # 04:00 in India on the 6th is still the 5th in UTC: the budget follows the UTC day.
    assert _allowance(budgeted, datetime(2026, 12, 6, 4, 0, tzinfo=IST)) == Allowance(False, "budget")
    assert _allowance(budgeted, datetime(2026, 12, 5, 23, 59, 59, tzinfo=timezone.utc)) == Allowance(False, "budget")
    assert _allowance(budgeted, datetime(2026, 12, 6, 0, 0, tzinfo=timezone.utc)) == Allowance(True, None)


def test_when_both_limits_are_reached_the_budget_is_the_reason(usage: Callable[..., LlmUsage]) -> None:
    # Waiting a minute would not help, so the person is told about the day.
    both = usage(questions_per_minute=1, daily_tokens=100)
    _ask(both, "turn-1", T0)
    assert _allowance(both, T0 + timedelta(seconds=1)) == Allowance(False, "budget")


def test_a_record_holds_metadata_and_no_raw_sender_id(usage: Callable[..., LlmUsage], migrated_url: str) -> None:
    sender = "+919812345678"
    long_model = "org/" + "m" * 300
    _ask(usage(), "a" * 32, T0.astimezone(IST), sender=sender, channel="whatsapp", model=long_model,
         outcome="skipped_open_circuit", latency_seconds=0.0125)
    [row] = _rows(migrated_url)
    assert row["owner"] == owner_key("whatsapp", sender)
    assert row["turn_id"] == "a" * 32
    assert row["called_at"] == T0  # stored and read back in UTC
    assert (row["provider"], row["outcome"]) == ("primary", "skipped_open_circuit")
    assert row["model"] == long_model[:255]  # cut to fit: an unrecorded call would be unmetered
    assert (row["latency_ms"], row["prompt_tokens"], row["completion_tokens"]) == (12, 1200, 300)
    assert not any(sender in str(value) or "9812345678" in str(value) for value in row.values())


def test_forget_removes_only_that_persons_rows(usage: Callable[..., LlmUsage], migrated_url: str) -> None:
    ledger = usage()
    _ask(ledger, "turn-1", T0, calls=2, sender="asha")
    _ask(ledger, "turn-2", T0, sender="asha")
    _ask(ledger, "turn-3", T0, sender="ravi")
    _ask(ledger, "turn-4", T0, sender="asha", channel="whatsapp")  # the same id elsewhere: someone else
    assert asyncio.run(ledger.forget("telegram", "asha")) == 3
    assert asyncio.run(ledger.forget("telegram", "asha")) == 0
    owners = sorted(row["owner"] for row in _rows(migrated_url))
    assert owners == sorted([owner_key("telegram", "ravi"), owner_key("whatsapp", "asha")])


def test_a_persons_records_older_than_a_month_go_when_the_next_call_is_recorded(
        usage: Callable[..., LlmUsage], migrated_url: str) -> None:
    ledger = usage()
    _ask(ledger, "old", T0 - timedelta(days=31), sender="asha")
    _ask(ledger, "recent", T0 - timedelta(days=29), sender="asha")
    _ask(ledger, "other", T0 - timedelta(days=40), sender="ravi")
    _ask(ledger, "now", T0, sender="asha")
    kept = sorted((row["owner"] == owner_key("telegram", "asha"), row["turn_id"]) for row in _rows(migrated_url))
    assert kept == [(False, "other"), (True, "now"), (True, "recent")]


def test_two_people_are_limited_independently(usage: Callable[..., LlmUsage]) -> None:
    ledger = usage(questions_per_minute=2, daily_tokens=2000)
    _ask(ledger, "turn-1", T0, sender="asha", prompt_tokens=100, completion_tokens=50)
    _ask(ledger, "turn-2", T0, sender="asha", prompt_tokens=100, completion_tokens=50)
    _ask(ledger, "turn-3", T0, sender="ravi", prompt_tokens=1500, completion_tokens=500)
    assert _allowance(ledger, T0, sender="asha") == Allowance(False, "rate")
    assert _allowance(ledger, T0, sender="ravi") == Allowance(False, "budget")
    assert _allowance(ledger, T0, sender="meera") == Allowance(True, None)


def test_limits_must_be_positive_and_now_aware(store: ProfileStore) -> None:
    with pytest.raises(ValueError):
        LlmUsage(store, questions_per_minute=0, daily_tokens=1)
    with pytest.raises(ValueError):
        LlmUsage(store, questions_per_minute=1, daily_tokens=-5)
    ledger = LlmUsage(store, questions_per_minute=1, daily_tokens=1)
    with pytest.raises(ValueError):
        asyncio.run(ledger.allowance("telegram", "asha", datetime(2026, 12, 5, 20, 0)))


def test_an_unreachable_database_raises_the_store_error() -> None:
    # Port 1 on the loopback: nothing listens. Callers catch ProfileStoreError and fall back.
    store = ProfileStore.from_url("postgresql+psycopg2://luna:secret@127.0.0.1:1/luna", timeout=3)
    ledger = LlmUsage(store, questions_per_minute=1, daily_tokens=1)
    try:
        for attempt in (
            ledger.allowance("telegram", "asha", T0),
            ledger.record("telegram", "asha", "turn-1", Call(), T0),
            ledger.forget("telegram", "asha"),
        ):
            with pytest.raises(ProfileStoreError) as caught:
                asyncio.run(attempt)
            assert "secret" not in str(caught.value) and "asha" not in str(caught.value)
    finally:
        asyncio.run(store.close())


def test_migration_0003_upgrades_a_0002_database_with_a_profile_and_downgrades(
    database_url: str, make_profile: Callable[..., Profile]
) -> None:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    _migrate(database_url, "0002")
    store = ProfileStore.from_url(database_url)
    try:
        saved = asyncio.run(store.save(make_profile(match_side="girl")))
        upgrade_database(database_url)
        assert versions(database_url) == ["0003"]
        assert "llm_calls" in tables(database_url)
        assert "ix_llm_calls_owner_called_at" in {index["name"] for index in indexes(database_url, "llm_calls")}
        assert asyncio.run(store.get(saved.channel, saved.sender_id)) == saved
        ledger = LlmUsage(store, questions_per_minute=1, daily_tokens=1000)
        asyncio.run(ledger.record(saved.channel, saved.sender_id, "turn-1", Call(), T0))

        _migrate(database_url, "0002", down=True)
        assert versions(database_url) == ["0002"]
        assert "llm_calls" not in tables(database_url)
        assert asyncio.run(store.get(saved.channel, saved.sender_id)) == saved
    finally:
        asyncio.run(store.close())


def test_settings_default_and_validate_the_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LUNA_LLM_QUESTIONS_PER_MINUTE", raising=False)
    monkeypatch.delenv("LUNA_LLM_DAILY_TOKENS", raising=False)
    settings = load_settings()
    assert (settings.llm_questions_per_minute, settings.llm_daily_tokens) == (6, 40_000)
    monkeypatch.setenv("LUNA_LLM_QUESTIONS_PER_MINUTE", "2")
    monkeypatch.setenv("LUNA_LLM_DAILY_TOKENS", "150000")
    settings = load_settings()
    assert (settings.llm_questions_per_minute, settings.llm_daily_tokens) == (2, 150_000)
    for variable, value in [("LUNA_LLM_QUESTIONS_PER_MINUTE", "0"), ("LUNA_LLM_DAILY_TOKENS", "-1"),
                            ("LUNA_LLM_DAILY_TOKENS", "40k"), ("LUNA_LLM_QUESTIONS_PER_MINUTE", "2.5")]:
        monkeypatch.setenv(variable, value)
        with pytest.raises(ValueError, match=variable):
            load_settings()
        monkeypatch.setenv(variable, "5")


def _migrate(url: str, revision: str, *, down: bool = False) -> None:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            (command.downgrade if down else command.upgrade)(alembic_config(connection), revision)
    finally:
        engine.dispose()

