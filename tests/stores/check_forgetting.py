"""Run inside Rasa's environment by test_tracker_forgetting.py: saves conversations through
the tracker store endpoints.yml configures (DATABASE_URL) and reports the rows of its
`events` table after each step, as JSON on the last line of stdout."""

import asyncio
import itertools
import json
import os
import sys
import time

sys.path.insert(1, os.getcwd())  # as the rasa command does, so endpoints.yml can name stores.*

from rasa.core.tracker_store import TrackerStore  # noqa: E402
from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import (  # noqa: E402
    ActionExecuted,
    BotUttered,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402
from rasa.utils.endpoints import read_endpoint_config  # noqa: E402

# Every event gets its own, increasing timestamp: Rasa finds a conversation's latest
# session by comparing timestamps with that of its last SessionStarted.
_START = time.time()
_tick = itertools.count()


def stamped(*events: Event) -> list[Event]:
    for event in events:
        event.timestamp = _START + next(_tick) * 0.001
    return list(events)


def user(text: str, intent: str) -> UserUttered:
    return UserUttered(text, {"name": intent, "confidence": 1.0})


def session(*middle: Event, listen: bool = True) -> list[Event]:
    """A conversation session as Rasa logs it; `listen` when it ends waiting for the user."""
    end = [ActionExecuted("action_listen")] if listen else []
    return stamped(ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
                   *middle, *end)


def two_sessions(last: UserUttered) -> list[Event]:
    return [
        *session(user("hello", "greet"), ActionExecuted("utter_greet"), BotUttered("Namaste!")),
        *session(user("I am Ravi, born 5/3/1990 10:30 pm in Pune", "provide_birth_details"),
                 SlotSet("name", "Ravi"), SlotSet("birth_place", "Pune, Maharashtra, India"),
                 ActionExecuted("action_answer_with_chart"), BotUttered("Ravi's kundli: lagna Libra"),
                 ActionExecuted("action_listen"), last, listen=False),
    ]


def rows(store: TrackerStore, sender_id: str) -> list[dict]:
    with store.session_scope() as db:
        found = db.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender_id).order_by(store.SQLEvent.id)
        return [{"id": row.id, "type": row.type_name, "action": row.action_name, "intent": row.intent_name,
                 "timestamp": row.timestamp, "data": json.loads(row.data)} for row in found.all()]


def dicts(events: list[Event]) -> list[dict]:
    return [event.as_dict() for event in events]


async def main(run: str) -> dict:
    domain = Domain.load("domain.yml")
    store = TrackerStore.create(read_endpoint_config("endpoints.yml", "tracker_store"), domain=domain)
    a, b, c = f"{run}-a", f"{run}-b", f"{run}-c"
    report: dict = {"store": type(store).__name__, "dialect": store.engine.dialect.name}

    # Two sessions of A, and B in between.
    await store.save(DialogueStateTracker.from_events(a, two_sessions(user("delete my data", "delete_my_data")),
                                                      domain.slots))
    await store.save(DialogueStateTracker.from_events(
        b, session(user("hi", "greet"), SlotSet("name", "Bina"), BotUttered("Namaste, Bina!")), domain.slots))
    report["a_saved"] = rows(store, a)
    report["b_before"] = rows(store, b)

    # A asks Luna to delete their data: the action, its reply, its restart, then a new session.
    tracker = await store.retrieve(a)
    report["a_retrieved_before_delete"] = len(tracker.events)
    after_restart = stamped(ActionExecuted("action_session_start"), SessionStarted(),
                            ActionExecuted("action_listen"))
    for event in [*stamped(ActionExecuted("action_delete_my_data"), BotUttered("Done. I've deleted ..."),
                           Restarted()), *after_restart]:
        tracker.update(event, domain)
    await store.save(tracker)
    report["a_after_delete"] = rows(store, a)
    report["a_expected_after_delete"] = dicts(after_restart)
    report["b_after"] = rows(store, b)
    full = await store.retrieve_full_tracker(a)
    report["a_full_after_delete"] = [event.as_dict() for event in full.events]

    # The next turn: Rasa retrieves the conversation and saves it with the new message.
    tracker = await store.retrieve(a)
    report["a_retrieved_after_delete"] = [event.as_dict() for event in tracker.events]
    report["a_slots_after_delete"] = {"name": tracker.get_slot("name"), "birth_place": tracker.get_slot("birth_place")}
    (message,) = stamped(user("hello again", "greet"))
    tracker.update(message, domain)
    await store.save(tracker)
    report["a_after_next_message"] = rows(store, a)
    report["a_next_message"] = message.as_dict()

    # C restarts the conversation (action_restart): a restart alone forgets nothing.
    await store.save(DialogueStateTracker.from_events(c, two_sessions(user("start again", "restart")), domain.slots))
    report["c_before"] = rows(store, c)
    tracker = await store.retrieve(c)
    restart = stamped(ActionExecuted("action_restart"), BotUttered("Starting afresh."), Restarted(),
                      ActionExecuted("action_listen"))
    for event in restart:
        tracker.update(event, domain)
    await store.save(tracker)
    report["c_after"] = rows(store, c)
    report["c_restart"] = dicts(restart)
    return report


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1]))))
