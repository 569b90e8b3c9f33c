"""What the messaging channels remember between deliveries, in this process's memory
(channels/messaging/shared_state.py). RedisState needs the redis package, which only Rasa's
environment has: the end-to-end test covers it."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from channels.messaging.shared_state import MemoryState, payload_key, state_from_environment

ROOT = Path(__file__).resolve().parents[2]
CHAT, OTHER_CHAT = "telegram:700000001", "whatsapp:919812345678"
BIRTH_PAYLOAD = '/provide_birth_details{"name": "Priya", "birth_date": "1990-05-14", "birth_place": "Pune"}'


def test_an_update_is_taken_the_first_time_only():
    async def scenario():
        state = MemoryState()
        deliveries = ("telegram:100000001", "telegram:100000001", "whatsapp:wamid.HBgM", "telegram:100000001")
        return [await state.first_sighting(delivery) for delivery in deliveries]

    assert asyncio.run(scenario()) == [True, False, True, False]


def test_beyond_its_bound_the_oldest_update_is_forgotten():
    async def scenario():
        state = MemoryState(entries=3)
        for update_id in (1, 2, 3, 4):
            assert await state.first_sighting(f"telegram:{update_id}")
        # 1 went to make room; 2, 3, 4 are still known.
        return [await state.first_sighting(f"telegram:{update_id}") for update_id in (2, 3, 4, 1)]

    assert asyncio.run(scenario()) == [False, False, False, True]


def test_blocked_chats_are_remembered_until_unblocked():
    async def scenario():
        state = MemoryState()
        seen = [await state.is_blocked(CHAT)]
        await state.set_blocked(CHAT, True)
        await state.set_blocked(CHAT, True)
        seen += [await state.is_blocked(CHAT), await state.is_blocked(OTHER_CHAT)]
        await state.set_blocked(CHAT, False)
        await state.set_blocked(OTHER_CHAT, False)  # never blocked: nothing to undo
        seen += [await state.is_blocked(CHAT)]
        return seen

    assert asyncio.run(scenario()) == [False, True, False, False]


def test_a_payload_is_kept_under_a_short_stable_key():
    async def scenario():
        state = MemoryState()
        key = await state.remember_payload(BIRTH_PAYLOAD)
        again = await state.remember_payload(BIRTH_PAYLOAD)
        other = await state.remember_payload("/ask_dasha")
        return key, again, other, await state.payload_for(key), await state.payload_for("unknown")

    key, again, other, payload, unknown = asyncio.run(scenario())
    assert key == again == payload_key(BIRTH_PAYLOAD) and other != key
    assert len(("p:" + key).encode()) <= 64  # fits Telegram's callback_data
    assert (payload, unknown) == (BIRTH_PAYLOAD, None)


def test_payload_keys_are_the_same_in_every_process():
    # Replicas must agree on the key: a hash of the payload, not a counter, a random id or hash().
    another_process = subprocess.run(
        [sys.executable, "-c", "from channels.messaging.shared_state import payload_key; "
                               f"print(payload_key({BIRTH_PAYLOAD!r}))"],
        cwd=ROOT, capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "random"},
    )
    assert another_process.stdout.strip() == payload_key(BIRTH_PAYLOAD)
    assert payload_key("/ask_dasha") != payload_key("/ask_dasha ")
    assert len(payload_key("ज" * 500)) == 24


def test_beyond_its_bound_the_payload_used_longest_ago_is_forgotten():
    async def scenario():
        state = MemoryState(entries=2)
        first = await state.remember_payload("first")
        second = await state.remember_payload("second")
        await state.remember_payload("first")  # used again: now the newest
        await state.remember_payload("third")
        return [await state.payload_for(key) for key in (first, second)]

    assert asyncio.run(scenario()) == ["first", None]


def test_without_redis_url_the_state_is_in_memory(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert isinstance(state_from_environment(), MemoryState)
    monkeypatch.setenv("REDIS_URL", "   ")
    assert isinstance(state_from_environment(), MemoryState)
