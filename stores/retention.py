"""Conversation retention: tracker events older than LUNA_CONVERSATION_RETENTION_DAYS go.

Luna needs only a conversation's current session (sessions expire after 60 minutes of
silence); what a person told Luna to keep is in their profile. Deleting in small batches
keeps each statement short (so it stays under the statement timeout and holds few row
locks), and replicas purging at the same moment only find less to do.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

SECONDS_PER_DAY = 86_400
BATCH = 1_000
# How often a running Rasa server purges again (it also purges at start-up).
PURGE_EVERY_SECONDS = 3_600


def cutoff(now: float, retention_days: float) -> float:
    """The Unix time before which events are deleted."""
    return now - retention_days * SECONDS_PER_DAY


def purge_events_before(engine: Engine, events: sa.Table, before: float) -> int:
    """Delete every event stamped before `before` (Unix seconds); returns how many went."""
    deleted = 0
    while True:
        batch = sa.select(events.c.id).where(events.c.timestamp < before).limit(BATCH)
        with engine.begin() as connection:
            # Both databases accept LIMIT inside IN (...); a plain DELETE ... LIMIT they don't.
            count = connection.execute(events.delete().where(events.c.id.in_(batch))).rowcount
        deleted += count
        if count < BATCH:
            return deleted
