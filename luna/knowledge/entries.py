"""The knowledge entries: read from content/knowledge/*.yml and checked like every other
content file (luna/content.py): each entry has exactly its keys, non-empty texts, no word
of doom, a unique id, 2-4 sentences and a source."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from luna.content import CONTENT_DIR, ContentError, Fields, Text, check, read_yaml, shown

KNOWLEDGE_DIR = CONTENT_DIR / "knowledge"

_ENTRY_KEYS = ("id", "title", "keywords", "text", "source")
_ID = re.compile(r"^[a-z0-9_]+$")
# Sentence ends: a full stop, ! or ? followed by a space and a capital, or the text's end.
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z]|\s*$)")


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    keywords: tuple[str, ...]
    text: str
    source: str


def load_knowledge(directory: Path = KNOWLEDGE_DIR) -> tuple[Entry, ...]:
    """Every entry of every *.yml file in `directory`, checked; ContentError lists all problems."""
    entries: list[Entry] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for path in sorted(directory.glob("*.yml")):
        data = read_yaml(path)
        if not isinstance(data, list):
            problems.append(f"{shown(path)}: expected a list of entries")
            continue
        for index, raw in enumerate(data):
            where = f"{shown(path)}: entry {index + 1}"
            entry_problems = _check_entry(raw)
            if entry_problems:
                problems.extend(f"{where}: {problem}" for problem in entry_problems)
                continue
            if raw["id"] in seen:
                problems.append(f"{where}: id {raw['id']!r} is already used in {seen[raw['id']]}")
                continue
            seen[raw["id"]] = shown(path)
            entries.append(Entry(raw["id"], raw["title"], tuple(raw["keywords"]), raw["text"], raw["source"]))
    if problems:
        raise ContentError("Knowledge is broken:\n" + "\n".join(problems))
    return tuple(entries)


def _check_entry(raw: object) -> list[str]:
    if not isinstance(raw, dict):
        return ["expected a mapping with " + ", ".join(_ENTRY_KEYS)]
    keywords = raw.get("keywords")
    schema = Fields({key: Text(frozenset()) for key in _ENTRY_KEYS if key != "keywords"})
    problems = check({key: value for key, value in raw.items() if key != "keywords"}, schema)
    if not isinstance(keywords, list) or not keywords or not all(isinstance(k, str) and k.strip() for k in keywords):
        problems.append("keywords: expected a non-empty list of words")
    if not problems:
        if not _ID.match(raw["id"]):
            problems.append(f"id: {raw['id']!r} must be lower_snake_case")
        sentences = len(_SENTENCE_END.findall(raw["text"].strip()))
        if not 2 <= sentences <= 4:
            problems.append(f"text: {sentences} sentences, expected 2 to 4")
    return problems
