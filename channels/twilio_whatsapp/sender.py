"""Everything Luna sends to WhatsApp through Twilio goes through here: texts cut under
Twilio's 1,600 characters, Luna's buttons as one numbered menu under the text (remembered
for the user, so their "2" finds its payload), chart pictures by URL (Twilio fetches media
itself, so only from a public LUNA_PUBLIC_URL; otherwise the text goes alone).

Errors that concern this user or the account rather than the message (wrong credentials,
an invalid number, the closed 24-hour window...) are logged with Twilio's code and end the
reply; anything else is raised for the channel to apologise."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from channels.messaging.shared_state import SharedState
from channels.messaging.text import split_text
from channels.twilio_whatsapp.config import TwilioSettings
from channels.twilio_whatsapp.menus import MenuItem, dump_menu, load_menu, menu_items, render_menu
from channels.twilio_whatsapp.messages_api import MAX_BODY, MessagesApi, TwilioApiError
from channels.twilio_whatsapp.replies import reply

log = logging.getLogger(__name__)

# Twilio's codes that say the message cannot reach this user now, however it is written.
UNDELIVERABLE = {
    20003: "Twilio refused the credentials (TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN)",
    20429: "Twilio kept refusing: too many requests",
    21211: "the recipient's number is not valid",
    21408: "the account may not send to this region",
    21610: "the user has unsubscribed (STOP)",
    21614: "the number is not a mobile number",
    63003: "the number is not on WhatsApp",
    63016: "the user's last message is over 24 hours old: outside the window only approved templates go",
    63018: "WhatsApp's rate limit for this sender was reached",
}
# Twilio's codes for a media URL it cannot use: the words still go, alone.
UNUSABLE_MEDIA = {11200, 21620, 63019}


def chat_key(number: str) -> str:
    """The user's chat in the state shared with the other channels."""
    return f"twilio:{number}"


def number_of(address: str) -> str:
    """"whatsapp:+919812345678" (or Rasa's "twilio-919812345678") -> "919812345678"."""
    return "".join(character for character in address if character.isdigit())


class TwilioSender:
    def __init__(self, api: MessagesApi, state: SharedState, settings: TwilioSettings) -> None:
        self.api = api
        self.state = state
        self.settings = settings

    async def send_text(self, number: str, text: str, buttons: Sequence[dict[str, Any]] = (),
                        shown_before: Sequence[MenuItem] = ()) -> bool:
        """The text (in pieces when long) with the buttons as a menu, numbered after the
        items `shown_before` in the same answer; False when sending stopped."""
        items = menu_items(buttons)
        for piece in self.pieces(text, items, first=len(shown_before) + 1):
            if not await self._create(number, piece):
                return False
        if items:
            await self.remember_menu(number, [*shown_before, *items])
        return True

    async def send_picture(self, number: str, url: str, caption: str = "",
                           buttons: Sequence[dict[str, Any]] = (), shown_before: Sequence[MenuItem] = ()) -> bool:
        """The picture with the caption (and menu) as its body when it fits one message;
        otherwise the picture first and the text after it."""
        if not self.settings.pictures_by_url:
            log.info("Twilio: LUNA_PUBLIC_URL is not a public https address, so Twilio cannot fetch the chart "
                     "picture; sending its text alone")
            return await self.send_text(number, caption, buttons, shown_before) if caption or buttons else True
        items = menu_items(buttons)
        pieces = self.pieces(caption, items, first=len(shown_before) + 1)
        body = pieces[0] if len(pieces) == 1 else ""
        try:
            sent = await self._create(number, body, media_url=url)
        except TwilioApiError as error:
            if error.code not in UNUSABLE_MEDIA:
                raise
            log.warning("Twilio refused the chart picture (code %s); sending the text alone", error.code)
            sent, body = True, ""
        if not sent:
            return False
        if body:
            if items:
                await self.remember_menu(number, [*shown_before, *items])
            return True
        return await self.send_text(number, caption, buttons, shown_before) if caption or buttons else True

    @staticmethod
    def pieces(text: str, items: Sequence[MenuItem], first: int = 1) -> list[str]:
        """The message bodies for a text and its menu: the menu whole, under the last piece
        when it fits."""
        pieces = split_text(text, MAX_BODY)
        if not items:
            return pieces
        menu = render_menu(items, reply("menu_heading"), first)
        if pieces and len(pieces[-1]) + 2 + len(menu) <= MAX_BODY:
            pieces[-1] = f"{pieces[-1]}\n\n{menu}"
        else:
            pieces.extend(split_text(menu, MAX_BODY))
        return pieces

    async def remember_menu(self, number: str, items: Sequence[MenuItem]) -> None:
        await self.state.set_menu(chat_key(number), dump_menu(items))

    async def menu(self, number: str) -> tuple[MenuItem, ...]:
        return load_menu(await self.state.menu_of(chat_key(number)))

    async def forget_menu(self, number: str) -> None:
        await self.state.set_menu(chat_key(number), None)

    async def _create(self, number: str, body: str, media_url: str | None = None) -> bool:
        try:
            await self.api.create(f"whatsapp:+{number}", body, media_url)
            return True
        except TwilioApiError as error:
            if error.code in UNDELIVERABLE:
                log.error("Twilio: a message was not sent (code %s: %s)", error.code, UNDELIVERABLE[error.code])
                return False
            raise
