"""`make run`'s script (scripts/run-luna) on free ports: both servers on 127.0.0.1 only,
Rasa's API without a token there (SPEC) but CORS for the chat page's origin alone, the
action webhook behind a secret generated once per machine into an owner-only file.

Finding (issue 10): run-luna started Rasa with `--enable-api`, no token, on every
interface, with `--cors "*"`, and the action server on every interface with /webhook open.
The script uses models/luna.tar.gz as it is (it never trains; `make run` does that first).
"""

from __future__ import annotations

import http.client
import json
import os
import pty
import select
import signal
import socket
import stat
import subprocess
import time
from pathlib import Path

import pytest

from actions.webhook_guard import CREDENTIAL_PREFIX
from tests.assistant.servers import MODEL, ROOT, free_port, wait_for

SCRIPT = ROOT / "scripts" / "run-luna"
# Settings that would change what the script does; the test gives its own or none.
UNSET = ("HOST", "LUNA_ACTIONS_TOKEN", "LUNA_WEBCHAT_KEY", "LUNA_ACTIONS_ADDRESS", "LUNA_PUBLIC_URL",
         "LUNA_RASA_URL", "LUNA_PUBLIC_ONLY", "REDIS_URL")

pytestmark = pytest.mark.servers


def listening_addresses(port: int) -> set[str]:
    """The local addresses of every socket listening on `port` (from /proc/net/tcp{,6})."""
    found = set()
    for table, family in (("/proc/net/tcp", socket.AF_INET), ("/proc/net/tcp6", socket.AF_INET6)):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state != "0A" or int(hex_port, 16) != port:  # 0A: LISTEN
                continue
            raw = bytes.fromhex(address)
            # The kernel prints each 32-bit word in host (little-endian) order.
            raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
            found.add(socket.inet_ntop(family, raw))
    return found


def request(port: int, method: str, path: str, body: bytes | None = None,
            headers: dict | None = None) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers={"Content-Type": "application/json", **(headers or {})})
        answer = connection.getresponse()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()
    finally:
        connection.close()


def read_secrets(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


def models_state() -> dict[str, tuple[int, int]]:
    return {str(path): (path.stat().st_size, path.stat().st_mtime_ns) for path in MODEL.parent.glob("*")}


def environment(workdir: Path, **settings: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in UNSET}
    env.update(DATABASE_URL=f"sqlite:///{workdir / 'luna.db'}", LUNA_CHART_DIR=str(workdir / "charts"),
               LUNA_SECRETS_FILE=str(workdir / "secrets.env"), PYTHONUNBUFFERED="1", **settings)
    return env


def stop_group(process: subprocess.Popen) -> None:
    """Ctrl-C as the terminal sends it: SIGINT; the script's trap stops both servers."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)  # anything of the script's group still alive?
        except ProcessLookupError:
            return
        time.sleep(0.5)
    os.killpg(process.pid, signal.SIGKILL)
    raise AssertionError("the script left servers running after Ctrl-C")


@pytest.fixture(scope="module")
def run_luna(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train`")
    workdir = tmp_path_factory.mktemp("run-luna")
    ports = {"PORT": free_port(), "ACTIONS_PORT": free_port()}
    models_before = models_state()
    log = workdir / "run-luna.log"
    process = subprocess.Popen(
        [str(SCRIPT)], cwd=ROOT, env=environment(workdir, **{k: str(v) for k, v in ports.items()}),
        stdout=log.open("w"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        # /status needs no token here: `make run` keeps the SPEC's token-free local API.
        wait_for(f"http://127.0.0.1:{ports['PORT']}/status", process, log)
        yield {"process": process, "workdir": workdir, "log": log, "models_before": models_before, **ports}
    finally:
        stop_group(process)


def test_both_servers_listen_on_127_0_0_1_only(run_luna):
    assert listening_addresses(run_luna["PORT"]) == {"127.0.0.1"}
    assert listening_addresses(run_luna["ACTIONS_PORT"]) == {"127.0.0.1"}


def test_the_secrets_are_generated_into_an_owner_only_file(run_luna):
    path = run_luna["workdir"] / "secrets.env"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    values = read_secrets(path)
    assert set(values) == {"LUNA_ACTIONS_TOKEN", "LUNA_WEBCHAT_KEY"}
    assert all(len(value) >= 40 for value in values.values())
    assert values["LUNA_ACTIONS_TOKEN"] != values["LUNA_WEBCHAT_KEY"]


def test_rasa_talks_to_the_action_server_with_the_secret(run_luna):
    status, _, body = request(run_luna["PORT"], "POST", "/webhooks/rest/webhook",
                              json.dumps({"sender": "run-luna-test", "message": "hello"}).encode())
    assert status == 200 and json.loads(body)
    # The tracker (no token needed on 127.0.0.1) shows the slot action_session_start sets: Rasa was let in.
    status, _, body = request(run_luna["PORT"], "GET", "/conversations/run-luna-test/tracker")
    assert status == 200 and any(event.get("name") == "has_profile" for event in json.loads(body)["events"])
    # Nobody else is: not without the secret, and not with a guess.
    call = json.dumps({"next_action": "action_session_start", "sender_id": "x", "version": "3.6.21",
                       "tracker": {"sender_id": "x", "slots": {}, "latest_message": {}, "events": [],
                                   "paused": False, "followup_action": None, "active_loop": {},
                                   "latest_action_name": None}, "domain": {}}).encode()
    assert request(run_luna["ACTIONS_PORT"], "POST", "/webhook", call)[0] == 401
    assert request(run_luna["ACTIONS_PORT"], "POST", "/webhook", call,
                   {"Authorization": f"{CREDENTIAL_PREFIX}guess-guess-guess-guess"})[0] == 403


def test_cors_allows_only_the_chat_pages_origin(run_luna):
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    chat = (f"http://localhost:{run_luna['ACTIONS_PORT']}", f"http://127.0.0.1:{run_luna['ACTIONS_PORT']}")
    for origin in chat:
        _, headers, _ = request(run_luna["PORT"], "OPTIONS", "/webhooks/rest/webhook",
                                headers={**preflight, "Origin": origin})
        assert headers.get("access-control-allow-origin") == origin
    for origin in ("https://evil.example", f"http://localhost:{run_luna['PORT']}", "null"):
        for path in ("/webhooks/rest/webhook", "/conversations/someone/tracker"):
            _, headers, _ = request(run_luna["PORT"], "OPTIONS", path, headers={**preflight, "Origin": origin})
            assert "access-control-allow-origin" not in headers, (origin, path)


def test_the_model_is_used_as_it_is(run_luna):
    assert models_state() == run_luna["models_before"]
    assert "rasa train" not in run_luna["log"].read_text()


def test_the_action_server_alone_reuses_the_machines_secret_and_the_environment_wins(run_luna, tmp_path):
    """`scripts/run-luna actions` (make actions): the same secrets file is read, not rewritten."""
    secrets_file = run_luna["workdir"] / "secrets.env"
    generated = secrets_file.read_text()
    mine = "a-secret-the-operator-chose-for-this-run"
    for settings, accepted, refused in (
        ({}, read_secrets(secrets_file)["LUNA_ACTIONS_TOKEN"], mine),
        ({"LUNA_ACTIONS_TOKEN": mine}, mine, read_secrets(secrets_file)["LUNA_ACTIONS_TOKEN"]),
    ):
        port = free_port()
        env = environment(tmp_path, ACTIONS_PORT=str(port), **settings)
        env["LUNA_SECRETS_FILE"] = str(secrets_file)
        log = tmp_path / f"actions-{port}.log"
        process = subprocess.Popen([str(SCRIPT), "actions"], cwd=ROOT, env=env, stdout=log.open("w"),
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            wait_for(f"http://127.0.0.1:{port}/health", process, log, seconds=180)
            assert listening_addresses(port) == {"127.0.0.1"}
            for secret, status in ((accepted, 200), (refused, 403)):
                headers = {"Authorization": f"{CREDENTIAL_PREFIX}{secret}"}
                assert request(port, "GET", "/actions", headers=headers)[0] == status
        finally:
            stop_group(process)
    assert secrets_file.read_text() == generated


def test_the_shell_reaches_the_action_server_with_the_machines_secret(run_luna, tmp_path):
    """`scripts/run-luna shell` (rasa shell, in a terminal) against the running action server."""
    port = free_port()
    env = environment(tmp_path, PORT=str(port), ACTIONS_PORT=str(run_luna["ACTIONS_PORT"]), TERM="xterm")
    env["LUNA_SECRETS_FILE"] = str(run_luna["workdir"] / "secrets.env")
    log_before = len(run_luna["log"].read_text())  # earlier tests' refusals are not the shell's
    terminal, their_end = pty.openpty()
    process = subprocess.Popen([str(SCRIPT), "shell"], cwd=ROOT, env=env, stdin=their_end, stdout=their_end,
                               stderr=their_end, start_new_session=True)
    os.close(their_end)
    screen, said, deadline = b"", False, time.monotonic() + 600
    try:
        while time.monotonic() < deadline and process.poll() is None:
            if select.select([terminal], [], [], 1)[0]:
                chunk = os.read(terminal, 65536)
                screen += chunk
                if b"\x1b[6n" in chunk:  # the prompt asks where the cursor is
                    os.write(terminal, b"\x1b[1;1R")
            if not said and b"Bot loaded" in screen:
                assert listening_addresses(port) == {"127.0.0.1"}
                os.write(terminal, b"hello\r")
                said, screen = True, b""
            if said and b"Luna" in screen:
                break
    finally:
        stop_group(process)
        os.close(terminal)
    text = screen.decode(errors="replace")
    assert said and "Luna" in text, text[-2000:]
    assert "Failed to run custom action" not in text
    assert "Refused a call" not in run_luna["log"].read_text()[log_before:]


def test_ctrl_c_stops_both_servers(run_luna):
    stop_group(run_luna["process"])
    assert listening_addresses(run_luna["PORT"]) == set()
    assert listening_addresses(run_luna["ACTIONS_PORT"]) == set()
