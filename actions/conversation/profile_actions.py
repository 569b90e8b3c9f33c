"""Remembering people: load the profile at session start, save it, update and restore it.

The database is the source of truth; slots are this session's copy. A database that
cannot be reached is said plainly and the conversation goes on without it.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation.birth_profile import channel_of, details_from_profile, profile_from_details
from actions.conversation.content import say
from actions.conversation.dependencies import profile_store
from actions.conversation.fail_safe import SafeAction
from actions.conversation.slot_families import OWN, PARTNER, cleared, details_in, details_values
from luna.astrology import InputError
from luna.profiles import Profile, ProfileStoreError

log = logging.getLogger(__name__)

_BIRTH_ENTITIES = {"name", "date", "time", "place"}


async def load_profile(tracker: Tracker) -> Profile | None:
    """The stored profile, None when there is none; ProfileStoreError when the database
    can't be reached."""
    store = await profile_store()
    return await store.get(channel_of(tracker), tracker.sender_id)


async def stored_profile(tracker: Tracker) -> Profile | None:
    """The stored profile; None when there is none or the database can't be reached."""
    try:
        return await load_profile(tracker)
    except ProfileStoreError as error:
        # The message only: the database's own detail may quote the person's birth data.
        log.error("could not load a profile: %s", error)
        return None


class ActionSessionStart(SafeAction):
    """Starts each session with the person's stored birth details, if any."""

    def name(self) -> str:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = [SessionStarted()]
        metadata = tracker.get_slot("session_started_metadata")
        if metadata:
            events.append(SlotSet("session_started_metadata", metadata))
        try:
            profile = await load_profile(tracker)
        except ProfileStoreError as error:
            # Said, not hidden: a known person greeted as a stranger in silence would give
            # their details again, or think Luna forgot them.
            log.error("could not load a profile: %s", error)
            dispatcher.utter_message(text=say("records_unreachable"))
            profile = None
        events.extend(slots_from_profile(profile))
        events.append(ActionExecuted("action_listen"))
        return events

    def events_after_failure(self, tracker: Tracker) -> list[dict[str, Any]]:
        # The session starts even when loading the profile failed (Rasa needs both events).
        return [SessionStarted(), ActionExecuted("action_listen")]


class ActionSaveProfile(SafeAction):
    """Stores the completed birth details (insert or update)."""

    def name(self) -> str:
        return "action_save_profile"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        try:
            details = details_in(tracker, OWN)
        except InputError as problem:
            dispatcher.utter_message(text=str(problem))
            return []
        if details is None:
            return []
        profile = profile_from_details(details, channel_of(tracker), tracker.sender_id,
                                       tracker.get_slot("match_role"))
        try:
            store = await profile_store()
            previous = await store.get(profile.channel, profile.sender_id)
            if previous is None or _changed(previous, profile):
                await store.save(profile)
                dispatcher.utter_message(text=say("profile_saved", name=details.name))
            elif profile.match_side and profile.match_side != previous.match_side:
                await store.save(profile)  # the side of a match, said for the first time: remembered quietly
        except ProfileStoreError as error:
            log.error("could not save a profile: %s", error)
            dispatcher.utter_message(text=say("profile_not_saved"))
            return []
        return [SlotSet("has_profile", True)]


class ActionBeginUpdate(SafeAction):
    """Starts a correction: new values in the message are validated by the form; with
    none, the form asks for every detail again. The store changes only when the form
    completes, so stopping halfway loses nothing."""

    def name(self) -> str:
        return "action_begin_update"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        entities = {entity.get("entity") for entity in (tracker.latest_message or {}).get("entities", [])
                    if not entity.get("role")}
        if entities & _BIRTH_ENTITIES:
            return []
        if (tracker.active_loop or {}).get("name"):
            return []  # inside a form the answers given so far stay; the form asks its question again
        dispatcher.utter_message(text=say("update_start"))
        return cleared(OWN)


class ActionRestoreProfile(SafeAction):
    """After the user stops the form: put the stored details back, if there are any."""

    def name(self) -> str:
        return "action_restore_profile"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        # A half-typed partner (kundli matching) is dropped too.
        forget_partner = cleared(PARTNER)
        profile = await stored_profile(tracker)
        if profile is None:
            dispatcher.utter_message(text=say("form_paused"))
            return [SlotSet(OWN.candidates, None), *forget_partner]
        dispatcher.utter_message(text=say("match_stopped" if _stopped_form(tracker) == "compatibility_form"
                                          else "update_kept"))
        return [*slots_from_profile(profile), *forget_partner]


def _stopped_form(tracker: Tracker) -> str | None:
    """The form the user just stopped: the last one that was active."""
    return next((event.get("name") for event in reversed(tracker.events)
                 if event.get("event") == "active_loop" and event.get("name")), None)


def slots_from_profile(profile: Profile | None) -> list[dict[str, Any]]:
    """Slot events that put a stored profile back into the conversation."""
    if profile is None:
        return [SlotSet("has_profile", False)]
    own = details_values(OWN, details_from_profile(profile))
    return [*(SlotSet(slot, value) for slot, value in own.items()),
            SlotSet("match_role", profile.match_side), SlotSet("has_profile", True)]


def _changed(previous: Profile, current: Profile) -> bool:
    fields = ("name", "birth_date", "birth_time", "time_known", "place_label", "latitude", "longitude", "timezone")
    return any(getattr(previous, field) != getattr(current, field) for field in fields)
