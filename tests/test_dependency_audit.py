"""`make audit` (security/audit.py): an advisory fails unless the ignore list names it for
that lock file; a service that gives no answer is never a pass.

pip-audit runs for real; its advisory source is an OSV-API server on 127.0.0.1 (the public
services are not ours to test against), answering with one advisory for `sanic`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytest.importorskip("pip_audit")

ROOT = Path(__file__).resolve().parent.parent
AUDIT = ROOT / "security" / "audit.py"
HASH = "--hash=sha256:" + "0" * 64
LOCK = f"sanic==21.12.2 \\\n    {HASH}\nurllib3==2.8.0 \\\n    {HASH}\n"
ADVISORY = {
    "id": "GHSA-luna-test-0001",
    "aliases": ["CVE-2099-0001"],
    "summary": "A test advisory for sanic",
    "affected": [
        {
            "package": {"name": "sanic", "ecosystem": "PyPI"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "22.0.0"}]}],
        }
    ],
}


@pytest.fixture
def osv_server():
    """An OSV /v1/query endpoint: `server.stall` makes it hold every answer until released."""
    stall = threading.Event()
    release = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if stall.is_set():
                release.wait(30)
            body = {"vulns": [ADVISORY]} if query["package"]["name"] == "sanic" else {}
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.stall = stall
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    release.set()
    server.shutdown()
    server.server_close()


def run_audit(tmp_path, server, ignore_lines=(), *extra):
    (tmp_path / "env.lock").write_text(LOCK)
    ignore = tmp_path / "audit-ignore.txt"
    ignore.write_text("# test list\n" + "".join(f"{line}\n" for line in ignore_lines))
    url = f"http://127.0.0.1:{server.server_address[1]}/v1/query"
    return subprocess.run(
        [sys.executable, str(AUDIT), "env.lock", "--ignore-file", str(ignore), "--osv-url", url, *extra],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_an_advisory_not_in_the_ignore_list_fails(tmp_path, osv_server):
    done = run_audit(tmp_path, osv_server)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "GHSA-luna-test-0001" in done.stdout and "sanic 21.12.2" in done.stdout
    assert "fixed in: 22.0.0" in done.stdout


def test_an_advisory_ignored_for_its_lock_file_is_reported_but_passes(tmp_path, osv_server):
    done = run_audit(tmp_path, osv_server, ["env.lock CVE-2099-0001 sanic rasa pins sanic<22"])
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ignored: sanic 21.12.2" in done.stdout and "because rasa pins sanic<22" in done.stdout


def test_an_advisory_ignored_for_another_lock_file_still_fails(tmp_path, osv_server):
    done = run_audit(tmp_path, osv_server, ["other.lock GHSA-luna-test-0001 sanic rasa pins sanic<22"])
    assert done.returncode == 1, done.stdout + done.stderr
    assert "stale" not in done.stdout


def test_an_ignore_entry_that_no_longer_applies_is_reported_as_stale(tmp_path, osv_server):
    done = run_audit(tmp_path, osv_server, [
        "env.lock GHSA-luna-test-0001 sanic rasa pins sanic<22",
        "env.lock GHSA-gone-0000 urllib3 fixed long ago",
    ])  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "stale ignore entry (no longer reported): GHSA-gone-0000 urllib3" in done.stdout


def test_an_ignore_entry_without_a_reason_is_refused(tmp_path, osv_server):
    done = run_audit(tmp_path, osv_server, ["env.lock GHSA-luna-test-0001 sanic"])
    assert done.returncode == 2
    assert "audit-ignore.txt:2" in done.stderr


def test_a_service_that_does_not_answer_in_time_is_not_a_pass(tmp_path, osv_server):
    osv_server.stall.set()
    done = run_audit(tmp_path, osv_server, (), "--timeout", "1")
    assert done.returncode == 2, done.stdout + done.stderr
    assert "NOT AUDITED" in done.stdout

    allowed = run_audit(tmp_path, osv_server, (), "--timeout", "1", "--allow-unaudited")
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert "WARNING: some packages were not audited" in allowed.stdout
