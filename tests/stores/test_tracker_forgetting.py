"""The tracker store forgets a conversation when the person deletes their data: the
restart that ends action_delete_my_data removes every earlier event of that sender from
the `events` table, in every session. Real SQLite (and PostgreSQL when configured),
through Rasa's own environment running check_forgetting.py."""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venvs" / "rasa" / "bin" / "python"


def run_scenario(database_url: str) -> dict:
    if not RASA_PYTHON.exists():
        pytest.fail("Rasa's environment is missing: run `make install`")
    result = subprocess.run(
        [str(RASA_PYTHON), str(Path(__file__).with_name("check_forgetting.py")), f"forget-{uuid.uuid4().hex[:8]}"],
        cwd=ROOT, env={**os.environ, "DATABASE_URL": database_url, "REDIS_URL": ""},
        capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def report(request, tmp_path_factory) -> dict:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('forgetting') / 'luna.db'}"
    else:
        url = os.environ.get("LUNA_TEST_POSTGRES_URL")
        if not url:
            pytest.skip("PostgreSQL not configured: set LUNA_TEST_POSTGRES_URL (CI sets it)")
    found = run_scenario(url)
    assert found["store"] == "DatabaseUrlTrackerStore" and found["dialect"] == request.param
    return found


def kinds(rows: list[dict]) -> list[tuple[str, str | None]]:
    return [(row["type"], row["action"]) for row in rows]


def test_both_sessions_were_stored_first(report):
    saved = report["a_saved"]
    assert [row["type"] for row in saved].count("session_started") == 2
    assert saved[-1]["data"]["text"] == "delete my data"
    assert report["a_retrieved_before_delete"] < len(saved)  # Rasa retrieves the latest session only


def test_after_the_deletion_only_the_events_after_the_restart_remain(report):
    after = report["a_after_delete"]
    assert kinds(after) == [("action", "action_session_start"), ("session_started", None), ("action", "action_listen")]
    assert [row["data"] for row in after] == report["a_expected_after_delete"]
    assert [row["timestamp"] for row in after] == [event["timestamp"] for event in report["a_expected_after_delete"]]


def test_nothing_of_the_old_conversation_is_left_in_any_session(report):
    stored = json.dumps(report["a_full_after_delete"])
    for trace in ("Ravi", "Pune", "5/3/1990", "delete my data", "hello", "Namaste", "action_delete_my_data",
                  '"restart"'):
        assert trace not in stored, trace
    assert report["a_slots_after_delete"] == {"name": None, "birth_place": None}


def test_another_senders_rows_are_untouched(report):
    assert report["b_after"] == report["b_before"]
    assert len(report["b_before"]) == 7


def test_the_next_message_is_appended_once(report):
    before, after = report["a_after_delete"], report["a_after_next_message"]
    assert after[:-1] == before
    assert after[-1]["data"] == report["a_next_message"]
    assert after[-1]["type"] == "user" and after[-1]["intent"] == "greet"
    assert len({json.dumps(row["data"], sort_keys=True) for row in after}) == len(after)  # no duplicates


def test_a_restart_that_is_not_a_deletion_keeps_the_history(report):
    before, after = report["c_before"], report["c_after"]
    assert after[:len(before)] == before
    assert [row["data"] for row in after[len(before):]] == report["c_restart"]
    assert kinds(after[len(before):]) == [("action", "action_restart"), ("bot", None), ("restart", None),
                                          ("action", "action_listen")]
