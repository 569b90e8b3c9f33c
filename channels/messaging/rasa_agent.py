"""What the messaging channels ask Rasa's agent (the Sanic app's ctx.agent): whether it is
ready to answer, and whether a turn was already answered. A delivery recovered from a
replica that died (channels/messaging/inflight.py) may have been answered in full before
the crash; Rasa saves a conversation's tracker once the turn's replies were sent, so a
user event with the delivery's message_id in the tracker means the user has their answer."""

from __future__ import annotations

import logging
from typing import Any

from rasa.shared.core.events import UserUttered

log = logging.getLogger(__name__)


def agent_ready(app: Any) -> bool:
    agent = getattr(getattr(app, "ctx", None), "agent", None)
    return agent is not None and agent.is_ready()


async def already_answered(app: Any, sender_id: str, message_id: str | None) -> bool:
    """Whether the conversation's tracker holds a user event with `message_id` (False when
    it cannot tell: answering twice is better than never)."""
    agent = getattr(getattr(app, "ctx", None), "agent", None)
    if message_id is None or agent is None or agent.tracker_store is None:
        return False
    try:
        tracker = await agent.tracker_store.retrieve(sender_id)
    except Exception as error:  # noqa: BLE001 - the tracker store is down: the turn will fail and say so
        log.error("The tracker store could not be read to check a recovered delivery: %s", type(error).__name__)
        return False
    return any(isinstance(event, UserUttered) and event.message_id == message_id
               for event in (tracker.events if tracker else ()))
