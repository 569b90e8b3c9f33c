"""Luna's production-like topology on 127.0.0.1 (`make prod-local`, `make prod-stop`).

    scripts/prod-local up                 start what is not running, return once all is ready
    scripts/prod-local down               stop everything it started (TERM, then KILL)
    scripts/prod-local status             every process, its pid and whether it is ready
    scripts/prod-local kill NAME          SIGKILL one process (fault tests)
    scripts/prod-local start NAME         start one process again and wait until it is ready
    scripts/prod-local restart NAME       stop it, then start it

PostgreSQL and Redis (Debian's binaries), PROD_REPLICAS action servers and Rasa servers,
and nginx in front of both tiers; every process in a session of its own, its pid in
$PROD_DIR/run/NAME.pid and its output in $PROD_DIR/logs/NAME.log. Settings and secrets:
scripts/prod_settings.py; nginx's configuration: deploy/nginx/luna.conf.template.
Standard library only (run by .venvs/actions/bin/python).
"""

from __future__ import annotations

import argparse
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
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
from prod_settings import ROOT, Topology, cors_origins, load_secrets, prod_dir, server_environment

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


def start_tier(tier: list[Service]) -> None:
    with ThreadPoolExecutor(max_workers=max(1, len(tier))) as pool:
        futures = [(service, pool.submit(service.start)) for service in tier]
    errors = [str(future.exception()) for _, future in futures if future.exception() is not None]
    if errors:
        raise StartError("\n\n".join(errors))


def load_context(for_up: bool = False) -> Context:
    directory = prod_dir(os.environ)
    state = directory / "topology.json"
    requested = Topology.from_environment(os.environ)
    if not for_up:
        if not state.exists():
            raise SystemExit(f"no topology in {directory} (run `scripts/prod-local up` first)")
        topology = Topology.load(state)
    else:
        topology = requested
        if state.exists():
            recorded = Topology.load(state)
            context = Context(recorded, load_secrets(directory / "secrets.env", os.environ))
            if recorded != requested and any(s.pid() for s in services(context).values()):
                raise SystemExit(f"{directory} runs a topology with other settings; `scripts/prod-local down` first")
        for sub in ("run", "logs", "charts"):
            (directory / sub).mkdir(parents=True, exist_ok=True)
        topology.save(state)
    return Context(topology, load_secrets(directory / "secrets.env", os.environ))


def missing_programs(topology: Topology) -> list[str]:
    """What `up` needs from Debian and the project, as the install hint for each."""
    needed = {"nginx": "apt-get install nginx"}
    if not topology.external_redis_url:
        needed["redis-server"] = "apt-get install redis-server"
    missing = [hint for program, hint in needed.items()
               if shutil.which(program) is None and not Path(f"/usr/sbin/{program}").exists()]
    if not topology.external_database_url and not Path("/usr/lib/postgresql").is_dir() and not os.environ.get(
            "PROD_PG_BIN"):
        missing.append("apt-get install postgresql (or set DATABASE_URL)")
    for venv in ("actions", "rasa"):
        if not (ROOT / ".venvs" / venv / "bin" / "python").exists():
            missing.append(f"make install (.venvs/{venv} is missing)")
    if not (ROOT / "models" / "luna.tar.gz").exists():
        missing.append("make train (models/luna.tar.gz is missing)")
    return missing


def command_up() -> None:
    context = load_context(for_up=True)
    missing = missing_programs(context.topology)
    if missing:
        raise SystemExit("prod-local: missing: " + "; ".join(missing))
    if IS_ROOT:
        # PostgreSQL and nginx's workers run as other users and need to reach their
        # directories inside PROD_DIR.
        context.dir.chmod(context.dir.stat().st_mode | 0o011)
    started = time.monotonic()
    for tier in tiers(context):
        start_tier(tier)
    topology = context.topology
    print(f"Luna is up in {time.monotonic() - started:.0f} s: {topology.public_url} "
          f"(chat page {topology.public_url}/chat), {topology.replicas} Rasa and {topology.replicas} action "
          f"servers; logs in {context.dir / 'logs'}; `scripts/prod-local down` stops it.")


def command_down() -> None:
    directory = prod_dir(os.environ)
    if not (directory / "topology.json").exists():
        print(f"nothing to stop in {directory}")
        return
    context = load_context()
    for tier in reversed(tiers(context)):
        with ThreadPoolExecutor(max_workers=max(1, len(tier))) as pool:
            outcomes = list(pool.map(lambda service: (service.name, service.stop()), tier))
        for name, outcome in outcomes:
            print(f"{name}: {outcome}")


def command_status() -> int:
    context = load_context()
    all_ready = True
    print(f"{'NAME':<12} {'PID':>8} {'PORT':>6}  STATE")
    for service in services(context).values():
        pid = service.pid()
        if pid is None:
            state = "dead" if context.pid_file(service.name).exists() else "stopped"
        else:
            state = "ready" if service.ready() else "not-ready"
        all_ready &= state == "ready"
        print(f"{service.name:<12} {pid or '-':>8} {service.port:>6}  {state}")
    return 0 if all_ready else 3


def one(context: Context, name: str) -> Service:
    known = services(context)
    if name not in known:
        raise SystemExit(f"no process {name!r}; the processes are: {', '.join(known)}")
    return known[name]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/prod-local", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["up", "down", "status", "kill", "start", "restart"])
    parser.add_argument("name", nargs="?", help="a process: postgres, redis, actions-N, rasa-N, nginx")
    args = parser.parse_args(argv)
    if args.command in ("kill", "start", "restart") and not args.name:
        parser.error(f"{args.command} needs a process name")
    try:
        if args.command == "up":
            command_up()
        elif args.command == "down":
            command_down()
        elif args.command == "status":
            return command_status()
        else:
            service = one(load_context(), args.name)
            if args.command == "kill":
                service.kill()
                print(f"{service.name}: killed")
            else:
                if args.command == "restart":
                    print(f"{service.name}: {service.stop()}")
                service.start()
                print(f"{service.name}: ready")
    except StartError as error:
        print(f"prod-local: {error}", file=sys.stderr)
        if args.command == "up":
            print("What did start keeps running: `scripts/prod-local status`, `scripts/prod-local down`.",
                  file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
