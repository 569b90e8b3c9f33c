"""A person's data lives only as long as it should (issue 10): "delete my data" leaves no
picture, profile row or conversation event, even of birth details corrected before (real
servers, on SQLite and on PostgreSQL); Luna's SQLite file is owner-only; and a database
that can't be reached is said to the person instead of greeting them as a stranger.

The tracker store's own share (retention, time limits) is in tests/stores/test_tracker_lifecycle.py.
"""

from __future__ import annotations

import asyncio
import os
import socket
import stat
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import dependencies
from actions.conversation.content import say
from actions.conversation.profile_actions import ActionSessionStart
from luna.charts.store import OWNERS_DIR
from luna.profiles import ProfileStore, upgrade_database
from tests.assistant.servers import Luna, images, running_luna, texts


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def any_luna(request, tmp_path_factory):
    """Luna on each database: its own servers on a fresh SQLite file, and the shared
    servers of tests/assistant on PostgreSQL."""
    if request.param == "postgresql":
        if not os.environ.get("LUNA_TEST_POSTGRES_URL"):
            pytest.skip("PostgreSQL not configured: set LUNA_TEST_POSTGRES_URL (CI sets it)")
        yield request.getfixturevalue("luna")
        return
    with running_luna(f"sqlite:///{tmp_path_factory.mktemp('lifecycle') / 'luna.db'}") as running:
        yield running


def rows(luna: Luna, query: str, sender: str) -> list[dict]:
    engine = sa.create_engine(luna.database_url)
    try:
        with engine.connect() as connection:
            return [dict(row) for row in connection.execute(sa.text(query), {"sender": sender}).mappings()]
    finally:
        engine.dispose()


def picture_file(luna: Luna, url: str) -> Path:
    return luna.workdir / "charts" / url.rsplit("/", 1)[1]


def fetch_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.servers
def test_deletion_after_a_correction_leaves_no_picture_row_or_event(any_luna):
    luna, sender = any_luna, any_luna.new_sender()
    pictures = images(luna.say(sender, "I'm Kiran, born 12 aug 1985 6:15 am in Chennai"))
    pictures += images(luna.say(sender, "Show it in South Indian style"))
    # The birth time corrected: the pictures drawn so far are of a chart Luna no longer has.
    corrected = luna.say(sender, "my birth time was wrong, it is 11:30 pm")
    assert "Kiran's kundli" in texts(corrected)
    pictures += images(corrected)
    pictures += images(luna.say(sender, "Show my navamsa chart"))
    assert len(set(pictures)) == 4, pictures
    assert all(picture_file(luna, url).is_file() for url in pictures)
    owner_lists = set((luna.workdir / "charts" / OWNERS_DIR).iterdir())

    luna.say(sender, "delete my data")
    assert "deleted your birth details" in texts(luna.say(sender, "yes"))

    assert [url for url in pictures if picture_file(luna, url).exists()] == []
    assert {fetch_status(url) for url in pictures} == {404}
    assert len(owner_lists - set((luna.workdir / "charts" / OWNERS_DIR).iterdir())) == 1  # Kiran's list went
    assert rows(luna, "SELECT * FROM profiles WHERE sender_id = :sender", sender) == []
    events = rows(luna, "SELECT type_name, action_name, data FROM events WHERE sender_id = :sender", sender)
    # Only the new session the deletion's restart began is left: no message, no reply,
    # nothing of the person's in its slots.
    assert {row["type_name"] for row in events} <= {"action", "session_started", "slot"}, events
    for trace in ("Kiran", "Chennai", "1985", "11:30", "delete"):
        assert not [row for row in events if trace in row["data"]], trace


def test_luna_creates_its_sqlite_file_owner_only(tmp_path):
    url = f"sqlite:///{tmp_path / 'new' / 'luna.db'}"
    upgrade_database(url)

    async def use() -> None:
        store = ProfileStore.from_url(url)
        await store.get("rest", "someone")
        await store.close()

    asyncio.run(use())
    files = [path for path in (tmp_path / "new").iterdir() if path.name.startswith("luna.db")]
    assert tmp_path / "new" / "luna.db" in files
    assert {path.name: oct(stat.S_IMODE(path.stat().st_mode)) for path in files} == {
        path.name: "0o600" for path in files}


def test_an_existing_sqlite_file_readable_by_others_is_made_owner_only(tmp_path):
    database = tmp_path / "luna.db"
    database.touch()
    os.chmod(database, 0o644)
    upgrade_database(f"sqlite:///{database}")
    assert stat.S_IMODE(database.stat().st_mode) == 0o600


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_database_that_is_down_is_said_at_session_start(monkeypatch):
    # The action server's real profile store, pointed at a PostgreSQL port nobody listens on.
    monkeypatch.setenv("DATABASE_URL", f"postgresql+psycopg2://luna:luna@127.0.0.1:{closed_port()}/luna")
    monkeypatch.setattr(dependencies, "_store", None)
    tracker = Tracker("919812345678", {}, {}, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionSessionStart().run(dispatcher, tracker, {}))
    assert [message["text"] for message in dispatcher.messages] == [say("records_unreachable")]
    assert "can't reach my records" in say("records_unreachable")
    # The session still starts; nothing is claimed about the person.
    assert [event["event"] for event in events][0] == "session_started"
    assert (events[-1]["event"], events[-1]["name"]) == ("action", "action_listen")
    assert [event["value"] for event in events if event.get("name") == "has_profile"] == [False]
