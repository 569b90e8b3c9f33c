"""The processes of the production-like topology (scripts/prod-local): how each is started,
recognised by its command line, told ready and stopped. PostgreSQL and Redis from Debian's
binaries, the action servers and Rasa servers from the project's venvs, nginx in front.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import prod_nginx
from prod_processes import (
    StartError,
    exists,
    http_status,
    log_tail,
    port_in_use,
    running_pid,
    send,
    spawn,
    stop,
    wait_gone,
    wait_until,
)
from prod_settings import ROOT, Topology, cors_origins, server_environment

IS_ROOT = os.geteuid() == 0
# As root, PostgreSQL runs as `postgres` and nginx's workers as nginx's default user.
POSTGRES_USER = "postgres"
NGINX_WORKER_USER = "nobody"
# Model loading on two shared cores is the slow part of a Rasa server's start.
RASA_START_SECONDS = 900
SERVER_START_SECONDS = 300


@dataclass
class Context:
    topology: Topology
    secret: dict[str, str]
    environ: dict[str, str] = field(default_factory=lambda: dict(os.environ))

    @property
    def dir(self) -> Path:
        return self.topology.dir

    def log(self, name: str) -> Path:
        return self.dir / "logs" / f"{name}.log"

    def pid_file(self, name: str) -> Path:
        return self.dir / "run" / f"{name}.pid"


class Service:
    """One process of the topology: how to start it, recognise it and tell it is ready."""

    name: str
    port: int
    stop_signal = signal.SIGTERM
    start_seconds: float = SERVER_START_SECONDS

    def __init__(self, context: Context) -> None:
        self.context = context

    @property
    def marker(self) -> str:
        """A piece of the command line that only this process of this topology has."""
        raise NotImplementedError

    def pid(self) -> int | None:
        return running_pid(self.context.pid_file(self.name), self.marker)

    def launch(self) -> int | None:
        """Start the process; its pid (None if it is already gone)."""
        raise NotImplementedError

    def ready(self) -> bool:
        raise NotImplementedError

    def start(self) -> None:
        """Start it unless it runs, then wait until it is ready."""
        pid = self.pid()
        if pid is None:
            if port_in_use(self.port):
                raise StartError(f"{self.name}: port {self.port} is taken by a process prod-local did not "
                                 f"start (set another PROD_*_PORT)")
            pid = self.launch()
        # By pid, not by command line: a process that has just been started may not show
        # its new command line yet (the kernel sets it up after exec has begun).
        log = self.context.log(self.name)
        wait_until(self.ready, alive=lambda: pid is not None and exists(pid), what=self.name, log=log,
                   timeout=self.start_seconds)

    def stop(self) -> str:
        pid = self.pid()
        if pid is None:
            self.context.pid_file(self.name).unlink(missing_ok=True)
            return "not running"
        killed = stop(pid, self.marker, first_signal=self.stop_signal)
        self.context.pid_file(self.name).unlink(missing_ok=True)
        return "killed after the stop timeout" if killed else "stopped"

    def kill(self) -> None:
        pid = self.pid()
        if pid is None:
            raise SystemExit(f"{self.name} is not running")
        send(pid, signal.SIGKILL)
        # Returns once it is gone: a process of 2 GB takes a moment to exit, and until its
        # sockets close, connections to its port are accepted and then reset. A zombie
        # nobody reaps within the time counts as gone (it holds no socket).
        wait_gone(pid, seconds=30)


class Postgres(Service):
    name = "postgres"
    # SIGINT is PostgreSQL's fast shutdown: open sessions are ended, not waited for.
    stop_signal = signal.SIGINT

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.port = context.topology.pg_port
        self.base = context.dir / "postgres"
        self.data = self.base / "data"
        self.socket_dir = self.base / "socket"
        self.bin = latest_postgres_bin()

    @property
    def marker(self) -> str:
        return f"-D {self.data} "

    def as_postgres(self, command: list[str]) -> list[str]:
        # initdb and pg_ctl refuse to run as root.
        return ["runuser", "-u", POSTGRES_USER, "--", *command] if IS_ROOT else command

    def run(self, command: list[str], **kwargs) -> subprocess.CompletedProcess:
        # A session of its own (pg_ctl's postmaster must not get the terminal's Ctrl-C), in
        # a directory the postgres user can read.
        result = subprocess.run(self.as_postgres(command), capture_output=True, text=True, cwd=self.base,
                                start_new_session=True, **kwargs)
        if result.returncode != 0:
            raise StartError(f"postgres: {Path(command[0]).name} failed:\n{result.stdout}{result.stderr}"
                             f"\nthe end of {self.context.log(self.name)}:\n{log_tail(self.context.log(self.name))}")
        return result

    def launch(self) -> int | None:
        log = self.context.log(self.name)
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        log.touch()
        if IS_ROOT:
            owner = pwd.getpwnam(POSTGRES_USER)
            for path in (self.base, self.socket_dir, log, *([self.data] if self.data.exists() else [])):
                os.chown(path, owner.pw_uid, owner.pw_gid)
            if subprocess.run(["runuser", "-u", POSTGRES_USER, "--", "test", "-w", str(self.base)]).returncode:
                raise StartError(f"postgres: the user {POSTGRES_USER} cannot reach {self.base}; make every "
                                 f"directory above it searchable (chmod o+x) or choose another PROD_DIR")
        if not (self.data / "PG_VERSION").exists():
            # Local socket: trust, but the socket's directory is owner-only. TCP: passwords.
            self.run([str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-E", "UTF8",
                      "--no-locale", "--auth-local=trust", "--auth-host=scram-sha-256"])
            with (self.data / "postgresql.conf").open("a") as conf:
                conf.write("\ninclude_if_exists = 'luna.conf'\n")
        # Rewritten at every start: replicas or pool sizes may have changed.
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.socket_dir}'",
            "unix_socket_permissions": "0700",
            "max_connections": str(self.context.topology.max_connections(self.context.environ)),
            "password_encryption": "scram-sha-256",
        }
        conf = self.data / "luna.conf"
        conf.write_text("".join(f"{key} = {value}\n" for key, value in settings.items()))
        if IS_ROOT:
            owner = pwd.getpwnam(POSTGRES_USER)
            os.chown(conf, owner.pw_uid, owner.pw_gid)
        self.run([str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(log), "-w", "-t", "120", "start"])
        postmaster = (self.data / "postmaster.pid").read_text().split()[0]
        self.context.pid_file(self.name).write_text(f"{postmaster}\n")
        self.create_database()
        return int(postmaster)

    def create_database(self) -> None:
        # The password on psql's standard input, not its command line. token_urlsafe
        # passwords need no quoting; a given one is quoted anyway.
        password = self.context.secret["PROD_PG_PASSWORD"].replace("'", "''")
        script = (
            "SELECT 'CREATE ROLE luna LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'luna')\\gexec\n"
            f"ALTER ROLE luna PASSWORD '{password}';\n"
            "SELECT 'CREATE DATABASE luna OWNER luna' "
            "WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'luna')\\gexec\n"
        )
        self.run([str(self.bin / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", str(self.socket_dir),
                  "-p", str(self.port), "-U", "postgres", "-d", "postgres", "-f", "-"], input=script)

    def ready(self) -> bool:
        command = [str(self.bin / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self.port)]
        return subprocess.run(command).returncode == 0


class Redis(Service):
    name = "redis"

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.port = context.topology.redis_port
        self.base = context.dir / "redis"

    @property
    def marker(self) -> str:
        # Redis names its process "redis-server 127.0.0.1:PORT".
        return f"127.0.0.1:{self.port}"

    def launch(self) -> int | None:
        self.base.mkdir(parents=True, exist_ok=True)
        conf = self.base / "redis.conf"
        # A file, owner-only, so the password is not on the command line. Locks and the
        # channels' short de-duplication windows need no persistence.
        descriptor = os.open(conf, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write("\n".join([
                "bind 127.0.0.1", f"port {self.port}", "protected-mode yes", "daemonize yes",
                f"pidfile {self.context.pid_file(self.name)}", f"logfile {self.context.log(self.name)}",
                f"dir {self.base}", 'save ""', "appendonly no",
                f"requirepass {self.context.secret['PROD_REDIS_PASSWORD']}", "",
            ]))
        redis = shutil.which("redis-server") or "/usr/bin/redis-server"
        result = subprocess.run([redis, str(conf)], capture_output=True, text=True, start_new_session=True)
        if result.returncode != 0:
            raise StartError(f"redis failed: {result.stdout}{result.stderr}\n{log_tail(self.context.log(self.name))}")
        deadline = time.monotonic() + 10
        while self.pid() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.pid()

    def ready(self) -> bool:
        password = self.context.secret["PROD_REDIS_PASSWORD"]
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=2) as connection:
                connection.sendall(f"AUTH {password}\r\nPING\r\n".encode())
                answer = b""
                while b"PONG" not in answer and len(answer) < 200:
                    chunk = connection.recv(200)
                    if not chunk:
                        break
                    answer += chunk
                return b"+PONG" in answer
        except OSError:
            return False


class ActionServer(Service):
    def __init__(self, context: Context, index: int) -> None:
        super().__init__(context)
        self.name = f"actions-{index}"
        self.port = context.topology.actions_ports()[index - 1]

    @property
    def marker(self) -> str:
        return f"rasa_sdk --actions actions --port {self.port} "

    def launch(self) -> int | None:
        env = server_environment(self.context.topology, self.context.secret, self.context.environ)
        env["SANIC_HOST"] = "127.0.0.1"
        add_metrics_dir(env, self.context, self.name)
        return spawn([str(ROOT / ".venvs/actions/bin/python"), "-m", "rasa_sdk", "--actions", "actions",
               "--port", str(self.port)],
              env=env, cwd=ROOT, log=self.context.log(self.name), pid_file=self.context.pid_file(self.name))

    def ready(self) -> bool:
        # The start-up checks passed and the database answers (actions/operations.py).
        return http_status(self.port, "/ready") == 200


class RasaServer(Service):
    start_seconds = RASA_START_SECONDS

    def __init__(self, context: Context, index: int) -> None:
        super().__init__(context)
        self.name = f"rasa-{index}"
        self.port = context.topology.rasa_ports()[index - 1]

    @property
    def marker(self) -> str:
        return f"--interface 127.0.0.1 --port {self.port} "

    def launch(self) -> int | None:
        env = server_environment(self.context.topology, self.context.secret, self.context.environ)
        add_metrics_dir(env, self.context, self.name)
        origins = cors_origins(env["LUNA_PUBLIC_URL"])
        # `rasa run --auth-token $RASA_API_TOKEN`, the token out of the command line (ps).
        env["RASA_API_TOKEN"] = self.context.secret["RASA_API_TOKEN"]
        return spawn([str(ROOT / ".venvs/rasa/bin/python"), str(ROOT / "scripts/prod_rasa.py"), "--enable-api",
               "--interface", "127.0.0.1", "--port", str(self.port), "--model", "models/luna.tar.gz",
               "--endpoints", "endpoints.yml", "--credentials", "credentials.yml", "--cors", *origins],
              env=env, cwd=ROOT, log=self.context.log(self.name), pid_file=self.context.pid_file(self.name))

    def ready(self) -> bool:
        # The model is loaded and the tracker store's database and the lock store's Redis
        # answer (channels/ops.py).
        return http_status(self.port, "/webhooks/ops/ready") == 200


class Nginx(Service):
    name = "nginx"

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.port = context.topology.port
        self.prefix = context.dir / "nginx"

    @property
    def marker(self) -> str:
        return f"-p {self.prefix}/ "

    def command(self, *extra: str) -> list[str]:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        return [nginx, "-p", f"{self.prefix}/", "-c", "nginx.conf", "-e", str(self.context.log(self.name)), *extra]

    def launch(self) -> int | None:
        if port_in_use(self.context.topology.internal_port):
            raise StartError(f"nginx: port {self.context.topology.internal_port} (PROD_INTERNAL_PORT) is taken")
        prod_nginx.write_config(self.context.topology)
        temp = self.prefix / "temp"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (temp / name).mkdir(parents=True, exist_ok=True)
            if IS_ROOT:
                # nginx's workers drop root for this user and write request bodies here.
                worker = pwd.getpwnam(NGINX_WORKER_USER)
                os.chown(temp / name, worker.pw_uid, worker.pw_gid)
        checked = subprocess.run(self.command("-t", "-q"), capture_output=True, text=True)
        if checked.returncode != 0:
            raise StartError(f"nginx: the rendered configuration is refused:\n{checked.stderr}")
        result = subprocess.run(self.command(), capture_output=True, text=True, start_new_session=True)
        if result.returncode != 0:
            raise StartError(f"nginx failed to start:\n{result.stderr}\n{log_tail(self.context.log(self.name))}")
        deadline = time.monotonic() + 10
        while self.pid() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.pid()

    def ready(self) -> bool:
        return http_status(self.port, "/healthz") == 200


def add_metrics_dir(env: dict[str, str], context: Context, name: str) -> None:
    """Several Sanic workers share their Prometheus metrics through files in a directory
    of the process's own, emptied at each start (prometheus-client's multiprocess mode)."""
    if context.topology.sanic_workers > 1:
        directory = context.dir / "metrics" / name
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        env["PROMETHEUS_MULTIPROC_DIR"] = str(directory)


def latest_postgres_bin() -> Path:
    override = os.environ.get("PROD_PG_BIN")
    if override:
        return Path(override)
    versions = [path for path in Path("/usr/lib/postgresql").glob("*/bin") if path.parent.name.isdigit()]
    if not versions:
        raise SystemExit("PostgreSQL's binaries are missing: apt-get install postgresql (or set DATABASE_URL)")
    return max(versions, key=lambda path: int(path.parent.name))


def tiers(context: Context) -> list[list[Service]]:
    """Start order, one list per tier (a tier starts in parallel). nginx comes before the
    Rasa servers: they reach the action servers through it."""
    topology = context.topology
    stores: list[Service] = []
    if not topology.external_database_url:
        stores.append(Postgres(context))
    if not topology.external_redis_url:
        stores.append(Redis(context))
    indices = range(1, topology.replicas + 1)
    return [stores, [ActionServer(context, i) for i in indices], [Nginx(context)],
            [RasaServer(context, i) for i in indices]]


def services(context: Context) -> dict[str, Service]:
    return {service.name: service for tier in tiers(context) for service in tier}
