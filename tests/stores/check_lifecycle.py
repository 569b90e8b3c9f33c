"""Run inside Rasa's environment by test_tracker_lifecycle.py: the tracker store's retention,
file mode and time limits, through the store endpoints.yml configures. `python
check_lifecycle.py <scenario> <run id>` prints a JSON report on the last line of stdout."""

import asyncio
import json
import os
import socket
import stat
import sys
import threading
import time

sys.path.insert(1, os.getcwd())  # as the rasa command does, so endpoints.yml can name stores.*

from rasa.core.tracker_store import TrackerStore  # noqa: E402
from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered  # noqa: E402
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402
from rasa.utils.endpoints import read_endpoint_config  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

DAY = 86_400


def store() -> TrackerStore:
    return TrackerStore.create(read_endpoint_config("endpoints.yml", "tracker_store"), domain=Domain.load("domain.yml"))


def conversation(sender: str, started: float, text: str) -> DialogueStateTracker:
    events = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
              UserUttered(text, {"name": "greet", "confidence": 1.0}), BotUttered("Namaste!"),
              ActionExecuted("action_listen")]
    for index, event in enumerate(events):
        event.timestamp = started + index
    return DialogueStateTracker.from_events(sender, events)


def texts(trackers: TrackerStore, sender: str) -> list[str]:
    with trackers.session_scope() as session:
        rows = session.query(trackers.SQLEvent).filter(trackers.SQLEvent.sender_id == sender).all()
        return [json.loads(row.data).get("text") for row in rows if row.type_name == "user"]


async def retention(run: str) -> dict:
    """Old conversations are saved while retention is off, then a store starts with it on."""
    now = time.time()
    old, mixed, recent = f"{run}-old", f"{run}-mixed", f"{run}-recent"
    roles = (("old", old), ("mixed", mixed), ("recent", recent))
    os.environ["LUNA_CONVERSATION_RETENTION_DAYS"] = "0"
    keeping = store()
    await keeping.save(conversation(old, now - 40 * DAY, "hello from long ago"))
    await keeping.save(conversation(mixed, now - 31 * DAY, "my first visit"))
    tracker = await keeping.retrieve(mixed)
    for event in conversation(mixed, now - 3600, "back again").events:
        tracker.update(event)
    await keeping.save(tracker)
    await keeping.save(conversation(recent, now - 29 * DAY, "last month"))
    before = {role: texts(keeping, sender) for role, sender in roles}

    os.environ["LUNA_CONVERSATION_RETENTION_DAYS"] = "30"
    purging = store()  # purges at start-up
    after_start = {role: texts(purging, sender) for role, sender in roles}
    retrieved = await purging.retrieve(mixed)
    # The periodic purge, run two days later: the 29-day-old conversation has expired too.
    later = purging.purge_expired(now=now + 2 * DAY)
    after_later = {role: texts(purging, sender) for role, sender in roles}
    return {"before": before, "after_start": after_start, "scheduled": purging._purging is not None,
            "retrieved_mixed": [event.as_dict().get("text") for event in retrieved.events
                                if event.type_name == "user"],
            "later_deleted": later, "after_later": after_later,
            "kept_forever_scheduled": keeping._purging is not None}


async def file_mode(run: str) -> dict:
    trackers = store()
    await trackers.save(conversation(run, time.time(), "hello"))
    database = make_url(os.environ["DATABASE_URL"]).database
    found = {}
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(database + suffix):
            found[suffix or "db"] = oct(stat.S_IMODE(os.stat(database + suffix).st_mode))
    return {"modes": found}


async def startup(run: str) -> dict:
    began = time.monotonic()
    try:
        store()
    except Exception as error:  # noqa: BLE001 - the report names whatever Rasa raised
        return {"error": type(error).__name__, "message": str(error), "seconds": time.monotonic() - began}
    return {"error": None, "seconds": time.monotonic() - began}


class Proxy:
    """A TCP proxy in front of the real PostgreSQL that can fall silent: it then keeps every
    connection open and accepts new ones, but forwards nothing, like a hung server."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.silent = threading.Event()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            client, _ = self.server.accept()
            self.held.append(client)
            if self.silent.is_set():
                continue
            upstream = socket.create_connection(self.target)
            self.held.append(upstream)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                if not self.silent.is_set():
                    sink.sendall(data)
        except OSError:
            pass


async def stall(run: str) -> dict:
    real = make_url(os.environ["DATABASE_URL"])
    proxy = Proxy((real.host, real.port or 5432))
    os.environ["DATABASE_URL"] = real.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    trackers = store()
    await trackers.save(conversation(run, time.time(), "hello"))
    proxy.silent.set()
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.1)
            ticks += 1

    ticking = asyncio.create_task(ticker())
    report = {}
    for operation in ("retrieve", "save"):
        began = time.monotonic()
        try:
            if operation == "retrieve":
                await trackers.retrieve(run)
            else:
                await trackers.save(conversation(run, time.time(), "again"))
            report[operation] = {"error": None}
        except Exception as error:  # noqa: BLE001
            report[operation] = {"error": type(error).__name__, "message": str(error)}
        report[operation]["seconds"] = time.monotonic() - began
    ticking.cancel()
    report["ticks"] = ticks
    report["timeout"] = trackers.timeout
    return report


if __name__ == "__main__":
    scenario, run_id = sys.argv[1], sys.argv[2]
    print(json.dumps(asyncio.run(globals()[scenario](run_id))))
