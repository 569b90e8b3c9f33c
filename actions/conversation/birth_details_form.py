"""Validation of the birth-details form: every answer goes through the engine's rules.

`BirthDetailsValidation` holds the behaviour shared by every form that collects a
person's birth details (the user's own, and later a partner's); a form names its
slots and inherits the validators.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from datetime import date, time
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation.asked_service import OWN_CHART_REQUESTS
from actions.conversation.birth_input import (
    OTHER_ZONE,
    TIME_WORDS,
    AmbiguousTime,
    read_birth_date,
    read_birth_time,
)
from actions.conversation.content import say
from actions.conversation.entities import PARTNER_ROLE, entity_pieces, entity_runs, gives_partner_details
from actions.conversation.fail_safe import SafeFormValidationAction
from actions.conversation.shared_location import place_at
from actions.conversation.slot_families import (
    OWN,
    PARTNER,
    UNKNOWN_TIME,
    PlaceInSlots,
    SlotFamily,
    candidate_values,
    place_candidates,
    place_values,
)
from luna import clock
from luna.astrology import AmbiguousPlace, InputError, resolve_place
from luna.shared_location import Coordinates, shared_coordinates

_NAME_PREFIX = re.compile(
    r"^\s*(hi|hello|hey|namaste)?[,!\s]*(my name is|my name's|name is|name:|i am|i'm|im|this is|it's|its|"
    r"mera naam|mera name|main|mai|myself)\s+",
    re.IGNORECASE,
)
_NAME_SUFFIX = re.compile(r"\s+(hai|h|here|hoon|hu)\s*[.!]*$", re.IGNORECASE)
_NAME_ALLOWED = re.compile(r"^[^\W\d_][^\d_@#/\\<>{}]*$", re.UNICODE)
# Replies that are not names, though a form asking "what's your name?" may receive them.
_NOT_NAMES = {"yes", "no", "ok", "okay", "hi", "hello", "hey", "haan", "han", "ha", "nahi", "na", "thanks",
              "thank you", "sure", "hmm", "kundli", "start", "stop", "help", "namaste"}
MAX_NAME_LENGTH = 60
# "I'm Gopal, born 9 sep 1979 in Patna": the word after a name cue is the name, whatever
# the NLU model tagged it as (an unfamiliar name is easily read as a town).
# The cue may open any sentence: "should I change my job? I am Kunal, ...".
_NAME_CUE = re.compile(
    r"(?:^|[.?!]\s+)\s*(?:(?:hi|hello|hey|namaste)\b[,!.\s]*)?(?:my name is|my name's|name is|i am|i'm|i m|im|"
    r"this is|mera naam|mera name|myself)\s+([^\W\d_]+(?:\s+[^\W\d_]+)?)\s*"
    r"(?=[,;.!]|$|\s+(?:and|born|dob|here|hai|from)\b)",
    re.IGNORECASE,
)
# A name opening a sentence of details: "Karthik, born on ...", "Imtiaz 12/3/1985 9 am ...".
_LEADING_NAME = re.compile(
    r"(?:^|[.?!:-]\s+)\s*([^\W\d_]+(?:\s+[^\W\d_]+)?)\s*(?:,\s*(?=born\b|dob\b|b\.|\d)"
    r"|\s+(?=\d{1,2}[/.-]\d|\d{1,2}(?:st|nd|rd|th)?\s+[^\W\d_]{3,}\s+\d{2,4}))",
    re.IGNORECASE,
)
# Words that open a sentence of details without being a name.
_NOT_LEADING_NAMES = {"born", "dob", "date", "birth", "kundli", "kundali", "chart", "details", "my", "meri", "mera",
                      "on", "at", "in", "me", "janam", "janm", "pls", "please", "ok", "okay", "hi", "hello", "hey",
                      "namaste", "yes", "no", "time", "place", "and", "name", "sir", "madam", "ji"}
# Words that follow "I am" without being a name ("I am from Delhi", "I'm born in 1990").
_NOT_AFTER_CUE = {"from", "born", "in", "looking", "interested", "not", "fine", "good", "ok", "okay", "here",
                  "new", "back", "confused", "asking", "a", "an", "the", "very", "so", "also", "male", "female",
                  "married", "single", "sure", "sorry", "done", "ready", "free", "worried", "curious", "trying"}


def _with_meridiem(clock: time) -> str:
    return f"{clock.hour % 12 or 12}:{clock.minute:02d} {'am' if clock.hour < 12 else 'pm'}"


def first_value(value: Any) -> Any:
    """Slots filled from several entities arrive as lists; the first is the one meant."""
    if isinstance(value, list):
        return value[0] if value else None
    return value


def clean_name(text: str) -> str:
    """'my name is ravi kumar' -> 'Ravi Kumar'; InputError if it can't be a name."""
    name = _NAME_SUFFIX.sub("", _NAME_PREFIX.sub("", text or "")).strip(" .,!?\"'")
    name = re.sub(r"\s+", " ", name)
    if (not name or len(name) > MAX_NAME_LENGTH or not _NAME_ALLOWED.match(name) or name.lower() in _NOT_NAMES
            or name.split()[0].lower() in _NOT_AFTER_CUE):  # "I am the boy obviously" names nobody
        raise InputError("What should I call you? Just your first name is fine.")
    return name.title() if name.islower() or name.isupper() else name


def name_after_cue(text: str) -> str | None:
    """'I'm Gopal, born ...' -> 'Gopal'; None when the message names nobody that way."""
    found = _NAME_CUE.search(text or "")
    if not found:
        return None
    words = found.group(1).split()
    if words[0].lower() in _NOT_AFTER_CUE:
        return None
    if len(words) > 1 and words[1].lower() in _NOT_AFTER_CUE | {"hoon", "hu", "h"}:
        words = words[:1]
    try:
        return clean_name(" ".join(words))
    except InputError:
        return None


def leading_name(text: str) -> str | None:
    """'Karthik, born on the 8th ...' -> 'Karthik': a name opening a sentence of details."""
    for found in _LEADING_NAME.finditer(text or ""):
        words = found.group(1).split()
        if any(word.lower() in _NOT_LEADING_NAMES | _NOT_NAMES for word in words):
            continue
        try:
            return clean_name(" ".join(words))
        except InputError:
            continue
    return None


class BirthDetailChecks:
    """The checks of one person's birth details, for the slots this class names.

    Plain (not an action) so that a form collecting two people's details can hold one
    of these per person.
    """

    # Whose chart is cast for noon, and whose name was unclear, in the content file's words
    # (None: the reader's own question, "What should I call you?").
    time_unknown_message = "time_unknown_caveat"
    name_unclear_message: str | None = None
    # What the reply to a shared location says the nearest town is used for.
    shared_location_message = "shared_location_for_birth_place"

    family: SlotFamily = OWN

    async def check_name(self, value: Any, dispatcher: CollectingDispatcher) -> dict:
        try:
            return {self.family.name: clean_name(str(first_value(value) or ""))}
        except InputError as problem:
            dispatcher.utter_message(text=say(self.name_unclear_message) if self.name_unclear_message else str(problem))
            return {self.family.name: None}

    async def check_date(self, value: Any, dispatcher: CollectingDispatcher) -> dict:
        # Dates in the future are checked against the earliest time zone's today.
        today = clock.now().date()
        try:
            return {self.family.date: read_birth_date(str(first_value(value) or ""), _latest_today(today)).isoformat()}
        except InputError as problem:
            dispatcher.utter_message(text=str(problem))
            return {self.family.date: None}

    async def check_time(self, value: Any, dispatcher: CollectingDispatcher, just_answered: bool) -> dict:
        text = str(first_value(value) or "")
        if not just_answered and (text == UNKNOWN_TIME or re.fullmatch(r"\d{2}:\d{2}", text)):
            return {self.family.time: text}  # a stored profile being re-checked
        try:
            clock = read_birth_time(text)
        except AmbiguousTime as question:
            dispatcher.utter_message(
                text=str(question),
                buttons=[
                    # "10:30 am", not "10:30": the button's answer must not be ambiguous itself.
                    {"title": label, "payload": f'/provide_birth_details{{"time": "{_with_meridiem(option)}"}}'}
                    for label, option in zip(question.labels, question.options, strict=False)
                ],
            )
            return {self.family.time: None}
        except InputError as problem:
            dispatcher.utter_message(text=str(problem))
            return {self.family.time: None}
        if clock is None:
            dispatcher.utter_message(text=say(self.time_unknown_message))
            return {self.family.time: UNKNOWN_TIME}
        return {self.family.time: clock.strftime("%H:%M")}

    async def check_place(self, value: Any, dispatcher: CollectingDispatcher,
                          candidates: list[Any] | None = None) -> dict:
        """`candidates`: the family's candidates slot, the places offered after an ambiguous answer."""
        text = str(first_value(value) or "")
        coordinates = shared_coordinates(text)
        if coordinates is not None:
            return self._check_shared_location(coordinates, dispatcher)
        # An answer to "which Hyderabad?" (a button, "India", "the first one") takes the
        # place offered as it was found: the name alone could be ambiguous again.
        picked = pick_candidate(text, place_candidates(candidates))
        if picked is not None:
            return place_values(self.family, picked)
        try:
            place = resolve_place(text)
        except AmbiguousPlace as ambiguous:
            return {self.family.place: None, self.family.candidates: candidate_values(ambiguous.candidates)}
        except InputError as problem:
            dispatcher.utter_message(text=str(problem))
            return {self.family.place: None, self.family.candidates: None}
        return place_values(self.family, place)

    def _check_shared_location(self, coordinates: Coordinates, dispatcher: CollectingDispatcher) -> dict:
        """The nearest town, named in the reply so a wrong one can be corrected."""
        try:
            place = place_at(coordinates)
        except InputError as problem:
            dispatcher.utter_message(text=str(problem))
            return {self.family.place: None, self.family.candidates: None}
        dispatcher.utter_message(text=say(self.shared_location_message, place=place.label))
        return place_values(self.family, place)


class BirthDetailsValidation(BirthDetailChecks, SafeFormValidationAction, ABC):
    """A form validation action for the user's own birth details."""

    @abstractmethod
    def name(self) -> str:
        """The validation action of the concrete form (rasa-sdk skips abstract classes)."""


class ValidateBirthDetailsForm(BirthDetailsValidation):
    def name(self) -> str:
        return "validate_birth_details_form"

    async def extract_name(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        if PARTNER.holds(tracker.get_slot("requested_slot")):
            return {}  # an answer about the partner
        answer = bare_answer(tracker, self.family.name) or whole_name(tracker) or cued_name(tracker)
        return {self.family.name: answer} if answer else {}

    async def validate_name(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                            domain: DomainDict) -> dict:
        previous = value_before_this_turn(tracker, self.family.name)
        if previous and answers_another_question(tracker, self.family.name, value):
            # "Xyzzyville" sent when asked for the place was read as a name too: it answers
            # the question asked, and must not rename the person.
            return {self.family.name: previous}
        return await self.check_name(value, dispatcher)

    async def extract_birth_date(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> dict:
        return detail_answer(tracker, self.family.date, "date", reads_as_date)

    async def extract_birth_time(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> dict:
        return detail_answer(tracker, self.family.time, "time", reads_as_time)

    async def validate_birth_date(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> dict:
        if unasked_and_unread(tracker, self.family.date, value, reads_as_date):
            return {self.family.date: value_before_this_turn(tracker, self.family.date)}
        known = value_before_this_turn(tracker, self.family.date)
        if known and is_a_requests_date(tracker, self.family.date, value):
            # "will my sade sati be on in june 2031?" from someone Luna knows: the request's
            # date, not a new birth date, so the one given before stays.
            return {self.family.date: known}
        return await self.check_date(value, dispatcher)

    async def validate_birth_time(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> dict:
        if unasked_and_unread(tracker, self.family.time, value, reads_as_time):
            return {self.family.time: value_before_this_turn(tracker, self.family.time)}
        if answered_now(tracker, "time", self.family.time) and mentions_another_zone(tracker):
            dispatcher.utter_message(text=say("time_in_another_zone"))
            return {self.family.time: None}
        return await self.check_time(value, dispatcher, answered_now(tracker, "time", self.family.time))

    async def extract_birth_place(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> dict:
        answer = bare_answer(tracker, self.family.place)
        return {self.family.place: answer} if answer else {}

    async def validate_birth_place(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> dict:
        if resolved_before(tracker, self.family, value):
            # A form reopened on details settled earlier (the saved profile): looking the
            # label up again would trade a shared location's exact point for the town's.
            return {self.family.place: value}
        if answers_another_question(tracker, self.family.place, value):
            # "Mohan" answering "what's your name?" is also a town the place ruler knows.
            return {self.family.place: value_before_this_turn(tracker, self.family.place)}
        if is_time_word(value):
            # "sawa" in "sawa 7 baje shaam" is a word of the time, never over the town given before.
            return {self.family.place: value_before_this_turn(tracker, self.family.place)}
        value = place_besides_name(tracker, value)
        if value is None:
            return {self.family.place: None}
        value = place_with_its_region(tracker, value)
        return await self.check_place(value, dispatcher, tracker.get_slot(self.family.candidates))


# Messages that are never an answer to a form's question, whatever they contain.
NEVER_AN_ANSWER = frozenset({"delete_my_data", "help", "goodbye", "bot_challenge", "deny", "restart"})
# A free-text answer to the question asked is short; a long message is about something else.
_SHORT_ANSWER_WORDS = 8


def detail_answer(tracker: Tracker, slot: str, entity: str, reads: Callable[[str], bool]) -> dict:
    """The whole date or time the latest message gave for `slot`, when the domain's
    mappings took only a piece of it or missed a plain answer to the question asked.

    - The model may tag one date as two pieces ("3 october" + "2023"): when a mapping
      filled the slot from such a piece, the slot gets the message's own words for all
      of them ("3 october 2023").
    - "quarter past 7 at night" typed when asked for the time is that time even if the
      model read the message as out of scope: a short message that reads as a date or
      time answers the question asked (never a request to delete data, help or stop).
    """
    latest = tracker.latest_message or {}
    if ((latest.get("intent") or {}).get("name")) in NEVER_AN_ANSWER:
        return {}
    text = (latest.get("text") or "").strip()
    short_answer = (tracker.get_slot("requested_slot") == slot and text and len(text.split()) <= _SHORT_ANSWER_WORDS
                    and not text.startswith("/"))
    if short_answer and reads(text):
        # The whole answer, with the words around the piece the model tagged: "dopahar"
        # in "dopahar 2 baje" and "sawa" in "sawa 7 baje shaam" change the time.
        return {slot: text}
    if slot in tracker.slots_to_validate():
        # A partner's slot takes the pieces marked as the partner's, or the plain answer
        # to the form's question about the partner.
        role = PARTNER_ROLE if PARTNER.holds(slot) and gives_partner_details(latest) else None
        runs = entity_runs(latest, entity, role)
        if len(runs) == 1 and runs[0][1] == 1:
            return {}  # one piece, as the mapping took it
        # Several pieces or several dates ("career in 2027? ... 1 Jan 1990"): the first
        # that reads as one whole; with none, what the mapping took stands.
        readable = next((words for words, _ in runs if reads(words)), None)
        # A run joining a date and a time the model both tagged as times ("15 march 1992
        # at 10:30 pm") reads as neither: then the first piece that reads alone.
        readable = readable or next((words for words in entity_pieces(latest, entity, role) if reads(words)), None)
        return {slot: readable} if readable else {}
    if entity == "date" and tracker.get_slot(slot) is None:
        # "born on 15 march 1992 at 10:30 pm" with the date tagged as a time.
        role = PARTNER_ROLE if PARTNER.holds(slot) and gives_partner_details(latest) else None
        tagged_as_time = next((words for words, _ in entity_runs(latest, "time", role) if reads(words)), None)
        return {slot: tagged_as_time} if tagged_as_time else {}
    return {}


def unasked_and_unread(tracker: Tracker, slot: str, value: Any, reads: Callable[[str], bool]) -> bool:
    """True when this turn answered another question and the piece the model also tagged
    for this slot does not read as one: it is dropped without a word, and the slot keeps
    what it had ("10 30" typed for the time and tagged as a date too must not wipe the
    date given before, nor "around" in "around 1990" draw a complaint about the time)."""
    if tracker.get_slot("requested_slot") in (None, slot):
        return False
    return not reads(str(first_value(value) or ""))


# Words that make a date in a request the person's birth date.
_BIRTH_WORDS = re.compile(r"\b(born|birth|dob|d\.o\.b|janm|janam|paida|birthday)", re.IGNORECASE)


def is_a_requests_date(tracker: Tracker, slot: str, value: Any) -> bool:
    """True for a date inside a reading's request that cannot be a birth date (a future
    month, a bare year) and that no word calls one."""
    message = tracker.latest_message or {}
    intent = (message.get("intent") or {}).get("name")
    return (intent in OWN_CHART_REQUESTS and tracker.get_slot("requested_slot") != slot
            and not _BIRTH_WORDS.search(message.get("text") or "")
            and not reads_as_date(str(first_value(value) or "")))


def mentions_another_zone(tracker: Tracker) -> bool:
    """"22:30 GMT": a clock in another zone, not the local time the chart needs."""
    return OTHER_ZONE.search((tracker.latest_message or {}).get("text") or "") is not None


def is_time_word(value: Any) -> bool:
    """A word of a spoken time that the place ruler knows as a town too ("sawa 7 baje"
    has a Sawa in Rajasthan; "GMT" is no town either)."""
    return str(first_value(value) or "").strip().lower() in TIME_WORDS


def reads_as_date(text: str) -> bool:
    try:
        read_birth_date(text, _latest_today(clock.now().date()))
    except InputError:
        return False
    return True


def reads_as_time(text: str) -> bool:
    """A clock time, and not a date the model tagged as a time ("15 march 1992")."""
    try:
        clock = read_birth_time(text)
    except AmbiguousTime:
        return not reads_as_date(text)  # a clock time: am or pm is asked back
    except InputError:
        return False
    return clock is not None and not reads_as_date(text)


def bare_answer(tracker: Tracker, slot: str) -> str | None:
    """The whole message, when it is nothing but one name or town answering the question
    asked for `slot`: "Ritu" or "Ujjain" is the answer whatever intent the model gave it
    (never a request to delete data, help or stop)."""
    latest = tracker.latest_message or {}
    if tracker.get_slot("requested_slot") != slot or (latest.get("intent") or {}).get("name") in NEVER_AN_ANSWER:
        return None
    text = latest.get("text") or ""
    answer = text.strip(" .,!?")
    if not answer or answer.startswith("/"):
        return None
    tagged = {text[found["start"]:found["end"]].strip(" .,!?").lower() for found in latest.get("entities") or ()
              if found.get("entity") in ("name", "place")
              and isinstance(found.get("start"), int) and isinstance(found.get("end"), int)}
    return answer if answer.lower() in tagged else None


def name_taken_for_town(message: dict[str, Any], role: str | None = None) -> str | None:
    """"my girlfriend Ira, she was born ... in Surat": a word only the model (not the
    gazetteer) took for a town, in a message that names its town too, is the name."""
    places = [found for found in message.get("entities") or ()
              if found.get("entity") == "place" and found.get("role") == role]
    towns = {str(found.get("value") or "").lower() for found in places
             if found.get("extractor") == "SpacyEntityExtractor"}
    for found in places:
        word = str(found.get("value") or "")
        if found.get("extractor") != "SpacyEntityExtractor" and word.lower() not in towns and towns:
            try:
                return clean_name(word)
            except InputError:
                return None
    return None


def whole_name(tracker: Tracker) -> str | None:
    """"Ananya Iyer" when the model tagged "Ananya" and "Iyer" apart (the slot keeps the last)."""
    latest = tracker.latest_message or {}
    runs = entity_runs(latest, "name")
    return runs[0][0] if runs and runs[0][1] > 1 else None


# "Hyderabad, Telangana": the state or country written after the town.
_REGION_AFTER = re.compile(r"^\s*,?\s*([^\W\d_][^\W\d_ .]*(?:\s+[^\W\d_][^\W\d_ .]*){0,2})\s*(?=[,.!?;]|$)")


def place_with_its_region(tracker: Tracker, value: Any) -> Any:
    """The town with the state or country the message wrote after it, when that names one
    place; the model tags only the town, and a town alone may be ambiguous."""
    text = (tracker.latest_message or {}).get("text") or ""
    town = str(first_value(value) or "")
    at = text.lower().find(town.lower()) if town else -1
    region = _REGION_AFTER.match(text[at + len(town):]) if at >= 0 else None
    if not region:
        return value
    written = f"{town}, {region.group(1)}"
    try:
        resolve_place(written)
    except InputError:
        return value
    return written


def cued_name(tracker: Tracker) -> str | None:
    """A name given with a cue in the latest birth-details message the model missed."""
    latest = tracker.latest_message or {}
    if (latest.get("intent") or {}).get("name") not in ("provide_birth_details", "update_birth_details",
                                                         "ask_horoscope", *OWN_CHART_REQUESTS):
        return None
    if any(found.get("entity") == "name" and not found.get("role") for found in latest.get("entities", [])):
        return None  # the model found the name itself
    text = latest.get("text") or ""
    cued = name_after_cue(text)
    if cued:
        return cued
    # Weaker than a cue: a leading word the gazetteer knows as a town is taken for the town
    # ("Delhi 12/3/1985"); one only the model tagged as a town ("Pallavi, 25 jan 1995") is a name.
    # A town named later ("Kamal, 3 march 1985, Pune") leaves the leading word a name.
    leading = leading_name(text)
    towns = {str(found.get("value") or "").lower() for found in latest.get("entities", [])
             if found.get("entity") == "place" and found.get("extractor") == "SpacyEntityExtractor"}
    if not leading or (leading.lower() in towns and not towns - {leading.lower()}):
        return None
    return leading


def place_besides_name(tracker: Tracker, value: Any) -> Any:
    """The place meant, when the model also read the cued name ("I'm Gopal ...") as a place.

    Another place in the same message wins; with none, the place is still to be asked.
    """
    latest = tracker.latest_message or {}
    cued = name_after_cue(latest.get("text") or "")
    if not cued or str(first_value(value) or "").strip().lower() != cued.lower():
        return value
    others = [found.get("value") for found in latest.get("entities", [])
              if found.get("entity") == "place" and not found.get("role")
              and str(found.get("value")).strip().lower() != cued.lower()]
    return others[-1] if others else None


def value_before_this_turn(tracker: Tracker, slot: str) -> Any:
    """The slot's value before the latest user message."""
    seen_latest_message = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_latest_message = True
        elif seen_latest_message and event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None


def resolved_before(tracker: Tracker, family: SlotFamily, value: Any) -> bool:
    """Whether this place is the one an earlier turn already resolved, with its coordinates."""
    located = all(tracker.get_slot(slot) is not None for slot in (family.latitude, family.longitude, family.timezone))
    return located and isinstance(value, str) and value == value_before_this_turn(tracker, family.place)


def answers_another_question(tracker: Tracker, slot: str, value: Any) -> bool:
    """True when the whole message is this value while the form asked for another slot."""
    requested = tracker.get_slot("requested_slot")
    text = ((tracker.latest_message or {}).get("text") or "").strip(" .,!?").lower()
    return requested not in (None, slot) and text == str(first_value(value) or "").strip().lower()


def answered_now(tracker: Tracker, entity: str, slot: str) -> bool:
    """Whether the latest message gave this detail (not a stored profile being re-checked)."""
    latest = tracker.latest_message or {}
    role = PARTNER_ROLE if PARTNER.holds(slot) else None
    if any(found.get("entity") == entity and found.get("role") == role for found in latest.get("entities", [])):
        return True
    return tracker.get_slot("requested_slot") == slot


_ORDINALS = {"1": 0, "first": 0, "1st": 0, "2": 1, "second": 1, "2nd": 1, "3": 2, "third": 2, "3rd": 2,
             "4": 3, "fourth": 3, "4th": 3, "5": 4, "fifth": 4, "5th": 4, "last": -1}
_CHOICE_FILLER = {"the", "one", "in", "wala", "vala", "wali", "waala", "of", "from", "city", "please", "pls"}


def pick_candidate(text: str, candidates: list[PlaceInSlots]) -> PlaceInSlots | None:
    """The candidate an answer points at: its button's label, "India", "telangana wala",
    "2nd", or None."""
    exact = [place for place in candidates if place.label.lower() == text.strip().lower()]
    if exact:
        return exact[0]
    words = [w for w in re.findall(r"[\w']+", text.lower()) if w not in _CHOICE_FILLER]
    if not words or not candidates:
        return None
    if len(words) == 1 and words[0] in _ORDINALS and -len(candidates) <= _ORDINALS[words[0]] < len(candidates):
        return candidates[_ORDINALS[words[0]]]
    matching = [place for place in candidates if all(word in place.label.lower() for word in words)]
    return matching[0] if matching else None


def _latest_today(utc_today: date) -> date:
    """Somewhere on Earth (UTC+14) it may already be tomorrow: a birth 'today' there is real."""
    return date.fromordinal(utc_today.toordinal() + 1)
