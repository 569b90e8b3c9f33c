"""Answering one free-form question: the LLM when it may and can, the knowledge base
otherwise, and never a reply that fails the check.

The order of a turn: detect the language, retrieve the knowledge entries, prepare the
offline answer (the fallback, and the source of the buttons), ask the usage gate, call the
LLM with the facts and the engine's tools, check its reply, record every call.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import replace
from datetime import datetime

from luna.answers.answer import Answer
from luna.answers.chart_facts import ChartFacts
from luna.answers.language import detect_language
from luna.answers.offline import offline_answer, relevant_entries
from luna.answers.prompt import SYSTEM_PROMPT, build_messages
from luna.answers.reply_check import reply_problems
from luna.clock import now as clock_now
from luna.knowledge import KnowledgeBase
from luna.llm import CallRecord, LlmClient, LlmUnavailable
from luna.llm.tools import Tool
from luna.profiles.errors import ProfileStoreError
from luna.profiles.usage import LlmUsage, owner_key

log = logging.getLogger(__name__)

# A turn waits this long for the LLM at most, retries and fallbacks included; then the
# knowledge base answers. Chat users give up long before an API's own timeouts.
DEFAULT_DEADLINE_SECONDS = 25.0
# Sampling: explanations, not creative writing; short enough for a phone.
COMPLETION_OPTIONS = {"temperature": 0.3, "max_tokens": 400}

# The calls of the question being answered, collected by the client's hook.
_calls: ContextVar[list[CallRecord] | None] = ContextVar("luna_llm_calls", default=None)


class QuestionAnswerer:
    def __init__(
        self,
        *,
        client: LlmClient | None,
        knowledge: KnowledgeBase,
        usage: LlmUsage | None = None,
        clock: Callable[[], datetime] = clock_now,
        deadline_seconds: float = DEFAULT_DEADLINE_SECONDS,
    ) -> None:
        self.client = client
        self.knowledge = knowledge
        self.usage = usage
        self.clock = clock
        self.deadline_seconds = deadline_seconds
        if client is not None:
            earlier_hook = client.on_call

            def collect(record: CallRecord) -> None:
                earlier_hook(record)
                calls = _calls.get()
                if calls is not None:
                    calls.append(record)

            client.on_call = collect

    async def answer(
        self,
        question: str,
        *,
        channel: str,
        sender_id: str,
        facts: ChartFacts | None,
        tools: Sequence[Tool] = (),
        history: Sequence[tuple[str, str]] = (),
    ) -> Answer:
        language = detect_language(question)
        offline = offline_answer(question, facts, self.knowledge, language=language)
        if self.client is None:
            return offline
        if not await self._allowed(channel, sender_id):
            return offline
        entries = relevant_entries(question, self.knowledge)
        messages = build_messages(
            question, facts=facts, entries=entries, history=history, language=language,
            today=self.clock().date(),
        )
        reply = await self._ask(messages, tools, channel, sender_id)
        if reply is None:
            return offline
        sources = tuple(dict.fromkeys(entry.source for entry in entries))
        text = reply.strip()
        if sources and "source" not in text.lower():
            text = f"{text}\n\nSource: {sources[0]}"
        # The whole text the user would see is checked, the source line included.
        problems = reply_problems(text, system_prompt=SYSTEM_PROMPT, facts=facts)
        if problems:
            # The codes only: the reply may quote the user's chart.
            log.warning("LLM reply replaced by the knowledge answer: %s", ", ".join(problems))
            return offline
        return replace(offline, text=text, via="llm", sources=sources or offline.sources)

    async def _allowed(self, channel: str, sender_id: str) -> bool:
        if self.usage is None:
            return True
        try:
            allowance = await self.usage.allowance(channel, sender_id, self.clock())
        except ProfileStoreError as error:
            # No ledger, no spending: an unmetered LLM is a bill nobody approved.
            log.error("LLM usage unavailable, answering from the knowledge base: %s", error)
            return False
        if not allowance.allowed:
            log.info("LLM not used for %s: %s", owner_key(channel, sender_id)[:12], allowance.reason)
        return allowance.allowed

    async def _ask(self, messages, tools, channel: str, sender_id: str) -> str | None:
        calls: list[CallRecord] = []
        token = _calls.set(calls)
        try:
            return await asyncio.wait_for(
                self.client.complete(messages, tools, **COMPLETION_OPTIONS), self.deadline_seconds
            )
        except LlmUnavailable as error:
            log.warning("LLM unavailable, answering from the knowledge base: %s", error)
            return None
        except asyncio.TimeoutError:
            log.warning("LLM took longer than %.0f s, answering from the knowledge base", self.deadline_seconds)
            return None
        finally:
            _calls.reset(token)
            await self._record(calls, channel, sender_id)

    async def _record(self, calls: list[CallRecord], channel: str, sender_id: str) -> None:
        owner = owner_key(channel, sender_id)[:12]
        for call in calls:
            log.info(
                "llm call owner=%s provider=%s model=%s outcome=%s latency=%.3fs tokens=%s+%s",
                owner, call.provider, call.model, call.outcome, call.latency_seconds,
                call.prompt_tokens, call.completion_tokens,
            )
        if self.usage is None or not calls:
            return
        turn_id = uuid.uuid4().hex
        now = self.clock()
        try:
            for call in calls:
                await self.usage.record(channel, sender_id, turn_id, call, now)
        except ProfileStoreError as error:
            log.error("could not record LLM calls: %s", error)
