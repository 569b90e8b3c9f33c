"""What the action server does besides running actions: start-up checks, the chat page
and the chart pictures.

Attached through rasa-sdk's plugin hook (see rasa_sdk_plugins/), so the standard
`python -m rasa_sdk --actions actions` command gets them too.
"""

from __future__ import annotations

import asyncio
import logging

from sanic import Sanic

from actions.chart_route import add_routes as add_chart_routes
from actions.chat_page import add_routes as add_chat_routes
from actions.conversation.content import messages
from actions.conversation.dependencies import profile_store, question_answerer
from actions.webhook_guard import attach as guard_webhook
from luna.answers.offline_content import default_answer_content
from luna.astrology import preload
from luna.readings import validate_all as validate_readings

log = logging.getLogger(__name__)


def attach(app: Sanic) -> None:
    guard_webhook(app)  # /webhook answers Rasa alone (LUNA_ACTIONS_TOKEN)
    add_chart_routes(app)
    add_chat_routes(app)

    @app.listener("before_server_start")
    async def prepare(_app: Sanic, _loop: asyncio.AbstractEventLoop) -> None:
        # A broken content file or unreachable database should stop the server here,
        # with the reason, rather than fail in the middle of someone's conversation.
        messages()
        validate_readings()
        default_answer_content()
        await profile_store()
        await question_answerer()  # reads and checks the knowledge base
        # The gazetteer index takes ~0.1 s to load (~11 s to build once per machine).
        await asyncio.to_thread(preload)
        log.info("Luna's action server is ready")
