"""The Twilio WhatsApp channel's settings, read from the environment (secrets never live in
credentials.yml).

- TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN: the account's credentials (Twilio Console, Account
  Info). The auth token also signs every webhook call (X-Twilio-Signature).
- TWILIO_WHATSAPP_NUMBER: Luna's WhatsApp sender, e.g. "whatsapp:+14155238886" (the sandbox).
  Without these three the channel is off: its webhook answers 503 and nothing is sent.
- TWILIO_WEBHOOK_URL: the public address Twilio posts to, exactly as configured in the
  Console. Twilio signs that address; behind a proxy the request Luna sees has another one.
  Unset, the request's own address is used (right only without a proxy).
- TWILIO_API_BASE_URL: the REST API root (default https://api.twilio.com); tests point it at
  a local server.
- LUNA_PUBLIC_URL: where chart pictures are served. Twilio fetches media itself, so a chart
  goes as a picture only when this is a public HTTPS address; otherwise its text goes alone.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from channels.messaging.public_url import is_public_https

OFFICIAL_API_ROOT = "https://api.twilio.com"
# Twilio's account SIDs: "AC" and 32 hexadecimal digits.
ACCOUNT_SID_PATTERN = re.compile(r"AC[0-9a-fA-F]{32}")
# A WhatsApp sender in E.164 form; the "whatsapp:" prefix is what makes Twilio use WhatsApp.
NUMBER_PATTERN = re.compile(r"whatsapp:\+[1-9]\d{6,14}")


class TwilioSettingsError(ValueError):
    """A Twilio variable is set to something Twilio would refuse."""


@dataclass(frozen=True)
class TwilioSettings:
    account_sid: str
    auth_token: str
    whatsapp_number: str
    webhook_url: str
    api_root: str
    public_url: str

    @property
    def enabled(self) -> bool:
        return bool(self.account_sid and self.auth_token and self.whatsapp_number)

    @property
    def messages_url(self) -> str:
        return f"{self.api_root}/2010-04-01/Accounts/{self.account_sid}/Messages.json"

    @property
    def pictures_by_url(self) -> bool:
        """Whether Twilio's servers can fetch chart pictures from LUNA_PUBLIC_URL."""
        return is_public_https(self.public_url)


def settings_from_environment(environ: Mapping[str, str] = os.environ) -> TwilioSettings:
    sid = environ.get("TWILIO_ACCOUNT_SID", "").strip()
    number = environ.get("TWILIO_WHATSAPP_NUMBER", "").strip().replace(" ", "")
    if sid and not ACCOUNT_SID_PATTERN.fullmatch(sid):
        raise TwilioSettingsError("TWILIO_ACCOUNT_SID does not look like an account SID (AC and 32 hex digits).")
    if number and not number.startswith("whatsapp:"):
        number = f"whatsapp:{number}"
    if number and not NUMBER_PATTERN.fullmatch(number):
        raise TwilioSettingsError("TWILIO_WHATSAPP_NUMBER must be a number in E.164 form, e.g. whatsapp:+14155238886.")
    root = (environ.get("TWILIO_API_BASE_URL") or OFFICIAL_API_ROOT).strip().rstrip("/")
    if urlsplit(root).scheme not in ("http", "https"):
        raise TwilioSettingsError("TWILIO_API_BASE_URL must be an http(s) address, e.g. https://api.twilio.com")
    return TwilioSettings(
        account_sid=sid,
        auth_token=environ.get("TWILIO_AUTH_TOKEN", "").strip(),
        whatsapp_number=number,
        webhook_url=environ.get("TWILIO_WEBHOOK_URL", "").strip(),
        api_root=root,
        public_url=environ.get("LUNA_PUBLIC_URL", "").strip(),
    )
