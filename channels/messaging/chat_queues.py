"""Deliveries of one chat are handled one after another, in the order they arrived, while
different chats proceed side by side: a webhook answers the platform at once and the work
goes on here. A chat is named by a string ("telegram:<chat id>", "whatsapp:<phone>")."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable


class ChatQueues:
    def __init__(self) -> None:
        self._last: dict[str, asyncio.Task] = {}
        self._running: set[asyncio.Task] = set()

    def submit(self, chat: str, work: Callable[[], Awaitable[None]]) -> asyncio.Task:
        previous = self._last.get(chat)

        async def after_previous() -> None:
            if previous is not None:
                await asyncio.wait([previous])
            await work()

        task = asyncio.create_task(after_previous())
        self._last[chat] = task
        self._running.add(task)
        task.add_done_callback(lambda done: self._forget(chat, done))
        return task

    def _forget(self, chat: str, task: asyncio.Task) -> None:
        self._running.discard(task)
        if self._last.get(chat) is task:
            del self._last[chat]

    @property
    def busy(self) -> int:
        return len(self._running)

    async def drain(self, timeout: float) -> None:
        """Lets the work in hand finish (a server stopping), up to `timeout` seconds."""
        if self._running:
            await asyncio.wait(list(self._running), timeout=timeout)
