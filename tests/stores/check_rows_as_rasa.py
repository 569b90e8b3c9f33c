"""Run inside Rasa's environment by test_tracker_rows.py: the rows Luna's tracker store
writes for a conversation, beside the rows Rasa's own SQLTrackerStore writes for the same
one, and what each reads back.

    .venvs/rasa/bin/python tests/stores/check_rows_as_rasa.py LUNA_URL RASA_URL SENDER
"""

import asyncio
import json
import os
import sys

sys.path.insert(1, os.getcwd())  # as the rasa command does

import sqlalchemy as sa  # noqa: E402
from rasa.core.tracker_store import SQLTrackerStore  # noqa: E402
from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import (  # noqa: E402
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from stores.tracker import DatabaseUrlTrackerStore  # noqa: E402


def turn(number: int) -> list:
    return [
        UserUttered(f"horoscope today {number}", {"name": "ask_horoscope", "confidence": 0.99},
                    [{"entity": "period", "value": "today", "start": 10, "end": 15}], timestamp=100.0 + number),
        SlotSet("period", "today", timestamp=100.1 + number),
        ActionExecuted("action_horoscope", policy="RulePolicy", confidence=1.0, timestamp=100.2 + number),
        BotUttered("Your day ☀️", {"buttons": [{"title": "Dasha", "payload": "/ask_dasha"}]}, timestamp=100.3 + number),
        ActiveLoop(None, timestamp=100.4 + number),
        ActionExecuted("action_listen", timestamp=100.5 + number),
    ]


def rows(engine: sa.engine.Engine, sender: str) -> list[list]:
    with engine.connect() as connection:
        found = connection.execute(sa.text(
            "SELECT type_name, timestamp, intent_name, action_name, data FROM events "
            "WHERE sender_id = :sender ORDER BY id"), {"sender": sender})
        return [list(row) for row in found]


async def conversation(store, sender: str, domain: Domain) -> dict:
    first = [ActionExecuted("action_session_start", timestamp=99.0), SessionStarted(timestamp=99.1),
             ActionExecuted("action_listen", timestamp=99.2)] + turn(1)
    tracker = DialogueStateTracker.from_events(sender, first, domain.slots)
    await store.save(tracker)
    tracker = await store.retrieve(sender)
    tracker.update_with_events(turn(2), domain, override_timestamp=False)
    await store.save(tracker)  # only the second turn's events are added
    again = await store.retrieve(sender)
    return {"rows": rows(store.engine, sender), "events": [event.as_dict() for event in again.events]}


async def main(luna_url: str, rasa_url: str, sender: str) -> dict:
    domain = Domain.load("domain.yml")
    luna = DatabaseUrlTrackerStore(domain, host=luna_url)
    rasa_parts = make_url(rasa_url)
    rasa = SQLTrackerStore(domain, dialect=rasa_parts.get_backend_name(), host=rasa_parts.host,
                           port=rasa_parts.port, db=rasa_parts.database, username=rasa_parts.username,
                           password=rasa_parts.password)
    # Senders of their own, for both stores may share one database.
    return {"luna": await conversation(luna, f"{sender}-luna", domain),
            "rasa": await conversation(rasa, f"{sender}-rasa", domain)}


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(*sys.argv[1:4]))))
