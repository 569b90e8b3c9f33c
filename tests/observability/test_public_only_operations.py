"""An action server started with LUNA_PUBLIC_ONLY=1 faces the internet: the operators'
/ready and /metrics are not there (actions/webhook_guard.py), rasa-sdk's /health is."""

from __future__ import annotations

import os
import secrets
import subprocess
import urllib.error
import urllib.request

import pytest

from tests.assistant.servers import ACTIONS_PYTHON, ROOT, free_port, stop_process, wait_for

pytestmark = pytest.mark.servers


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status
    except urllib.error.HTTPError as refused:
        return refused.code


def test_a_public_only_action_server_hides_readiness_and_metrics(tmp_path):
    port = free_port()
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'luna.db'}",
                   "LUNA_CHART_DIR": str(tmp_path / "charts"), "LUNA_PUBLIC_ONLY": "1",
                   "LUNA_ACTIONS_TOKEN": secrets.token_urlsafe(32), "SANIC_HOST": "127.0.0.1"}
    log = tmp_path / "actions.log"
    process = subprocess.Popen(
        [str(ACTIONS_PYTHON), "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
        cwd=ROOT, env=environment, stdout=log.open("w"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{port}/health", process, log, seconds=180)
        assert status(f"http://127.0.0.1:{port}/ready") == 404
        assert status(f"http://127.0.0.1:{port}/metrics") == 404
        assert status(f"http://127.0.0.1:{port}/health") == 200
    finally:
        stop_process(process)
