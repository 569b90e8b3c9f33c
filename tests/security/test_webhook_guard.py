"""The action server's /webhook answers Rasa alone (actions/webhook_guard.py).

Finding (issue 10): /webhook was open on every interface; a forged tracker naming another
sender made `action_session_start` return that person's birth details and a forged
`action_delete_my_data` deleted their profile; the body was inflated with no limit
(256 MiB of zeros deflate to 261 kB). Real action servers on 127.0.0.1, over real HTTP.
"""

from __future__ import annotations

import asyncio
import gzip
import http.client
import json
import os
import socket
import subprocess
import zlib
from datetime import date, time
from pathlib import Path

import pytest

from actions.webhook_guard import CREDENTIAL_PREFIX, BodyRefused, decoded_body, guard_settings, is_rasa
from luna.profiles import Profile, ProfileStore
from tests.assistant.servers import ACTIONS_PYTHON, ROOT, free_port, stop_process, wait_for

TOKEN = "a-test-secret-of-more-than-sixteen-characters"
RASA = {"Authorization": f"{CREDENTIAL_PREFIX}{TOKEN}"}
VICTIM = ("whatsapp", "919812345678")  # WhatsApp sender ids are phone numbers
BOMB_BYTES = 256 * 1024 * 1024
GUARD_SETTINGS = ("LUNA_ACTIONS_TOKEN", "LUNA_PUBLIC_ONLY", "LUNA_WEBHOOK_MAX_BYTES")


def deflate_bomb(wbits: int = zlib.MAX_WBITS) -> bytes:
    """256 MiB of zeros, compressed chunk by chunk (never held whole in memory)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    chunk = bytes(1024 * 1024)
    return b"".join(compressor.compress(chunk) for _ in range(BOMB_BYTES // len(chunk))) + compressor.flush()


def action_call(action: str, sender: str, channel: str) -> dict:
    """What Rasa 3.6 posts to run an action: the tracker names the sender."""
    user = {"event": "user", "text": "hi", "input_channel": channel, "timestamp": 1.0,
            "parse_data": {"intent": {"name": "greet", "confidence": 1.0}, "entities": []}}
    return {
        "next_action": action, "sender_id": sender, "version": "3.6.21", "domain": {},
        "tracker": {"sender_id": sender, "slots": {"delete_confirmed": True}, "latest_message": user,
                    "events": [user], "paused": False, "followup_action": None, "active_loop": {},
                    "latest_action_name": "action_listen", "latest_input_channel": channel},
    }


def post(port: int, path: str, body: bytes, headers: dict | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("POST", path, body=body, headers={"Content-Type": "application/json", **(headers or {})})
        answer = connection.getresponse()
        return answer.status, answer.read()
    except (BrokenPipeError, ConnectionResetError):
        raise AssertionError("the server closed the connection instead of answering") from None
    finally:
        connection.close()


def status_before_body(port: int, path: str, length: int, headers: dict) -> int:
    """The status a server answers to a request whose body it has not been sent yet."""
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {length}",
             "Content-Type: application/json", *(f"{name}: {value}" for name, value in headers.items())]
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + b"{")
        answer = connection.recv(4096)
    return int(answer.split(b" ", 2)[1])


def get(port: int, path: str, headers: dict | None = None) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        answer = connection.getresponse()
        answer.read()
        return answer.status
    finally:
        connection.close()


def peak_memory_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM in /proc")


def start_action_server(workdir: Path, **settings: str | None) -> tuple[subprocess.Popen, int, dict]:
    """`python -m rasa_sdk --actions actions` as `make run` starts it, on 127.0.0.1."""
    port = free_port()
    environment = {key: value for key, value in os.environ.items() if key not in GUARD_SETTINGS}
    environment.update(DATABASE_URL=f"sqlite:///{workdir / 'luna.db'}", LUNA_CHART_DIR=str(workdir / "charts"),
                       SANIC_HOST="127.0.0.1", PYTHONUNBUFFERED="1")
    environment.update({key: value for key, value in settings.items() if value is not None})
    log = workdir / "actions.log"
    process = subprocess.Popen(
        [str(ACTIONS_PYTHON), "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
        cwd=ROOT, env=environment, stdout=log.open("w"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/health", process, log, seconds=180)
    except BaseException:
        stop_process(process)
        raise
    return process, port, environment


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    """An action server with the secret, and a stored profile someone would like to read."""
    workdir = tmp_path_factory.mktemp("guarded")
    process, port, environment = start_action_server(workdir, LUNA_ACTIONS_TOKEN=TOKEN)
    try:
        store = ProfileStore.from_url(environment["DATABASE_URL"])

        async def save() -> None:
            await store.save(Profile(channel=VICTIM[0], sender_id=VICTIM[1], name="Savitri",
                                     birth_date=date(1988, 11, 23), birth_time=time(5, 40), time_known=True,
                                     place_label="Pune, India", latitude=18.52, longitude=73.86,
                                     timezone="Asia/Kolkata"))
            await store.close()

        asyncio.run(save())
        yield process, port, environment
    finally:
        stop_process(process)


def stored_victim(environment: dict) -> Profile | None:
    async def read() -> Profile | None:
        store = ProfileStore.from_url(environment["DATABASE_URL"])
        try:
            return await store.get(*VICTIM)
        finally:
            await store.close()

    return asyncio.run(read())


# --- the pieces, without servers --------------------------------------------------------


def test_only_the_exact_credential_is_rasa():
    assert is_rasa(f"{CREDENTIAL_PREFIX}{TOKEN}", TOKEN)
    for forged in (None, "", TOKEN, f"Bearer {TOKEN}", f"{CREDENTIAL_PREFIX}{TOKEN[:-1]}",
                   f"{CREDENTIAL_PREFIX}{TOKEN} ", f"{CREDENTIAL_PREFIX}{TOKEN}".lower(),
                   "Bearer luna.${LUNA_ACTIONS_TOKEN}"):
        assert not is_rasa(forged, TOKEN), forged
    # No secret configured: nothing is Rasa, not even what an unset endpoints.yml sends.
    assert not is_rasa(f"{CREDENTIAL_PREFIX}", None)
    assert not is_rasa("Bearer luna.${LUNA_ACTIONS_TOKEN}", None)


def test_a_missing_or_short_secret_closes_the_webhook():
    assert guard_settings({}).token is None
    assert guard_settings({"LUNA_ACTIONS_TOKEN": "short"}).token is None
    assert guard_settings({"LUNA_ACTIONS_TOKEN": TOKEN}).token == TOKEN


def test_a_bomb_is_refused_before_it_is_inflated():
    for bomb, encoding in ((deflate_bomb(), "deflate"), (deflate_bomb(zlib.MAX_WBITS | 16), "gzip")):
        assert len(bomb) < 300_000
        with pytest.raises(BodyRefused) as refused:
            decoded_body(bomb, encoding, 8 * 1024 * 1024)
        assert refused.value.status == 413


def test_honest_compressed_bodies_are_inflated_and_broken_ones_refused():
    body = json.dumps(action_call("action_session_start", "me", "rest")).encode()
    assert decoded_body(body, None, 1 << 20) == body
    assert decoded_body(zlib.compress(body), "deflate", 1 << 20) == body
    assert decoded_body(gzip.compress(body), "gzip", 1 << 20) == body
    for broken, encoding, status in ((zlib.compress(body)[:-9], "deflate", 400), (body, "deflate", 400),
                                     (zlib.compress(body) + b"more", "deflate", 400), (body, "br", 415)):
        with pytest.raises(BodyRefused) as refused:
            decoded_body(broken, encoding, 1 << 20)
        assert refused.value.status == status


# --- a real action server -----------------------------------------------------------------


@pytest.mark.servers
def test_the_webhook_refuses_calls_without_the_secret(guarded):
    _, port, _ = guarded
    body = json.dumps(action_call("action_session_start", "someone", "rest")).encode()
    assert post(port, "/webhook", body)[0] == 401
    assert post(port, "/webhook", body, {"Authorization": "Bearer luna.not-the-secret"})[0] == 403
    assert post(port, "/webhook", body, {"Authorization": f"Bearer {TOKEN}"})[0] == 403
    assert get(port, "/actions") == 401
    status, answer = post(port, "/webhook", body, RASA)
    assert status == 200 and json.loads(answer)["events"][0]["event"] == "session_started"
    assert get(port, "/health") == 200 and get(port, "/chat") == 200


@pytest.mark.servers
def test_a_forged_tracker_reads_and_deletes_nothing(guarded):
    _, port, environment = guarded
    read = json.dumps(action_call("action_session_start", VICTIM[1], VICTIM[0])).encode()
    delete = json.dumps(action_call("action_delete_my_data", VICTIM[1], VICTIM[0])).encode()
    for headers in ({}, {"Authorization": "Bearer luna.guessed-secret-guessed"}):
        status, answer = post(port, "/webhook", read, headers)
        assert status in (401, 403) and b"Savitri" not in answer and b"1988" not in answer
        status, answer = post(port, "/webhook", delete, headers)
        assert status in (401, 403)
        assert stored_victim(environment) is not None
    # The same call with Rasa's secret does read the profile: the refusal above is the guard.
    status, answer = post(port, "/webhook", read, RASA)
    assert status == 200 and b"Savitri" in answer


@pytest.mark.servers
def test_a_deflate_or_gzip_bomb_gets_a_413_without_being_inflated(guarded):
    process, port, _ = guarded
    before = peak_memory_kib(process.pid)
    for bomb, encoding in ((deflate_bomb(), "deflate"), (deflate_bomb(zlib.MAX_WBITS | 16), "gzip")):
        status, answer = post(port, "/webhook", bomb, {**RASA, "Content-Encoding": encoding})
        assert status == 413, answer
        # Without the secret it is refused before anything is read into JSON.
        assert post(port, "/webhook", bomb, {"Content-Encoding": encoding})[0] == 401
    # Inflating one bomb whole would have taken 256 MiB.
    assert peak_memory_kib(process.pid) - before < 64 * 1024
    # A body announced over the limit is refused before it is read.
    assert status_before_body(port, "/webhook", 9 * 1024 * 1024, RASA) == 413
    # And Rasa's own compression (COMPRESS_ACTION_SERVER_REQUEST) still works.
    body = zlib.compress(json.dumps(action_call("action_session_start", "someone", "rest")).encode())
    assert post(port, "/webhook", body, {**RASA, "Content-Encoding": "deflate"})[0] == 200
    assert post(port, "/webhook", body, {**RASA, "Content-Encoding": "br"})[0] == 415


@pytest.mark.servers
def test_without_a_secret_the_server_starts_with_the_webhook_closed(tmp_path):
    process, port, _ = start_action_server(tmp_path, LUNA_ACTIONS_TOKEN=None)
    try:
        body = json.dumps(action_call("action_session_start", "someone", "rest")).encode()
        # Not even what a Rasa with the variable unset sends (endpoints.yml's literal).
        for headers in ({}, {"Authorization": "Bearer luna."}, {"Authorization": "Bearer luna.${LUNA_ACTIONS_TOKEN}"}):
            assert post(port, "/webhook", body, headers)[0] in (401, 403)
        assert get(port, "/chat") == 200
    finally:
        stop_process(process)
    assert "LUNA_ACTIONS_TOKEN is not set" in (tmp_path / "actions.log").read_text()


@pytest.mark.servers
def test_a_public_only_server_serves_the_chat_page_and_pictures_but_no_webhook(tmp_path):
    process, port, _ = start_action_server(tmp_path, LUNA_ACTIONS_TOKEN=TOKEN, LUNA_PUBLIC_ONLY="1")
    try:
        body = json.dumps(action_call("action_session_start", "someone", "rest")).encode()
        assert post(port, "/webhook", body, RASA)[0] == 404
        assert get(port, "/actions", RASA) == 404
        assert get(port, "/chat") == 200 and get(port, "/health") == 200
        assert get(port, "/charts/" + "0" * 32 + ".png") == 404  # the route answers; no such picture
    finally:
        stop_process(process)
