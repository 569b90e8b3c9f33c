"""nginx's configuration for the production topology: the template that prod-local renders
(scripts/prod_nginx.py) and the compose file renders (deploy/nginx/render.sh with envsubst)
gives the same configuration from the same settings, and nginx accepts it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import prod_nginx  # noqa: E402 - scripts/ is not a package
from prod_settings import Topology  # noqa: E402


def topology(tmp_path: Path, **settings: str) -> Topology:
    env = {"PROD_DIR": str(tmp_path / "prod"), **settings}
    return Topology.from_environment(env)


def render_with_envsubst(tmp_path: Path, **settings: str) -> str:
    output = tmp_path / "compose-nginx.conf"
    env = {"PATH": os.environ["PATH"], **settings}
    subprocess.run(["sh", str(ROOT / "deploy/nginx/render.sh"), str(prod_nginx.TEMPLATE), str(output), "--no-exec"],
                   env=env, check=True)
    return output.read_text()


@pytest.mark.skipif(shutil.which("envsubst") is None, reason="envsubst (gettext-base) is not installed")
def test_compose_and_prod_local_render_the_same_configuration(tmp_path):
    settings = {"PROD_PORT": "8080", "PROD_INTERNAL_PORT": "8079", "PROD_RASA_PORT": "5105",
                "PROD_ACTIONS_PORT": "5155", "PROD_REPLICAS": "2", "PROD_TRUSTED_NETWORKS": "127.0.0.1/32,10.0.0.0/8"}
    values = prod_nginx.local_values(topology(tmp_path, **settings))
    # The compose network's names and paths where prod-local has the loopback and PROD_DIR.
    values.update(
        NGINX_PUBLIC_LISTEN="8080", NGINX_INTERNAL_LISTEN="8079",
        NGINX_RASA_SERVERS=values["NGINX_RASA_SERVERS"].replace("127.0.0.1:5105", "rasa-1:5105")
        .replace("127.0.0.1:5106", "rasa-2:5106"),
        NGINX_ACTIONS_SERVERS=values["NGINX_ACTIONS_SERVERS"].replace("127.0.0.1:5155", "actions-1:5155")
        .replace("127.0.0.1:5156", "actions-2:5156"),
        NGINX_PID_FILE="/var/run/nginx.pid", NGINX_ERROR_LOG="/dev/stderr", NGINX_ACCESS_LOG="/dev/stdout",
        NGINX_TEMP_DIR="/var/cache/nginx",
    )
    expected = prod_nginx.render(prod_nginx.TEMPLATE.read_text(), values)
    assert render_with_envsubst(tmp_path, **settings) == expected
    assert "server rasa-2:5106 max_fails=1 fail_timeout=5s;" in expected
    assert "10.0.0.0/8 1;" in expected


def test_nginx_variables_are_left_alone_and_every_placeholder_is_filled(tmp_path):
    text = prod_nginx.render(prod_nginx.TEMPLATE.read_text(), prod_nginx.local_values(topology(tmp_path)))
    assert "${" not in text
    assert "proxy_set_header X-Request-ID $request_id;" in text
    with pytest.raises(ValueError, match="NGINX_PUBLIC_LISTEN"):
        prod_nginx.render("listen ${NGINX_PUBLIC_LISTEN};", {})


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
@pytest.mark.parametrize("replicas", ["1", "3"])
def test_nginx_accepts_the_rendered_configuration(tmp_path, replicas):
    prod = topology(tmp_path, PROD_REPLICAS=replicas, PROD_TRUSTED_NETWORKS="127.0.0.1/32 ::1/128")
    for name in ("run", "logs", "nginx/temp"):
        (prod.dir / name).mkdir(parents=True, exist_ok=True)
    config = prod_nginx.write_config(prod)
    result = subprocess.run(["nginx", "-t", "-q", "-p", f"{config.parent}/", "-c", "nginx.conf",
                             "-e", str(prod.dir / "logs" / "nginx.log")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
