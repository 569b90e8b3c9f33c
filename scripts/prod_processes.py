"""Processes that outlive the script that started them: pid files, liveness, stopping.

A process counts as prod-local's only while its pid file names a live process whose
command line still contains what prod-local started it with (a pid reused by another
program after a crash is not ours). Each server runs in a session of its own, so stopping
or killing one takes its workers with it and never touches anything else.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path


class StartError(RuntimeError):
    """A process died or did not become ready; the message ends with its log's tail."""


def log_tail(log: Path, lines: int = 40) -> str:
    try:
        text = log.read_text(errors="replace")
    except FileNotFoundError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


def read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text().split()[0])
    except (FileNotFoundError, ValueError, IndexError):
        return None


def exists(pid: int) -> bool:
    """The process is there and not a zombie (a killed server whose parent has not
    reaped it yet is not running)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False


def command_line(pid: int) -> str | None:
    """The process's command line, or None when it is not running."""
    if not exists(pid):
        return None
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except (FileNotFoundError, ProcessLookupError):
        return None


def running_pid(pid_file: Path, marker: str) -> int | None:
    pid = read_pid(pid_file)
    if pid is None:
        return None
    line = command_line(pid)
    return pid if line is not None and marker in line else None


def spawn(command: Sequence[str], *, env: dict[str, str], cwd: Path, log: Path, pid_file: Path) -> int:
    """Start a server in its own session, output appended to its log, and record its pid."""
    with log.open("ab") as output:
        output.write(f"\n=== started {time.strftime('%Y-%m-%dT%H:%M:%S%z')} ===\n".encode())
        output.flush()
        process = subprocess.Popen(
            list(command), cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=output,
            stderr=subprocess.STDOUT, start_new_session=True,
        )
    pid_file.write_text(f"{process.pid}\n")
    return process.pid


def send(pid: int, sig: int) -> None:
    """Signal the process and its process group: every process prod-local starts runs in
    a session of its own (Sanic's workers with their server, PostgreSQL's backends with
    the postmaster pg_ctl left behind), so the group holds nothing else."""
    try:
        group = os.getpgid(pid)
        if group != os.getpgrp():
            os.killpg(group, sig)
        else:
            os.kill(pid, sig)
    except ProcessLookupError:
        pass


def gone(pid: int) -> bool:
    """No such process, not even a zombie: PostgreSQL refuses to start while the pid in
    its lock file exists."""
    return not Path(f"/proc/{pid}").exists()


def stop(pid: int, marker: str, *, first_signal: int = signal.SIGTERM, timeout: float = 20.0) -> bool:
    """The stop signal, then SIGKILL if it is still there after `timeout`. True when it
    had to be killed."""
    send(pid, first_signal)
    deadline = time.monotonic() + timeout
    killed = False
    while True:
        line = command_line(pid)
        if line is None or marker not in line:
            break
        if time.monotonic() > deadline:
            send(pid, signal.SIGKILL)
            killed = True
            break
        time.sleep(0.2)
    wait_gone(pid)
    return killed


def wait_gone(pid: int, seconds: float = 10.0) -> None:
    """Until the process is reaped (a zombie that nobody reaps in time is left)."""
    deadline = time.monotonic() + seconds
    while not gone(pid) and time.monotonic() < deadline:
        time.sleep(0.05)


def port_in_use(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def http_status(port: int, path: str, timeout: float = 3.0) -> int | None:
    """The status of GET http://127.0.0.1:<port><path>, or None when nothing answers."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    except OSError:
        return None
    finally:
        connection.close()


def wait_until(ready: Callable[[], bool], *, alive: Callable[[], bool], what: str, log: Path,
               timeout: float) -> None:
    """Poll `ready` until it holds; fail with the log's tail if the process dies or the
    time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        if ready():
            return
        if not alive():
            raise StartError(f"{what} died while starting; the end of {log}:\n{log_tail(log)}")
        if time.monotonic() > deadline:
            raise StartError(f"{what} was not ready after {timeout:g} s; the end of {log}:\n{log_tail(log)}")
        time.sleep(0.5)
