"""The WhatsApp Cloud API channel on the Rasa server: `/webhooks/whatsapp/webhook`.

GET is Meta's verification handshake (the verify token repeated, the challenge echoed).
POST must carry X-Hub-Signature-256 signed with the app secret (401 missing, 403 wrong,
nothing processed); a body that is not a webhook gets a 400. The webhook records each new
message in the in-flight journal (another replica answers it if this one dies:
channels/messaging/inflight.py) and answers 200 at once; each user's messages are then
handled in order, with the webhook's request id (X-Request-ID), each wamid once however
often Meta delivers it and whichever replica receives it. Status callbacks are never answered; a
failed one and any error Meta reports are logged with its code. Whatever goes wrong while
handling a message is logged and the user gets an apology; Meta never sees an error, so
it never re-delivers.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.messaging import turn_metrics
from channels.messaging.chat_queues import ChatQueues
from channels.messaging.inflight import Entry, journal_for
from channels.messaging.rasa_agent import agent_ready, already_answered
from channels.messaging.shared_state import SharedState, state_from_environment
from channels.whatsapp.config import WhatsAppSettings, settings_from_environment
from channels.whatsapp.deliveries import Delivery, Incoming, Kind, NotAWebhook, read_delivery
from channels.whatsapp.graph_api import REENGAGEMENT_REQUIRED, GraphApi, GraphApiError
from channels.whatsapp.replies import media_reply, reply
from channels.whatsapp.sender import WhatsAppSender, WindowClosed, chat_key
from channels.whatsapp.signature import SIGNATURE_HEADER, Signature, check_signature, handshake_challenge
from luna.observability.request_context import new_request_id, request_id_from_headers, turn, with_request_id

log = logging.getLogger(__name__)

# Meta batches at most a few dozen changes in one POST; anything far bigger is not one.
MAX_BODY_BYTES = 1024 * 1024
Handler = Callable[[UserMessage], Awaitable[Any]]


class WhatsAppInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "whatsapp"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WhatsAppInput:
        # Token and secrets come from the environment, not credentials.yml.
        return cls(settings_from_environment(), state_from_environment())

    def __init__(self, settings: WhatsAppSettings, state: SharedState) -> None:
        self.settings = settings
        self.state = state
        self.sender = WhatsAppSender(GraphApi(settings), state, settings) if settings.enabled else None
        self.queues = ChatQueues()
        self.journal = journal_for("whatsapp", state)
        self._app: Sanic | None = None
        if not settings.enabled:
            log.info("WhatsApp: WHATSAPP_ACCESS_TOKEN is not set, so the WhatsApp channel is off.")
        elif not settings.app_secret:
            log.warning("WhatsApp: WHATSAPP_APP_SECRET is not set, so the webhook refuses every POST.")

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        whatsapp = Blueprint("luna_whatsapp", __name__)

        @whatsapp.get("/")
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.sender else "off"})

        @whatsapp.get("/webhook")
        async def handshake(request: Request) -> HTTPResponse:
            query = {name: request.args.get(name) or "" for name in request.args}
            challenge = handshake_challenge(query, self.settings.verify_token)
            if challenge is None:
                return response.text("The verify token does not match.", status=403)
            return response.text(challenge, content_type="text/plain")

        @whatsapp.post("/webhook")
        async def receive(request: Request) -> HTTPResponse:
            with turn_metrics.acknowledging(self.name()):
                if not self.sender:
                    return response.json(
                        {"error": "The WhatsApp channel is off (WHATSAPP_ACCESS_TOKEN is not set)."}, status=503)
                body = request.body or b""
                signature = check_signature(request.headers.get(SIGNATURE_HEADER), body, self.settings.app_secret)
                if signature is not Signature.VALID:
                    turn_metrics.failed(self.name(), turn_metrics.SIGNATURE)
                if signature is Signature.MISSING:
                    return response.json({"error": f"The {SIGNATURE_HEADER} header is missing."}, status=401)
                if signature is Signature.WRONG:
                    return response.json({"error": f"The {SIGNATURE_HEADER} signature is wrong."}, status=403)
                delivery = _read_body(body)
                if delivery is None:
                    return response.json({"error": "The body is not a WhatsApp Cloud API webhook."}, status=400)
                await self.accept(delivery, on_new_message, request_id_from_headers(request.headers))
                return response.text("EVENT_RECEIVED")

        @whatsapp.listener("after_server_start")
        async def start(app: Sanic, _loop: Any) -> None:
            self._app = app
            if self.sender:
                self.journal.start(self.queues, lambda entry: self._recover(entry, on_new_message),
                                   ready=lambda: agent_ready(app))

        @whatsapp.listener("before_server_stop")
        async def stop(_app: Sanic, _loop: Any) -> None:
            await self.queues.drain(timeout=10)
            await self.journal.stop()
            if self.sender:
                await self.sender.api.close()

        return whatsapp

    def get_output_channel(self) -> OutputChannel | None:
        # For messages Luna starts (Rasa's trigger_intent): the 24-hour window is checked.
        return WhatsAppOutput(self.sender) if self.sender else None

    async def accept(self, delivery: Delivery, on_new_message: Handler, request_id: str | None = None) -> None:
        """Takes each new message (once, however often it is delivered, and recorded in the
        journal until answered) for handling in its user's turn, and logs the statuses and
        errors. One Redis round trip a message; nothing here waits on the Graph API."""
        for problem in delivery.problems:
            log.warning("WhatsApp reported an error: code %s, %s%s", problem.code, problem.title,
                        f" ({problem.details})" if problem.details else "")
        for status in delivery.statuses:
            for problem in status.problems:
                log.warning("WhatsApp: message %s failed: code %s, %s%s", status.message_id, problem.code,
                            problem.title, f" ({problem.details})" if problem.details else "")
                if problem.code == REENGAGEMENT_REQUIRED and status.recipient:
                    recipient = status.recipient
                    self.queues.submit(chat_key(recipient), lambda recipient=recipient: self._reengage(recipient))
        request_id = request_id or new_request_id()
        for incoming in delivery.messages:
            entry = Entry("whatsapp", incoming.message_id, chat_key(incoming.wa_id), incoming.to_json(), time.time(),
                          request_id)
            if not await self.journal.take(entry):
                log.info("WhatsApp: message %s was already taken; skipped", incoming.message_id)
                continue
            turn_metrics.message_taken(self.name())
            self.queues.submit(entry.chat, lambda incoming=incoming, entry=entry: self.journal.handle_in_order(
                entry, lambda: self.handle(incoming, on_new_message, entry)))

    async def _recover(self, entry: Entry, on_new_message: Handler) -> None:
        """Answers a message recovered from a replica that died (the journal's callback)."""
        try:
            incoming = Incoming.from_json(entry.payload)
        except Exception as error:  # noqa: BLE001 - it was read once; a later version may not
            log.error("WhatsApp: recovered message %s cannot be read: %s", entry.key, type(error).__name__)
            return
        await self.handle(incoming, on_new_message, entry)

    async def _reengage(self, wa_id: str) -> None:
        try:
            await self.sender.send_template(wa_id, reply("reply_waiting"))
        except Exception as error:  # noqa: BLE001 - logged by the sender; the channel carries on
            log.error("WhatsApp: the template could not be sent: %s", type(error).__name__)

    async def handle(self, incoming: Incoming, on_new_message: Handler, entry: Entry) -> None:
        with turn(entry.request_id, incoming.sender_id):
            await self._handle(incoming, on_new_message, entry)

    async def _handle(self, incoming: Incoming, on_new_message: Handler, entry: Entry) -> None:
        sender = self.sender
        try:
            if entry.recovered and await already_answered(self._app, incoming.sender_id, incoming.message_id):
                log.info("WhatsApp: recovered message %s was answered before its replica stopped", incoming.message_id)
                return
            await sender.note_inbound(incoming.wa_id, incoming.timestamp)
            if incoming.kind is Kind.QUIET:
                return
            await sender.mark_read(incoming.message_id)
            text = await self._message_for_rasa(incoming)
            if text is None:
                return
            output = WhatsAppOutput(sender, wa_id=incoming.wa_id, replying=True)
            metadata = with_request_id({"whatsapp": {"wamid": incoming.message_id}}, entry.request_id)
            message = UserMessage(text, output, incoming.sender_id, input_channel=self.name(),
                                  message_id=incoming.message_id, metadata=metadata)
            await on_new_message(message)
            await output.flush()
            turn_metrics.turn_answered(self.name(), entry.received)
        except Exception as error:  # noqa: BLE001 - the user hears about it; Meta must not re-deliver
            # The type only: the exception's text may quote the message or birth data.
            log.error("WhatsApp: handling message %s failed: %s", incoming.message_id, type(error).__name__)
            turn_metrics.failed(self.name(), turn_metrics.SEND if isinstance(error, GraphApiError | WindowClosed)
                                else turn_metrics.HANDLING)
            try:
                await sender.send_text(incoming.wa_id, reply("failure"))
            except Exception as second:  # noqa: BLE001
                log.error("WhatsApp: the apology could not be sent either: %s", type(second).__name__)
                turn_metrics.failed(self.name(), turn_metrics.SEND)

    async def _message_for_rasa(self, incoming: Incoming) -> str | None:
        """What Rasa should hear for this message, after the channel's own replies; None
        when the channel's reply is the whole answer."""
        sender = self.sender
        if incoming.kind is Kind.BUTTON:
            payload = await sender.payload_of(incoming.payload)
            if payload is None:
                await sender.send_text(incoming.wa_id, reply("expired_button"))
            return payload
        if incoming.kind is Kind.MEDIA:
            await sender.send_text(incoming.wa_id, media_reply(incoming.media))
            return incoming.text or None
        if incoming.kind is Kind.UNSUPPORTED:
            await sender.send_text(incoming.wa_id, reply("unsupported"))
            return None
        return incoming.text or None


def _read_body(body: bytes) -> Delivery | None:
    if not body or len(body) > MAX_BODY_BYTES:
        return None
    try:
        return read_delivery(json.loads(body))
    except (ValueError, NotAWebhook):  # bad JSON (UnicodeDecodeError is a ValueError too) or the wrong shape
        return None


class WhatsAppOutput(OutputChannel):
    """Rasa's replies to one user. While a turn is being answered (`replying`), a picture
    waits for the text after it, which becomes its caption; `flush` sends a picture nothing
    followed. A message Luna starts (not `replying`) is sent free-form only inside the
    24-hour window, else as the approved template."""

    @classmethod
    def name(cls) -> str:
        return "whatsapp"

    def __init__(self, sender: WhatsAppSender, wa_id: str | None = None, replying: bool = False) -> None:
        self.sender = sender
        self.wa_id = wa_id
        self.replying = replying
        self._picture: str | None = None
        self._window_closed = False

    def _recipient(self, recipient_id: str) -> str:
        return self.wa_id if self.wa_id is not None else recipient_id.removeprefix("whatsapp-")

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        wa_id = self._recipient(recipient_id)
        text = str(message.get("text") or "")
        buttons = message.get("buttons") or message.get("quick_replies") or []
        if message.get("attachment"):
            text = f"{text}\n{message['attachment']}".strip()
        if not text and not buttons and not message.get("image"):
            return
        if self._window_closed or (not self.replying and not await self.sender.window_open(wa_id)):
            await self._template(wa_id, text)
            return
        try:
            await self._send(wa_id, text, buttons, message.get("image"))
        except WindowClosed:
            await self._template(wa_id, text)
        except GraphApiError:
            if self.replying:
                raise  # the channel apologises
            # A message Luna started: the sender logged the refusal, nobody is waiting.

    async def _send(self, wa_id: str, text: str, buttons: list[dict[str, Any]], image: Any) -> None:
        if image:
            await self._send_picture_waiting(wa_id)
            if self.replying:
                self._picture = str(image)
            else:
                await self.sender.send_picture(wa_id, str(image))
        if not text and not buttons:
            return
        if self._picture:
            picture, self._picture = self._picture, None
            await self.sender.send_picture(wa_id, picture, text, buttons)
            return
        await self.sender.send_reply(wa_id, text, buttons)

    async def _template(self, wa_id: str, text: str) -> None:
        if self._window_closed:
            return  # one template per occasion
        self._window_closed = True
        self._picture = None
        try:
            await self.sender.send_template(wa_id, text)
        except GraphApiError:
            pass  # logged by the sender with Meta's code

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text})

    async def flush(self) -> None:
        if self.wa_id is not None and not self._window_closed:
            try:
                await self._send_picture_waiting(self.wa_id)
            except WindowClosed:
                await self._template(self.wa_id, "")

    async def _send_picture_waiting(self, wa_id: str) -> None:
        if self._picture:
            picture, self._picture = self._picture, None
            await self.sender.send_picture(wa_id, picture)
