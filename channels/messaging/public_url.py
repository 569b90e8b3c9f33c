"""Whether a platform's servers can fetch something from Luna's LUNA_PUBLIC_URL (chart
pictures): only a public HTTPS address will do, else the channel uploads the bytes."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


def is_public_https(url: str) -> bool:
    """An https address whose host is a name or a public IP (not localhost or a private range)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme != "https" or not host or host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return "." in host and not host.endswith((".local", ".internal", ".lan"))
    return address.is_global
