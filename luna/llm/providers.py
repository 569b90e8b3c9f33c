"""Which OpenAI-compatible servers to ask, in order, read from the environment once."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_MODEL = "gpt-4o-mini"


@dataclass(frozen=True)
class Provider:
    name: str
    base_url: str | None
    api_key: str
    model: str


def _parse_fallbacks(raw: str, env: Mapping[str, str]) -> list[Provider]:
    """`LUNA_LLM_FALLBACKS="url|KEY_VARIABLE|model, url|KEY_VARIABLE|model"`.

    The key is named, not written, so secrets stay in their own variables.
    Entries whose key variable is unset are skipped (a fallback not configured here).
    """
    providers = []
    for index, entry in enumerate(part.strip() for part in raw.split(",")):
        if not entry:
            continue
        fields = [field.strip() for field in entry.split("|")]
        if len(fields) != 3 or not all(fields):
            raise ValueError(
                f"LUNA_LLM_FALLBACKS entry {index + 1} must be 'base_url|KEY_VARIABLE|model'"
            )
        base_url, key_variable, model = fields
        api_key = env.get(key_variable, "")
        if api_key:
            providers.append(Provider(f"fallback{index + 1}", base_url, api_key, model))
    return providers


def providers_from_env(env: Mapping[str, str] | None = None) -> list[Provider]:
    """The primary provider (the openai package's own variables) then the fallbacks."""
    env = os.environ if env is None else env
    providers = []
    primary_key = env.get("OPENAI_API_KEY", "")
    if primary_key:
        providers.append(
            Provider(
                "primary",
                env.get("OPENAI_BASE_URL") or None,
                primary_key,
                env.get("LUNA_LLM_MODEL") or DEFAULT_MODEL,
            )
        )
    providers.extend(_parse_fallbacks(env.get("LUNA_LLM_FALLBACKS", ""), env))
    return providers
