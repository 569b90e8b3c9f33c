"""The WhatsApp Cloud API channel's settings, read from the environment (secrets never
live in credentials.yml). Plain Python: the channel and the tests share it.

- WHATSAPP_ACCESS_TOKEN: the Graph API token (a system user's permanent token). Unset,
  the channel is off: its webhook answers 503 and nothing is sent.
- WHATSAPP_PHONE_NUMBER_ID: the id of Luna's business number (not the number itself).
- WHATSAPP_APP_SECRET: the Meta app's secret; every webhook POST is signed with it
  (X-Hub-Signature-256). Unset, the webhook refuses every POST.
- WHATSAPP_VERIFY_TOKEN: the word typed into the app's webhook settings; Meta's GET
  handshake must repeat it. Unset, the handshake is refused.
- WHATSAPP_API_BASE_URL: the Graph API root including its version (default
  https://graph.facebook.com/v21.0); tests point it at a local server.
- WHATSAPP_TEMPLATE_NAME / WHATSAPP_TEMPLATE_LANGUAGE: the approved template sent instead
  of a free-form message when the user last wrote more than 24 hours ago. Unset, such a
  message is dropped with a warning.
- WHATSAPP_TEMPLATE_TEXT: `1` when the template's body has one variable ({{1}}) that
  carries what Luna wanted to say; otherwise the template is sent as approved.
- LUNA_PUBLIC_URL: where chart pictures are served; when it is a public HTTPS address,
  WhatsApp fetches pictures by link, otherwise Luna uploads them through /media.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from channels.messaging.public_url import is_public_https

OFFICIAL_API_ROOT = "https://graph.facebook.com/v21.0"
# A template's name: lower-case letters, digits and underscores (Meta's rule).
TEMPLATE_NAME_PATTERN = re.compile(r"[a-z0-9_]{1,512}")
PHONE_NUMBER_ID_PATTERN = re.compile(r"\d{5,30}")


class WhatsAppSettingsError(ValueError):
    """A WhatsApp variable is set to something the Graph API would refuse."""


@dataclass(frozen=True)
class WhatsAppSettings:
    access_token: str
    phone_number_id: str
    app_secret: str
    verify_token: str
    api_root: str
    template_name: str = ""
    template_language: str = "en"
    template_with_text: bool = False
    public_url: str = ""

    @property
    def enabled(self) -> bool:
        return bool(self.access_token)

    @property
    def messages_url(self) -> str:
        return f"{self.api_root}/{self.phone_number_id}/messages"

    @property
    def media_url(self) -> str:
        return f"{self.api_root}/{self.phone_number_id}/media"

    @property
    def pictures_by_link(self) -> bool:
        """Whether WhatsApp's servers can fetch chart pictures from LUNA_PUBLIC_URL."""
        return is_public_https(self.public_url)


def settings_from_environment(environ: Mapping[str, str] = os.environ) -> WhatsAppSettings:
    def read(name: str, default: str = "") -> str:
        return (environ.get(name) or default).strip()

    token = read("WHATSAPP_ACCESS_TOKEN")
    phone_number_id = read("WHATSAPP_PHONE_NUMBER_ID")
    if token and not PHONE_NUMBER_ID_PATTERN.fullmatch(phone_number_id):
        raise WhatsAppSettingsError(
            "WHATSAPP_PHONE_NUMBER_ID must be the numeric id of the business number "
            "(WhatsApp > API Setup in the Meta app), not the phone number."
        )
    root = read("WHATSAPP_API_BASE_URL", OFFICIAL_API_ROOT).rstrip("/")
    if urlsplit(root).scheme not in ("http", "https"):
        raise WhatsAppSettingsError("WHATSAPP_API_BASE_URL must be an http(s) address, e.g. " + OFFICIAL_API_ROOT)
    template = read("WHATSAPP_TEMPLATE_NAME")
    if template and not TEMPLATE_NAME_PATTERN.fullmatch(template):
        raise WhatsAppSettingsError("WHATSAPP_TEMPLATE_NAME must be lower-case letters, digits and underscores.")
    return WhatsAppSettings(
        access_token=token,
        phone_number_id=phone_number_id,
        app_secret=read("WHATSAPP_APP_SECRET"),
        verify_token=read("WHATSAPP_VERIFY_TOKEN"),
        api_root=root,
        template_name=template,
        template_language=read("WHATSAPP_TEMPLATE_LANGUAGE", "en"),
        template_with_text=read("WHATSAPP_TEMPLATE_TEXT").lower() in ("1", "true", "yes"),
        public_url=read("LUNA_PUBLIC_URL"),
    )
