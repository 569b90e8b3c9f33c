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
The processes themselves: scripts/prod_services.py. Standard library only (run by
.venvs/actions/bin/python).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from prod_processes import StartError
from prod_services import IS_ROOT, ROOT, Context, Service, services, tiers
from prod_settings import SERVER_SETTINGS, Topology, load_secrets, load_server_settings, prod_dir, save_server_settings


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
        save_server_settings(directory / SERVER_SETTINGS, os.environ)
    # A process started again gets the settings `up` gave the servers (the platforms' tokens,
    # the LLM's address...), even from a shell that lacks them; a value set now wins.
    environ = {**load_server_settings(directory / SERVER_SETTINGS), **os.environ}
    return Context(topology, load_secrets(directory / "secrets.env", os.environ), environ)


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
