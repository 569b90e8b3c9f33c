"""Rasa's SQL tracker store, pointed by the same DATABASE_URL as Luna's own tables, that
- gives up in time: every database wait is bounded (stores/database.py), each operation
  runs in a worker thread under a deadline (Rasa's own store blocks the event loop), and
  at start-up the database is waited for LUNA_DB_STARTUP_SECONDS, not forever;
- forgets a conversation when the person asks Luna to delete their data;
- deletes conversations older than LUNA_CONVERSATION_RETENTION_DAYS (stores/retention.py);
- keeps the SQLite file readable by its owner only.

When the database is down during a conversation, Rasa's FailSafeTrackerStore logs the
error and carries on in memory; the action server, which cannot reach the same database
either, tells the person so (actions/conversation/profile_actions.py).
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import sqlalchemy as sa
import sqlalchemy.exc
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, Restarted
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from luna.settings import Settings, load_settings
from nlu.rasa_speedups import install as install_rasa_speedups
from stores.database import tracker_engine
from stores.retention import PURGE_EVERY_SECONDS, cutoff, purge_events_before

T = TypeVar("T")
log = logging.getLogger(__name__)

# Built before the model loads (endpoints.yml names this store): Rasa's per-turn work once.
install_rasa_speedups()

# The action that deletes a person's data ends with a restart: everything the tracker
# holds up to that restart is deleted from the store, in every session.
FORGET_ACTION = "action_delete_my_data"
# Pause between start-up attempts to reach the database.
RETRY_PAUSE_SECONDS = 2.0


class TrackerDatabaseUnavailable(ConnectionError):
    """The tracker store's database could not be reached (in time). The message names the
    database without its password; Rasa reports it as "Cannot connect to tracker store"."""


class DatabaseUrlTrackerStore(SQLTrackerStore):
    """SQLTrackerStore that takes one SQLAlchemy URL instead of host/port/db parts.

    endpoints.yml names this class; `url:` there wins, otherwise DATABASE_URL is read.
    """

    def __init__(self, domain: Domain | None = None, host: str | None = None,
                 event_broker: EventBroker | None = None, *, settings: Settings | None = None,
                 **kwargs: Any) -> None:
        # SQLTrackerStore.__init__ is not called: it would connect without limits and
        # retry forever. What it sets up (engine, tables, sessionmaker) is done here.
        settings = settings or load_settings()
        url = make_url(host or settings.database_url)
        self.timeout = settings.database_timeout_seconds
        self.retention_days = settings.conversation_retention_days
        self.engine = tracker_engine(url, timeout=self.timeout)
        self._purging: asyncio.Task | None = None
        _wait_for_tables(self.engine, self.Base.metadata, settings.database_startup_seconds,
                         url.render_as_string(hide_password=True))
        self.sessionmaker = sessionmaker(bind=self.engine)
        TrackerStore.__init__(self, domain, event_broker, **kwargs)
        if self.retention_days > 0:
            self._purge_quietly()
            self._schedule_purges()

    # Every operation: a worker thread, under the deadline.

    async def _in_thread(self, operation: str, work: Callable[[], T]) -> T:
        try:
            return await asyncio.wait_for(in_daemon_thread(work, operation), self.timeout)
        except asyncio.TimeoutError as error:
            raise TrackerDatabaseUnavailable(
                f"tracker store {operation} timed out after {self.timeout:g} s") from error

    async def keys(self) -> Iterable[str]:
        def work() -> list[str]:
            with self.session_scope() as session:
                return [sender for (sender,) in session.query(self.SQLEvent.sender_id).distinct().all()]
        return await self._in_thread("keys", work)

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        def work() -> list[dict]:
            with self.session_scope() as session:
                # Rasa's query, selecting only the JSON: an ORM object per event cost more
                # than the query itself.
                query = self._event_query(session, sender_id, fetch_events_from_all_sessions)
                return [json.loads(data) for (data,) in query.with_entities(self.SQLEvent.data)]
        events = await self._in_thread("retrieve", work)
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        # A copy: the worker thread must not read a tracker the event loop goes on changing.
        events = list(tracker.events)
        sender_id = tracker.sender_id
        await self._in_thread("save", lambda: self._write(sender_id, events))

    def _write(self, sender_id: str, events: list[Event]) -> None:
        with self.session_scope() as session:
            forget_at = forgetting_point(events)
            if forget_at is None:
                stored = self._event_query(session, sender_id, fetch_events_from_all_sessions=False).count()
                new = events[stored:]
            else:
                # One transaction: the old history goes and what follows the restart is
                # stored, so a failure leaves the conversation as it was.
                session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
                new = events[forget_at + 1:]
            if new:
                # One multi-row INSERT (psycopg2's execute_values), not the ORM's row at a time.
                session.execute(self.SQLEvent.__table__.insert(), [_row(sender_id, event) for event in new])
            session.commit()

    # Retention.

    def purge_expired(self, now: float | None = None) -> int:
        """Delete the events older than the retention period; returns how many went."""
        before = cutoff(time.time() if now is None else now, self.retention_days)
        return purge_events_before(self.engine, self.SQLEvent.__table__, before)

    def _purge_quietly(self) -> None:
        try:
            deleted = self.purge_expired()
        except sa.exc.SQLAlchemyError as error:
            # The next purge catches up; a failed purge must not stop conversations.
            log.error("could not delete old conversations (%s); trying again in %d s",
                      type(getattr(error, "orig", None) or error).__name__, PURGE_EVERY_SECONDS)
            return
        if deleted:
            log.info("deleted %d conversation events older than %g days", deleted, self.retention_days)

    def _schedule_purges(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # built outside an event loop (a script): the start-up purge is all
        self._purging = loop.create_task(self._purge_periodically())

    async def _purge_periodically(self) -> None:
        while True:
            await asyncio.sleep(PURGE_EVERY_SECONDS)
            await in_daemon_thread(self._purge_quietly, "purge")


async def in_daemon_thread(work: Callable[[], T], name: str) -> T:
    """`work()` in a thread of its own, awaited without blocking the event loop.

    A daemon thread rather than an executor's: a thread stuck on a database that stopped
    answering must not hold up the server's shutdown (executors join their threads at
    exit), nor take a shared executor's workers from everyone else. The engine's pool
    (pool_timeout) bounds how many can be stuck at once.
    """
    loop = asyncio.get_running_loop()
    done: asyncio.Future[T] = loop.create_future()

    def settle(result: Any, error: BaseException | None) -> None:
        if done.done():
            return  # the caller gave up waiting
        if error is None:
            done.set_result(result)
        else:
            done.set_exception(error)

    def target() -> None:
        try:
            result, error = work(), None
        except BaseException as failure:  # noqa: BLE001 - handed to the awaiting coroutine
            result, error = None, failure
        try:
            loop.call_soon_threadsafe(settle, result, error)
        except RuntimeError:
            pass  # the event loop has closed: nobody is waiting any more

    threading.Thread(target=target, name=f"luna-tracker-{name}", daemon=True).start()
    return await done


def _wait_for_tables(engine: sa.engine.Engine, metadata: sa.MetaData, seconds: float, name: str) -> None:
    """Create the tracker tables, retrying while the database is unreachable for at most
    `seconds`; then raise TrackerDatabaseUnavailable."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            metadata.create_all(engine)
            return
        except (sa.exc.OperationalError, sa.exc.IntegrityError, sa.exc.ProgrammingError) as error:
            # IntegrityError/ProgrammingError: replicas starting together raced to create the
            # same table; the next attempt finds it.
            kind = type(getattr(error, "orig", None) or error).__name__
            if time.monotonic() + RETRY_PAUSE_SECONDS > deadline:
                raise TrackerDatabaseUnavailable(
                    f"could not reach the tracker store's database {name} within {seconds:g} s ({kind}); "
                    "is it running, and is DATABASE_URL right?") from error
            log.warning("tracker store database %s not ready (%s); trying again", name, kind)
            time.sleep(RETRY_PAUSE_SECONDS)


def _row(sender_id: str, event: Event) -> dict[str, Any]:
    """The `events` table's columns for one event, as Rasa's SQLTrackerStore writes them."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": (data.get("parse_data") or {}).get("intent", {}).get("name"),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


def forgetting_point(events: list[Event]) -> int | None:
    """Index of the restart that ends a data deletion in these events, if there is one."""
    for index in range(len(events) - 1, 0, -1):
        if isinstance(events[index], Restarted):
            # The restart is among the events of the action executed just before it.
            ran = next((e for e in reversed(events[:index]) if isinstance(e, ActionExecuted)), None)
            if ran is not None and ran.action_name == FORGET_ACTION:
                return index
    return None
