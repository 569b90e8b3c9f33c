"""Knowledge retrieval: recall@1 and recall@3 on tests/knowledge/questions.yml, the time to
load and index the base, and the latency of one search (median and p95).

    .venvs/actions/bin/python bench/bench_knowledge.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "knowledge"))

from knowledge_recall import misses, questions, recall  # noqa: E402

from luna.knowledge import KnowledgeBase  # noqa: E402


def main() -> None:
    started = time.perf_counter()
    base = KnowledgeBase.load()
    loaded = time.perf_counter() - started
    asked = [item["q"] for item in questions()]
    timings = []
    for _ in range(20):
        for question in asked:
            started = time.perf_counter()
            base.search(question, 3)
            timings.append(time.perf_counter() - started)
    timings.sort()
    print(f"entries: {len(base.entries)}, questions: {len(asked)}")
    print(f"load and index: {loaded * 1000:.1f} ms")
    print(f"recall@1: {recall(base, 1):.2f}  recall@3: {recall(base, 3):.2f}")
    print(f"search: median {statistics.median(timings) * 1000:.3f} ms, "
          f"p95 {timings[int(len(timings) * 0.95)] * 1000:.3f} ms")
    for question, expected, found in misses(base, 3):
        print(f"missed: {question!r} expected {expected}, got {found}")


if __name__ == "__main__":
    main()
