"""The production-like topology under test, driven through `scripts/prod-local` (the same
commands an operator uses), with the bench's own PROD_DIR and ports, and the local
platforms' addresses passed through to the servers."""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROD_LOCAL = ROOT / "scripts" / "prod-local"


@dataclass
class Topology:
    directory: Path
    replicas: int
    port: int = 8280
    internal_port: int = 5470
    rasa_port: int = 5475
    actions_port: int = 5480
    pg_port: int = 5450
    redis_port: int = 6400
    # What the servers are started with beyond the topology's own settings (the platforms'
    # tokens and addresses, the LLM): `start NAME` must pass the same, or the restarted
    # replica would run with those channels off.
    passed: dict[str, str] = field(default_factory=dict)

    def environment(self, extra: dict[str, str]) -> dict[str, str]:
        env = {name: value for name, value in os.environ.items()
               if not name.startswith(("PROD_", "TELEGRAM_", "WHATSAPP_", "TWILIO_", "OPENAI_"))
               and name not in ("DATABASE_URL", "REDIS_URL")}
        env.update(PROD_DIR=str(self.directory), PROD_REPLICAS=str(self.replicas), PROD_PORT=str(self.port),
                   PROD_INTERNAL_PORT=str(self.internal_port), PROD_RASA_PORT=str(self.rasa_port),
                   PROD_ACTIONS_PORT=str(self.actions_port), PROD_PG_PORT=str(self.pg_port),
                   PROD_REDIS_PORT=str(self.redis_port))
        env.update(extra)
        return env

    def command(self, *arguments: str, extra: dict[str, str] | None = None, check: bool = True) -> float:
        """Runs `scripts/prod-local ARGUMENTS`; the seconds it took."""
        started = time.monotonic()
        result = subprocess.run([str(PROD_LOCAL), *arguments], env=self.environment(extra or {}), cwd=ROOT,
                                capture_output=True, text=True)
        if check and result.returncode != 0:
            raise RuntimeError(f"prod-local {' '.join(arguments)} failed ({result.returncode}):\n"
                               f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        return time.monotonic() - started

    def up(self, extra: dict[str, str]) -> float:
        self.passed = dict(extra)
        return self.command("up", extra=extra)

    def down(self) -> None:
        self.command("down", check=False)

    def kill(self, name: str) -> None:
        self.command("kill", name)

    def start(self, name: str) -> float:
        return self.command("start", name, extra=self.passed)

    def secret(self, name: str) -> str:
        for line in (self.directory / "secrets.env").read_text().splitlines():
            key, _, value = line.partition("=")
            if key == name:
                return value
        raise KeyError(name)

    def rasa_url(self, index: int) -> str:
        return f"http://127.0.0.1:{self.rasa_port + index - 1}"

    def names(self) -> list[str]:
        tiers = [f"{tier}-{index}" for tier in ("rasa", "actions") for index in range(1, self.replicas + 1)]
        return [*tiers, "postgres", "redis", "nginx"]

    def cpu(self) -> dict[str, float]:
        """CPU seconds used so far by each process of the topology."""
        return {name: cpu_seconds(self.pid(name)) for name in self.names()}

    def pid(self, name: str) -> int | None:
        try:
            pid = int((self.directory / "run" / f"{name}.pid").read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if Path(f"/proc/{pid}").exists() else None


def rss_mb(pid: int | None) -> tuple[float, float]:
    """(the process's resident memory, with its child processes) in MiB; zeros when gone."""
    if pid is None:
        return 0.0, 0.0
    own = _rss_kb(pid)
    family = own + sum(_rss_kb(child) for child in _descendants(pid))
    return own / 1024, family / 1024


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        for child in parents.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


def cpu_seconds(pid: int | None) -> float:
    """CPU time (user + system) of a process and its living descendants (PostgreSQL's
    backends, nginx's workers), in seconds."""
    if pid is None:
        return 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for each in (pid, *_descendants(pid)):
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks
