"""The one place that makes every Luna action safe to run on what people type.

Every action and form validation action derives from `SafeAction` or
`SafeFormValidationAction`; their `run` (and every subclass's own `run`) goes through
`_guarded`, which

- removes control characters from what the action reads of the conversation (the latest
  message, the slots, the events), so a NUL in a name never reaches the database;
- in a form, answers a message over the length Luna reads (luna/user_text.py) politely
  and drops whatever the form took from its text, so nothing is stored from it; so too a
  location shared while the form asks for something else than a place, whose numbers
  could otherwise be read as a birth date (actions/conversation/shared_location.py);
- turns any exception into a friendly reply, and logs the exception's type and stack
  trace, never its message (a database error quotes the row it failed to write), never
  the tracker, and the sender only as a keyed hash; every other log line of the action
  server loses exception messages too (luna/log_privacy.py).

Luna's `InputError` answers stay where they are: actions catch what they expect; this
catches what nobody expected.
"""

from __future__ import annotations

import functools
import json
import logging
import re
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation.content import say
from actions.conversation.shared_location import answers_another_question as shared_location_answers_another_question
from luna.log_privacy import install as make_logs_private
from luna.log_privacy import stack_without_messages
from luna.observability.json_logs import log_key, sender_hash
from luna.observability.metrics import ACTION_ERRORS
from luna.user_text import MAX_MESSAGE_CHARS, too_long, without_control_characters

log = logging.getLogger(__name__)

Run = Callable[[Any, CollectingDispatcher, Tracker, DomainDict], Awaitable[list[dict[str, Any]]]]
_GUARDED = "_luna_fail_safe"
# Keys the sender hash: LUNA_LOG_KEY when set, so every replica names a conversation alike
# (as the JSON log lines do), else new for every process. Either way a hash can't be
# reversed by trying phone numbers.
_SENDER_KEY, _ = log_key()
# Every log line of the action server, rasa-sdk's included, without exception messages
# (luna/log_privacy.py); here because every action loads this module before it can run.
make_logs_private()


def sender_tag(sender_id: str | None) -> str:
    """The sender as Luna's log lines name it: a keyed hash, never the id (a phone number)."""
    return sender_hash(sender_id or "", _SENDER_KEY)


def clean_tracker(tracker: Tracker) -> None:
    """Removes control characters from every text the action can read, in place."""
    tracker.slots = _cleaned(tracker.slots) if _may_need_cleaning(tracker.slots) else tracker.slots
    tracker.latest_message = (_cleaned(tracker.latest_message) if _may_need_cleaning(tracker.latest_message)
                              else tracker.latest_message)
    tracker.events = _cleaned(tracker.events) if _may_need_cleaning(tracker.events) else tracker.events


# What luna.user_text drops, as it looks in JSON: the C0 controls are escaped (\u0001,
# \b, \f, \r; newline and tab, which stay, too), the others are written as they are.
_DROPPED_IN_JSON = re.compile(r"\\u00[01][0-9a-fA-F]|\\[bfr]|[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _may_need_cleaning(value: Any) -> bool:
    """False only when no text in `value` holds a character `_cleaned` would remove.

    The whole conversation comes with every action call and almost never holds one:
    searching its JSON (in C) is ten times faster than walking it in Python. A backslash
    typed before an "r" looks like an escape here; that only costs the walk.
    """
    try:
        encoded = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return True  # not JSON data: walk it
    return _DROPPED_IN_JSON.search(encoded) is not None


def _cleaned(value: Any) -> Any:
    if isinstance(value, str):
        return without_control_characters(value)
    if isinstance(value, dict):
        return {key: _cleaned(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    return value


def _guarded(run: Run) -> Run:
    @functools.wraps(run)
    async def guarded_run(self: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                          domain: DomainDict) -> list[dict[str, Any]]:
        try:
            clean_tracker(tracker)
            if isinstance(self, SafeFormValidationAction) and too_long((tracker.latest_message or {}).get("text")):
                dispatcher.utter_message(text=say("message_too_long", limit=f"{MAX_MESSAGE_CHARS:,}"))
                return self.events_after_failure(tracker)
            if isinstance(self, SafeFormValidationAction) and shared_location_answers_another_question(tracker):
                dispatcher.utter_message(text=say("shared_location_not_asked"))
                return self.events_after_failure(tracker)
            return await run(self, dispatcher, tracker, domain)
        except Exception as error:  # noqa: BLE001 - the point: whatever it is, the user gets an answer
            ACTION_ERRORS.labels(action=self.name()).inc()
            log.error("%s failed for sender %s with %s\n%s", self.name(), sender_tag(tracker.sender_id),
                      type(error).__name__, stack_without_messages(error))
            dispatcher.messages.clear()  # half an answer, then an apology, reads worse than the apology
            dispatcher.utter_message(text=say("action_failed"))
            return self.events_after_failure(tracker)

    setattr(guarded_run, _GUARDED, True)
    return guarded_run


class FailSafe:
    """Wraps the `run` of every subclass in `_guarded` (once, however deep the hierarchy)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not getattr(cls.run, _GUARDED, False):
            cls.run = _guarded(cls.run)

    def events_after_failure(self, tracker: Tracker) -> list[dict[str, Any]]:
        """The events returned when the action failed: by default none, so nothing changes."""
        return []


def is_fail_safe(run: Callable) -> bool:
    """Whether a registered action's run goes through the guard (tests check all do)."""
    return bool(getattr(run, _GUARDED, False))


class SafeAction(FailSafe, Action, ABC):
    """Base of every Luna action."""

    @abstractmethod
    def name(self) -> str:
        """The action's name (abstract, so rasa-sdk registers only the concrete actions)."""


class SafeFormValidationAction(FailSafe, FormValidationAction, ABC):
    """Base of every Luna form validation action."""

    @abstractmethod
    def name(self) -> str:
        """The validation action's name, validate_<form>."""

    def events_after_failure(self, tracker: Tracker) -> list[dict[str, Any]]:
        # What the form took from this message was not validated: it is dropped, and the
        # form asks its question again.
        return [SlotSet(slot, None) for slot in tracker.slots_to_validate() if slot != "requested_slot"]

