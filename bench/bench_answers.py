"""The latency Luna adds around an LLM call, with an instant local LLM (the tests' fake
OpenAI server on 127.0.0.1), and the knowledge retrieval's recall.

Per question: the chart facts, the offline answer (retrieval + templates), the prompt,
the usage ledger (a real SQLite file: allowance before, records after), the reply check;
and the whole `QuestionAnswerer.answer` against the HTTP round trip of the LLM call
itself. "Added" is the whole minus the round trip.

    .venvs/actions/bin/python bench/bench_answers.py [--questions 200]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "knowledge"))

from knowledge_recall import questions, recall  # noqa: E402

from luna.answers.chart_facts import chart_facts  # noqa: E402
from luna.answers.engine_tools import engine_tools  # noqa: E402
from luna.answers.offline import offline_answer, relevant_entries  # noqa: E402
from luna.answers.prompt import SYSTEM_PROMPT, build_messages  # noqa: E402
from luna.answers.reply_check import reply_problems  # noqa: E402
from luna.answers.service import QuestionAnswerer  # noqa: E402
from luna.astrology import cast_chart, local_moment  # noqa: E402
from luna.knowledge import KnowledgeBase  # noqa: E402
from luna.llm import LlmClient, Provider  # noqa: E402
from luna.profiles import ProfileStore, upgrade_database  # noqa: E402
from luna.profiles.usage import LlmUsage  # noqa: E402
from tests.llm.fake_openai_server import FakeOpenAI, completion, ok  # noqa: E402

NOW = datetime(2026, 12, 6, 6, 30, tzinfo=timezone.utc)
REPLY = "Your Saturn is in the 3rd house, in Sagittarius: steady effort brings results. Source: BPHS ch. 24"


def milliseconds(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return f"median {statistics.median(ordered) * 1000:7.2f} ms   p95 {p95 * 1000:7.2f} ms"


def timed(function, *args, **kwargs) -> float:
    started = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - started


async def main(count: int) -> None:
    chart = cast_chart(local_moment(date(1990, 3, 5), clock(22, 30), "Asia/Kolkata"), 18.52, 73.86)
    knowledge = KnowledgeBase.load()
    asked = [item["q"] for item in questions()]
    sample = [asked[i % len(asked)] for i in range(count)]
    facts = chart_facts(chart, time_known=True, now=NOW)

    parts: dict[str, list[float]] = {name: [] for name in ("chart facts", "offline answer", "prompt", "reply check")}
    for question in sample:
        parts["chart facts"].append(timed(chart_facts, chart, time_known=True, now=NOW))
        parts["offline answer"].append(timed(offline_answer, question, facts, knowledge))
        entries = relevant_entries(question, knowledge)
        parts["prompt"].append(timed(build_messages, question, facts=facts, entries=entries, history=(),
                                     language="en", today=NOW.date()))
        parts["reply check"].append(timed(reply_problems, REPLY, system_prompt=SYSTEM_PROMPT, facts=facts))

    with tempfile.TemporaryDirectory() as folder, FakeOpenAI() as fake:
        url = f"sqlite:///{folder}/bench.db"
        upgrade_database(url)
        store = ProfileStore.from_url(url)
        usage = LlmUsage(store, questions_per_minute=10**6, daily_tokens=10**9)
        fake.scripts["primary"] = [ok(completion(REPLY))]
        round_trips: list[float] = []
        client = LlmClient([Provider("primary", fake.url("primary"), "sk-bench", "bench-model")],
                           on_call=lambda record: round_trips.append(record.latency_seconds))
        answerer = QuestionAnswerer(client=client, knowledge=knowledge, usage=usage, clock=lambda: NOW)
        tools = engine_tools(chart)
        totals: list[float] = []
        for index, question in enumerate(sample):
            started = time.perf_counter()
            answer = await answerer.answer(question, channel="bench", sender_id=f"user{index % 50}",
                                           facts=facts, tools=tools)
            totals.append(time.perf_counter() - started)
            assert answer.via == "llm", answer
        await store.close()

    print(f"{count} questions, chart 1990-03-05 22:30 Pune, instant local LLM on 127.0.0.1")
    for name, samples in parts.items():
        print(f"  {name:<15} {milliseconds(samples)}")
    print(f"  {'LLM round trip':<15} {milliseconds(round_trips)}   (the fake server, not Luna)")
    print(f"  {'whole answer':<15} {milliseconds(totals)}")
    added = [total - trip for total, trip in zip(totals, round_trips, strict=True)]
    print(f"  {'Luna adds':<15} {milliseconds(added)}   (whole answer minus the round trip: usage ledger, "
          f"retrieval, prompt, check)")
    print(f"retrieval on {len(questions())} questions: recall@1 {recall(knowledge, 1):.2f}, "
          f"recall@3 {recall(knowledge, 3):.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=200)
    asyncio.run(main(parser.parse_args().questions))
