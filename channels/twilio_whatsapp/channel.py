"""The WhatsApp-through-Twilio channel on the Rasa server: `/webhooks/twilio_whatsapp/webhook`.

Twilio posts each incoming message form-encoded and signs it (X-Twilio-Signature, over
TWILIO_WEBHOOK_URL and the parameters): a missing signature gets 401, a wrong one 403, a
body that is no Twilio message 400, and nothing is processed. Otherwise the message is
recorded in the in-flight journal (another replica answers it if this one dies:
channels/messaging/inflight.py) and the answer is an empty TwiML <Response/> at once;
Luna's replies go through the Messages API afterwards, in order per user, with the
webhook's request id (X-Request-ID), and a message Twilio delivers twice (its MessageSid,
shared across replicas) is handled once. Whatever goes wrong while handling it is logged and the user
gets an apology; Twilio never sees an error, so it never retries.
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
from channels.messaging.text import location_text
from channels.twilio_whatsapp.config import TwilioSettings, settings_from_environment
from channels.twilio_whatsapp.inbound import Incoming, Kind, media_kind, parse_form, read_webhook
from channels.twilio_whatsapp.menus import MenuItem, choose, menu_items
from channels.twilio_whatsapp.messages_api import MessagesApi, TwilioApiError
from channels.twilio_whatsapp.replies import media_reply, reply
from channels.twilio_whatsapp.sender import TwilioSender, chat_key, number_of
from channels.twilio_whatsapp.signature import is_signed_by_twilio
from luna.observability.request_context import new_request_id, request_id_from_headers, turn, with_request_id

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Twilio-Signature"
# A Twilio webhook call is a few kilobytes of form fields; anything far bigger is not one.
MAX_BODY_BYTES = 64 * 1024
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>'
Handler = Callable[[UserMessage], Awaitable[Any]]


class TwilioWhatsAppInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "twilio_whatsapp"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TwilioWhatsAppInput:
        # The auth token is a secret, so everything comes from the environment, not credentials.yml.
        return cls(settings_from_environment(), state_from_environment())

    def __init__(self, settings: TwilioSettings, state: SharedState) -> None:
        self.settings = settings
        self.state = state
        self.sender = TwilioSender(MessagesApi(settings), state, settings) if settings.enabled else None
        self.queues = ChatQueues()
        self.journal = journal_for("twilio", state)
        self._app: Sanic | None = None
        if not settings.enabled:
            log.info("Twilio WhatsApp: TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN or TWILIO_WHATSAPP_NUMBER is not set, "
                     "so the channel is off.")
        elif not settings.webhook_url:
            log.warning("Twilio WhatsApp: TWILIO_WEBHOOK_URL is not set; signatures are checked against the "
                        "address each request arrives at, which is wrong behind a proxy.")

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        twilio = Blueprint("luna_twilio_whatsapp", __name__)

        @twilio.get("/")
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.sender else "off"})

        @twilio.post("/webhook")
        async def receive(request: Request) -> HTTPResponse:
            with turn_metrics.acknowledging(self.name()):
                return await self._receive(request, on_new_message)

        @twilio.listener("after_server_start")
        async def start(app: Sanic, _loop: Any) -> None:
            self._app = app
            if self.sender:
                self.journal.start(self.queues, lambda entry: self._recover(entry, on_new_message),
                                   ready=lambda: agent_ready(app))

        @twilio.listener("before_server_stop")
        async def stop(_app: Sanic, _loop: Any) -> None:
            await self.queues.drain(timeout=10)
            await self.journal.stop()
            if self.sender:
                await self.sender.api.close()

        return twilio

    def get_output_channel(self) -> OutputChannel | None:
        # For messages Luna starts (Rasa's trigger_intent): sent as they come.
        return TwilioWhatsAppOutput(self.sender) if self.sender else None

    async def _receive(self, request: Request, on_new_message: Handler) -> HTTPResponse:
        if not self.sender:
            return response.json({"error": "The Twilio WhatsApp channel is off (its variables are not set)."},
                                 status=503)
        signature = request.headers.get(SIGNATURE_HEADER, "")
        if not signature:
            turn_metrics.failed(self.name(), turn_metrics.SIGNATURE)
            return response.json({"error": f"The {SIGNATURE_HEADER} header is missing."}, status=401)
        params = parse_form(request.body or b"") if len(request.body or b"") <= MAX_BODY_BYTES else None
        if params is None:
            return response.json({"error": "The body is not a form-encoded Twilio request."}, status=400)
        url = self.settings.webhook_url or request.url
        if not is_signed_by_twilio(self.settings.auth_token, url, params, signature):
            turn_metrics.failed(self.name(), turn_metrics.SIGNATURE)
            return response.json({"error": f"The {SIGNATURE_HEADER} header is wrong."}, status=403)
        incoming = read_webhook(params)
        if incoming is None:
            return response.json({"error": "The body is not a Twilio WhatsApp message."}, status=400)
        await self.accept(incoming, on_new_message, request_id_from_headers(request.headers),
                          raw=json.dumps(params, ensure_ascii=False))
        return response.text(EMPTY_TWIML, content_type="text/xml")

    async def accept(self, incoming: Incoming, on_new_message: Handler, request_id: str | None = None,
                     raw: str = "") -> None:
        """Takes a message (once, however often Twilio delivers it, and recorded in the
        journal with `raw`, its form parameters, until answered) for handling in its user's
        turn. One Redis round trip; nothing here waits on Twilio, so the webhook answers at once."""
        if incoming.kind is Kind.STATUS:
            if incoming.error_code:
                log.warning("Twilio: a message to a user was %s (code %s)", incoming.status, incoming.error_code)
            return
        entry = Entry("twilio", incoming.message_sid, chat_key(incoming.number), raw, time.time(),
                      request_id or new_request_id())
        if not await self.journal.take(entry):
            log.info("Twilio: message %s was already taken; skipped", incoming_sid_tail(incoming.message_sid))
            return
        turn_metrics.message_taken(self.name())
        self.queues.submit(entry.chat, lambda: self.journal.handle_in_order(
            entry, lambda: self.handle(incoming, on_new_message, entry)))

    async def _recover(self, entry: Entry, on_new_message: Handler) -> None:
        """Answers a message recovered from a replica that died (the journal's callback)."""
        try:
            incoming = read_webhook(json.loads(entry.payload))
        except ValueError:
            incoming = None
        if incoming is None:
            log.error("Twilio: recovered message %s cannot be read", incoming_sid_tail(entry.key))
            return
        await self.handle(incoming, on_new_message, entry)

    async def handle(self, incoming: Incoming, on_new_message: Handler, entry: Entry) -> None:
        with turn(entry.request_id, incoming.sender_id):
            await self._handle(incoming, on_new_message, entry)

    async def _handle(self, incoming: Incoming, on_new_message: Handler, entry: Entry) -> None:
        sender = self.sender
        message_id = f"twilio-{incoming.message_sid}"
        try:
            if entry.recovered and await already_answered(self._app, incoming.sender_id, message_id):
                log.info("Twilio: recovered message %s was answered before its replica stopped",
                         incoming_sid_tail(incoming.message_sid))
                return
            text = await self._message_for_rasa(incoming)
            if text is None:
                return
            output = TwilioWhatsAppOutput(sender, number=incoming.number, hold_pictures=True)
            message = UserMessage(text, output, incoming.sender_id, input_channel=self.name(), message_id=message_id,
                                  metadata=with_request_id(None, entry.request_id))
            await on_new_message(message)
            await output.flush()
            turn_metrics.turn_answered(self.name(), entry.received)
        except Exception as error:  # noqa: BLE001 - the user hears about it; Twilio must not retry
            # The type only: the exception's text may quote the message or birth data.
            log.error("Twilio: handling message %s failed: %s%s", incoming_sid_tail(incoming.message_sid),
                      type(error).__name__, f" (Twilio code {error.code})" if isinstance(error, TwilioApiError) else "")
            turn_metrics.failed(self.name(), turn_metrics.SEND if isinstance(error, TwilioApiError)
                                else turn_metrics.HANDLING)
            try:
                await sender.send_text(incoming.number, reply("failure"))
            except Exception as second:  # noqa: BLE001
                log.error("Twilio: the apology could not be sent either: %s", type(second).__name__)
                turn_metrics.failed(self.name(), turn_metrics.SEND)

    async def _message_for_rasa(self, incoming: Incoming) -> str | None:
        """What Rasa should hear for this message, after the channel's own replies; None
        when the channel's reply is the whole answer."""
        sender = self.sender
        menu = await sender.menu(incoming.number)
        if incoming.kind is Kind.LOCATION:
            await sender.forget_menu(incoming.number)
            return location_text(incoming.latitude, incoming.longitude)
        if incoming.kind is Kind.MEDIA:
            await sender.send_text(incoming.number, media_reply(media_kind(incoming.media[0])))
            if not incoming.text:
                return None
        if incoming.kind is Kind.BUTTON and incoming.button_payload.startswith("/"):
            # A template's quick-reply button carries Luna's own payload.
            await sender.forget_menu(incoming.number)
            return incoming.button_payload
        choice = choose(incoming.text, menu)
        if choice.out_of_range:
            number = incoming.text.strip(" #.)")
            await sender.send_text(incoming.number, reply("menu_out_of_range", number=number),
                                   [{"title": item.title, "payload": item.payload} for item in menu])
            return None
        if menu:
            await sender.forget_menu(incoming.number)
        if choice.payload is not None:
            return choice.payload
        return incoming.text or None


def incoming_sid_tail(message_sid: str) -> str:
    """Enough of a MessageSid to find it in Twilio's console, without filling logs."""
    return f"…{message_sid[-8:]}"


class TwilioWhatsAppOutput(OutputChannel):
    """Rasa's replies to one user. While a turn is being answered (`hold_pictures`), a
    picture waits for the text after it, which becomes its body; `flush` sends a picture
    nothing followed. When several replies of one answer have buttons, their menus are
    numbered on from each other, and a number picks from all of them."""

    @classmethod
    def name(cls) -> str:
        return "twilio_whatsapp"

    def __init__(self, sender: TwilioSender, number: str | None = None, hold_pictures: bool = False) -> None:
        self.sender = sender
        self.number = number
        self.hold_pictures = hold_pictures
        self._picture: str | None = None
        self._shown: list[MenuItem] = []

    def _number(self, recipient_id: str) -> str:
        return self.number if self.number is not None else number_of(recipient_id)

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        number = self._number(recipient_id)
        text = str(message.get("text") or "")
        buttons = message.get("buttons") or message.get("quick_replies") or []
        if message.get("image"):
            await self._send_picture_waiting(number)
            if self.hold_pictures:
                self._picture = str(message["image"])
            else:
                await self.sender.send_picture(number, str(message["image"]))
        if message.get("attachment"):
            text = f"{text}\n{message['attachment']}".strip()
        if not text and not buttons:
            return
        shown_before = tuple(self._shown)
        if self._picture:
            picture, self._picture = self._picture, None
            await self.sender.send_picture(number, picture, text, buttons, shown_before)
        else:
            await self.sender.send_text(number, text, buttons, shown_before)
        self._shown.extend(menu_items(buttons))

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text})

    async def flush(self) -> None:
        if self.number is not None:
            await self._send_picture_waiting(self.number)

    async def _send_picture_waiting(self, number: str) -> None:
        if self._picture:
            picture, self._picture = self._picture, None
            await self.sender.send_picture(number, picture)
