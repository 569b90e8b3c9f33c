"""The LLM client: OpenAI-compatible chat completions with fallbacks (no Rasa here)."""

from luna.llm.client import CallRecord, LlmClient, LlmUnavailable, client_from_env
from luna.llm.providers import Provider, providers_from_env
from luna.llm.tools import Tool

__all__ = [
    "CallRecord",
    "LlmClient",
    "LlmUnavailable",
    "Provider",
    "Tool",
    "client_from_env",
    "providers_from_env",
]
