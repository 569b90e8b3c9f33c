"""GET /charts/<name>.png on a real action server (`python -m rasa_sdk --actions actions`,
as `make run` starts it), over real HTTP on 127.0.0.1."""

from __future__ import annotations

import http.client
import io
import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image

from actions.chart_route import CACHE_CONTROL
from luna.charts import save_chart_image
from luna.charts.layout import HEIGHT, WIDTH
from tests.assistant.servers import ACTIONS_PYTHON, ROOT, free_port, stop_process, wait_for


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The action server, its pictures in a directory of this test's own."""
    workdir = tmp_path_factory.mktemp("luna-charts")
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'luna.db'}",
        "LUNA_CHART_DIR": str(workdir / "charts"),
        "LUNA_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "LUNA_CHART_SALT": "test salt, not a secret",
        "PYTHONUNBUFFERED": "1",
    }
    log = workdir / "actions.log"
    process = subprocess.Popen(
        [str(ACTIONS_PYTHON), "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
        cwd=ROOT, env=environment, stdout=log.open("w"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/health", process, log, seconds=120)
        yield port, environment, workdir
    finally:
        stop_process(process)


@pytest.fixture(scope="module")
def stored(server, pune):
    """A picture saved the way an action saves it, with the server's settings."""
    _, environment, _ = server
    with pytest.MonkeyPatch.context() as patch:
        for variable in ("LUNA_CHART_DIR", "LUNA_PUBLIC_URL", "LUNA_CHART_SALT"):
            patch.setenv(variable, environment[variable])
        url = save_chart_image(pune, "north", "D1", "Ravi")
    path = Path(environment["LUNA_CHART_DIR"]) / urlsplit(url).path.rsplit("/", 1)[1]
    return url, path


def get(port: int, path: str, headers: dict | None = None, method: str = "GET"):
    """The request exactly as written: http.client does not tidy up `..` or `%2e`."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        answer = connection.getresponse()
        return answer.status, {name.lower(): value for name, value in answer.getheaders()}, answer.read()
    finally:
        connection.close()


def test_the_url_from_the_store_serves_the_picture(server, stored):
    port, _, _ = server
    url, path = stored
    parts = urlsplit(url)
    assert (parts.hostname, parts.port) == ("127.0.0.1", port)
    status, headers, body = get(port, parts.path)
    assert status == 200
    assert headers["content-type"] == "image/png"
    assert headers["cache-control"] == CACHE_CONTROL
    assert body == path.read_bytes()
    assert Image.open(io.BytesIO(body)).size == (WIDTH, HEIGHT)


def test_a_cached_copy_is_confirmed_without_the_bytes(server, stored):
    port, _, _ = server
    url, _ = stored
    status, headers, _ = get(port, urlsplit(url).path)
    status, _, body = get(port, urlsplit(url).path, {"If-None-Match": headers["etag"]})
    assert (status, body) == (304, b"")


def test_head_answers_like_get_without_the_body(server, stored):
    port, _, _ = server
    url, path = stored
    status, headers, body = get(port, urlsplit(url).path, method="HEAD")
    assert status == 200 and headers["content-type"] == "image/png" and body == b""


def test_anything_but_a_stored_name_is_not_found(server, stored):
    port, _, workdir = server
    _, path = stored
    name = path.stem
    (workdir / "secret.png").write_bytes(b"outside the chart directory")
    (path.parent / "notes.png").write_bytes(b"inside, but not a name the store gives out")
    for request_path in (
        "/charts/../secret.png",
        "/charts/..%2Fsecret.png",
        "/charts/%2e%2e%2fsecret.png",
        "/charts/%2E%2E/secret.png",
        "/charts/..%5Csecret.png",
        f"/charts/{name}%2F..%2F..%2Fsecret.png",
        "/charts/.salt",
        "/charts/notes.png",
        f"/charts/{name.upper()}.png",
        f"/charts/{name}.PNG",
        f"/charts/{name[:-1]}.png",
        f"/charts/{name}",
        "/charts/" + "0" * 32 + ".png",  # well formed, never stored
        "/charts/",
        "/charts",
    ):
        status, _, body = get(port, request_path)
        assert status == 404, request_path
        assert b"outside" not in body and b"inside" not in body
