"""The words of the readings, from content/readings/*.yml (owned by content designers).

Loaded and checked once, at the action server's start-up (`validate_all`): every entry
the code uses must be there, as text, using only the placeholders the code fills, and
no entry may use a word of doom. A mistake stops the server with a ContentError that
names the file and the key, instead of breaking someone's reading later.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from luna.settings import PROJECT_ROOT

from .content_schema import FILES, Fields, Text
from .errors import ContentError

CONTENT_DIR = PROJECT_ROOT / "content" / "readings"

# Luna never predicts these as outcomes (see SPEC's promise of non-fatalistic readings);
# content that uses them at all is refused, so no template can slip one in.
FORBIDDEN_WORDS = (
    "death", "die", "dies", "died", "dying", "dead", "deadly", "fatal", "accident", "accidents",
    "divorce", "divorced", "disaster", "disasters", "catastrophe", "tragedy", "illness", "disease",
    "diseases", "doom", "doomed", "curse", "cursed",
)
_FORBIDDEN = re.compile(r"\b(" + "|".join(FORBIDDEN_WORDS) + r")\b", re.IGNORECASE)


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
        data = _read(path)
        found: list[str] = []
        _check(data, schema, (), found)
        problems.extend(f"{_shown(path)}: {problem}" for problem in found)
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


def _read(path: Path) -> Any:
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeError) as error:
        raise ContentError(f"{_shown(path)}: cannot read it: {error}") from error
    try:
        return YAML(typ="safe").load(source)
    except YAMLError as error:  # syntax errors and duplicate keys, with line and column
        raise ContentError(f"{_shown(path)}: not valid YAML: {error}") from error


def _check(value: Any, schema: Any, path: tuple, problems: list[str]) -> None:
    where = ".".join(str(part) for part in path) or "(top level)"
    if isinstance(schema, Text):
        _check_text(value, schema, where, problems)
        return
    if not isinstance(value, dict):
        problems.append(f"{where}: expected a mapping of keys, got {_kind(value)}")
        return
    keys = tuple(schema.fields) if isinstance(schema, Fields) else schema.keys
    for key in keys:
        if key not in value:
            problems.append(f"{'.'.join(str(part) for part in (*path, key))}: missing")
            continue
        child = schema.fields[key] if isinstance(schema, Fields) else schema.schema
        _check(value[key], child, (*path, key), problems)
    unknown = [key for key in value if key not in keys]
    if unknown:
        problems.append(f"{where}: unknown keys {unknown} (typo?); expected {list(keys)}")


def _check_text(value: Any, schema: Text, where: str, problems: list[str]) -> None:
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}: expected text, got {_kind(value)}")
        return
    try:
        used = {field for _, field, _, _ in string.Formatter().parse(value) if field is not None}
    except ValueError as error:
        problems.append(f"{where}: broken braces ({error}); write {{{{ and }}}} for literal braces")
        return
    unknown = used - schema.placeholders
    if unknown:
        allowed = sorted(schema.placeholders) or "none"
        problems.append(f"{where}: unknown placeholders {sorted(unknown)}; allowed: {allowed}")
    doom = _FORBIDDEN.findall(value)
    if doom:
        problems.append(f"{where}: uses {sorted(set(word.lower() for word in doom))}; Luna never predicts those")


def _kind(value: Any) -> str:
    return "nothing" if value is None else type(value).__name__


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


__all__ = ["CONTENT_DIR", "ContentError", "ReadingContent", "default_content", "load_content", "validate_all"]
