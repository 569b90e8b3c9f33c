"""A local Graph API server, one per test, and the recorded webhook payloads."""

from __future__ import annotations

import pytest

from tests.whatsapp.fake_graph_api import FakeGraphApi


@pytest.fixture
def graph_api():
    with FakeGraphApi() as server:
        yield server
