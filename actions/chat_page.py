"""GET /chat on the action server: the web chat page (webchat/index.html).

The page learns where the Rasa server is from a JSON object written into its script:
`LUNA_RASA_URL` when set, else only Rasa's port, and the browser puts it after the
host it loaded the page from. Nothing from the request (its Host header included)
reaches the page, and the object is escaped for a <script> element, so neither a
forged Host nor an odd setting can add script to it.
"""

from __future__ import annotations

import json
import os

from sanic import Sanic, response
from sanic.request import Request

from luna.settings import PROJECT_ROOT

CHAT_PAGE = PROJECT_ROOT / "webchat" / "index.html"
PLACEHOLDER = "{{CHAT_CONFIG}}"
DEFAULT_RASA_PORT = 5005

HEADERS = {
    # Each page carries the configuration of its moment; shared caches keep none.
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    # The page holds a session credential: other sites may not frame it.
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
}


def add_routes(app: Sanic) -> None:
    app.add_route(chat_page, "/chat", methods=["GET", "HEAD"], name="luna_chat_page")


async def chat_page(_request: Request) -> response.HTTPResponse:
    page = CHAT_PAGE.read_text(encoding="utf-8").replace(PLACEHOLDER, script_json(chat_config()))
    return response.html(page, headers=HEADERS)


def chat_config() -> dict[str, object]:
    """Where the page finds Rasa: LUNA_RASA_URL, or Rasa's PORT on the page's own host."""
    return {"rasaUrl": os.environ.get("LUNA_RASA_URL") or None, "rasaPort": rasa_port()}


def rasa_port() -> int:
    try:
        port = int(os.environ.get("PORT") or DEFAULT_RASA_PORT)
    except ValueError:
        return DEFAULT_RASA_PORT
    return port if 0 < port < 65536 else DEFAULT_RASA_PORT


def script_json(value: object) -> str:
    """JSON that is safe inside <script>: no "</script>", "<!--" or line separators."""
    text = json.dumps(value, ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
