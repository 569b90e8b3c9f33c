"""Recall@k of the knowledge retrieval on the question set (questions.yml) and its precision
on questions about nothing in the base (off_topic.yml); shared by the tests and
bench/bench_knowledge.py."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML

from luna.knowledge import KnowledgeBase
from luna.knowledge.retrieval import MIN_TOPIC_SCORE

QUESTIONS = Path(__file__).with_name("questions.yml")
OFF_TOPIC = Path(__file__).with_name("off_topic.yml")


def questions() -> list[dict]:
    return YAML(typ="safe").load(QUESTIONS.read_text(encoding="utf-8"))


def off_topic_questions() -> list[str]:
    return YAML(typ="safe").load(OFF_TOPIC.read_text(encoding="utf-8"))


def misses(
    base: KnowledgeBase, k: int = 3, min_score: float = MIN_TOPIC_SCORE
) -> list[tuple[str, list[str], list[str]]]:
    """(question, expected ids, top-k ids) for every question whose top k holds none of its ids."""
    missed = []
    for item in questions():
        found = [hit.entry.id for hit in base.search(item["q"], k, min_score=min_score)]
        if not set(item["expect"]) & set(found):
            missed.append((item["q"], item["expect"], found))
    return missed


def recall(base: KnowledgeBase, k: int = 3, min_score: float = MIN_TOPIC_SCORE) -> float:
    return 1 - len(misses(base, k, min_score)) / len(questions())


def false_hits(base: KnowledgeBase, min_score: float = MIN_TOPIC_SCORE) -> list[tuple[str, list[str]]]:
    """(question, ids found) for every off-topic question that still gets an entry."""
    found = ((question, base.search(question, 3, min_score=min_score)) for question in off_topic_questions())
    return [(question, [hit.entry.id for hit in hits]) for question, hits in found if hits]


def topic_scores(base: KnowledgeBase) -> tuple[list[float], list[float]]:
    """The best topic score of each on-topic question's expected entries (in the unfloored
    top 3) and of each off-topic question's hits: where the floor can go."""
    on_topic = []
    for item in questions():
        hits = base.search(item["q"], 3)
        on_topic.append(max((hit.topic_score for hit in hits if hit.entry.id in item["expect"]), default=0.0))
    off_topic = [max((hit.topic_score for hit in base.search(q, 3)), default=0.0) for q in off_topic_questions()]
    return sorted(on_topic), sorted(off_topic)
