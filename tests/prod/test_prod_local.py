"""The production-like topology (`make prod-local`, scripts/prod-local) as a client and an
operator meet it: one topology for the module, in a directory of its own on free ports,
reached only through nginx; a Rasa replica killed mid-conversation; `down` at the end.

Slow (two Rasa servers load the model, one of them twice): marked `servers`."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.servers

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "prod-local"
NAMES = ["postgres", "redis", "actions-1", "actions-2", "nginx", "rasa-1", "rasa-2"]
RAVI = "I'm Ravi, born 5/3/1990 10:30 pm in Pune"


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_ports(count: int) -> int:
    """The first of `count` consecutive free ports (the replicas' ports follow each other)."""
    while True:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            first = probe.getsockname()[1]
        if first + count < 65536 and all(port_is_free(first + i) for i in range(count)):
            return first


@dataclass
class Answer:
    status: int
    body: bytes
    headers: dict[str, str]

    def json(self):
        return json.loads(self.body)


# A setting the servers get from the caller of `up` (any LUNA_*, TELEGRAM_*... passes through).
LLM_MODEL = "prod-local-test-model"


@dataclass
class Topology:
    directory: Path
    env: dict[str, str]
    port: int
    internal_port: int
    rasa_port: int

    def run(self, *args: str, check: bool = True, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        result = subprocess.run([str(SCRIPT), *args], env=env or self.env, capture_output=True, text=True,
                                timeout=1200)
        if check:
            assert result.returncode == 0, f"prod-local {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
        return result

    def request(self, method: str, path: str, body: bytes | None = None, *, port: int | None = None,
                source: str = "127.0.0.1", headers: dict[str, str] | None = None) -> Answer:
        connection = http.client.HTTPConnection("127.0.0.1", port or self.port, timeout=120,
                                                source_address=(source, 0))
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return Answer(response.status, response.read(), dict(response.getheaders()))
        finally:
            connection.close()

    def say(self, sender: str, message: str) -> tuple[str, Answer]:
        """The texts of Luna's replies to one message sent through nginx, and the answer."""
        body = json.dumps({"sender": sender, "message": message}).encode()
        answer = self.request("POST", "/webhooks/rest/webhook", body, headers={"Content-Type": "application/json"})
        assert answer.status == 200, answer.body[:300]
        return "\n".join(reply.get("text", "") for reply in answer.json()), answer

    def served_by(self, answer: Answer) -> str:
        """The Rasa replica that answered: nginx's access log line with the request's id
        names the upstream (after any refused attempt, "a, b": the last one answered)."""
        request_id = answer.headers["X-Request-ID"]
        # nginx writes the line after the response has gone out, so the client may look
        # before it is there.
        for _ in range(100):
            for line in (self.directory / "logs" / "nginx-access.log").read_text().splitlines():
                entry = json.loads(line)
                if entry["request_id"] == request_id:
                    port = int(entry["upstream"].split(",")[-1].strip().rsplit(":", 1)[1])
                    return f"rasa-{port - self.rasa_port + 1}"
            time.sleep(0.1)
        raise AssertionError(f"no access log line for {request_id}")

    def pids(self) -> dict[str, int]:
        return {path.stem: int(path.read_text()) for path in (self.directory / "run").glob("*.pid")}


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


@pytest.fixture(scope="module")
def prod():
    # Under /tmp and searchable by everyone: as root, PostgreSQL runs as `postgres` and
    # nginx's workers as `nobody`, and they need to reach their directories.
    base = Path(tempfile.mkdtemp(prefix="luna-prod-"))
    base.chmod(0o755)
    # Nothing of the caller's own deployment: its stores, addresses or worker count.
    env = {name: value for name, value in os.environ.items()
           if name not in ("DATABASE_URL", "REDIS_URL", "LUNA_PUBLIC_URL", "LUNA_RASA_URL", "SANIC_WORKERS")
           and not name.startswith("PROD_")}
    port, rasa_port, actions_port = free_ports(2), free_ports(2), free_ports(2)
    env.update(PROD_DIR=str(base / "prod"), PROD_PORT=str(port), PROD_INTERNAL_PORT=str(port + 1),
               PROD_RASA_PORT=str(rasa_port), PROD_ACTIONS_PORT=str(actions_port),
               PROD_PG_PORT=str(free_ports(1)), PROD_REDIS_PORT=str(free_ports(1)), PROD_REPLICAS="2",
               LUNA_LLM_MODEL=LLM_MODEL)
    topology = Topology(base / "prod", env, port, port + 1, rasa_port)
    try:
        topology.run("up")
        yield topology
    finally:
        topology.run("down", check=False)
        shutil.rmtree(base, ignore_errors=True)


def test_status_lists_every_process_ready(prod):
    lines = prod.run("status").stdout.splitlines()[1:]
    states = {line.split()[0]: line.split()[-1] for line in lines}
    assert states == {name: "ready" for name in NAMES}
    assert set(prod.pids()) == set(NAMES)


def test_no_secret_on_a_command_line(prod):
    # Every user of the machine can read command lines (ps); secrets are in environments.
    secrets = [line.partition("=")[2] for line in (prod.directory / "secrets.env").read_text().splitlines()]
    for name, pid in prod.pids().items():
        command_line = Path(f"/proc/{pid}/cmdline").read_bytes().decode()
        assert [secret for secret in secrets if secret in command_line] == [], name


def test_up_again_starts_nothing(prod):
    before = prod.pids()
    prod.run("up")
    assert prod.pids() == before


def test_restart_replaces_one_process(prod):
    before = prod.pids()
    # From a shell without the servers' settings: the new process still gets those of `up`.
    prod.run("restart", "actions-2", env={name: value for name, value in prod.env.items() if name != "LUNA_LLM_MODEL"})
    after = prod.pids()
    assert after["actions-2"] != before["actions-2"] and not alive(before["actions-2"])
    environment = Path(f"/proc/{after['actions-2']}/environ").read_bytes().split(b"\0")
    assert f"LUNA_LLM_MODEL={LLM_MODEL}".encode() in environment
    assert {name: pid for name, pid in after.items() if name != "actions-2"} == {
        name: pid for name, pid in before.items() if name != "actions-2"}


def test_a_rest_turn_through_nginx_gets_the_kundli_and_its_picture(prod):
    reply, answer = prod.say(f"prod-{uuid.uuid4().hex[:10]}", RAVI)
    assert "Ravi's kundli" in reply
    assert "Lagna (ascendant): Libra" in reply
    assert "Moon: Gemini, Ardra nakshatra" in reply
    assert "Sun: Aquarius" in reply
    images = [reply["image"] for reply in answer.json() if reply.get("image")]
    assert len(images) == 1 and images[0].startswith(f"http://127.0.0.1:{prod.port}/charts/")
    picture = prod.request("GET", images[0].split(str(prod.port), 1)[1])
    assert picture.status == 200 and picture.body.startswith(b"\x89PNG")
    # nginx's id for the request reaches the client and the action servers' log lines of
    # that turn; no log of any process holds the birth details or the name.
    request_id = answer.headers["X-Request-ID"]
    logs = {path.name: path.read_text(errors="replace") for path in (prod.directory / "logs").glob("*.log")}
    assert any(request_id in text for name, text in logs.items() if name.startswith("actions-"))
    assert [name for name, text in logs.items() if "5/3/1990" in text or "Ravi" in text or "Pune" in text] == []


def test_the_conversation_carries_on_when_its_replica_is_killed(prod):
    sender = f"prod-{uuid.uuid4().hex[:10]}"
    assert "Ravi's kundli" in prod.say(sender, RAVI)[0]
    asked, answer = prod.say(sender, "update my details")
    assert "name" in asked.lower()
    # The replica that holds the conversation's latest turn dies; the form it was in
    # (asking for a name) comes back from PostgreSQL on the other one.
    victim = prod.served_by(answer)
    prod.run("kill", victim)
    status = {line.split()[0]: line.split()[-1] for line in prod.run("status", check=False).stdout.splitlines()[1:]}
    assert status[victim] == "dead"
    asked, answer = prod.say(sender, "Kiran")
    assert "date of birth" in asked
    assert prod.served_by(answer) != victim
    assert "kept your saved birth details" in prod.say(sender, "cancel")[0]
    prod.run("start", victim)
    assert "Libra" in prod.say(sender, "what is my lagna")[0]
    assert "ready" in prod.run("status").stdout


def test_postgres_killed_and_started_again_keeps_the_conversations(prod):
    sender = f"prod-{uuid.uuid4().hex[:10]}"
    assert "Ravi's kundli" in prod.say(sender, RAVI)[0]
    prod.run("kill", "postgres")
    prod.run("start", "postgres")
    # The servers' pools reconnect (pre-ping); the profile and the tracker are on disk.
    assert "Libra" in prod.say(sender, "what is my lagna")[0]


@pytest.mark.parametrize("method,path", [
    ("GET", "/conversations/someone/tracker"),
    ("GET", "/model"),
    ("GET", "/status"),
    ("GET", "/"),
    ("GET", "/webhooks/ops/metrics"),
    ("GET", "/webhooks/ops/ready"),
    ("POST", "/webhook"),
    ("GET", "/actions"),
    ("GET", "/metrics"),
    ("GET", "/ready"),
    ("GET", "/health"),
])
def test_rasas_api_ops_and_the_action_servers_webhook_are_not_published(prod, method, path):
    assert prod.request(method, path, b"{}" if method == "POST" else None).status == 404


def test_the_published_routes_answer(prod):
    assert prod.request("GET", "/healthz").status == 200
    chat = prod.request("GET", "/chat")
    assert chat.status == 200 and b"<html" in chat.body.lower()
    # The chat page's channel, as the page uses it: a signed session, then a message.
    session = prod.request("POST", "/webhooks/webchat/session", b"{}", headers={"Content-Type": "application/json"})
    assert session.status == 200
    message = dict(session.json(), message="hello")
    answer = prod.request("POST", "/webhooks/webchat/webhook", json.dumps(message).encode(),
                          headers={"Content-Type": "application/json"})
    assert answer.status == 200 and answer.json()


def test_the_rest_channel_only_from_trusted_networks(prod):
    # 127.0.0.2 is on the loopback interface but outside PROD_TRUSTED_NETWORKS (127.0.0.1/32).
    body = json.dumps({"sender": "outsider", "message": "hi"}).encode()
    assert prod.request("POST", "/webhooks/rest/webhook", body, source="127.0.0.2").status == 404
    assert prod.request("GET", "/healthz", source="127.0.0.2").status == 200


def test_an_oversized_body_is_refused(prod):
    big = b'{"update_id": 1, "padding": "' + b"x" * 200_000 + b'"}'
    assert prod.request("POST", "/webhooks/telegram/webhook", big).status == 413
    assert prod.request("POST", "/webhooks/rest/webhook", big).status == 413


def test_the_internal_listener_serves_only_the_action_webhook(prod):
    # What the Rasa servers call (without the secret the action server refuses it).
    assert prod.request("POST", "/webhook", b"{}", port=prod.internal_port).status == 401
    assert prod.request("GET", "/health", port=prod.internal_port).status == 404


def test_down_leaves_no_process_running(prod):
    pids = prod.pids()
    assert set(pids) == set(NAMES)
    prod.run("down")
    assert [name for name, pid in pids.items() if alive(pid)] == []
    assert list((prod.directory / "run").glob("*.pid")) == []
