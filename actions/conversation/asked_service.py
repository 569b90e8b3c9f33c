"""What the user asked for, once a form has run: held in slots (domain.yml).

`pending_service` is set by `from_intent` mappings from the request's intent, and
`pending_request` by `from_text` with the words it was asked in; `topic` and `period`
come from its entities. Answers typed while a form asks its questions ("Priya",
"14 feb 1992") set none of them, so "my dasha" followed by five answers is still a dasha
request. Birth details naming a topic or the dasha are made that request by the NLU
(nlu/intent_guards.py, `service_named_in_details`).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

# Requests whose message may carry the user's own birth details (domain.yml maps them).
OWN_CHART_REQUESTS = ("request_kundli", "ask_dasha", "ask_prediction", "ask_compatibility")

PENDING_SERVICE = "pending_service"
PENDING_REQUEST = "pending_request"
_INTENT_OF_SERVICE = {
    "kundli": "request_kundli",
    "dasha": "ask_dasha",
    "prediction": "ask_prediction",
    "horoscope": "ask_horoscope",
}
# The request's own details: cleared once answered, so the next request starts afresh.
_REQUEST_SLOTS = (PENDING_SERVICE, PENDING_REQUEST, "topic", "period")


def latest_request(tracker: Tracker) -> dict[str, Any]:
    """The request waiting for an answer, shaped like the parse data the reply builders
    read (intent, text, entities); the kundli when nothing else was asked."""
    service = tracker.get_slot(PENDING_SERVICE)
    entities = [{"entity": kind, "value": tracker.get_slot(kind)} for kind in ("topic", "period")
                if tracker.get_slot(kind)]
    return {"intent": {"name": _INTENT_OF_SERVICE.get(service, "request_kundli")},
            "text": tracker.get_slot(PENDING_REQUEST) or "", "entities": entities}


def request_answered() -> list[dict[str, Any]]:
    """The events that clear the request once its answer is sent."""
    return [SlotSet(slot, None) for slot in _REQUEST_SLOTS]


def request_intent(request: dict[str, Any]) -> str:
    return (request.get("intent") or {}).get("name") or "request_kundli"
