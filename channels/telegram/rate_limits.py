"""Telegram's sending limits for python-telegram-bot: about 30 messages a second overall,
20 a minute in a group, and one a second in any one chat (Telegram allows short bursts,
so a chat may have three at once — a kundli is a picture and two or three texts — then
one a second). A 429 answer is retried after the `retry_after` Telegram asks for.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.ext import AIORateLimiter

PER_CHAT_BURST = 3
PER_CHAT_PER_SECOND = 1.0
# Limiters of chats that were quiet longest are dropped beyond this many (bounded memory).
TRACKED_CHATS = 10_000
# Calls that are not messages (typing, answering a button press) have no per-chat limit.
UNLIMITED_PER_CHAT = frozenset({"sendChatAction", "answerCallbackQuery", "getMe", "getUpdates"})


class LunaRateLimiter(AIORateLimiter):
    def __init__(self, *, max_retries: int = 3) -> None:
        super().__init__(overall_max_rate=30, overall_time_period=1, group_max_rate=20, group_time_period=60,
                         max_retries=max_retries)
        self._chats: OrderedDict[str, AsyncLimiter] = OrderedDict()

    def _chat_limiter(self, chat_id: object) -> AsyncLimiter:
        key = str(chat_id)
        limiter = self._chats.pop(key, None) or AsyncLimiter(PER_CHAT_BURST, PER_CHAT_BURST / PER_CHAT_PER_SECOND)
        self._chats[key] = limiter
        while len(self._chats) > TRACKED_CHATS:
            self._chats.popitem(last=False)
        return limiter

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        chat_id = data.get("chat_id")
        if chat_id is None or endpoint in UNLIMITED_PER_CHAT:
            return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
        async with self._chat_limiter(chat_id):
            return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
