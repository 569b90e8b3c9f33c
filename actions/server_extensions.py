"""What the action server does besides running actions: start-up checks, the chat page,
the chart pictures, readiness and metrics (actions/operations.py) and, with
LUNA_LOG_FORMAT=json, JSON log lines (luna/observability/json_logs.py).

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
from actions.operations import add_routes as add_operations_routes
from actions.operations import mark_started
from actions.webhook_guard import attach as guard_webhook
from luna.answers.offline_content import default_answer_content
from luna.astrology import preload
from luna.observability.json_logs import install as install_log_format
from luna.readings import validate_all as validate_readings

log = logging.getLogger(__name__)


def attach(app: Sanic) -> None:
    install_log_format()  # rasa-sdk has set up its handlers by now
    guard_webhook(app)  # /webhook answers Rasa alone (LUNA_ACTIONS_TOKEN)
    add_operations_routes(app)  # after the guard: its middleware sees only Rasa's calls
    add_chart_routes(app)
    add_chat_routes(app)

    @app.listener("before_server_start")
    async def prepare(server: Sanic, _loop: asyncio.AbstractEventLoop) -> None:
        install_log_format()  # again: Sanic's own loggers got their handlers since attach
        # A broken content file or unreachable database should stop the server here,
        # with the reason, rather than fail in the middle of someone's conversation.
        messages()
        validate_readings()
        default_answer_content()
        await profile_store()
        await question_answerer()  # reads and checks the knowledge base
        # The gazetteer index takes ~0.1 s to load (~11 s to build once per machine).
        await asyncio.to_thread(preload)
        mark_started(server)
        log.info("Luna's action server is ready")
