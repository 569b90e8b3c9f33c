"""The knowledge base (read once) and a local OpenAI-compatible server (one per test)."""

from __future__ import annotations

import pytest

from luna.knowledge import KnowledgeBase
from tests.llm.fake_openai_server import FakeOpenAI


@pytest.fixture(scope="session")
def knowledge():
    return KnowledgeBase.load()


@pytest.fixture
def fake():
    with FakeOpenAI() as server:
        yield server
