"""Updates of one chat are handled in the order they came, while chats proceed side by side
(channels/messaging/chat_queues.py)."""

from __future__ import annotations

import asyncio
import time

from channels.messaging.chat_queues import ChatQueues

PRIYA = 700000001
RAVI = 700000002


def job(log: list, name: str, seconds: float = 0.0, fail: bool = False):
    async def work() -> None:
        log.append(f"{name} started")
        await asyncio.sleep(seconds)
        if fail:
            raise RuntimeError(name)
        log.append(f"{name} done")

    return work


def test_a_chat_s_updates_run_in_order_even_when_the_first_is_slow():
    log: list[str] = []

    async def scenario():
        queues = ChatQueues()
        queues.submit(PRIYA, job(log, "kundli", 0.3))
        queues.submit(PRIYA, job(log, "thanks", 0.0))
        queues.submit(PRIYA, job(log, "dasha", 0.1))
        await queues.drain(timeout=5)

    asyncio.run(scenario())
    assert log == ["kundli started", "kundli done", "thanks started", "thanks done", "dasha started", "dasha done"]


def test_different_chats_run_side_by_side():
    log: list[str] = []

    async def scenario():
        queues = ChatQueues()
        for number in range(5):
            queues.submit(PRIYA + number, job(log, f"chat {number}", 0.5))
        assert queues.busy == 5
        started = time.monotonic()
        await queues.drain(timeout=5)
        return time.monotonic() - started

    assert asyncio.run(scenario()) < 1.5  # five half-second jobs, not 2.5 s in a row
    assert log[:5] == [f"chat {number} started" for number in range(5)]


def test_a_quick_chat_does_not_wait_for_a_slow_one():
    log: list[str] = []

    async def scenario():
        queues = ChatQueues()
        queues.submit(PRIYA, job(log, "priya's chart", 0.4))
        queues.submit(RAVI, job(log, "ravi's hello", 0.0))
        await queues.drain(timeout=5)

    asyncio.run(scenario())
    assert log.index("ravi's hello done") < log.index("priya's chart done")


def test_a_failed_update_does_not_hold_up_the_next_in_its_chat():
    log: list[str] = []

    async def scenario():
        queues = ChatQueues()
        failed = queues.submit(PRIYA, job(log, "broken", 0.1, fail=True))
        queues.submit(PRIYA, job(log, "next", 0.0))
        await queues.drain(timeout=5)
        return failed

    failed = asyncio.run(scenario())
    assert log == ["broken started", "next started", "next done"]
    assert isinstance(failed.exception(), RuntimeError)


def test_drain_waits_for_the_work_in_hand_and_then_nothing_is_busy():
    log: list[str] = []

    async def scenario():
        queues = ChatQueues()
        queues.submit(PRIYA, job(log, "one", 0.2))
        queues.submit(PRIYA, job(log, "two", 0.2))
        queues.submit(RAVI, job(log, "three", 0.3))
        await queues.drain(timeout=5)
        await asyncio.sleep(0)  # the done-callbacks run
        return queues.busy

    assert asyncio.run(scenario()) == 0
    assert sorted(log) == sorted(["one started", "one done", "two started", "two done", "three started", "three done"])


def test_drain_gives_up_after_its_timeout():
    async def scenario():
        queues = ChatQueues()
        task = queues.submit(PRIYA, job([], "stuck", 10))
        started = time.monotonic()
        await queues.drain(timeout=0.3)
        waited = time.monotonic() - started
        busy = queues.busy
        task.cancel()
        return waited, busy

    waited, busy = asyncio.run(scenario())
    assert 0.2 <= waited < 2 and busy == 1


def test_an_idle_chat_starts_at_once_and_drain_with_nothing_returns():
    async def scenario():
        queues = ChatQueues()
        await queues.drain(timeout=5)
        log: list[str] = []
        queues.submit(PRIYA, job(log, "first", 0.0))
        await queues.drain(timeout=5)
        await asyncio.sleep(0)
        queues.submit(PRIYA, job(log, "later", 0.0))  # the chat's previous work is long done
        await queues.drain(timeout=5)
        return log

    assert asyncio.run(scenario()) == ["first started", "first done", "later started", "later done"]
