"""The settings of the production-like topology (scripts/prod-local): ports, replicas and
secrets from the environment, and the environment each server is started with.

`up` records the resolved settings in $PROD_DIR/topology.json, so `status`, `kill`,
`start`, `restart` and `down` act on the topology that is running even when called with a
different environment (only PROD_DIR has to match). Secrets live apart, in
$PROD_DIR/secrets.env (mode 600): generated once, a value set in the environment wins.
"""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parents[1]

# Generated into secrets.env unless set in the environment. The PostgreSQL and Redis
# passwords are used only when prod-local starts those services itself.
SECRET_NAMES = ("LUNA_ACTIONS_TOKEN", "LUNA_WEBCHAT_KEY", "RASA_API_TOKEN", "LUNA_LOG_KEY",
                "PROD_PG_PASSWORD", "PROD_REDIS_PASSWORD")

# The action server's profile store pool (luna/profiles/store.py: pool_size=5, and as
# many again in overflow). Fixed in code today.
ACTIONS_POOL_CONNECTIONS = 5 + 5
# Connections kept free beyond the servers' pools: PostgreSQL's superuser reserve (3),
# the action servers' one-connection migration engines at start-up, psql, the benchmark.
SPARE_CONNECTIONS = 3 + 12


@dataclass(frozen=True)
class Topology:
    directory: str
    port: int
    internal_port: int
    replicas: int
    rasa_port: int
    actions_port: int
    pg_port: int
    redis_port: int
    sanic_workers: int
    trusted_networks: tuple[str, ...]
    # DATABASE_URL / REDIS_URL given: that service is used and none is started.
    external_database_url: str | None
    external_redis_url: str | None

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> Topology:
        def number(name: str, default: int) -> int:
            value = int(environ.get(name) or default)
            if value < 1:
                raise SystemExit(f"{name} must be a positive number, not {value}")
            return value

        networks = tuple((environ.get("PROD_TRUSTED_NETWORKS") or "127.0.0.1/32").replace(",", " ").split())
        for network in networks:
            ipaddress.ip_network(network, strict=False)  # a typo fails here, not in nginx
        return cls(
            directory=str(prod_dir(environ)),
            port=number("PROD_PORT", 8080),
            internal_port=number("PROD_INTERNAL_PORT", 8079),
            replicas=number("PROD_REPLICAS", 2),
            rasa_port=number("PROD_RASA_PORT", 5105),
            actions_port=number("PROD_ACTIONS_PORT", 5155),
            pg_port=number("PROD_PG_PORT", 5433),
            redis_port=number("PROD_REDIS_PORT", 6380),
            sanic_workers=number("SANIC_WORKERS", 1),
            trusted_networks=networks,
            external_database_url=environ.get("DATABASE_URL") or None,
            external_redis_url=environ.get("REDIS_URL") or None,
        )

    @classmethod
    def load(cls, path: Path) -> Topology:
        data = json.loads(path.read_text())
        data["trusted_networks"] = tuple(data["trusted_networks"])
        return cls(**data)

    def save(self, path: Path) -> None:
        # Owner-only: an external DATABASE_URL or REDIS_URL carries its password.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(json.dumps(asdict(self), indent=2) + "\n")
        os.chmod(path, 0o600)

    @property
    def dir(self) -> Path:
        return Path(self.directory)

    @property
    def public_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def rasa_ports(self) -> list[int]:
        return [self.rasa_port + index for index in range(self.replicas)]

    def actions_ports(self) -> list[int]:
        return [self.actions_port + index for index in range(self.replicas)]

    def max_connections(self, environ: Mapping[str, str]) -> int:
        """PostgreSQL's max_connections for this topology: every pool full at once.

        replicas x SANIC_WORKERS x (SQL_POOL_SIZE + SQL_MAX_OVERFLOW)   Rasa (stores/database.py)
        + replicas x SANIC_WORKERS x 10                                  action servers
        + 15 spare (superuser reserve, migrations, psql, the benchmark)
        """
        rasa_pool = int(environ.get("SQL_POOL_SIZE") or 10) + int(environ.get("SQL_MAX_OVERFLOW") or 10)
        per_process = rasa_pool + ACTIONS_POOL_CONNECTIONS
        return self.replicas * self.sanic_workers * per_process + SPARE_CONNECTIONS


def prod_dir(environ: Mapping[str, str]) -> Path:
    path = Path(environ.get("PROD_DIR") or ".prod")
    return (path if path.is_absolute() else ROOT / path).resolve()


def load_secrets(path: Path, environ: Mapping[str, str]) -> dict[str, str]:
    """The topology's secrets: the environment's, else secrets.env's, else new ones
    (appended to secrets.env, created owner-only)."""
    stored: dict[str, str] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            name, _, value = line.partition("=")
            if name and value:
                stored[name] = value
    missing = [name for name in SECRET_NAMES if name not in stored]
    if missing:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(descriptor, "a") as file:
            for name in missing:
                stored[name] = secrets.token_urlsafe(32)
                file.write(f"{name}={stored[name]}\n")
    os.chmod(path, 0o600)
    return {name: environ.get(name) or stored[name] for name in SECRET_NAMES}


def database_url(topology: Topology, secret: Mapping[str, str]) -> str:
    if topology.external_database_url:
        return topology.external_database_url
    password = quote(secret["PROD_PG_PASSWORD"], safe="")
    return f"postgresql+psycopg2://luna:{password}@127.0.0.1:{topology.pg_port}/luna"


def redis_url(topology: Topology, secret: Mapping[str, str]) -> str:
    if topology.external_redis_url:
        return topology.external_redis_url
    password = quote(secret["PROD_REDIS_PASSWORD"], safe="")
    return f"redis://:{password}@127.0.0.1:{topology.redis_port}/1"


def cors_origins(public_url: str) -> list[str]:
    """The chat page's origin (where browsers may call Rasa's channels from)."""
    parts = urlsplit(public_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    if parts.hostname == "127.0.0.1":
        return [origin, origin.replace("127.0.0.1", "localhost", 1)]
    return [origin]


# The caller's settings for the servers, recorded by `up` (mode 600: they hold tokens).
SERVER_SETTINGS = "servers.env.json"
PASSED_THROUGH = ("TELEGRAM_", "WHATSAPP_", "TWILIO_", "OPENAI_", "LUNA_")


def save_server_settings(path: Path, environ: Mapping[str, str]) -> None:
    settings = {name: value for name, value in environ.items() if name.startswith(PASSED_THROUGH)}
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(json.dumps(settings, indent=2, sort_keys=True) + "\n")
    os.chmod(path, 0o600)


def load_server_settings(path: Path) -> dict[str, str]:
    return json.loads(path.read_text()) if path.exists() else {}


def server_environment(topology: Topology, secret: Mapping[str, str], environ: Mapping[str, str]) -> dict[str, str]:
    """What both tiers run with: the caller's environment (TELEGRAM_*, WHATSAPP_*,
    TWILIO_*, OPENAI_*, LUNA_* pass through) with the topology's own settings on top."""
    env = {name: value for name, value in environ.items()
           # These servers are the private tier: the public routes go through nginx, so an
           # inherited LUNA_PUBLIC_ONLY would only switch their /webhook off.
           if name not in ("LUNA_PUBLIC_ONLY", "SANIC_HOST", "PORT", "ACTIONS_PORT")}
    env.update({name: secret[name] for name in ("LUNA_ACTIONS_TOKEN", "LUNA_WEBCHAT_KEY", "LUNA_LOG_KEY")})
    public_url = environ.get("LUNA_PUBLIC_URL") or topology.public_url
    env.update(
        DATABASE_URL=database_url(topology, secret),
        REDIS_URL=redis_url(topology, secret),
        # Rasa reaches the action servers through nginx's private listener, which balances
        # them and skips one that is down.
        LUNA_ACTIONS_ADDRESS=f"127.0.0.1:{topology.internal_port}",
        LUNA_CHART_DIR=str(topology.dir / "charts"),
        LUNA_PUBLIC_URL=public_url,
        # The chat page calls Rasa's web chat channel through nginx too.
        LUNA_RASA_URL=environ.get("LUNA_RASA_URL") or public_url,
        LUNA_LOG_FORMAT=environ.get("LUNA_LOG_FORMAT") or "json",
        # How long a Rasa replica's conversation lock lives in Redis (Rasa's default): a
        # replica killed during a turn blocks that conversation at most this long.
        TICKET_LOCK_LIFETIME=environ.get("TICKET_LOCK_LIFETIME") or "60",
        SANIC_WORKERS=str(topology.sanic_workers),
        # rasa-sdk reads its worker count from a variable of its own.
        ACTION_SERVER_SANIC_WORKERS=str(topology.sanic_workers),
        PYTHONUNBUFFERED="1",
    )
    return env
