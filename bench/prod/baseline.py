"""The yardstick: Rasa's own default bot (`rasa init`), trained once into a cache outside
the repository and served by a Rasa server of the same version beside Luna, and a
one-user-at-a-time latency comparison: a non-LLM Luna turn (the horoscope of a user whose
profile is saved) against the default bot's "hello", over the same REST channel, taken
in turns so both see the same machine.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from bench.prod.topology import ROOT, rss_mb

RASA = ROOT / ".venvs" / "rasa" / "bin" / "rasa"
CACHE = Path(os.environ.get("LUNA_BENCH_CACHE") or Path.home() / ".cache" / "luna-bench")
DEFAULT_BOT = CACHE / "defaultbot"


def default_bot_model() -> Path:
    """The default bot's trained model, made once (`rasa init` trains it)."""
    models = sorted((DEFAULT_BOT / "models").glob("*.tar.gz"))
    if models:
        return models[-1]
    DEFAULT_BOT.mkdir(parents=True, exist_ok=True)
    subprocess.run([str(RASA), "init", "--no-prompt", "--init-dir", str(DEFAULT_BOT)], cwd=CACHE, check=True,
                   stdout=subprocess.DEVNULL)
    return sorted((DEFAULT_BOT / "models").glob("*.tar.gz"))[-1]


class DefaultBot:
    """A Rasa server with the default bot on 127.0.0.1:`port`: with the stores `rasa init`
    gives it (in memory), or with `endpoints` (a file: Luna's PostgreSQL and Redis, so the
    stores' share of a turn can be told apart from Luna's own)."""

    def __init__(self, port: int, endpoints: Path | None = None) -> None:
        self.port = port
        self.endpoints = endpoints
        self.process: subprocess.Popen | None = None
        self.log = CACHE / f"defaultbot-server-{port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> float:
        model = default_bot_model()
        started = time.monotonic()
        env = {name: value for name, value in os.environ.items() if name not in ("DATABASE_URL", "REDIS_URL")}
        self.process = subprocess.Popen(
            [str(RASA), "run", "--enable-api", "--interface", "127.0.0.1", "--port", str(self.port),
             "--model", str(model), *(["--endpoints", str(self.endpoints)] if self.endpoints else [])],
            cwd=DEFAULT_BOT, env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the default bot died while starting; see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.url}/status", timeout=2):
                    return time.monotonic() - started
            except (urllib.error.URLError, OSError):
                time.sleep(0.5)
        raise RuntimeError("the default bot did not come up in 600 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


def shared_stores_endpoints(path: Path, pg_port: int, pg_password: str, redis_port: int, redis_password: str) -> Path:
    """An endpoints.yml for the default bot on Rasa's own SQL tracker store (PostgreSQL, the
    topology's database) and Redis lock store, as Luna's servers use them."""
    path.write_text(
        "tracker_store:\n  type: SQL\n  dialect: postgresql\n  url: 127.0.0.1\n"
        f"  port: {pg_port}\n  db: luna\n  username: luna\n  password: {json.dumps(pg_password)}\n"
        "lock_store:\n  type: redis\n  url: 127.0.0.1\n"
        f"  port: {redis_port}\n  password: {json.dumps(redis_password)}\n  db: 1\n  key_prefix: defaultbot\n")
    path.chmod(0o600)
    return path


def say(url: str, sender: str, text: str) -> tuple[float, list[dict]]:
    """(seconds, replies) of one REST turn."""
    request = urllib.request.Request(f"{url}/webhooks/rest/webhook",
                                     data=json.dumps({"sender": sender, "message": text}).encode(),
                                     headers={"Content-Type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as answer:
        replies = json.loads(answer.read())
    return time.perf_counter() - started, replies


def compare_latency(targets: dict[str, tuple[str, str]], turns: int, warmup: int = 5) -> dict[str, dict]:
    """targets: label -> (REST base URL, message). Each label gets its own sender (Luna's
    with a saved profile first); the turns are taken round-robin, one at a time."""
    senders = {label: f"bench-latency-{uuid.uuid4().hex[:10]}" for label in targets}
    for label, (url, _) in targets.items():
        if "luna" in label:
            _, replies = say(url, senders[label], "I'm Kavya, born 12 August 1992 at 6:40 am in Jaipur")
            if "Kavya's kundli" not in " ".join(r.get("text") or "" for r in replies):
                raise RuntimeError(f"{label}: the birth details were not taken: {replies}")
    timings: dict[str, list[float]] = {label: [] for label in targets}
    for round_ in range(warmup + turns):
        for label, (url, message) in targets.items():
            seconds, replies = say(url, senders[label], message)
            if not replies:
                raise RuntimeError(f"{label}: no reply to {message!r}")
            if round_ >= warmup:
                timings[label].append(seconds)
    return {label: {"turns": len(values), "p50_ms": round(statistics.median(values) * 1000, 1),
                    "p90_ms": round(sorted(values)[int(0.9 * (len(values) - 1))] * 1000, 1),
                    "min_ms": round(min(values) * 1000, 1), "message": targets[label][1]}
            for label, values in timings.items()}


def memory(processes: dict[str, int | None]) -> dict[str, dict]:
    """RSS (MiB) of each named process, alone and with its children."""
    result = {}
    for name, pid in processes.items():
        own, family = rss_mb(pid)
        result[name] = {"pid": pid, "rss_mib": round(own), "with_children_mib": round(family)}
    return result
