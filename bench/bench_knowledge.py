"""Knowledge retrieval: recall@1 and recall@3 on tests/knowledge/questions.yml (with the
topic floor), how many off-topic questions (tests/knowledge/off_topic.yml) still get an
entry, the topic scores either side of the floor, the time to load and index the base, and
the latency of one search (median and p95).

    .venvs/actions/bin/python bench/bench_knowledge.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "knowledge"))

from knowledge_recall import false_hits, misses, off_topic_questions, questions, recall, topic_scores  # noqa: E402

from luna.knowledge import KnowledgeBase  # noqa: E402
from luna.knowledge.retrieval import MIN_TOPIC_SCORE  # noqa: E402


def main() -> None:
    started = time.perf_counter()
    base = KnowledgeBase.load()
    loaded = time.perf_counter() - started
    asked = [item["q"] for item in questions()]
    timings = []
    for _ in range(20):
        for question in asked:
            started = time.perf_counter()
            base.search(question, 3, min_score=MIN_TOPIC_SCORE)
            timings.append(time.perf_counter() - started)
    timings.sort()
    print(f"entries: {len(base.entries)}, questions: {len(asked)}")
    print(f"load and index: {loaded * 1000:.1f} ms")
    print(f"recall@1: {recall(base, 1):.2f}  recall@3: {recall(base, 3):.2f}  "
          f"(without the floor: {recall(base, 3, 0.0):.2f})")
    wrong = false_hits(base)
    print(f"off-topic questions given an entry: {len(wrong)}/{len(off_topic_questions())}")
    on_topic, off_topic = topic_scores(base)
    print(f"topic floor {MIN_TOPIC_SCORE}: lowest on-topic {on_topic[0]:.2f}, highest off-topic {off_topic[-1]:.2f}")
    print(f"search: median {statistics.median(timings) * 1000:.3f} ms, "
          f"p95 {timings[int(len(timings) * 0.95)] * 1000:.3f} ms")
    for question, expected, found in misses(base, 3):
        print(f"missed: {question!r} expected {expected}, got {found}")
    for question, found in wrong:
        print(f"off-topic but answered: {question!r} got {found}")


if __name__ == "__main__":
    main()
