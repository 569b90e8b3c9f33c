"""What the action server does besides running actions: start-up checks, the chat page
and the chart pictures.

Attached through rasa-sdk's plugin hook (see rasa_sdk_plugins/), so the standard
`python -m rasa_sdk --actions actions` command gets them too.
"""

from __future__ import annotations

import asyncio
import logging
import os

from sanic import Sanic, response
from sanic.request import Request

from actions.chart_route import add_routes as add_chart_routes
from actions.conversation.content import messages
from actions.conversation.dependencies import profile_store
from actions.webhook_guard import attach as guard_webhook
from luna.astrology import preload
from luna.readings import validate_all as validate_readings
from luna.settings import PROJECT_ROOT

log = logging.getLogger(__name__)

CHAT_PAGE = PROJECT_ROOT / "webchat" / "index.html"


def attach(app: Sanic) -> None:
    guard_webhook(app)  # /webhook answers Rasa alone (LUNA_ACTIONS_TOKEN)
    add_chart_routes(app)

    @app.listener("before_server_start")
    async def prepare(_app: Sanic, _loop: asyncio.AbstractEventLoop) -> None:
        # A broken content file or unreachable database should stop the server here,
        # with the reason, rather than fail in the middle of someone's conversation.
        messages()
        validate_readings()
        await profile_store()
        # The gazetteer index takes ~0.1 s to load (~11 s to build once per machine).
        await asyncio.to_thread(preload)
        log.info("Luna's action server is ready")

    @app.get("/chat")
    async def chat_page(request: Request) -> response.HTTPResponse:
        # The page talks to the Rasa server's REST channel on the same host.
        host = request.host.split(":")[0]
        rasa_url = os.environ.get("LUNA_RASA_URL") or f"http://{host}:{os.environ.get('PORT', '5005')}"
        page = CHAT_PAGE.read_text(encoding="utf-8").replace("{{RASA_URL}}", rasa_url)
        return response.html(page)
