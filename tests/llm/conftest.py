"""The fake OpenAI-compatible server, one per test."""

from __future__ import annotations

import pytest
from fake_openai_server import FakeOpenAI


@pytest.fixture
def fake_openai():
    with FakeOpenAI() as server:
        yield server
