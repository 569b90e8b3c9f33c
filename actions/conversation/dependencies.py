"""The outside services the actions use, created on first use (never at import time)."""

from __future__ import annotations

import asyncio
import logging

from luna.answers.service import QuestionAnswerer
from luna.knowledge import KnowledgeBase
from luna.llm import client_from_env
from luna.profiles import ProfileStore, upgrade_database
from luna.profiles.usage import LlmUsage
from luna.settings import load_settings

log = logging.getLogger(__name__)

_store: ProfileStore | None = None
_store_lock = asyncio.Lock()
_answerer: QuestionAnswerer | None = None


async def profile_store() -> ProfileStore:
    """The process's profile store, its schema brought up to date on first use."""
    global _store
    if _store is None:
        async with _store_lock:
            if _store is None:
                settings = load_settings()
                await asyncio.to_thread(upgrade_database, settings.database_url)
                _store = ProfileStore.from_url(settings.database_url, timeout=settings.database_timeout_seconds)
    return _store


async def llm_usage() -> LlmUsage:
    """Each person's LLM rate limit and daily token budget, in the profile store's database."""
    settings = load_settings()
    return LlmUsage(
        await profile_store(),
        questions_per_minute=settings.llm_questions_per_minute,
        daily_tokens=settings.llm_daily_tokens,
    )


async def question_answerer() -> QuestionAnswerer:
    """The process's answerer: the LLM providers configured in the environment (none
    without a key), the knowledge base, and the usage ledger when there is an LLM to meter."""
    global _answerer
    if _answerer is None:
        client = client_from_env()
        knowledge = await asyncio.to_thread(KnowledgeBase.load)
        usage = await llm_usage() if client is not None else None
        _answerer = QuestionAnswerer(client=client, knowledge=knowledge, usage=usage)
    return _answerer
