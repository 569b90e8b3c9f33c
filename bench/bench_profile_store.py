"""Latency of ProfileStore.get and .save as a caller sees it (worker thread included).

Not a test (pytest does not collect it). Run with the action server's interpreter:

    .venvs/actions/bin/python tests/profiles/bench_profile_store.py sqlite:////tmp/luna-bench.db
    .venvs/actions/bin/python tests/profiles/bench_profile_store.py "$LUNA_TEST_POSTGRES_URL"

It writes rows with channel "bench" and deletes them at the end.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
from collections.abc import Awaitable, Callable
from datetime import date, time
from time import perf_counter

from luna.profiles import Profile, ProfileStore, upgrade_database

ROUNDS = 500
CONCURRENT = 50


def _profile(index: int) -> Profile:
    return Profile(
        channel="bench",
        sender_id=str(index % 100),
        name=f"Bench {index}",
        birth_date=date(1990, 3, 5),
        birth_time=time(22, 30),
        time_known=True,
        place_label="Pune, Maharashtra, India",
        latitude=18.5204,
        longitude=73.8567,
        timezone="Asia/Kolkata",
    )


async def _timed(rounds: int, call: Callable[[int], Awaitable[object]]) -> list[float]:
    samples = []
    for index in range(rounds):
        started = perf_counter()
        await call(index)
        samples.append((perf_counter() - started) * 1000)
    return samples


def _summary(label: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"{label:<28} p50 {statistics.median(ordered):6.2f} ms   p95 {p95:6.2f} ms   max {ordered[-1]:6.2f} ms"


async def _bench(store: ProfileStore) -> list[str]:
    await store.open()
    await _timed(50, lambda i: store.save(_profile(i)))  # warm the pool and the caches
    saves = await _timed(ROUNDS, lambda i: store.save(_profile(i)))
    gets = await _timed(ROUNDS, lambda i: store.get("bench", str(i % 100)))
    misses = await _timed(ROUNDS, lambda i: store.get("bench", f"missing-{i}"))
    started = perf_counter()
    for batch in range(10):
        await asyncio.gather(*(store.save(_profile(batch * CONCURRENT + i)) for i in range(CONCURRENT)))
    save_rate = 10 * CONCURRENT / (perf_counter() - started)
    started = perf_counter()
    for _ in range(10):
        await asyncio.gather(*(store.get("bench", str(i)) for i in range(CONCURRENT)))
    get_rate = 10 * CONCURRENT / (perf_counter() - started)
    for index in range(100):
        await store.delete("bench", str(index))
    return [
        _summary("save (upsert, sequential)", saves),
        _summary("get (hit, sequential)", gets),
        _summary("get (miss, sequential)", misses),
        f"{CONCURRENT} concurrent saves: {save_rate:.0f}/s; {CONCURRENT} concurrent gets: {get_rate:.0f}/s",
    ]


def main(url: str) -> None:
    started = perf_counter()
    upgrade_database(url)
    lines = [f"upgrade_database (already at head): {(perf_counter() - started) * 1000:.0f} ms"]
    store = ProfileStore.from_url(url)
    try:
        lines += asyncio.run(_bench(store))
    finally:
        asyncio.run(store.close())
    sys.stdout.write(f"{store.url}\n" + "\n".join(lines) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: bench_profile_store.py DATABASE_URL")
    main(sys.argv[1])
