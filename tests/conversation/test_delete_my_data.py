""""Delete my data" forgets the person's LLM call records with their profile, on a real
SQLite database, and says nothing was deleted (no restart) when the database refuses."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import create_engine, select, text
from sqlalchemy.pool import NullPool

import actions.conversation.dependencies as dependencies
from actions.conversation.account_actions import ActionDeleteMyData
from actions.conversation.content import say
from luna.profiles import Profile, ProfileStore, upgrade_database
from luna.profiles.models import llm_calls
from luna.profiles.usage import LlmUsage, owner_key

NOW = datetime(2026, 12, 5, 20, 0, tzinfo=timezone.utc)


class Call:
    provider, model, outcome, latency_seconds = "primary", "gpt-4o-mini", "ok", 0.5
    prompt_tokens, completion_tokens = 900, 200


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'luna.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("LUNA_CHART_DIR", str(tmp_path / "charts"))
    # The process's store is made on first use; this test's process uses this database.
    monkeypatch.setattr(dependencies, "_store", None)
    upgrade_database(url)
    return url


def _prepare(url: str) -> None:
    store = ProfileStore.from_url(url)
    usage = LlmUsage(store, questions_per_minute=5, daily_tokens=10_000)

    async def scenario() -> None:
        await store.save(Profile(channel="telegram", sender_id="asha", name="Asha", birth_date=date(1990, 3, 5),
                                 birth_time=time(22, 30), time_known=True, place_label="Pune, Maharashtra, India",
                                 latitude=18.5204, longitude=73.8567, timezone="Asia/Kolkata"))
        for sender, turn in [("asha", "turn-1"), ("asha", "turn-2"), ("ravi", "turn-3")]:
            await usage.record("telegram", sender, turn, Call(), NOW)
        await store.close()

    asyncio.run(scenario())


def _delete(sender: str) -> tuple[list[dict[str, Any]], list[str]]:
    latest = {"intent": {"name": "affirm"}, "text": "yes", "input_channel": "telegram"}
    tracker = Tracker(sender, {}, latest, [{"event": "user", "text": "yes", "parse_data": latest,
                                           "input_channel": "telegram"}], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()

    async def scenario() -> list[dict[str, Any]]:
        try:
            return await ActionDeleteMyData().run(dispatcher, tracker, {})
        finally:
            await (await dependencies.profile_store()).close()

    return asyncio.run(scenario()), [message.get("text") or "" for message in dispatcher.messages]


def _owners(url: str) -> list[str]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return list(connection.execute(select(llm_calls.c.owner)).scalars())
    finally:
        engine.dispose()


def test_deleting_my_data_forgets_my_llm_calls_and_only_mine(database_url: str) -> None:
    _prepare(database_url)
    events, said = _delete("asha")
    assert said == [say("data_deleted")]
    assert [event["event"] for event in events] == ["restart"]
    assert _owners(database_url) == [owner_key("telegram", "ravi")]
    assert _profile(database_url, "asha") is None


def _profile(url: str, sender: str) -> Profile | None:
    store = ProfileStore.from_url(url)

    async def scenario() -> Profile | None:
        try:
            return await store.get("telegram", sender)
        finally:
            await store.close()

    return asyncio.run(scenario())


def test_when_the_calls_cannot_be_deleted_there_is_no_restart(database_url: str) -> None:
    _prepare(database_url)
    engine = create_engine(database_url, poolclass=NullPool)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE llm_calls"))
    engine.dispose()
    events, said = _delete("asha")
    assert said == [say("delete_failed")]
    assert events == []
