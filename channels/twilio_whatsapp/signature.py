"""Twilio's request signature (X-Twilio-Signature): an HMAC-SHA1, keyed by the auth token,
of the URL Twilio requested followed by every form parameter's name and value in sorted
order. Checked with the twilio package's RequestValidator, Twilio's own implementation
(it also accepts the URL with or without its default port, as Twilio signs either)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from twilio.request_validator import RequestValidator


class FormParameters(dict):
    """Form parameters with every value of a repeated name, as RequestValidator reads them."""

    def getlist(self, name: str) -> list[str]:
        return list(self[name])


def is_signed_by_twilio(auth_token: str, url: str, params: Mapping[str, Sequence[str]], signature: str) -> bool:
    if not auth_token or not signature:
        return False
    return RequestValidator(auth_token).validate(url, FormParameters(params), signature)
