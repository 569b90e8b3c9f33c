"""Rasa's SQL tracker store, pointed by the same DATABASE_URL as Luna's own tables."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from sqlalchemy.engine.url import make_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent


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
