"""Real Luna servers for end-to-end tests: the action server and the Rasa server with
the trained model, on free ports on 127.0.0.1, with a database of their own."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "luna.tar.gz"
ACTIONS_PYTHON = ROOT / ".venvs" / "actions" / "bin" / "python"
RASA = ROOT / ".venvs" / "rasa" / "bin" / "rasa"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} died while starting:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not come up in {seconds} s:\n{log.read_text()[-3000:]}")


@dataclass
class Luna:
    """A running Luna: post messages to its REST channel like a client."""

    database_url: str
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="luna-e2e-")))
    actions_port: int = field(default_factory=free_port)
    rasa_port: int = field(default_factory=free_port)
    # The secret Rasa sends the action server (endpoints.yml, actions/webhook_guard.py).
    actions_token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    # The key that signs the chat page's sessions (channels/webchat.py), as `make run` sets it.
    webchat_key: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    # More variables for both servers (an LLM endpoint, a frozen clock).
    extra_environment: dict[str, str] = field(default_factory=dict)
    actions: subprocess.Popen | None = None
    rasa: subprocess.Popen | None = None

    @property
    def rest_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}/webhooks/rest/webhook"

    @property
    def chat_url(self) -> str:
        return f"http://127.0.0.1:{self.actions_port}/chat"

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL",)}
        env.update(DATABASE_URL=self.database_url, PORT=str(self.rasa_port), PYTHONUNBUFFERED="1",
                   LUNA_CHART_DIR=str(self.workdir / "charts"),
                   LUNA_PUBLIC_URL=f"http://127.0.0.1:{self.actions_port}",
                   LUNA_ACTIONS_ADDRESS=f"127.0.0.1:{self.actions_port}", LUNA_ACTIONS_TOKEN=self.actions_token,
                   LUNA_WEBCHAT_KEY=self.webchat_key)
        env.update(self.extra_environment)
        return env

    def start_actions(self) -> None:
        log = self.workdir / "actions.log"
        self.actions = subprocess.Popen(
            [str(ACTIONS_PYTHON), "-m", "rasa_sdk", "--actions", "actions", "--port", str(self.actions_port)],
            cwd=ROOT, env=self.environment(), stdout=log.open("w"), stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        wait_for(f"http://127.0.0.1:{self.actions_port}/health", self.actions, log)

    def start_rasa(self) -> None:
        # endpoints.yml reads the action server's address and secret from the environment.
        endpoints = ROOT / "endpoints.yml"
        log = self.workdir / "rasa.log"
        self.rasa = subprocess.Popen(
            [str(RASA), "run", "--enable-api", "--cors", "*", "--port", str(self.rasa_port), "--model", str(MODEL),
             "--endpoints", str(endpoints), "--credentials", str(ROOT / "credentials.yml")],
            cwd=ROOT, env=self.environment(), stdout=log.open("w"), stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        wait_for(f"http://127.0.0.1:{self.rasa_port}/status", self.rasa, log)

    def stop_rasa(self) -> None:
        stop_process(self.rasa)
        self.rasa = None

    def stop(self) -> None:
        self.stop_rasa()
        stop_process(self.actions)
        self.actions = None

    @property
    def actions_log(self) -> Path:
        """What the action server has written (stdout and stderr)."""
        return self.workdir / "actions.log"

    @property
    def rasa_log(self) -> Path:
        """What the Rasa server has written (stdout and stderr)."""
        return self.workdir / "rasa.log"

    def say(self, sender: str, message: str, headers: dict[str, str] | None = None) -> list[dict]:
        """Luna's replies to one message (the REST channel answers in the response);
        `headers` are sent too (an X-Request-ID, as nginx sets one)."""
        request = urllib.request.Request(
            self.rest_url, data=json.dumps({"sender": sender, "message": message}).encode(),
            headers={"Content-Type": "application/json", **(headers or {})},
        )
        with urllib.request.urlopen(request, timeout=60) as answer:
            return json.loads(answer.read())

    def replica(self, **more_environment: str) -> Luna:
        """Another Rasa server of this Luna (not started): the same database, action server
        and secret, and the same settings plus `more_environment`."""
        return Luna(database_url=self.database_url, actions_port=self.actions_port, actions_token=self.actions_token,
                    extra_environment={**self.extra_environment, **more_environment})

    @staticmethod
    def new_sender() -> str:
        return f"test-{uuid.uuid4().hex[:12]}"


def stop_process(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def texts(replies: list[dict]) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)


def images(replies: list[dict]) -> list[str]:
    return [reply["image"] for reply in replies if reply.get("image")]


def buttons(replies: list[dict]) -> list[dict]:
    return [button for reply in replies for button in reply.get("buttons", [])]


@contextmanager
def running_luna(database_url: str, **environment: str) -> Iterator[Luna]:
    """Both servers on `database_url` for the length of the block (the model must be trained)."""
    if not MODEL.exists():
        raise RuntimeError(f"no trained model at {MODEL}: run `make train` (make test does)")
    running = Luna(database_url=database_url, extra_environment=environment)
    try:
        running.start_actions()
        running.start_rasa()
        yield running
    finally:
        running.stop()


def replies_after(sent: Callable[[], list[dict]], before: int, quiet: float = 2.0, timeout: float = 60) -> list[dict]:
    """The messages a channel's local platform server received after the first `before`,
    once there are new ones and then none for `quiet` seconds (a turn's replies arrive
    one by one, in the background, after the webhook has answered)."""
    deadline = time.monotonic() + timeout
    count, changed = before, time.monotonic()
    while time.monotonic() < deadline:
        now = len(sent())
        if now != count:
            count, changed = now, time.monotonic()
        elif count > before and time.monotonic() - changed >= quiet:
            break
        time.sleep(0.1)
    return sent()[before:]
