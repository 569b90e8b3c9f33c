"""The tracker store's connection pool (stores/database.py) and the PostgreSQL
max_connections prod-local sizes from it (scripts/prod_settings.py): every pool of every
replica full at once still fits."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from luna.profiles.engine import store_engine
from luna.profiles.store import ProfileStore

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venvs" / "rasa" / "bin" / "python"
sys.path.insert(0, str(ROOT / "scripts"))

from prod_settings import ACTIONS_POOL_CONNECTIONS, SPARE_CONNECTIONS, Topology  # noqa: E402

# The engine is built without connecting (SQLAlchemy connects on first use).
PROBE = """
import json
from stores.database import tracker_engine
engine = tracker_engine("postgresql+psycopg2://luna:x@127.0.0.1:1/luna", timeout=5)
print(json.dumps([engine.pool.size(), engine.pool._max_overflow]))
"""


def rasa_pool(**environment: str) -> tuple[int, int]:
    if not RASA_PYTHON.exists():
        pytest.fail("Rasa's environment is missing: run `make install`")
    env = {name: value for name, value in os.environ.items() if not name.startswith("SQL_")}
    result = subprocess.run([str(RASA_PYTHON), "-c", PROBE], cwd=ROOT, env={**env, **environment},
                            capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr[-2000:]
    size, overflow = json.loads(result.stdout.strip().splitlines()[-1])
    return size, overflow


def test_luna_defaults_replace_rasas_and_rasas_variables_still_work():
    assert rasa_pool() == (10, 10)
    assert rasa_pool(SQL_POOL_SIZE="3", SQL_MAX_OVERFLOW="2") == (3, 2)


@pytest.mark.parametrize("replicas,workers,pool,overflow", [("2", "1", None, None), ("3", "2", "4", "6")])
def test_max_connections_holds_every_pool(tmp_path, replicas, workers, pool, overflow):
    pools = {name: value for name, value in (("SQL_POOL_SIZE", pool), ("SQL_MAX_OVERFLOW", overflow)) if value}
    size, extra = rasa_pool(**pools)
    topology = Topology.from_environment({"PROD_DIR": str(tmp_path), "PROD_REPLICAS": replicas,
                                          "SANIC_WORKERS": workers})
    processes = int(replicas) * int(workers)
    needed = processes * (size + extra) + processes * ACTIONS_POOL_CONNECTIONS + SPARE_CONNECTIONS
    assert topology.max_connections(pools) == needed


def test_the_action_servers_pool_is_what_the_formula_counts():
    # actions/conversation/dependencies.py opens the profile store with ProfileStore's default.
    default = inspect.signature(ProfileStore.from_url).parameters["pool_size"].default
    engine = store_engine(make_url("postgresql+psycopg2://luna:x@127.0.0.1:1/luna"), timeout=5, pool_size=default)
    assert engine.pool.size() + engine.pool._max_overflow == ACTIONS_POOL_CONNECTIONS
