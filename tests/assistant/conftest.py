"""Starts real Luna servers once per test session (marked `servers`: they need the
trained model; `make test` trains it first)."""

from __future__ import annotations

import os
import uuid

import psycopg2
import pytest
from sqlalchemy.engine import make_url

from tests.assistant.servers import running_luna


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/assistant/" in str(item.fspath):
            item.add_marker(pytest.mark.servers)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A database of the test run's own: a fresh PostgreSQL database when
    LUNA_TEST_POSTGRES_URL is set (as in CI), else a fresh SQLite file."""
    postgres = os.environ.get("LUNA_TEST_POSTGRES_URL")
    if not postgres:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'luna.db'}"
        return
    url = make_url(postgres)
    name = f"luna_e2e_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(host=url.host, port=url.port, user=url.username, password=url.password,
                             dbname=url.database)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
            )
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


@pytest.fixture(scope="session")
def luna(database_url):
    with running_luna(database_url) as running:
        yield running
