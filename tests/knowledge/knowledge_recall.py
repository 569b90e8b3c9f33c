"""Recall@k of the knowledge retrieval on the question set (questions.yml); shared by the
test and bench/bench_knowledge.py."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML

from luna.knowledge import KnowledgeBase

QUESTIONS = Path(__file__).with_name("questions.yml")


def questions() -> list[dict]:
    return YAML(typ="safe").load(QUESTIONS.read_text(encoding="utf-8"))


def misses(base: KnowledgeBase, k: int = 3) -> list[tuple[str, list[str], list[str]]]:
    """(question, expected ids, top-k ids) for every question whose top k holds none of its ids."""
    missed = []
    for item in questions():
        found = [hit.entry.id for hit in base.search(item["q"], k)]
        if not set(item["expect"]) & set(found):
            missed.append((item["q"], item["expect"], found))
    return missed


def recall(base: KnowledgeBase, k: int = 3) -> float:
    return 1 - len(misses(base, k)) / len(questions())
