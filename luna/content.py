"""The one loader and checker of Luna's content files (content/conversation.yml and
content/readings/*.yml), which content designers own.

Each file is read once and checked against a schema at the action server's start-up:
every entry the code uses must be there, as text, using only the placeholders the code
fills, and no entry may use a word of doom. A mistake stops the server with a
ContentError that names the file and the key, instead of breaking someone's turn later.

A schema is made of three shapes: `Text` (a non-empty string and the placeholders it may
use), `Fields` (a mapping with exactly these keys, each with its own schema) and `Each`
(a mapping with exactly these keys, all with the same schema).
"""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Any, NamedTuple

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from luna.settings import PROJECT_ROOT

CONTENT_DIR = PROJECT_ROOT / "content"

# Luna never predicts these as outcomes (see SPEC's promise of non-fatalistic readings);
# content that uses them at all is refused, so no message or template can slip one in.
FORBIDDEN_WORDS = (
    "death", "die", "dies", "died", "dying", "dead", "deadly", "fatal", "accident", "accidents",
    "divorce", "divorced", "disaster", "disasters", "catastrophe", "tragedy", "illness", "disease",
    "diseases", "doom", "doomed", "curse", "cursed",
)
_FORBIDDEN = re.compile(r"\b(" + "|".join(FORBIDDEN_WORDS) + r")\b", re.IGNORECASE)


class ContentError(ValueError):
    """A content file is unreadable, is missing an entry, has the wrong type, uses an unknown
    placeholder or a forbidden word; the message names the file and the key."""


class Text(NamedTuple):
    """A non-empty string that may use these {placeholders}."""

    placeholders: frozenset[str] = frozenset()


class Fields(NamedTuple):
    """A mapping with exactly these keys, each with its own schema."""

    fields: dict


class Each(NamedTuple):
    """A mapping with exactly these keys, all with the same schema."""

    keys: tuple
    schema: object


def text(*placeholders: str) -> Text:
    return Text(frozenset(placeholders))


def load_checked(path: Path, schema: Any) -> Any:
    """Read the YAML file at `path` and check it against `schema`; ContentError lists
    every problem with its file and key."""
    data = read_yaml(path)
    problems = check(data, schema)
    if problems:
        raise ContentError("Content is broken:\n" + "\n".join(f"{shown(path)}: {problem}" for problem in problems))
    return data


def read_yaml(path: Path) -> Any:
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeError) as error:
        raise ContentError(f"{shown(path)}: cannot read it: {error}") from error
    try:
        return YAML(typ="safe").load(source)
    except YAMLError as error:  # syntax errors and duplicate keys, with line and column
        raise ContentError(f"{shown(path)}: not valid YAML: {error}") from error


def check(value: Any, schema: Any, path: tuple = ()) -> list[str]:
    """Every way `value` differs from `schema`, as "key.path: problem" lines."""
    problems: list[str] = []
    _check(value, schema, path, problems)
    return problems


def shown(path: Path) -> str:
    """The path as content designers know it: relative to the project."""
    try:
        return str(path.relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


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
        problems.append(f"{where}: uses {sorted(set(word.lower() for word in doom))}; Luna never says those")


def _kind(value: Any) -> str:
    return "nothing" if value is None else type(value).__name__
