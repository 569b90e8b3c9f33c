"""The in-flight journal on a real Redis (channels/messaging/inflight.py): deliveries held
until answered, claimed from replicas that stopped beating (by one claimer only), and a
chat's older deliveries answered before its newer ones."""

from __future__ import annotations

import asyncio
import json

import pytest

from channels.messaging.chat_queues import ChatQueues
from channels.messaging.inflight import Entry, MemoryJournal, RedisJournal, journal_for
from channels.messaging.shared_state import MemoryState
from tests.redis_server import running_redis

try:
    from redis import asyncio as redis
except ImportError:  # the redis client comes with Rasa's environment (and requirements-dev.txt)
    redis = None

PRIYA, RAVI = "telegram:700000001", "telegram:700000002"
_keys = iter(range(900000001, 999999999))


def entry(chat: str = PRIYA, platform: str = "telegram") -> Entry:
    key = str(next(_keys))
    return Entry(platform, key, chat, json.dumps({"update_id": int(key)}), received=1764990000.0,
                 request_id=f"request-{key}")


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    if redis is None:
        pytest.skip("the redis client is not installed")
    with running_redis(tmp_path_factory.mktemp("redis")) as url:
        yield url


def run(redis_url: str, scenario):
    """Runs `scenario(connect)` on a clean database; `connect()` gives a client of its own
    (a replica of its own, with its own connections)."""

    async def main():
        clients = []

        def connect():
            client = redis.from_url(redis_url, decode_responses=True)
            clients.append(client)
            return client

        await connect().flushdb()
        try:
            return await scenario(connect)
        finally:
            for client in clients:
                await client.close()

    return asyncio.run(main())


async def alive(journal: RedisJournal) -> RedisJournal:
    await journal.beat()
    return journal


def test_a_delivery_is_held_until_its_turn_is_answered_and_taken_once(redis_url):
    async def scenario(connect):
        one = await alive(RedisJournal(connect(), "telegram", "replica-1"))
        two = await alive(RedisJournal(connect(), "telegram", "replica-2"))
        update = entry()
        taken = [await one.take(update), await two.take(update), await one.take(update)]
        held = await one.held()
        answered = []
        await one.handle_in_order(update, lambda: _note(answered, update.key))
        return update, taken, held, answered, await one.held(), await two.take(update)

    update, taken, held, answered, after, again = run(redis_url, scenario)
    assert taken == [True, False, False]
    assert held == [update]
    assert answered == [update.key] and after == []
    assert again is False  # released from the journal, still known as taken


def test_only_the_entries_of_replicas_whose_heartbeat_expired_are_claimed(redis_url):
    async def scenario(connect):
        living = await alive(RedisJournal(connect(), "telegram", "living"))
        dead = await alive(RedisJournal(connect(), "telegram", "dead"))
        claimer = await alive(RedisJournal(connect(), "telegram", "claimer"))
        whatsapp = await alive(RedisJournal(connect(), "whatsapp", "dead-whatsapp"))
        kept, lost = entry(), entry(RAVI)
        other_platform = entry("whatsapp:919812345678", "whatsapp")
        await living.take(kept)
        await dead.take(lost)
        await whatsapp.take(other_platform)
        nothing_yet = await claimer.claim()
        # SIGKILL: no more beats; the heartbeat runs out (removed here instead of waited for).
        await connect().delete("luna:channels:inflight:telegram:alive:dead",
                               "luna:channels:inflight:whatsapp:alive:dead-whatsapp")
        claimed = await claimer.claim()
        return (nothing_yet, claimed, [e.key for e in await living.held()], await dead.held(),
                [e.key for e in await claimer.held()], kept, lost, await claimer.claim())

    nothing_yet, claimed, living, dead, claimer, kept, lost, again = run(redis_url, scenario)
    assert nothing_yet == []
    assert [(e.key, e.chat, e.payload, e.request_id, e.recovered) for e in claimed] == [
        (lost.key, RAVI, lost.payload, lost.request_id, True)]
    assert living == [kept.key] and dead == [] and claimer == [lost.key]
    assert again == []  # the dead replica is forgotten, and WhatsApp's journal is WhatsApp's


def test_two_replicas_claiming_at_once_never_both_get_an_entry(redis_url):
    async def scenario(connect):
        rounds = []
        for round_number in range(20):
            dead = RedisJournal(connect(), "telegram", f"dead-{round_number}")
            lost = [entry(f"telegram:{700000100 + n}") for n in range(5)]
            for delivery in lost:
                await dead.take(delivery)  # it never beat: dead from the start
            first = await alive(RedisJournal(connect(), "telegram", f"first-{round_number}"))
            second = await alive(RedisJournal(connect(), "telegram", f"second-{round_number}"))
            one, two = await asyncio.gather(first.claim(), second.claim())
            rounds.append(({e.key for e in one}, {e.key for e in two}, {e.key for e in lost}))
        return rounds

    for one, two, lost in run(redis_url, scenario):
        assert not one & two
        assert one | two == lost
        assert not one or not two  # one claim takes a dead replica's entries all at once


def test_a_chat_s_delivery_held_by_a_dead_replica_is_answered_before_the_newer_one(redis_url):
    async def scenario(connect):
        dead = RedisJournal(connect(), "telegram", "dead")
        survivor = await alive(RedisJournal(connect(), "telegram", "survivor"))
        answered = []
        queues = ChatQueues()

        async def recover(recovered: Entry) -> None:
            await _note(answered, f"recovered {recovered.key} ({recovered.request_id})")

        survivor.start(queues, recover, ready=lambda: False)  # beats only: the claim comes from the turn
        first, other_chat, newer = entry(), entry(RAVI), entry()
        await dead.take(first)
        await dead.take(other_chat)
        await survivor.take(newer)
        queues.submit(newer.chat, lambda: survivor.handle_in_order(newer, lambda: _note(answered, f"new {newer.key}")))
        await queues.drain(timeout=10)
        await survivor.stop()
        return first, other_chat, newer, answered, await survivor.held()

    first, other_chat, newer, answered, held = run(redis_url, scenario)
    # The other chat's recovered delivery went to its own queue and ran beside them.
    assert sorted(answered) == sorted([f"recovered {first.key} ({first.request_id})", f"new {newer.key}",
                                       f"recovered {other_chat.key} ({other_chat.request_id})"])
    assert answered.index(f"recovered {first.key} ({first.request_id})") < answered.index(f"new {newer.key}")
    assert held == []


def test_a_newer_delivery_waits_for_an_older_one_a_living_replica_is_answering(redis_url):
    async def scenario(connect):
        busy = await alive(RedisJournal(connect(), "telegram", "busy"))
        other = await alive(RedisJournal(connect(), "telegram", "other"))
        other.start(ChatQueues(), recover=lambda _entry: _note([], "never"), ready=lambda: False)
        answered = []
        older, newer = entry(), entry()
        await busy.take(older)
        await other.take(newer)
        release = asyncio.Event()

        async def slow_turn() -> None:
            await release.wait()
            await _note(answered, "older")

        running = asyncio.create_task(busy.handle_in_order(older, slow_turn))
        waiting = asyncio.create_task(other.handle_in_order(newer, lambda: _note(answered, "newer")))
        await asyncio.sleep(1)
        before_release = list(answered)
        release.set()
        await asyncio.gather(running, waiting)
        await other.stop()
        return before_release, answered

    before_release, answered = run(redis_url, scenario)
    assert before_release == []
    assert answered == ["older", "newer"]


def test_a_replica_taken_for_dead_does_not_answer_what_was_claimed_from_it(redis_url):
    async def scenario(connect):
        stalled = RedisJournal(connect(), "telegram", "stalled")  # its heartbeat ran out
        claimer = await alive(RedisJournal(connect(), "telegram", "claimer"))
        delivery = entry()
        await stalled.take(delivery)
        claimed = await claimer.claim()
        answered = []
        await stalled.handle_in_order(delivery, lambda: _note(answered, "stalled"))
        await claimer.handle_in_order(claimed[0], lambda: _note(answered, "claimer"))
        return answered, await claimer.held()

    answered, held = run(redis_url, scenario)
    assert answered == ["claimer"] and held == []


def test_without_redis_the_journal_only_removes_duplicates():
    async def scenario():
        journal = journal_for("telegram", MemoryState())
        delivery = entry()
        answered = []
        taken = [await journal.take(delivery), await journal.take(delivery)]
        await journal.handle_in_order(delivery, lambda: _note(answered, "answered"))
        return journal, taken, answered

    journal, taken, answered = asyncio.run(scenario())
    assert isinstance(journal, MemoryJournal)
    assert taken == [True, False] and answered == ["answered"]


def test_an_entry_reads_back_as_written():
    delivery = entry()
    again = Entry.from_json(delivery.to_json(), recovered=True)
    assert again == Entry(delivery.platform, delivery.key, delivery.chat, delivery.payload, delivery.received,
                          delivery.request_id, recovered=True)
    assert delivery.delivery == f"telegram:{delivery.key}"


async def _note(log: list, what: str) -> None:
    log.append(what)
