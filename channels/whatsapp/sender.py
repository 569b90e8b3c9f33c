"""Everything Luna sends to WhatsApp goes through here: replies (texts, choices, chart
pictures), read receipts, and the approved template when the 24-hour customer-service
window is closed.

WhatsApp lets a business send free-form messages only within 24 hours of the user's last
message; after that only an approved template. Each user's last message time is kept in
the shared state (every replica sees it). A reply to a message is inside the window; a
message Luna starts is checked, and outside the window it goes as the template (once per
occasion), or is dropped with a warning when no template is configured. 131047 from the
Graph API (Meta's own view of the window) is handled the same way.

Graph API refusals are logged with their code (190: the access token; 131026 / 131030 /
100: the recipient or the request) and raised for the channel, which apologises to the
user when it still can. No stack trace ever reaches a user.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from channels.messaging.pictures import fetch_picture
from channels.messaging.shared_state import SharedState
from channels.whatsapp.config import WhatsAppSettings
from channels.whatsapp.formatting import (
    MAX_ROW_ID,
    Choice,
    image_messages,
    reply_messages,
    template_message,
    text_messages,
)
from channels.whatsapp.graph_api import REENGAGEMENT_REQUIRED, TOKEN_INVALID, GraphApi, GraphApiError
from channels.whatsapp.replies import reply

log = logging.getLogger(__name__)

# Choices whose payload is too long for a list row's id carry this prefix and a key.
STORED_PAYLOAD = "p:"
# Meta's window is 24 hours from the user's message; a minute's margin for clocks and transit.
WINDOW_SECONDS = 24 * 3600 - 60
# A template goes once per closed window and occasion, not once per message of a turn.
TEMPLATE_EVERY_SECONDS = 600


def chat_key(wa_id: str) -> str:
    """The user's name in the state shared with the other channels."""
    return f"whatsapp:{wa_id}"


class WindowClosed(Exception):
    """The user last wrote more than 24 hours ago: only a template may go."""


class WhatsAppSender:
    def __init__(self, api: GraphApi, state: SharedState, settings: WhatsAppSettings,
                 clock: Callable[[], float] = time.time) -> None:
        self.api = api
        self.state = state
        self.settings = settings
        self.clock = clock

    # The 24-hour window.

    async def note_inbound(self, wa_id: str, timestamp: float | None) -> None:
        now = self.clock()
        # Meta's timestamp when it is believable (not in the future), else the time of arrival.
        when = timestamp if timestamp is not None and timestamp <= now + 60 else now
        await self.state.note_inbound(chat_key(wa_id), when)

    async def window_open(self, wa_id: str) -> bool:
        last = await self.state.last_inbound(chat_key(wa_id))
        return last is not None and self.clock() - last < WINDOW_SECONDS

    async def send_template(self, wa_id: str, text: str) -> bool:
        """The approved template in place of `text`; False (and a warning) without one."""
        settings = self.settings
        if not settings.template_name:
            log.warning("WhatsApp: a message to a user outside the 24-hour window was dropped: "
                        "set WHATSAPP_TEMPLATE_NAME to an approved template to reach them")
            return False
        bucket = int(self.clock() // TEMPLATE_EVERY_SECONDS)
        if not await self.state.first_sighting(f"whatsapp-template:{wa_id}:{bucket}"):
            return True  # this occasion's template has gone already
        message = template_message(settings.template_name, settings.template_language,
                                   text if settings.template_with_text else None)
        await self._send(wa_id, message)
        log.info("WhatsApp: the user is outside the 24-hour window; template %s sent", settings.template_name)
        return True

    # Luna's replies.

    async def send_reply(self, wa_id: str, text: str, buttons: Sequence[dict[str, Any]] = ()) -> None:
        choices = await self.choices(buttons)
        messages = reply_messages(text, choices, list_label=reply("list_button"), short_body=reply("choices_body"),
                                  more_body=reply("more_choices_body"))
        for message in messages:
            await self._send(wa_id, message)

    async def send_picture(self, wa_id: str, url: str, caption: str = "",
                           buttons: Sequence[dict[str, Any]] = ()) -> None:
        """The chart picture with `caption` (by link when WhatsApp can fetch it, else
        uploaded through /media), then its choices; the words alone when the picture
        cannot go."""
        image = await self._image(url)
        if image is None:
            await self.send_reply(wa_id, caption, buttons)
            return
        for message in image_messages(image, caption):
            await self._send(wa_id, message)
        if buttons:
            await self.send_reply(wa_id, "", buttons)

    async def send_text(self, wa_id: str, text: str) -> None:
        for message in text_messages(text):
            await self._send(wa_id, message)

    async def mark_read(self, message_id: str) -> None:
        """The blue ticks on the user's message; a failure here costs nothing else."""
        try:
            await self.api.mark_read(message_id)
        except GraphApiError as error:
            log.info("WhatsApp: the read receipt failed: %s", error)

    async def choices(self, buttons: Sequence[dict[str, Any]]) -> list[Choice]:
        kept = []
        for button in buttons:
            payload = str(button.get("payload") or "").strip()
            if not payload:
                continue
            title = str(button.get("title") or payload)
            fits = len(payload) <= MAX_ROW_ID and not payload.startswith(STORED_PAYLOAD)
            kept.append(Choice(title, payload if fits else STORED_PAYLOAD + await self.state.remember_payload(payload)))
        return kept

    async def payload_of(self, choice_id: str) -> str | None:
        """The payload a chosen button stands for; None when it is no longer known."""
        if choice_id.startswith(STORED_PAYLOAD):
            return await self.state.payload_for(choice_id[len(STORED_PAYLOAD):])
        return choice_id

    async def _image(self, url: str) -> dict[str, str] | None:
        if self.settings.pictures_by_link:
            return {"link": url}
        picture = await fetch_picture(url)
        if picture is None:
            log.warning("WhatsApp: the chart picture could not be fetched for upload; sending the words alone")
            return None
        try:
            return {"id": await self.api.upload_png(picture)}
        except GraphApiError as error:
            log.warning("WhatsApp: uploading the chart picture failed (%s); sending the words alone", error)
            return None

    async def _send(self, wa_id: str, message: dict[str, Any]) -> None:
        try:
            await self.api.send(wa_id, message)
        except GraphApiError as error:
            if error.code == REENGAGEMENT_REQUIRED:
                raise WindowClosed from error
            if error.code == TOKEN_INVALID:
                log.error("WhatsApp: the Graph API refused WHATSAPP_ACCESS_TOKEN (code 190: expired or invalid); "
                          "nothing can be sent until it is renewed")
            else:
                log.error("WhatsApp: the Graph API refused a message (%s): code %s, %s%s", message.get("type"),
                          error.code, error.message, f" ({error.details})" if error.details else "")
            raise
