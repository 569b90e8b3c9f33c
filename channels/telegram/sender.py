"""Everything Luna sends to Telegram goes through here: texts (escaped, cut to length),
pictures (by URL when Telegram can fetch them, else uploaded), inline keyboards, the
typing indicator and button-press acknowledgements.

A 403 from the Bot API means the user blocked the bot (or left the group): the chat is
marked blocked in the shared state and nothing more is sent until they write again; their
data stays. Formatting Telegram refuses to parse is sent again as plain text rather than
lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any

from telegram import InlineKeyboardMarkup
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from channels.messaging.pictures import fetch_picture
from channels.messaging.shared_state import SharedState
from channels.messaging.text import split_text
from channels.telegram.config import TelegramSettings
from channels.telegram.formatting import MAX_CAPTION, fits_callback_data, inline_keyboard, to_html
from channels.telegram.rate_limits import LunaRateLimiter

log = logging.getLogger(__name__)

# Buttons whose payload is too long for callback_data carry this prefix and a key.
STORED_PAYLOAD = "p:"
# Telegram shows "typing…" for 5 seconds; renewed a little before it fades.
TYPING_EVERY_SECONDS = 4.5
# A quick answer needs no indicator; a slow one (the LLM, a chart) gets it after this.
TYPING_AFTER_SECONDS = 0.8
# How long a finished turn waits for its indicator to wind down (it never needs this long).
TYPING_STOP_WAIT_SECONDS = 1.0


def chat_key(chat_id: int) -> str:
    """The chat's name in the state shared with the other channels."""
    return f"telegram:{chat_id}"


def make_bot(settings: TelegramSettings) -> ExtBot:
    return ExtBot(
        settings.token,
        base_url=settings.base_url,
        base_file_url=settings.base_file_url,
        request=HTTPXRequest(connection_pool_size=64, read_timeout=15, write_timeout=15, media_write_timeout=30),
        # getUpdates holds its connection for the long-poll timeout; a separate pool.
        get_updates_request=HTTPXRequest(connection_pool_size=2, read_timeout=40),
        rate_limiter=LunaRateLimiter(),
    )


class TelegramSender:
    def __init__(self, bot: ExtBot, state: SharedState, settings: TelegramSettings) -> None:
        self.bot = bot
        self.state = state
        self.settings = settings

    async def send_text(self, chat_id: int, text: str, buttons: Sequence[dict[str, Any]] = ()) -> None:
        pieces = split_text(text)
        keyboard = await self.keyboard(buttons)
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            if not await self._send_message(chat_id, piece, keyboard if last else None):
                return
        if not pieces and keyboard:
            await self._send_message(chat_id, "👇", keyboard)

    async def send_picture(
        self, chat_id: int, url: str, caption: str = "", buttons: Sequence[dict[str, Any]] = ()
    ) -> None:
        """The picture with `caption` under it (when it fits Telegram's 1,024 characters;
        otherwise the text follows the picture)."""
        with_caption = bool(caption) and len(caption) <= MAX_CAPTION
        # The buttons go under the picture, unless the text follows it: then under the text.
        text_follows = bool(caption) and not with_caption
        keyboard = None if text_follows else await self.keyboard(buttons)
        photo = url if self.settings.pictures_by_url else await fetch_picture(url)
        if photo is None:
            log.warning("Telegram: the chart picture could not be fetched for upload; sending the text alone")
        elif await self.blocked(chat_id):
            return
        else:
            try:
                sent = await self._call(chat_id, lambda chat, formatted: self.bot.send_photo(
                    chat, photo, caption=(to_html(caption) if formatted else caption) if with_caption else None,
                    parse_mode=ParseMode.HTML if with_caption and formatted else None, reply_markup=keyboard))
            except BadRequest as error:
                # Telegram could not fetch or read the picture: the words still go, alone.
                log.warning("Telegram refused the chart picture (%s); sending the text alone", error.message)
            else:
                if not sent or not text_follows:
                    return
        if caption or buttons:
            await self.send_text(chat_id, caption, buttons)

    async def keyboard(self, buttons: Sequence[dict[str, Any]]) -> InlineKeyboardMarkup | None:
        keys = []
        for button in buttons:
            payload = str(button.get("payload") or "").strip()
            if not payload:
                continue
            title = str(button.get("title") or payload)
            data = payload if fits_callback_data(payload) and not payload.startswith(STORED_PAYLOAD) \
                else STORED_PAYLOAD + await self.state.remember_payload(payload)
            keys.append((title, data))
        return inline_keyboard(keys)

    async def payload_of(self, callback_data: str) -> str | None:
        """The payload a pressed button stands for; None when it is no longer known."""
        if callback_data.startswith(STORED_PAYLOAD):
            return await self.state.payload_for(callback_data[len(STORED_PAYLOAD):])
        return callback_data

    async def answer_button(self, callback_query_id: str, text: str | None = None) -> None:
        """Stops the spinner on the user's button; a late or repeated answer is harmless."""
        try:
            await self.bot.answer_callback_query(callback_query_id, text=text)
        except TelegramError as error:
            log.info("Telegram: answerCallbackQuery failed: %s", error.__class__.__name__)

    @contextlib.asynccontextmanager
    async def typing(self, chat_id: int) -> AsyncIterator[None]:
        """Shows "typing…" in the chat while the block runs, if it runs longer than a moment.

        The indicator stops on its own flag as well as by cancellation, and the turn never
        waits for it more than a moment: a cancellation swallowed on the way down (Python
        3.10's wait_for and async-timeout can lose one that arrives as a timeout fires)
        once left the indicator running for minutes and the chat's turn waiting on it for
        ever, with every later message of that chat queued behind it.
        """
        stop = asyncio.Event()
        task = asyncio.create_task(self._keep_typing(chat_id, stop))
        try:
            yield
        finally:
            stop.set()
            task.cancel()
            await asyncio.wait({task}, timeout=TYPING_STOP_WAIT_SECONDS)

    async def _keep_typing(self, chat_id: int, stop: asyncio.Event) -> None:
        if await _stopped_within(stop, TYPING_AFTER_SECONDS):
            return
        while not await self.blocked(chat_id):
            try:
                await self.bot.send_chat_action(chat_id, ChatAction.TYPING)
            except Forbidden:
                await self.set_blocked(chat_id, True)
                return
            except TelegramError as error:
                log.info("Telegram: sendChatAction failed: %s", error.__class__.__name__)
                return
            if await _stopped_within(stop, TYPING_EVERY_SECONDS):
                return

    async def blocked(self, chat_id: int) -> bool:
        return await self.state.is_blocked(chat_key(chat_id))

    async def set_blocked(self, chat_id: int, blocked: bool) -> None:
        await self.state.set_blocked(chat_key(chat_id), blocked)

    async def _send_message(self, chat_id: int, text: str, keyboard: InlineKeyboardMarkup | None) -> bool:
        if await self.blocked(chat_id):
            return False
        return await self._call(chat_id, lambda chat, formatted: self.bot.send_message(
            chat, to_html(text) if formatted else text, parse_mode=ParseMode.HTML if formatted else None,
            reply_markup=keyboard))

    async def _call(self, chat_id: int, send: Callable[[int, bool], Awaitable[Any]]) -> bool:
        """Runs `send(chat, formatted)`; False when nothing more should go to this chat."""
        try:
            try:
                await send(chat_id, True)
            except ChatMigrated as moved:
                # The group became a supergroup, which has a new id: the reply goes there.
                log.info("Telegram: a group moved to a new chat id; replying there")
                await send(moved.new_chat_id, True)
            return True
        except Forbidden:
            log.info("Telegram: the user blocked the bot or left; no more messages go to this chat")
            await self.set_blocked(chat_id, True)
            return False
        except BadRequest as error:
            if "parse entities" not in str(error):
                raise
            # Should not happen (everything is escaped), but a reply is worth more than its bold.
            log.warning("Telegram refused the formatting of a reply; sending it as plain text")
            await send(chat_id, False)
            return True


async def _stopped_within(stop: asyncio.Event, seconds: float) -> bool:
    """Waits up to `seconds`; True once `stop` is set (checked after the wait too, so a lost
    cancellation still ends the indicator at its next step)."""
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
    return stop.is_set()
