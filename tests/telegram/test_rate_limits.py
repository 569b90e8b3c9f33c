"""Telegram's sending limits as Luna keeps them (channels/telegram/rate_limits.py): a chat
gets a burst of three messages, then one a second; different chats do not wait for each
other. Timings are asserted with wide margins: this is behaviour, not a benchmark."""

from __future__ import annotations

import asyncio
import time

import pytest
from telegram.error import RetryAfter

from channels.telegram import rate_limits
from channels.telegram.config import settings_from_environment
from channels.telegram.rate_limits import LunaRateLimiter
from channels.telegram.sender import make_bot

PRIYA = 700000001
FAMILY_GROUP = -1001234567890


def run(bot_api, scenario):
    settings = settings_from_environment({"TELEGRAM_TOKEN": bot_api.token, "TELEGRAM_API_BASE_URL": bot_api.url})

    async def main():
        async with make_bot(settings) as bot:
            return await scenario(bot)

    return asyncio.run(main())


def spread(calls: list[dict]) -> float:
    """Seconds between the first and the last call the Bot API received."""
    times = [call["time"] for call in calls]
    return max(times) - min(times)


def test_six_messages_to_one_chat_take_a_burst_of_three_then_one_a_second(bot_api):
    async def scenario(bot):
        await asyncio.gather(*(bot.send_message(PRIYA, f"Part {number}") for number in range(1, 7)))

    run(bot_api, scenario)
    calls = bot_api.calls_to("sendMessage")
    assert [call["status"] for call in calls] == [200] * 6
    assert spread(calls[:3]) < 0.8  # the burst goes at once
    assert 2.5 <= spread(calls) <= 6
    assert sorted(bot_api.sent_texts(PRIYA)) == [f"Part {number}" for number in range(1, 7)]


def test_six_messages_to_six_chats_go_at_once(bot_api):
    chats = [PRIYA + number for number in range(6)]

    async def scenario(bot):
        await asyncio.gather(*(bot.send_message(chat, "Namaste") for chat in chats))

    started = time.monotonic()
    run(bot_api, scenario)
    assert time.monotonic() - started < 2.5  # getMe, then the six side by side
    assert spread(bot_api.calls_to("sendMessage")) < 1.0
    assert all(bot_api.sent_texts(chat) == ["Namaste"] for chat in chats)


def test_a_group_gets_the_same_per_chat_pace(bot_api):
    async def scenario(bot):
        await asyncio.gather(*(bot.send_message(FAMILY_GROUP, f"Sign {number}") for number in range(5)))

    run(bot_api, scenario)
    calls = bot_api.calls_to("sendMessage")
    assert len(calls) == 5 and 1.5 <= spread(calls) <= 5


def test_typing_indicators_are_not_held_to_the_per_chat_pace(bot_api):
    async def scenario(bot):
        await asyncio.gather(*(bot.send_chat_action(PRIYA, "typing") for _ in range(6)))

    run(bot_api, scenario)
    calls = bot_api.calls_to("sendChatAction")
    assert len(calls) == 6 and spread(calls) < 1.0


def test_too_many_requests_is_retried_up_to_three_times_then_raised(bot_api):
    bot_api.rate_limit(times=4, retry_after=1)

    async def scenario(bot):
        with pytest.raises(RetryAfter):
            await bot.send_message(PRIYA, "Namaste")

    run(bot_api, scenario)
    calls = bot_api.calls_to("sendMessage")
    assert [call["status"] for call in calls] == [429] * 4
    assert spread(calls) >= 2.7  # waited retry_after before each retry
    assert bot_api.sent_texts(PRIYA) == []


def test_a_chat_quiet_longest_is_forgotten_beyond_the_bound(monkeypatch):
    """Beyond TRACKED_CHATS the oldest chat's limiter goes: memory stays bounded, and that
    chat starts afresh with a new burst."""
    monkeypatch.setattr(rate_limits, "TRACKED_CHATS", 2)
    limiter = LunaRateLimiter()
    sent: list[tuple[int, float]] = []

    async def send(chat_id: int) -> bool:
        sent.append((chat_id, time.monotonic()))
        return True

    async def message(chat_id: int):
        return await limiter.process_request(send, (chat_id,), {}, "sendMessage", {"chat_id": chat_id}, None)

    async def scenario():
        await limiter.initialize()
        for _ in range(3):
            await message(PRIYA)  # Priya's burst is spent
        await message(PRIYA + 1)
        await message(PRIYA + 2)  # two other chats: Priya's limiter is dropped
        started = time.monotonic()
        for _ in range(3):
            await message(PRIYA)
        return time.monotonic() - started

    assert asyncio.run(scenario()) < 0.5  # a fresh burst, no waiting
    assert len(sent) == 8


def test_a_chat_within_the_bound_keeps_its_pace(monkeypatch):
    monkeypatch.setattr(rate_limits, "TRACKED_CHATS", 3)
    limiter = LunaRateLimiter()

    async def send() -> bool:
        return True

    async def scenario():
        await limiter.initialize()
        for chat_id in (PRIYA, PRIYA, PRIYA, PRIYA + 1, PRIYA + 2):
            await limiter.process_request(send, (), {}, "sendMessage", {"chat_id": chat_id}, None)
        started = time.monotonic()
        await limiter.process_request(send, (), {}, "sendMessage", {"chat_id": str(PRIYA)}, None)
        return time.monotonic() - started

    assert 0.3 <= asyncio.run(scenario()) <= 2.5  # the same chat, even with its id as a string
