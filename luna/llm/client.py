"""Async chat completions over an ordered list of OpenAI-compatible providers.

Each provider gets retries with backoff on 429/5xx (honouring Retry-After), then the next
provider is tried; a circuit breaker per provider skips one that keeps failing. Every HTTP
call is reported to `on_call` with provider, model, tokens, latency and outcome only —
never message text, which may hold birth data — and counted in luna_llm_calls_total and
luna_llm_tokens_total (luna/observability/metrics.py).
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import openai

from luna.llm.circuit_breaker import CircuitBreaker
from luna.llm.providers import Provider, providers_from_env
from luna.llm.tools import Tool, run_tool_call
from luna.observability.metrics import count_llm_call

RETRYABLE_STATUS = {408, 409, 429, 500, 502, 503, 504}


class LlmUnavailable(Exception):
    """No provider produced an answer; the caller answers without the LLM."""


@dataclass(frozen=True)
class CallRecord:
    provider: str
    model: str
    outcome: str  # "ok", "http_<status>", "timeout", "connection", "malformed", "skipped_open_circuit"
    latency_seconds: float
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


def _retry_after(error: openai.APIStatusError) -> float | None:
    value = error.response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: rare from these APIs; fall back to our own backoff


class LlmClient:
    def __init__(
        self,
        providers: Sequence[Provider],
        *,
        timeout: float = 20.0,
        max_retries: int = 2,
        backoff_base: float = 0.5,
        max_retry_after: float = 10.0,
        max_tool_rounds: int = 4,
        breaker_threshold: int = 3,
        breaker_reset_after: float = 30.0,
        on_call: Callable[[CallRecord], None] | None = None,
    ) -> None:
        if not providers:
            raise ValueError("LlmClient needs at least one provider")
        self.providers = list(providers)
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        # A server asking us to wait a minute must not hold a user's turn that long.
        self.max_retry_after = max_retry_after
        self.max_tool_rounds = max_tool_rounds
        self.on_call = on_call or (lambda record: None)
        self.breakers = {
            provider.name: CircuitBreaker(breaker_threshold, breaker_reset_after)
            for provider in self.providers
        }
        # The SDK's own retries are off: ours honour Retry-After and move to a fallback.
        self._sdks = {
            provider.name: openai.AsyncOpenAI(
                api_key=provider.api_key,
                base_url=provider.base_url,
                timeout=timeout,
                max_retries=0,
            )
            for provider in self.providers
        }

    async def complete(
        self,
        messages: list[dict[str, Any]],
        tools: Sequence[Tool] = (),
        **options: Any,
    ) -> str:
        """The model's final text answer, running its tool calls up to max_tool_rounds."""
        registry = {tool.name: tool for tool in tools}
        conversation = list(messages)
        for _ in range(self.max_tool_rounds + 1):
            message = await self._chat(conversation, registry, **options)
            if not message.tool_calls:
                return message.content or ""
            conversation.append(message.model_dump(exclude_none=True))
            for call in message.tool_calls:
                result = await run_tool_call(
                    registry, call.function.name, call.function.arguments
                )
                conversation.append(
                    {"role": "tool", "tool_call_id": call.id, "content": result}
                )
        raise LlmUnavailable("the model kept calling tools past max_tool_rounds")

    async def _chat(self, messages: list, registry: dict[str, Tool], **options: Any):
        for provider in self.providers:
            breaker = self.breakers[provider.name]
            if not breaker.allows_call():
                self.on_call(CallRecord(provider.name, provider.model, "skipped_open_circuit", 0.0))
                continue
            message = await self._ask_provider(provider, messages, registry, **options)
            if message is not None:
                breaker.record_success()
                return message
            breaker.record_failure()
        raise LlmUnavailable("every LLM provider failed or is skipped")

    async def _ask_provider(self, provider: Provider, messages, registry, **options):
        """The reply message, or None once this provider has failed (retries used up)."""
        sdk = self._sdks[provider.name]
        if registry:
            options["tools"] = [tool.schema() for tool in registry.values()]
        for attempt in range(self.max_retries + 1):
            started = time.monotonic()
            delay: float | None = None
            try:
                response = await sdk.chat.completions.create(
                    model=provider.model, messages=messages, **options
                )
                message = response.choices[0].message
            except openai.APITimeoutError:
                self._record(provider, "timeout", started)
                return None  # a slow provider stays slow: go to the next one now
            except openai.APIStatusError as error:
                self._record(provider, f"http_{error.status_code}", started)
                if error.status_code not in RETRYABLE_STATUS:
                    return None
                delay = _retry_after(error)
            except openai.APIConnectionError:
                self._record(provider, "connection", started)
            except (openai.APIResponseValidationError, AttributeError, IndexError, TypeError, ValueError):
                self._record(provider, "malformed", started)
                return None
            else:
                usage = getattr(response, "usage", None)
                self._record(
                    provider,
                    "ok",
                    started,
                    getattr(usage, "prompt_tokens", None),
                    getattr(usage, "completion_tokens", None),
                )
                return message
            if attempt < self.max_retries:
                if delay is None:
                    delay = self.backoff_base * 2**attempt
                await asyncio.sleep(min(delay, self.max_retry_after))
        return None

    def _record(self, provider, outcome, started, prompt_tokens=None, completion_tokens=None):
        # Prometheus counts each HTTP call by a coarse outcome (its label values stay few);
        # on_call gets the detailed one.
        count_llm_call(outcome if outcome in ("ok", "timeout") else "error", prompt_tokens, completion_tokens)
        self.on_call(
            CallRecord(
                provider.name,
                provider.model,
                outcome,
                round(time.monotonic() - started, 4),
                prompt_tokens,
                completion_tokens,
            )
        )


def client_from_env(
    env: Mapping[str, str] | None = None, **options: Any
) -> LlmClient | None:
    """None when no key is configured: the caller answers without an LLM."""
    env = os.environ if env is None else env
    providers = providers_from_env(env)
    if not providers:
        return None
    if env.get("LUNA_LLM_TIMEOUT"):
        options.setdefault("timeout", float(env["LUNA_LLM_TIMEOUT"]))
    return LlmClient(providers, **options)
