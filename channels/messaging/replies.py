"""A channel's own replies (its replies.yml: attachments Luna cannot read, unknown commands,
expired buttons, her own failures), read once. The conversation's replies are in content/
and domain.yml as everywhere else."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML


class ChannelReplies:
    def __init__(self, path: Path) -> None:
        self.path = path

    @cached_property
    def _replies(self) -> dict[str, Any]:
        return YAML(typ="safe").load(self.path.read_text(encoding="utf-8"))

    def reply(self, key: str, **values: str) -> str:
        return str(self._replies[key]).format(**values)

    def media_reply(self, kind: str) -> str:
        """The answer to an attachment of this kind (a document's for kinds not listed)."""
        media = self._replies["media"]
        return str(media.get(kind) or media["document"])
