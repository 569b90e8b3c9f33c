"""The action server's `/webhook` (and `/actions`) answer Rasa alone.

Rasa sends the shared secret `LUNA_ACTIONS_TOKEN` in every call (endpoints.yml's
`action_endpoint` header, `Authorization: Bearer luna.<secret>`); anything else is
refused before an action runs, so a forged tracker naming another sender reads or
deletes nothing. The secret is compared in constant time.

Without a usable secret (unset, or shorter than MIN_TOKEN_LENGTH) the server still
starts, so tools and tests that only need the chat page or the chart pictures work, but
`/webhook` refuses every call: a forgotten setting closes the door, it never opens it.

Bodies are limited twice: Sanic refuses a body over `LUNA_WEBHOOK_MAX_BYTES` while it
reads it, and a compressed body is inflated here (rasa-sdk 3.6 itself inflates
`Content-Encoding: deflate` bodies whole, in `rasa_sdk/endpoint.py`'s webhook) only up
to the same limit, so a deflate/gzip bomb costs no more memory than an honest body and
gets a 413.

`LUNA_PUBLIC_ONLY=1` makes an action server that serves only the public routes
(`/chat`, `/charts`, `/health`): `/webhook` and `/actions` answer 404 there, and so do the
operators' `/ready` and `/metrics` (actions/operations.py), so that server can face the
internet while the one Rasa calls stays on a private interface.
"""

from __future__ import annotations

import hmac
import logging
import os
import zlib
from collections.abc import Mapping
from dataclasses import dataclass

from sanic import Sanic, response
from sanic.exceptions import PayloadTooLarge
from sanic.request import Request

log = logging.getLogger(__name__)

TOKEN_VARIABLE = "LUNA_ACTIONS_TOKEN"
# What endpoints.yml sends before the secret (the "luna." keeps that file loadable where
# the variable is unset; see the comment there).
CREDENTIAL_PREFIX = "Bearer luna."
# A generated secret is 43 characters; anything this short is a typo or a placeholder.
MIN_TOKEN_LENGTH = 16
# A whole tracker since the session started plus the domain: ~20 kB for the domain and a
# few kB per turn, so 8 MiB is hundreds of turns, and small enough to hold per request.
DEFAULT_MAX_BYTES = 8 * 1024 * 1024
PRIVATE_PATHS = frozenset({"/webhook", "/actions"})
# For operators and the load balancer on the private network; no secret (nothing personal
# in them), but not served by a public-only server.
OPERATOR_PATHS = frozenset({"/ready", "/metrics"})
# HTTP's "deflate" is the zlib format; both it and gzip are read with one inflater.
COMPRESSED = frozenset({"deflate", "gzip", "x-gzip"})
ZLIB_OR_GZIP = zlib.MAX_WBITS | 32


@dataclass(frozen=True)
class GuardSettings:
    token: str | None
    max_body_bytes: int
    public_only: bool


def guard_settings(environ: Mapping[str, str] = os.environ) -> GuardSettings:
    token = environ.get(TOKEN_VARIABLE) or None
    if token is not None and len(token) < MIN_TOKEN_LENGTH:
        log.error("%s is shorter than %d characters: /webhook refuses every call", TOKEN_VARIABLE,
                  MIN_TOKEN_LENGTH)
        token = None
    elif token is None:
        log.warning("%s is not set: /webhook refuses every call (make run sets it)", TOKEN_VARIABLE)
    try:
        max_body_bytes = int(environ.get("LUNA_WEBHOOK_MAX_BYTES") or DEFAULT_MAX_BYTES)
    except ValueError:
        max_body_bytes = DEFAULT_MAX_BYTES
    public_only = (environ.get("LUNA_PUBLIC_ONLY") or "").strip().lower() in ("1", "true", "yes")
    return GuardSettings(token=token, max_body_bytes=max(max_body_bytes, 1024), public_only=public_only)


class BodyRefused(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def is_rasa(authorization: str | None, token: str | None) -> bool:
    """True when the Authorization header carries the shared secret (constant time)."""
    if token is None or authorization is None:
        return False
    return hmac.compare_digest(authorization.encode("utf-8", "surrogateescape"),
                               f"{CREDENTIAL_PREFIX}{token}".encode())


def decoded_body(body: bytes, content_encoding: str | None, limit: int) -> bytes:
    """The body as JSON bytes, inflated when compressed, never more than `limit` bytes."""
    encoding = (content_encoding or "identity").strip().lower()
    if encoding == "identity":
        return body
    if encoding not in COMPRESSED:
        raise BodyRefused(415, f"unsupported Content-Encoding {encoding!r}")
    inflater = zlib.decompressobj(ZLIB_OR_GZIP)
    try:
        # max_length: at most limit + 1 bytes are ever produced, however small the input.
        inflated = inflater.decompress(body, limit + 1)
    except zlib.error as error:
        raise BodyRefused(400, "the compressed body is corrupt") from error
    if len(inflated) > limit:
        raise BodyRefused(413, f"the body inflates to more than {limit} bytes")
    if not inflater.eof or inflater.unused_data:
        raise BodyRefused(400, "the compressed body is truncated or has trailing data")
    return inflated


def attach(app: Sanic) -> None:
    settings = guard_settings()
    # Read per connection by Sanic's protocol, so it applies from the first request.
    app.config.REQUEST_MAX_SIZE = settings.max_body_bytes

    async def refuse_large_body(_request: Request, _exception: Exception) -> response.HTTPResponse:
        # rasa-sdk answers every exception with a 500 that echoes the body; this is a 413.
        return response.json({"error": "The request body is too large."}, status=413)

    app.error_handler.add(PayloadTooLarge, refuse_large_body)

    @app.middleware("request")
    async def guard_private_routes(request: Request) -> response.HTTPResponse | None:
        if request.path in OPERATOR_PATHS and settings.public_only:
            return response.json({"error": "Not found."}, status=404)
        if request.path not in PRIVATE_PATHS:
            return None
        if settings.public_only:
            return response.json({"error": "Not found."}, status=404)
        authorization = request.headers.get("authorization")
        if not is_rasa(authorization, settings.token):
            status = 401 if authorization is None else 403
            log.warning("Refused a call to %s from %s: %s", request.path, request.ip,
                        "no credential" if status == 401 else "wrong credential")
            return response.json({"error": "Only the Rasa server may call this."}, status=status,
                                 headers={"WWW-Authenticate": "Bearer"} if status == 401 else None)
        if request.method != "POST":
            return None
        try:
            body = decoded_body(request.body or b"", request.headers.get("content-encoding"),
                                settings.max_body_bytes)
        except BodyRefused as refused:
            log.warning("Refused a call to %s: %s", request.path, refused.reason)
            return response.json({"error": refused.reason}, status=refused.status)
        # rasa-sdk reads request.json from the inflated bytes and never inflates again.
        request.body = body
        request.headers.popall("content-encoding", None)
        return None
