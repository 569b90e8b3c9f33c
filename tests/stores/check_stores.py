"""Run inside Rasa's environment by test_rasa_stores.py: exercises the tracker and lock
stores as Rasa builds them from endpoints.yml."""

import asyncio
import json
import os
import sys

sys.path.insert(1, os.getcwd())  # as the rasa command does, so endpoints.yml can name stores.*

from rasa.core.lock_store import LockStore  # noqa: E402
from rasa.core.tracker_store import TrackerStore  # noqa: E402
from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import SlotSet, UserUttered  # noqa: E402
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402
from rasa.utils.endpoints import read_endpoint_config  # noqa: E402


async def main(conversation_id: str) -> dict:
    domain = Domain.load("domain.yml")
    trackers = TrackerStore.create(read_endpoint_config("endpoints.yml", "tracker_store"), domain=domain)
    tracker = DialogueStateTracker.from_events(
        conversation_id, [UserUttered("hello", {"name": "greet", "confidence": 1.0}), SlotSet("name", "Ravi")]
    )
    await trackers.save(tracker)
    again = await trackers.retrieve(conversation_id)
    locks = LockStore.create(read_endpoint_config("endpoints.yml", "lock_store"))
    async with locks.lock(conversation_id):
        held = locks.get_lock(conversation_id) is not None
    return {
        "tracker_store": type(trackers).__name__,
        "dialect": trackers.engine.dialect.name,
        "name": again.get_slot("name") if again else None,
        "lock_store": type(locks.store).__name__,
        "lock_held": held,
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1]))))
