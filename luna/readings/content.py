"""The words of the readings, from content/readings/*.yml (owned by content designers).

Loaded and checked once, at the action server's start-up (`validate_all`), by Luna's one
content checker (luna.content) against content_schema.FILES: a mistake stops the server
with a ContentError that names the file and the key, instead of breaking someone's
reading later.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from luna.content import CONTENT_DIR as _CONTENT_ROOT
from luna.content import FORBIDDEN_WORDS, ContentError, check, read_yaml, shown

from .content_schema import FILES

CONTENT_DIR = _CONTENT_ROOT / "readings"


class ReadingContent:
    """The validated content of all files, by file stem: "vocabulary", "gochara", ..."""

    def __init__(self, files: dict[str, Any], directory: Path) -> None:
        self._files = files
        self.directory = directory

    def entry(self, file: str, *path: Any) -> Any:
        value = self._files[file]
        for key in path:
            value = value[key]
        return value

    def say(self, file: str, *path: Any, **values: Any) -> str:
        """The text at `path` in `file` with its placeholders filled from `values`."""
        return self.entry(file, *path).format(**values)

    # The shared vocabulary, used everywhere.
    def planet(self, planet: str) -> str:
        """The planet as it reads in a sentence: "the Sun", "Saturn"."""
        return self._files["vocabulary"]["planets"][planet]["name"]

    def planet_label(self, planet: str) -> str:
        return self._files["vocabulary"]["planets"][planet]["label"]

    def house(self, house: int) -> str:
        return self._files["vocabulary"]["houses"][house]["ordinal"]

    def marker(self, effect: str) -> str:
        return self._files["vocabulary"]["markers"][effect]


def load_content(directory: Path = CONTENT_DIR) -> ReadingContent:
    """Read and check every file; ContentError lists every problem with its file and key."""
    files: dict[str, Any] = {}
    problems: list[str] = []
    for filename, schema in FILES.items():
        path = directory / filename
        data = read_yaml(path)
        problems.extend(f"{shown(path)}: {problem}" for problem in check(data, schema))
        files[path.stem] = data
    if problems:
        raise ContentError("Reading content is broken:\n" + "\n".join(problems))
    return ReadingContent(files, directory)


@lru_cache(maxsize=1)
def default_content() -> ReadingContent:
    return load_content()


def validate_all() -> ReadingContent:
    """Load and check content/readings/ now (call at start-up); raises ContentError."""
    return default_content()


__all__ = [
    "CONTENT_DIR", "FORBIDDEN_WORDS", "ContentError", "ReadingContent", "default_content", "load_content",
    "validate_all",
]
