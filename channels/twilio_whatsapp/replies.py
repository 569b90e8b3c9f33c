"""The channel's own replies (replies.yml), read once."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

REPLIES_FILE = Path(__file__).with_name("replies.yml")


@cache
def _replies() -> dict[str, Any]:
    return YAML(typ="safe").load(REPLIES_FILE.read_text(encoding="utf-8"))


def reply(key: str, **values: str) -> str:
    return str(_replies()[key]).format(**values)


def media_reply(kind: str) -> str:
    media = _replies()["media"]
    return str(media.get(kind) or media["document"])
