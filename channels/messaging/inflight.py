"""The in-flight journal: deliveries a replica acknowledged but has not finished answering,
kept in Redis so that another replica answers them when this one dies.

The messaging webhooks answer the platform at once and handle the delivery afterwards; a
platform that got its 200 never delivers again, so a replica killed in between (SIGKILL,
the machine gone) would silently lose the user's message. Hence:

- `take`: before the webhook acknowledges, one Lua script (one round trip) checks that the
  delivery is new (the de-duplication key SharedState.first_sighting uses) and records it
  under this replica's id: the raw update, its chat, the request id, the time (Redis's own
  clock, so replicas agree on the order).
- `handle_in_order`: the delivery's turn, run from the chat's queue; afterwards the entry is
  released.
- Every replica keeps a heartbeat key with a short TTL (HEARTBEAT_TTL). On start-up (once
  Rasa's agent is ready) and every CLAIM_EVERY seconds, a replica claims the entries of
  replicas whose heartbeat expired, atomically (a Lua script: of two claimers one gets
  everything, the other nothing), and handles them through the channel's normal path.
- Exactly once: a claimed entry is a *recovered* one; the channel skips it when the
  conversation's tracker already holds a user event with the delivery's message_id (the
  dead replica finished that turn and Rasa saved it; Rasa saves the tracker after the
  turn's replies were sent).
- Order: the journal keeps each chat's in-flight deliveries ranked by arrival. Before a
  turn is handled, older deliveries of its chat held by another replica are waited for (a
  live holder finishes them; a dead holder's are claimed at once, and the claimed ones of
  this chat are handled right there, before the newer message). Rasa's Redis lock store
  then serves the conversation's turns in the order they asked for the lock.

What remains (honestly):
- A replica dying in the middle of a turn (some replies sent, the tracker not yet saved) is
  answered again from the start: the replies sent before the crash arrive twice. A turn
  that never reaches Rasa (a sticker's reply, an unknown command) has no tracker event to
  look at, so a crash between its reply and its release repeats that reply.
- Recovery takes up to HEARTBEAT_TTL + CLAIM_EVERY seconds, and a recovered turn of a
  conversation the dead replica was answering waits for Rasa's lock of that conversation to
  expire (TICKET_LOCK_LIFETIME). A newer message of the same chat waits with it, at most
  MAX_ORDER_WAIT seconds; past that it is answered anyway (a stuck holder must not silence
  the chat for good).
- A replica whose event loop stalls longer than HEARTBEAT_TTL looks dead: its entries are
  claimed. Before each turn it checks that the entry is still its own and skips it
  otherwise, so the user is answered once; only a claim landing during that check's round
  trip can answer twice.
- The scripts touch keys they compute (one Redis, not Redis Cluster).

Without REDIS_URL (one replica, `make run`) there is nobody to hand a delivery to: the
MemoryJournal only de-duplicates, and a crash loses what was in flight, as before.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import secrets
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from channels.messaging.chat_queues import ChatQueues
from channels.messaging.shared_state import DELIVERY_MEMORY_SECONDS, PREFIX, RedisState, SharedState

log = logging.getLogger(__name__)

# A replica whose heartbeat is this old is dead; it beats every BEAT_EVERY seconds.
HEARTBEAT_TTL = 10
BEAT_EVERY = 2
# How often a replica looks for dead replicas' entries.
CLAIM_EVERY = 3
# How long a turn waits for older deliveries of its chat held by a live replica.
MAX_ORDER_WAIT = 120
ORDER_POLL = 0.2
# A chat's arrival ranking is forgotten a day after its last delivery (a leftover, if any).
CHAT_ORDER_MEMORY_SECONDS = 24 * 3600

Work = Callable[[], Awaitable[None]]


@dataclass(frozen=True)
class Entry:
    """One delivery in flight: `platform` and `key` (update id, wamid, MessageSid) name it,
    `chat` is its queue, `payload` the raw update (JSON, as the channel reads it back)."""

    platform: str
    key: str
    chat: str
    payload: str
    received: float
    request_id: str = ""
    # Claimed from a dead replica: the channel checks the tracker before answering.
    recovered: bool = False

    @property
    def delivery(self) -> str:
        """The de-duplication key ("telegram:<update id>"), also the entry's name in the journal."""
        return f"{self.platform}:{self.key}"

    def to_json(self) -> str:
        fields = asdict(self)
        del fields["recovered"]
        return json.dumps(fields, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str, recovered: bool = False) -> Entry:
        fields = json.loads(text)
        return cls(**{name: fields[name] for name in ("platform", "key", "chat", "payload", "received")},
                   request_id=str(fields.get("request_id") or ""), recovered=recovered)


Recover = Callable[[Entry], Awaitable[None]]


class Journal(Protocol):
    async def take(self, entry: Entry) -> bool:
        """Whether the delivery is new (then it is recorded); False for a copy already taken."""

    async def handle_in_order(self, entry: Entry, work: Work) -> None:
        """Runs `work` (the entry's turn) after older deliveries of its chat, then releases it."""

    def start(self, queues: ChatQueues, recover: Recover, ready: Callable[[], bool]) -> None:
        """Begins heartbeats and recovery: claimed entries go to `queues`, and `recover`
        answers one (the channel's normal path) once `ready` says Rasa can."""

    async def stop(self) -> None: ...


class MemoryJournal:
    """One replica, no Redis: de-duplication only (nothing survives this process anyway)."""

    def __init__(self, state: SharedState) -> None:
        self.state = state

    async def take(self, entry: Entry) -> bool:
        try:
            return await self.state.first_sighting(entry.delivery)
        except Exception as error:  # noqa: BLE001 - answer twice rather than never
            log.error("%s: the shared state is unreachable (%s); %s handled without the duplicate check",
                      entry.platform, type(error).__name__, _short(entry))
            return True

    async def handle_in_order(self, entry: Entry, work: Work) -> None:
        await work()

    def start(self, queues: ChatQueues, recover: Recover, ready: Callable[[], bool]) -> None:
        pass

    async def stop(self) -> None:
        pass


# KEYS: delivery, my journal, holders, chat order, replicas.
# ARGV: delivery TTL, entry name, entry JSON, my id, chat order TTL.
_TAKE = """
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
redis.call('HSET', KEYS[3], ARGV[2], ARGV[4])
local now = redis.call('TIME')
redis.call('ZADD', KEYS[4], tonumber(now[1]) + tonumber(now[2]) / 1000000, ARGV[2])
redis.call('EXPIRE', KEYS[4], ARGV[5])
redis.call('SADD', KEYS[5], ARGV[4])
return 1
"""

# KEYS: my journal, holders, chat order. ARGV: entry name, my id.
# A release by a replica whose entry was claimed meanwhile leaves the claimer's records alone.
_RELEASE = """
redis.call('HDEL', KEYS[1], ARGV[1])
if redis.call('HGET', KEYS[2], ARGV[1]) == ARGV[2] then
  redis.call('HDEL', KEYS[2], ARGV[1])
  redis.call('ZREM', KEYS[3], ARGV[1])
end
return 1
"""

# KEYS: replicas, holders, my journal. ARGV: my id, heartbeat key prefix, journal key prefix.
# Every entry of every replica without a heartbeat moves to my journal, in one step.
_CLAIM = """
local claimed = {}
for _, replica in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if replica ~= ARGV[1] and redis.call('EXISTS', ARGV[2] .. replica) == 0 then
    local journal = ARGV[3] .. replica
    local entries = redis.call('HGETALL', journal)
    for i = 1, #entries, 2 do
      redis.call('HSET', KEYS[3], entries[i], entries[i + 1])
      redis.call('HSET', KEYS[2], entries[i], ARGV[1])
      table.insert(claimed, entries[i + 1])
    end
    redis.call('DEL', journal)
    redis.call('SREM', KEYS[1], replica)
  end
end
return claimed
"""

# KEYS: chat order, holders. ARGV: entry name, heartbeat key prefix.
# Returns the entry's holder ('' once released), then (name, holder, alive) for each older
# delivery of the chat still in flight.
_AHEAD = """
local holder = redis.call('HGET', KEYS[2], ARGV[1])
local result = {holder or ''}
local rank = redis.call('ZRANK', KEYS[1], ARGV[1])
if rank and rank > 0 then
  for _, other in ipairs(redis.call('ZRANGE', KEYS[1], 0, rank - 1)) do
    local other_holder = redis.call('HGET', KEYS[2], other)
    if other_holder then
      table.insert(result, other)
      table.insert(result, other_holder)
      table.insert(result, redis.call('EXISTS', ARGV[2] .. other_holder))
    else
      redis.call('ZREM', KEYS[1], other)
    end
  end
end
return result
"""


@dataclass(frozen=True)
class _Older:
    name: str
    holder: str
    alive: bool


def replica_id() -> str:
    """This process's id: a restarted replica is a new one (its old id's entries are claimed)."""
    return f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}"


class RedisJournal:
    def __init__(self, redis: Any, platform: str, replica: str | None = None) -> None:
        self.redis = redis
        self.platform = platform
        self.replica = replica or replica_id()
        base = f"{PREFIX}inflight:{platform}:"
        self._alive_prefix = f"{base}alive:"
        self._held_prefix = f"{base}held:"
        self._holders = f"{base}holders"
        self._replicas = f"{base}replicas"
        self._take = redis.register_script(_TAKE)
        self._release = redis.register_script(_RELEASE)
        self._claim = redis.register_script(_CLAIM)
        self._ahead = redis.register_script(_AHEAD)
        # Entries whose turn runs in this process now: a copy of one in a queue is skipped.
        self._running: set[str] = set()
        # Deliveries taken while Redis was unreachable: answered without the journal.
        self._unrecorded: set[str] = set()
        self._queues: ChatQueues | None = None
        self._recover: Recover | None = None
        self._loop: asyncio.Task | None = None

    @property
    def _journal(self) -> str:
        return f"{self._held_prefix}{self.replica}"

    def _chat_order(self, chat: str) -> str:
        return f"{PREFIX}inflight:chat:{chat}"

    async def take(self, entry: Entry) -> bool:
        try:
            taken = await self._take(
                keys=[f"{PREFIX}delivery:{entry.delivery}", self._journal, self._holders, self._chat_order(entry.chat),
                      self._replicas],
                args=[DELIVERY_MEMORY_SECONDS, entry.delivery, entry.to_json(), self.replica,
                      CHAT_ORDER_MEMORY_SECONDS])
        except Exception as error:  # noqa: BLE001 - Redis down: answer (maybe twice) rather than never
            log.error("%s: Redis is unreachable (%s); %s handled without the duplicate check or the journal",
                      self.platform, type(error).__name__, _short(entry))
            self._unrecorded.add(entry.delivery)
            return True
        return bool(taken)

    async def release(self, entry: Entry) -> None:
        try:
            await self._release(keys=[self._journal, self._holders, self._chat_order(entry.chat)],
                                args=[entry.delivery, self.replica])
        except Exception as error:  # noqa: BLE001 - a leftover is claimed later and found answered
            log.error("%s: %s could not be released from the journal: %s", self.platform, _short(entry),
                      type(error).__name__)

    async def beat(self) -> None:
        """This replica is alive (and registered, in case a claimer took it for dead)."""
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.set(f"{self._alive_prefix}{self.replica}", "1", ex=HEARTBEAT_TTL)
            pipe.sadd(self._replicas, self.replica)
            await pipe.execute()

    async def claim(self) -> list[Entry]:
        """The entries of dead replicas, now this replica's (none if another claimer won)."""
        claimed = await self._claim(keys=[self._replicas, self._holders, self._journal],
                                    args=[self.replica, self._alive_prefix, self._held_prefix])
        entries = sorted((Entry.from_json(_text(item), recovered=True) for item in claimed),
                         key=lambda entry: entry.received)
        if entries:
            log.warning("%s: %d deliveries of a replica that stopped answering are answered here", self.platform,
                        len(entries))
        return entries

    async def held(self) -> list[Entry]:
        """This replica's entries (what a claim gave it and what it is answering)."""
        return [Entry.from_json(_text(value)) for value in (await self.redis.hgetall(self._journal)).values()]

    async def handle_in_order(self, entry: Entry, work: Work) -> None:
        if entry.delivery in self._running:
            return  # already being answered here (it was older than a turn that ran it first)
        if entry.delivery in self._unrecorded:
            self._unrecorded.discard(entry.delivery)
            await work()
            return
        deadline = time.monotonic() + MAX_ORDER_WAIT
        while True:
            try:
                holder, older = await self._older(entry)
            except Exception as error:  # noqa: BLE001 - Redis down: answer now rather than never
                log.error("%s: the order of %s's chat is unknown (%s)", self.platform, _short(entry),
                          type(error).__name__)
                holder, older = self.replica, []
            if holder != self.replica:
                # Released already (a copy answered first) or claimed by a replica that took us for dead.
                log.info("%s: %s is no longer this replica's; skipped", self.platform, _short(entry))
                return
            mine = [other.name for other in older if other.holder == self.replica and other.name not in self._running]
            if mine:
                await self._answer_claimed(mine)
                continue
            if not older or time.monotonic() > deadline:
                if older:
                    log.warning("%s: %s is answered before %d older deliveries of its chat that are still in "
                                "flight", self.platform, _short(entry), len(older))
                break
            if not all(other.alive for other in older):
                await self._claim_and_queue()
            else:
                await asyncio.sleep(ORDER_POLL)
        await self._run(entry, work)

    async def _run(self, entry: Entry, work: Work) -> None:
        self._running.add(entry.delivery)
        try:
            await work()
        finally:
            self._running.discard(entry.delivery)
            await self.release(entry)

    async def _older(self, entry: Entry) -> tuple[str, list[_Older]]:
        result = await self._ahead(keys=[self._chat_order(entry.chat), self._holders],
                                   args=[entry.delivery, self._alive_prefix])
        holder, rest = _text(result[0]), result[1:]
        older = [_Older(_text(rest[i]), _text(rest[i + 1]), bool(int(rest[i + 2]))) for i in range(0, len(rest), 3)]
        return holder, older

    async def _answer_claimed(self, names: list[str]) -> None:
        """Answers, here and now, claimed entries older than the turn about to run (their
        copies in the chat's queue come after it, and then find them released)."""
        values = await self.redis.hmget(self._journal, names)
        entries = sorted((Entry.from_json(_text(value), recovered=True) for value in values if value is not None),
                         key=lambda entry: entry.received)
        for entry in entries:
            if entry.delivery not in self._running and self._recover is not None:
                await self._run(entry, lambda entry=entry: self._recover(entry))
        if len(entries) < len(names):
            await asyncio.sleep(ORDER_POLL)  # released meanwhile by a turn of ours; look again

    async def _claim_and_queue(self) -> None:
        try:
            entries = await self.claim()
        except Exception as error:  # noqa: BLE001 - tried again on the next round
            log.error("%s: claiming dead replicas' deliveries failed: %s", self.platform, type(error).__name__)
            return
        self._queue(entries)

    def _queue(self, entries: list[Entry]) -> None:
        if self._queues is None or self._recover is None:
            return
        recover = self._recover
        for entry in entries:
            self._queues.submit(entry.chat, lambda entry=entry: self.handle_in_order(entry, lambda: recover(entry)))

    def start(self, queues: ChatQueues, recover: Recover, ready: Callable[[], bool]) -> None:
        self._queues, self._recover = queues, recover
        if self._loop is None:
            self._loop = asyncio.create_task(self._keep_alive_and_recover(ready))

    async def _keep_alive_and_recover(self, ready: Callable[[], bool]) -> None:
        next_claim = 0.0
        while True:
            try:
                await self.beat()
                if ready() and time.monotonic() >= next_claim:
                    await self._claim_and_queue()
                    next_claim = time.monotonic() + CLAIM_EVERY
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 - Redis away for a while: keep trying
                log.error("%s: the journal's heartbeat failed: %s", self.platform, type(error).__name__)
            await asyncio.sleep(BEAT_EVERY)

    async def stop(self) -> None:
        """Stops beating. With nothing left running here, says so at once, so that what is
        still held (nothing, normally) is claimed without waiting for the heartbeat to
        expire; with turns still running (the drain timed out) the heartbeat expires on its
        own, after they had their chance."""
        if self._loop is not None:
            self._loop.cancel()
            self._loop = None
        if self._queues is not None and self._queues.busy:
            return
        try:
            await self.redis.delete(f"{self._alive_prefix}{self.replica}")
        except Exception as error:  # noqa: BLE001 - then the heartbeat expires on its own
            log.warning("%s: the heartbeat could not be removed: %s", self.platform, type(error).__name__)


def journal_for(platform: str, state: SharedState) -> Journal:
    """The journal for one platform's deliveries: in the shared state's Redis, if it has one."""
    if isinstance(state, RedisState):
        return RedisJournal(state.redis, platform)
    return MemoryJournal(state)


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _short(entry: Entry) -> str:
    """A delivery named in logs without its content."""
    return f"{entry.platform} delivery …{entry.key[-8:]}"
