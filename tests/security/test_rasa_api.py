"""Rasa's HTTP API in production mode, as the README's deployment section starts it:
`rasa run --enable-api --auth-token ... --interface ... --cors <the chat page's origin>`.

Finding (issue 10): with `--enable-api`, no token and `--cors "*"`, anyone reaching
port 5005, or any web page a visitor opened, could read every conversation (the tracker
holds the birth-detail slots), inject events, run actions and replace or unload the model.
A real action server and Rasa server with the trained model, on 127.0.0.1.
"""

from __future__ import annotations

import http.client
import json
import secrets
import subprocess

import pytest

from tests.assistant.servers import MODEL, RASA, ROOT, Luna, free_port, stop_process, wait_for

API_TOKEN = secrets.token_urlsafe(32)
FOREIGN_ORIGIN = "https://evil.example"

pytestmark = pytest.mark.servers


class ProductionLuna(Luna):
    """Luna's servers with settings of the test's own (the same for both processes)."""

    def __init__(self, extra: dict[str, str], **fields) -> None:
        super().__init__(**fields)
        self.extra = extra

    def environment(self) -> dict[str, str]:
        return {**super().environment(), **self.extra}


class Production:
    def __init__(self, luna: Luna, port: int) -> None:
        self.luna, self.port = luna, port

    @property
    def chat_origin(self) -> str:
        return f"http://127.0.0.1:{self.luna.actions_port}"

    def request(self, method: str, path: str, body: dict | None = None,
                headers: dict | None = None) -> tuple[int, dict, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=json.dumps(body).encode() if body is not None else None,
                               headers={"Content-Type": "application/json", **(headers or {})})
            answer = connection.getresponse()
            return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()
        finally:
            connection.close()


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train`")
    workdir = tmp_path_factory.mktemp("production")
    port = free_port()
    luna = ProductionLuna(
        # Rasa deflates its calls: the action server's guard must inflate them (within limits).
        {"COMPRESS_ACTION_SERVER_REQUEST": "true", "LUNA_WEBCHAT_KEY": secrets.token_urlsafe(32)},
        database_url=f"sqlite:///{workdir / 'luna.db'}", workdir=workdir, rasa_port=port)
    environment = luna.environment()
    rasa = None
    try:
        luna.start_actions()
        log = workdir / "rasa.log"
        rasa = subprocess.Popen(
            [str(RASA), "run", "--enable-api", "--auth-token", API_TOKEN, "--interface", "127.0.0.1",
             "--cors", f"http://127.0.0.1:{luna.actions_port}", "--port", str(port), "--model", str(MODEL),
             "--endpoints", str(ROOT / "endpoints.yml"), "--credentials", str(ROOT / "credentials.yml")],
            cwd=ROOT, env=environment, stdout=log.open("w"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
        wait_for(f"http://127.0.0.1:{port}/version", rasa, log)  # /status needs the token now
        yield Production(luna, port)
    finally:
        stop_process(rasa)
        luna.stop()


def say(production: Production, sender: str, message: str) -> list[dict]:
    status, _, body = production.request("POST", "/webhooks/rest/webhook", {"sender": sender, "message": message})
    assert status == 200, body
    return json.loads(body)


def test_rasa_reaches_the_action_server_with_the_secret(production):
    # action_session_start is a custom action: a reply means Rasa's call was let in.
    assert say(production, "api-test-sender", "hello")
    status, _, body = production.request("GET", f"/conversations/api-test-sender/tracker?token={API_TOKEN}")
    events = json.loads(body)["events"]
    assert status == 200 and any(event.get("name") == "has_profile" for event in events)  # set by the action
    log = (production.luna.workdir / "actions.log").read_text()
    assert "Refused a call" not in log


def test_the_tracker_is_refused_without_the_token(production):
    sender = "919812345678"
    say(production, sender, "hi, I am Savitri")
    path = f"/conversations/{sender}/tracker"
    for query in ("", "?token=", "?token=wrong-token"):
        status, _, body = production.request("GET", path + query)
        assert status in (401, 403) and b"Savitri" not in body
    status, _, body = production.request("GET", f"{path}?token={API_TOKEN}")
    assert status == 200 and b"Savitri" in body


def test_events_and_actions_cannot_be_injected_without_the_token(production):
    sender = "injected-sender"
    attempts = [
        ("POST", f"/conversations/{sender}/tracker/events", {"event": "slot", "name": "name", "value": "X"}),
        ("PUT", f"/conversations/{sender}/tracker/events", []),
        ("POST", f"/conversations/{sender}/execute", {"name": "action_delete_my_data"}),
        ("POST", f"/conversations/{sender}/trigger_intent", {"name": "delete_my_data"}),
        ("POST", f"/conversations/{sender}/messages", {"text": "hi", "sender": "user"}),
        ("POST", "/model/parse", {"text": "hi"}),
    ]
    for method, path, body in attempts:
        assert production.request(method, path, body)[0] in (401, 403), path


def test_the_model_cannot_be_replaced_or_unloaded_without_the_token(production):
    assert production.request("PUT", "/model", {"model_file": "/tmp/not-a-model.tar.gz"})[0] in (401, 403)
    assert production.request("DELETE", "/model")[0] in (401, 403)
    assert production.request("GET", "/status")[0] in (401, 403)
    status, _, body = production.request("GET", f"/status?token={API_TOKEN}")
    assert status == 200 and json.loads(body)["model_file"]  # still loaded


def test_cors_allows_the_chat_page_and_no_other_origin(production):
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    for path in ("/webhooks/rest/webhook", "/conversations/someone/tracker"):
        _, headers, _ = production.request("OPTIONS", path, headers={**preflight, "Origin": FOREIGN_ORIGIN})
        assert "access-control-allow-origin" not in headers, path
        _, headers, _ = production.request("OPTIONS", path, headers={**preflight, "Origin": production.chat_origin})
        assert headers.get("access-control-allow-origin") == production.chat_origin, path
    _, headers, _ = production.request("GET", "/version", headers={"Origin": FOREIGN_ORIGIN})
    assert "access-control-allow-origin" not in headers
