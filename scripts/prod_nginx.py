"""nginx's configuration for the production-like topology, rendered from
deploy/nginx/luna.conf.template.

The template's placeholders are `${NGINX_*}` only, and they are replaced the way the
official nginx image's envsubst step does it (deploy/compose.yml uses that step on the
same file): nginx's own `$variables` are left alone. A placeholder without a value is an
error here rather than an empty directive in nginx.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from prod_settings import ROOT, Topology

TEMPLATE = ROOT / "deploy" / "nginx" / "luna.conf.template"
PLACEHOLDER = re.compile(r"\$\{(NGINX_[A-Z0-9_]+)\}")


def render(template: str, values: Mapping[str, str]) -> str:
    missing = sorted({name for name in PLACEHOLDER.findall(template) if name not in values})
    if missing:
        raise ValueError(f"no value for {', '.join(missing)} in the nginx template")
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def upstream_servers(ports: list[int]) -> str:
    # max_fails=1: one refused connection takes a killed replica out of the rotation for
    # fail_timeout, so the next requests do not try it first again.
    return " ".join(f"server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" for port in ports)


def trusted_networks(networks: tuple[str, ...]) -> str:
    return " ".join(f"{network} 1;" for network in networks)


def local_values(topology: Topology) -> dict[str, str]:
    """The placeholders' values for prod-local: everything under $PROD_DIR/nginx (the
    -p prefix), loopback listeners, the replicas' ports."""
    return {
        "NGINX_PUBLIC_LISTEN": f"127.0.0.1:{topology.port}",
        "NGINX_INTERNAL_LISTEN": f"127.0.0.1:{topology.internal_port}",
        "NGINX_RASA_SERVERS": upstream_servers(topology.rasa_ports()),
        "NGINX_ACTIONS_SERVERS": upstream_servers(topology.actions_ports()),
        "NGINX_TRUSTED_NETWORKS": trusted_networks(topology.trusted_networks),
        "NGINX_PID_FILE": str(topology.dir / "run" / "nginx.pid"),
        "NGINX_ERROR_LOG": str(topology.dir / "logs" / "nginx.log"),
        "NGINX_ACCESS_LOG": str(topology.dir / "logs" / "nginx-access.log"),
        "NGINX_TEMP_DIR": str(topology.dir / "nginx" / "temp"),
    }


def write_config(topology: Topology) -> Path:
    path = topology.dir / "nginx" / "nginx.conf"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(TEMPLATE.read_text(), local_values(topology)))
    return path
