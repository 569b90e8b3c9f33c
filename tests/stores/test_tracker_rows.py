"""Luna's tracker store (stores/tracker.py) writes a conversation's events as the same rows
Rasa's own SQLTrackerStore writes, appends only what is new, and reads back the same
events, on SQLite and on PostgreSQL. Rasa's environment, real databases."""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venvs" / "rasa" / "bin" / "python"


def compare(luna_url: str, rasa_url: str) -> dict:
    if not RASA_PYTHON.exists():
        pytest.fail("Rasa's environment is missing: run `make install`")
    result = subprocess.run(
        [str(RASA_PYTHON), str(Path(__file__).with_name("check_rows_as_rasa.py")), luna_url, rasa_url,
         f"rows-{uuid.uuid4().hex[:8]}"],
        cwd=ROOT, env={**os.environ, "LUNA_CONVERSATION_RETENTION_DAYS": "0"}, capture_output=True, text=True,
        timeout=300, stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def assert_same_as_rasa(found: dict) -> None:
    luna, rasa = found["luna"], found["rasa"]
    assert luna["rows"] == rasa["rows"]
    assert len(luna["rows"]) == 3 + 6 + 6  # the first save's events, then only the second turn's
    assert luna["events"] == rasa["events"]
    # (type_name, timestamp, intent_name, action_name, data)
    user_rows = [row for row in luna["rows"] if row[0] == "user"]
    assert [row[2] for row in user_rows] == ["ask_horoscope", "ask_horoscope"]
    assert json.loads(user_rows[1][4])["text"] == "horoscope today 2"
    assert [row[3] for row in luna["rows"] if row[0] == "action"][-1] == "action_listen"


def test_sqlite_rows_are_rasas(tmp_path):
    assert_same_as_rasa(compare(f"sqlite:///{tmp_path / 'luna.db'}", f"sqlite:///{tmp_path / 'rasa.db'}"))


def test_postgresql_rows_are_rasas():
    url = os.environ.get("LUNA_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("PostgreSQL not configured: set LUNA_TEST_POSTGRES_URL (CI sets it)")
    assert_same_as_rasa(compare(url, url))
