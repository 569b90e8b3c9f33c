"""Forgetting a person: their profile, their record of LLM calls, their chart pictures and
(through the tracker store, see stores/tracker.py) their conversation history."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import Restarted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation.birth_profile import BirthDetails, channel_of, details_from_profile
from actions.conversation.content import say
from actions.conversation.dependencies import llm_usage, profile_store
from actions.conversation.fail_safe import SafeAction
from actions.conversation.profile_actions import stored_profile
from actions.conversation.slot_families import OWN, details_in
from luna.astrology import InputError
from luna.charts import delete_chart_images, delete_owner_images
from luna.profiles import ProfileStoreError

log = logging.getLogger(__name__)


class ActionDeleteMyData(SafeAction):
    """Runs after the user confirmed. Ends with a restart: the tracker store deletes the
    whole conversation up to it, and the next message starts as a stranger's."""

    def name(self) -> str:
        return "action_delete_my_data"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        try:
            store = await profile_store()
            profile = await stored_profile(tracker)
            # The call records first: when the profile's delete then fails, "nothing was
            # deleted" stays true of everything the person would look for.
            await (await llm_usage()).forget(channel_of(tracker), tracker.sender_id)
            await store.delete(channel_of(tracker), tracker.sender_id)
        except ProfileStoreError as error:
            log.error("could not delete a profile or its LLM calls: %s", error)
            dispatcher.utter_message(text=say("delete_failed"))
            return []  # no restart: the history stays until the profile is really gone
        await asyncio.to_thread(_delete_pictures, picture_owner(tracker), details_from_slots_quietly(tracker), profile)
        dispatcher.utter_message(text=say("data_deleted"))
        return [Restarted()]


def details_from_slots_quietly(tracker: Tracker) -> BirthDetails | None:
    try:
        return details_in(tracker, OWN)
    except InputError:
        return None


def picture_owner(tracker: Tracker) -> str:
    """Whom a chart picture is drawn for (luna.charts lists it under them): the person's
    channel and sender id, as their profile is keyed."""
    return f"{channel_of(tracker)}:{tracker.sender_id}"


def _delete_pictures(owner: str, details: BirthDetails | None, profile) -> None:
    """Every picture listed under the person, whatever birth details or drawing it had;
    and, found from their charts, those drawn before pictures were listed: of the chart in
    the slots and of the stored one (they may differ mid-correction)."""
    try:
        delete_owner_images(owner)
    except OSError as error:
        log.error("could not delete chart pictures: %s", error)
    people = [details] if details else []
    if profile is not None:
        people.append(details_from_profile(profile))
    for person in people:
        try:
            titles = (f"{person.name}'s kundli", f"{person.name}'s navamsa")
            delete_chart_images(person.chart(), titles)
        except (InputError, OSError) as error:
            log.error("could not delete chart pictures: %s", error)
