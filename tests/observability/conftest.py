"""The servers test here starts real Luna servers (marked `servers`, like tests/assistant),
on a database of its own (the same fixture as tests/assistant)."""

from __future__ import annotations

import pytest

from tests.assistant.conftest import database_url  # noqa: F401 - a fixture, used by name


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/observability/test_observability_servers" in str(item.fspath):
            item.add_marker(pytest.mark.servers)
