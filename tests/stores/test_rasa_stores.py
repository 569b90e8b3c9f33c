"""Rasa's tracker and lock stores as configured by endpoints.yml and the environment:
SQLite by default, PostgreSQL by DATABASE_URL, Redis locks by REDIS_URL. Real servers."""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from pathlib import Path

import pytest

from tests.redis_server import running_redis

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venvs" / "rasa" / "bin" / "python"


def check(env: dict[str, str]) -> dict:
    if not RASA_PYTHON.exists():
        pytest.fail("Rasa's environment is missing: run `make install`")
    result = subprocess.run(
        [str(RASA_PYTHON), str(Path(__file__).with_name("check_stores.py")), f"conv-{uuid.uuid4().hex[:8]}"],
        cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_defaults_are_sqlite_and_memory_locks(tmp_path):
    found = check({"DATABASE_URL": f"sqlite:///{tmp_path / 'luna.db'}", "REDIS_URL": ""})
    assert found == {"tracker_store": "DatabaseUrlTrackerStore", "dialect": "sqlite", "name": "Ravi",
                     "lock_store": "InMemoryLockStore", "lock_held": True}


def test_postgresql_tracker_store():
    url = os.environ.get("LUNA_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("PostgreSQL not configured: set LUNA_TEST_POSTGRES_URL (CI sets it)")
    found = check({"DATABASE_URL": url, "REDIS_URL": ""})
    assert found["dialect"] == "postgresql" and found["name"] == "Ravi"


@pytest.fixture
def redis_url(tmp_path):
    with running_redis(tmp_path) as url:
        yield url


def test_redis_lock_store(tmp_path, redis_url):
    found = check({"DATABASE_URL": f"sqlite:///{tmp_path / 'luna.db'}", "REDIS_URL": redis_url})
    assert found["lock_store"] == "RedisLockStore" and found["lock_held"] is True



def test_several_workers_without_redis_are_refused(tmp_path):
    # Rasa lets SANIC_WORKERS > 1 through for any lock store but its own in-memory one.
    result = subprocess.run(
        [str(RASA_PYTHON), str(Path(__file__).with_name("check_stores.py")), "conv-workers"],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'luna.db'}", "REDIS_URL": "",
                       "SANIC_WORKERS": "2"},
        capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
    )
    assert result.returncode != 0
    assert "SANIC_WORKERS=2 needs REDIS_URL" in result.stderr
