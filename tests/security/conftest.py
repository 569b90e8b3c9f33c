"""Security tests share the real servers of tests/assistant: a test that asks for `luna`
starts them (once per run of this folder) and is marked `servers`."""

from __future__ import annotations

import pytest

from tests.assistant.conftest import database_url, luna  # noqa: F401 - the shared fixtures


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/security/" in str(item.fspath) and "luna" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.servers)
