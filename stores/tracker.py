"""Rasa's SQL tracker store, pointed by the same DATABASE_URL as Luna's own tables, that
also forgets a conversation when the person asks Luna to delete their data."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, Restarted
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.engine.url import make_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# The action that deletes a person's data ends with a restart: everything the tracker
# holds up to that restart is deleted from the store, in every session.
FORGET_ACTION = "action_delete_my_data"


def database_url() -> str:
    """DATABASE_URL, or the project's SQLite file (the same default as the action server)."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{PROJECT_ROOT / 'luna.db'}"


class DatabaseUrlTrackerStore(SQLTrackerStore):
    """SQLTrackerStore that takes one SQLAlchemy URL instead of host/port/db parts.

    endpoints.yml names this class; `url:` there wins, otherwise DATABASE_URL is read.
    """

    def __init__(self, domain: Domain | None = None, host: str | None = None,
                 event_broker: EventBroker | None = None, **kwargs: Any) -> None:
        url = make_url(host or database_url())
        super().__init__(
            domain=domain,
            dialect=url.drivername,
            host=url.host,
            port=url.port,
            db=url.database,
            username=url.username,
            password=url.password,
            event_broker=event_broker,
            query=dict(url.query) or None,
            **kwargs,
        )

    async def save(self, tracker: DialogueStateTracker) -> None:
        events = list(tracker.events)
        forget_at = forgetting_point(events)
        if forget_at is None:
            await super().save(tracker)
            return
        await self.stream_events(tracker)
        with self.session_scope() as session:
            # One transaction: the old history goes and what follows the restart is
            # stored, so a failure leaves the conversation as it was.
            session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == tracker.sender_id).delete()
            for event in events[forget_at + 1:]:
                data = event.as_dict()
                session.add(self.SQLEvent(
                    sender_id=tracker.sender_id,
                    type_name=event.type_name,
                    timestamp=data.get("timestamp"),
                    intent_name=(data.get("parse_data") or {}).get("intent", {}).get("name"),
                    action_name=data.get("name"),
                    data=json.dumps(data),
                ))
            session.commit()


def forgetting_point(events: list[Event]) -> int | None:
    """Index of the restart that ends a data deletion in these events, if there is one."""
    for index in range(len(events) - 1, 0, -1):
        if isinstance(events[index], Restarted):
            # The restart is among the events of the action executed just before it.
            ran = next((e for e in reversed(events[:index]) if isinstance(e, ActionExecuted)), None)
            if ran is not None and ran.action_name == FORGET_ACTION:
                return index
    return None
