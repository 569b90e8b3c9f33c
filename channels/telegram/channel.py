"""The Telegram channel on the Rasa server: `/webhooks/telegram/webhook`, or long polling.

The webhook checks Telegram's secret header before anything else (401 missing, 403
wrong), refuses a body that is not an update with a 4xx, skips an update some replica
already took (its update_id), records it in the in-flight journal (so another replica
answers it if this one dies: channels/messaging/inflight.py) and answers 200 at once; the
update is handled afterwards, in order within its chat, with the webhook's request id
(X-Request-ID). Whatever goes wrong while handling it is logged and the user gets a
friendly message; Telegram never sees an error, so it never re-delivers.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.shared.core.events import UserUttered
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from telegram import BotCommand, Update
from telegram.error import Conflict, InvalidToken, NetworkError, TelegramError

from channels.messaging import turn_metrics
from channels.messaging.chat_queues import ChatQueues
from channels.messaging.inflight import Entry, journal_for
from channels.messaging.rasa_agent import agent_ready, already_answered
from channels.messaging.shared_state import SharedState, state_from_environment
from channels.telegram.commands import COMMANDS
from channels.telegram.config import ALLOWED_UPDATES, TelegramSettings, settings_from_environment
from channels.telegram.replies import media_reply, reply
from channels.telegram.sender import TelegramSender, chat_key, make_bot
from channels.telegram.updates import BotIdentity, Incoming, Kind, read_update
from luna.observability.request_context import new_request_id, request_id_from_headers, turn, with_request_id

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# A Telegram update is a few kilobytes; anything far bigger is not one.
MAX_UPDATE_BYTES = 256 * 1024
POLL_TIMEOUT_SECONDS = 25
# The entities that are birth details: an edit re-answers only when these change.
BIRTH_ENTITIES = frozenset({"name", "date", "time", "place"})
Handler = Callable[[UserMessage], Awaitable[Any]]


class TelegramInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TelegramInput:
        # Token and secret are secrets, so they come from the environment, not credentials.yml.
        return cls(settings_from_environment(), state_from_environment())

    def __init__(self, settings: TelegramSettings, state: SharedState) -> None:
        self.settings = settings
        self.state = state
        self.sender = TelegramSender(make_bot(settings), state, settings) if settings.enabled else None
        self.queues = ChatQueues()
        self.journal = journal_for("telegram", state)
        self._identity: BotIdentity | None = None
        self._app: Sanic | None = None
        self._polling: asyncio.Task | None = None
        if not settings.enabled:
            log.info("Telegram: TELEGRAM_TOKEN is not set, so the Telegram channel is off.")
        elif not settings.secret_token and not settings.polling:
            log.warning("Telegram: TELEGRAM_SECRET_TOKEN is not set, so the webhook refuses every call.")

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        telegram = Blueprint("luna_telegram", __name__)

        @telegram.get("/")
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.sender else "off"})

        @telegram.post("/webhook")
        async def receive(request: Request) -> HTTPResponse:
            with turn_metrics.acknowledging(self.name()):
                refused = self._refusal(request)
                if refused is not None:
                    turn_metrics.failed(self.name(), turn_metrics.SIGNATURE)
                    return refused
                self._app = request.app
                if not self.sender:
                    return response.json({"error": "The Telegram channel is off (TELEGRAM_TOKEN is not set)."},
                                         status=503)
                update = self._read_body(request)
                if update is None:
                    return response.json({"error": "The body is not a Telegram update."}, status=400)
                await self.accept(update, on_new_message, request_id_from_headers(request.headers),
                                  raw=json.dumps(request.json, ensure_ascii=False))
                return response.empty(status=200)

        @telegram.listener("after_server_start")
        async def start(app: Sanic, _loop: Any) -> None:
            self._app = app
            if not self.sender:
                return
            self.journal.start(self.queues, lambda entry: self._recover(entry, on_new_message),
                               ready=lambda: agent_ready(app))
            if self.settings.polling:
                self._polling = asyncio.create_task(self._poll(app, on_new_message))

        @telegram.listener("before_server_stop")
        async def stop(_app: Sanic, _loop: Any) -> None:
            if self._polling:
                self._polling.cancel()
            await self.queues.drain(timeout=10)
            await self.journal.stop()
            if self.sender:
                await self.sender.bot.shutdown()

        return telegram

    def get_output_channel(self) -> OutputChannel | None:
        # For messages Luna starts (Rasa's trigger_intent): sent as they come.
        return TelegramOutput(self.sender) if self.sender else None

    def _refusal(self, request: Request) -> HTTPResponse | None:
        given = request.headers.get(SECRET_HEADER)
        if not given:
            return response.json({"error": f"The {SECRET_HEADER} header is missing."}, status=401)
        expected = self.settings.secret_token
        if not expected or not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
            return response.json({"error": f"The {SECRET_HEADER} header is wrong."}, status=403)
        return None

    def _read_body(self, request: Request) -> Update | None:
        if len(request.body or b"") > MAX_UPDATE_BYTES:
            return None
        try:
            body = request.json
        except Exception:  # noqa: BLE001 - Sanic raises its own error for bad JSON
            return None
        if not isinstance(body, dict) or not isinstance(body.get("update_id"), int):
            return None
        try:
            return Update.de_json(body, self.sender.bot)
        except Exception:  # noqa: BLE001 - a structure PTB cannot read is a malformed update
            return None

    async def accept(self, update: Update, on_new_message: Handler, request_id: str | None = None,
                     raw: str | None = None) -> None:
        """Takes an update (once, however often it is delivered, and recorded in the journal
        until answered) for handling in its chat's turn. One Redis round trip; nothing here
        waits on the Bot API, so the webhook answers at once."""
        queue = _queue_of(update)
        if queue is None:
            return
        entry = Entry("telegram", str(update.update_id), chat_key(queue),
                      raw if raw is not None else json.dumps(update.to_dict(), ensure_ascii=False), time.time(),
                      request_id or new_request_id())
        if not await self.journal.take(entry):
            log.info("Telegram: update %s was already taken; skipped", update.update_id)
            return
        turn_metrics.message_taken(self.name())
        self.queues.submit(entry.chat, lambda: self.journal.handle_in_order(
            entry, lambda: self.handle(update, queue, on_new_message, entry)))

    async def _recover(self, entry: Entry, on_new_message: Handler) -> None:
        """Answers an update recovered from a replica that died (the journal's callback)."""
        try:
            update = Update.de_json(json.loads(entry.payload), self.sender.bot)
        except Exception as error:  # noqa: BLE001 - it was read once; a later version may not
            log.error("Telegram: recovered update %s cannot be read: %s", entry.key, type(error).__name__)
            return
        queue = _queue_of(update)
        if queue is not None:
            await self.handle(update, queue, on_new_message, entry)

    async def identity(self) -> BotIdentity:
        """The bot's id and @username (getMe, once): groups address Luna by them."""
        if self._identity is None:
            try:
                await self.sender.bot.initialize()
                self._identity = BotIdentity(self.sender.bot.id, self.sender.bot.username)
            except TelegramError as error:
                log.warning("Telegram: getMe failed (%s); group mentions are not recognised until it works",
                            error.__class__.__name__)
                return BotIdentity(int(self.settings.token.split(":")[0]), "")
        return self._identity

    async def handle(self, update: Update, chat_id: int, on_new_message: Handler, entry: Entry) -> None:
        with turn(entry.request_id):
            await self._handle(update, chat_id, on_new_message, entry)

    async def _handle(self, update: Update, chat_id: int, on_new_message: Handler, entry: Entry) -> None:
        sender = self.sender
        try:
            incoming = read_update(update, await self.identity())
            if incoming.kind is Kind.IGNORED or incoming.chat_id is None:
                return
            if entry.recovered and await already_answered(self._app, incoming.sender_id, _turn_id(incoming)):
                log.info("Telegram: recovered update %s was answered before its replica stopped", update.update_id)
                return
            if incoming.kind in (Kind.BLOCKED, Kind.UNBLOCKED):
                await sender.set_blocked(chat_id, incoming.kind is Kind.BLOCKED)
                return
            if await sender.blocked(chat_id):
                await sender.set_blocked(chat_id, False)  # they write again: they unblocked
            text = await self._message_for_rasa(incoming)
            if text is None:
                return
            output = TelegramOutput(sender, chat_id=chat_id, hold_pictures=True)
            metadata = {"telegram": {"chat_type": "group" if incoming.in_group else "private"}}
            message = UserMessage(text or "/greet", output, incoming.sender_id, input_channel=self.name(),
                                  message_id=_turn_id(incoming), metadata=with_request_id(metadata, entry.request_id))
            with turn(entry.request_id, incoming.sender_id):
                async with sender.typing(chat_id):
                    await on_new_message(message)
                    await output.flush()
            turn_metrics.turn_answered(self.name(), entry.received)
        except Exception as error:  # noqa: BLE001 - the user hears about it; Telegram must not re-deliver
            # The type only: the exception's text may quote the message or birth data.
            log.error("Telegram: handling update %s failed: %s", update.update_id, type(error).__name__)
            turn_metrics.failed(self.name(), turn_metrics.SEND if isinstance(error, TelegramError)
                                else turn_metrics.HANDLING)
            try:
                await sender.send_text(chat_id, reply("failure"))
            except Exception as second:  # noqa: BLE001
                log.error("Telegram: the apology could not be sent either: %s", type(second).__name__)
                turn_metrics.failed(self.name(), turn_metrics.SEND)

    async def _message_for_rasa(self, incoming: Incoming) -> str | None:
        """What Rasa should hear for this update, after the channel's own replies; None
        when the channel's reply is the whole answer."""
        sender = self.sender
        if incoming.kind is Kind.BUTTON:
            await sender.answer_button(incoming.callback_id)
            payload = await sender.payload_of(incoming.callback_data or "")
            if payload is None:
                await sender.send_text(incoming.chat_id, reply("expired_button"))
            return payload
        if incoming.kind is Kind.UNKNOWN_COMMAND:
            await sender.send_text(incoming.chat_id, reply("unknown_command", command=incoming.text))
            return None
        if incoming.kind is Kind.MEDIA:
            await sender.send_text(incoming.chat_id, media_reply(incoming.media or ""))
            return incoming.text or None
        if incoming.kind is Kind.EDITED:
            if not await self._edit_changes_birth_details(incoming):
                return None
            await sender.send_text(incoming.chat_id, reply("edited"))
        return incoming.text

    async def _edit_changes_birth_details(self, incoming: Incoming) -> bool:
        """Whether the edited wording gives birth details other than the original did."""
        agent = self._app.ctx.agent if self._app else None
        if agent is None or not agent.is_ready():
            return False
        edited = _birth_details(await agent.parse_message(incoming.text))
        if not edited:
            return False
        tracker = await agent.tracker_store.retrieve(incoming.sender_id)
        original_id = _message_id(incoming)
        for event in reversed(tracker.events if tracker else []):
            if isinstance(event, UserUttered) and event.message_id == original_id:
                return _birth_details(event.parse_data) != edited
        return True

    async def _poll(self, app: Sanic, on_new_message: Handler) -> None:
        """Long polling: getUpdates in a loop, each update taken as the webhook would."""
        bot = self.sender.bot
        while not agent_ready(app):
            await asyncio.sleep(0.5)
        offset: int | None = None
        pause = 1.0
        started = False
        while True:
            try:
                if not started:
                    await bot.delete_webhook()
                    await bot.set_my_commands([BotCommand(c.name, c.description) for c in COMMANDS])
                    started = True
                    log.info("Telegram: long polling started")
                updates = await bot.get_updates(offset=offset, timeout=POLL_TIMEOUT_SECONDS,
                                                allowed_updates=list(ALLOWED_UPDATES))
                pause = 1.0
            except asyncio.CancelledError:
                raise
            except InvalidToken:
                log.error("Telegram refused TELEGRAM_TOKEN; long polling stopped")
                return
            except Conflict:
                log.warning("Telegram: another process is polling or a webhook is set; retrying in %.0f s", pause)
                await asyncio.sleep(pause)
                pause = min(pause * 2, 60)
                continue
            except (NetworkError, TelegramError) as error:
                log.warning("Telegram: getUpdates failed (%s); retrying in %.0f s", error.__class__.__name__, pause)
                await asyncio.sleep(pause)
                pause = min(pause * 2, 60)
                continue
            for update in updates:
                offset = update.update_id + 1
                await self.accept(update, on_new_message)


def _queue_of(update: Update) -> int | None:
    """The chat whose queue an update joins (the user's, for an update without a chat)."""
    chat = update.effective_chat
    user = update.effective_user
    return chat.id if chat is not None else user.id if user is not None else None


class TelegramOutput(OutputChannel):
    """Rasa's replies to one chat. While a turn is being answered (`hold_pictures`), a
    picture waits for the text after it, which becomes its caption; `flush` sends a
    picture nothing followed."""

    @classmethod
    def name(cls) -> str:
        return "telegram"

    def __init__(self, sender: TelegramSender, chat_id: int | None = None, hold_pictures: bool = False) -> None:
        self.sender = sender
        self.chat_id = chat_id
        self.hold_pictures = hold_pictures
        self._picture: str | None = None

    def _chat(self, recipient_id: str) -> int:
        if self.chat_id is not None:
            return self.chat_id
        return int(recipient_id.removeprefix("telegram-"))

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        chat_id = self._chat(recipient_id)
        text = str(message.get("text") or "")
        buttons = message.get("buttons") or message.get("quick_replies") or []
        if message.get("image"):
            await self._send_picture_waiting(chat_id)
            if self.hold_pictures:
                self._picture = str(message["image"])
            else:
                await self.sender.send_picture(chat_id, str(message["image"]))
        if message.get("attachment"):
            text = f"{text}\n{message['attachment']}".strip()
        if not text and not buttons:
            return
        if self._picture:
            picture, self._picture = self._picture, None
            await self.sender.send_picture(chat_id, picture, text, buttons)
            return
        await self.sender.send_text(chat_id, text, buttons)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text})

    async def flush(self) -> None:
        if self.chat_id is not None:
            await self._send_picture_waiting(self.chat_id)

    async def _send_picture_waiting(self, chat_id: int) -> None:
        if self._picture:
            picture, self._picture = self._picture, None
            await self.sender.send_picture(chat_id, picture)


def _message_id(incoming: Incoming) -> str | None:
    """The id of the user's message in Rasa's tracker, which is how an edit finds what
    the message said before (a button press has none: its message is Luna's)."""
    if incoming.message_id is None or incoming.kind is Kind.BUTTON:
        return None
    return f"telegram-{incoming.chat_id}-{incoming.message_id}"


def _turn_id(incoming: Incoming) -> str:
    """The message_id of the turn's user event: the message's own id, else (an edit, a
    button press) one made of the update's id, never random, so a recovered update can be
    found in the tracker (channels/messaging/answered.py). An edit must not take the
    original's id, which is how it finds what the message said before."""
    own = None if incoming.kind is Kind.EDITED else _message_id(incoming)
    return own or f"telegram-update-{incoming.update_id}"


def _birth_details(parse_data: dict[str, Any] | None) -> frozenset[tuple[str, str, str]]:
    entities = (parse_data or {}).get("entities") or []
    return frozenset(
        (entity["entity"], str(entity.get("role") or ""), str(entity.get("value")).strip().lower())
        for entity in entities
        if entity.get("entity") in BIRTH_ENTITIES
    )
