"""The tracker store's data lifecycle and time limits, on real SQLite and PostgreSQL through
Rasa's own environment (check_lifecycle.py): conversations older than the retention period
go and recent ones stay; the SQLite file is owner-only; a database that is down or stops
answering is given up on in time, at start-up and mid-conversation, without freezing the
event loop."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import threading
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venvs" / "rasa" / "bin" / "python"


def run(scenario: str, **env: str) -> dict:
    if not RASA_PYTHON.exists():
        pytest.fail("Rasa's environment is missing: run `make install`")
    result = subprocess.run(
        [str(RASA_PYTHON), str(Path(__file__).with_name("check_lifecycle.py")), scenario,
         f"{scenario}-{uuid.uuid4().hex[:8]}"],
        cwd=ROOT, env={**os.environ, "REDIS_URL": "", **env}, capture_output=True, text=True, timeout=180,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def postgres_url() -> str:
    url = os.environ.get("LUNA_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("PostgreSQL not configured: set LUNA_TEST_POSTGRES_URL (CI sets it)")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'luna.db'}" if request.param == "sqlite" else postgres_url()


def test_retention_removes_old_conversations_and_keeps_recent_ones(database_url):
    found = run("retention", DATABASE_URL=database_url)
    assert found["before"] == {"old": ["hello from long ago"], "mixed": ["my first visit", "back again"],
                               "recent": ["last month"]}
    # At start-up: 40 days old goes, 29 days old stays; of a returning person's
    # conversation only the session older than 30 days goes.
    assert found["after_start"] == {"old": [], "mixed": ["back again"], "recent": ["last month"]}
    assert found["retrieved_mixed"] == ["back again"]
    assert found["scheduled"] is True  # and again every hour while the server runs
    # Two days later the 29-day-old conversation has expired as well.
    assert found["later_deleted"] == 6
    assert found["after_later"] == {"old": [], "mixed": ["back again"], "recent": []}
    # 0 keeps conversations forever: no purge scheduled.
    assert found["kept_forever_scheduled"] is False


def test_the_sqlite_file_is_owner_only(tmp_path):
    found = run("file_mode", DATABASE_URL=f"sqlite:///{tmp_path / 'fresh' / 'luna.db'}")
    assert found["modes"]["db"] == "0o600"
    assert set(found["modes"].values()) == {"0o600"}, found


def test_a_sqlite_file_readable_by_others_is_made_owner_only(tmp_path):
    database = tmp_path / "luna.db"
    database.touch(mode=0o644)
    os.chmod(database, 0o644)
    run("file_mode", DATABASE_URL=f"sqlite:///{database}")
    assert stat.S_IMODE(database.stat().st_mode) == 0o600


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nobody listens once the probe is closed


@pytest.fixture
def silent_server():
    """A server that accepts connections and never says a word."""
    server = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def accept() -> None:
        try:
            while True:
                held.append(server.accept()[0])
        except OSError:
            pass

    threading.Thread(target=accept, daemon=True).start()
    yield server.getsockname()[1]
    server.close()
    for connection in held:
        connection.close()


def test_start_up_gives_up_on_a_closed_port():
    found = run("startup", DATABASE_URL=f"postgresql+psycopg2://luna:secret@127.0.0.1:{closed_port()}/luna",
                LUNA_DB_STARTUP_SECONDS="3", LUNA_DB_TIMEOUT_SECONDS="2")
    assert found["error"] == "ConnectionException"  # Rasa stops the server with this
    assert "could not reach the tracker store's database" in found["message"]
    assert "secret" not in found["message"]  # the password is masked
    assert found["seconds"] < 60  # Rasa's own store retries forever


def test_start_up_gives_up_on_a_server_that_never_answers(silent_server):
    found = run("startup", DATABASE_URL=f"postgresql+psycopg2://luna:secret@127.0.0.1:{silent_server}/luna",
                LUNA_DB_STARTUP_SECONDS="3", LUNA_DB_TIMEOUT_SECONDS="2")
    assert found["error"] == "ConnectionException"
    assert found["seconds"] < 60


def test_a_database_that_stops_answering_mid_conversation_is_given_up_on():
    found = run("stall", DATABASE_URL=postgres_url(), LUNA_DB_TIMEOUT_SECONDS="2")
    for operation in ("retrieve", "save"):
        assert found[operation]["error"] == "TrackerDatabaseUnavailable", found
        assert "timed out" in found[operation]["message"]
        assert found[operation]["seconds"] < 30
    # The event loop kept running while the database was waited for (Rasa's own store
    # blocks it, and every other conversation with it).
    assert found["ticks"] >= 10


def test_the_rasa_server_stops_with_a_clear_error_when_the_database_is_unreachable(tmp_path):
    """The real `rasa run`: it gives up after LUNA_DB_STARTUP_SECONDS instead of retrying
    forever, and says why."""
    rasa = ROOT / ".venvs" / "rasa" / "bin" / "rasa"
    log = tmp_path / "rasa.log"
    env = {**os.environ, "REDIS_URL": "", "LUNA_DB_STARTUP_SECONDS": "3", "LUNA_DB_TIMEOUT_SECONDS": "2",
           "DATABASE_URL": f"postgresql+psycopg2://luna:secret@127.0.0.1:{closed_port()}/luna"}
    with log.open("w") as output:
        result = subprocess.run(
            [str(rasa), "run", "--interface", "127.0.0.1", "--port", str(closed_port()), "--endpoints",
             "endpoints.yml", "--model", str(ROOT / "models" / "luna.tar.gz")],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, timeout=240,
        )
    said = log.read_text()
    assert result.returncode != 0
    assert "Cannot connect to tracker store" in said and "could not reach the tracker store's database" in said
    assert "secret" not in said
