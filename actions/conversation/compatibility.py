"""Kundli matching: the partner's birth details through the same checks as the user's,
then the guna milan table, its traditional meaning and both people's manglik status."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation.birth_details_form import (
    NEVER_AN_ANSWER,
    BirthDetailChecks,
    ValidateBirthDetailsForm,
    answered_now,
    answers_another_question,
    bare_answer,
    detail_answer,
    is_time_word,
    mentions_another_zone,
    name_taken_for_town,
    place_with_its_region,
    reads_as_date,
    reads_as_time,
    unasked_and_unread,
    value_before_this_turn,
)
from actions.conversation.birth_details_questions import AskFor, AskForPlace
from actions.conversation.birth_profile import BirthDetails
from actions.conversation.content import say
from actions.conversation.entities import PARTNER_ROLE, gives_partner_details
from actions.conversation.fail_safe import SafeAction
from actions.conversation.slot_families import OWN, PARTNER, cleared, details_in
from luna.astrology import Chart, InputError, ashtakoota, interpret_total, manglik

_GIRL = re.compile(r"\b(girl|bride|female|woman|lady|ladki|dulhan|wife|she)\b", re.IGNORECASE)
_BOY = re.compile(r"\b(boy|groom|male|man|gentleman|ladka|dulha|husband|he)\b", re.IGNORECASE)
KOOTA_LABELS = {
    "varna": "Varna", "vashya": "Vashya", "tara": "Tara", "yoni": "Yoni", "graha_maitri": "Graha maitri",
    "gana": "Gana", "bhakoot": "Bhakoot", "nadi": "Nadi",
}


class PartnerChecks(BirthDetailChecks):
    family = PARTNER
    time_unknown_message = "partner_time_unknown_caveat"
    name_unclear_message = "partner_name_unclear"
    shared_location_message = "shared_location_for_partner_place"


# The user saying which side they are, in a request: "I'm the groom", "main ladki hoon".
_I_AM = r"\b(i['’]?m|i\s+am|im|main|mai)\s+(the\s+|a\s+)?"
_SELF_GIRL = re.compile(_I_AM + r"(girl|bride|ladki|dulhan|female|woman)\b", re.I)
_SELF_BOY = re.compile(_I_AM + r"(boy|groom|ladka|dulha|male|man)\b", re.I)
# The partner named by a relation that says their side: "my fiancée" makes the user the boy.
# ("fiance" without the final e is left alone: people write it for both.)
_PARTNER_GIRL = re.compile(
    r"\b(fianc[ée]e|wife|wifey|girl\s?friend|gf|bride|patni|dulhan|hone\s+wali|her\s+name|ladki\s+ka|ladki\s+ki)\b"
    r"|\bshe\b", re.I)
_PARTNER_BOY = re.compile(
    r"\b(husband|hubby|boy\s?friend|bf|groom|pati|dulha|hone\s+wala|his\s+name|ladke\s+ka|ladke\s+ki)\b"
    r"|\bhe\b", re.I)


def side_from_request(text: str) -> str | None:
    """The user's side as a matching request states or implies it, or None: asked then."""
    text = text or ""
    said = {"girl"} if _SELF_GIRL.search(text) else set()
    said |= {"boy"} if _SELF_BOY.search(text) else set()
    if not said:
        masked = _SELF_BOY.sub(" ", _SELF_GIRL.sub(" ", text))
        said |= {"boy"} if _PARTNER_GIRL.search(masked) else set()
        said |= {"girl"} if _PARTNER_BOY.search(masked) else set()
    return said.pop() if len(said) == 1 else None


def _short_answer(tracker: Tracker) -> str:
    """The latest message when it is short enough to be an answer, else ""."""
    latest = tracker.latest_message or {}
    text = latest.get("text") or ""
    if (latest.get("intent") or {}).get("name") in NEVER_AN_ANSWER or len(text.split()) > 8:
        return ""
    return text


def read_role(text: str) -> str | None:
    """'I am the bride' -> 'girl'; None when the answer says neither."""
    girl, boy = _GIRL.search(text or ""), _BOY.search(text or "")
    if girl and not boy:
        return "girl"
    if boy and not girl:
        return "boy"
    return None


class ValidateCompatibilityForm(ValidateBirthDetailsForm):
    """The user's own details (already there for someone Luna knows), which side of the
    match they are, then the partner's details."""

    _partner = PartnerChecks()

    def name(self) -> str:
        return "validate_compatibility_form"

    async def extract_match_role(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> dict:
        """The side the latest message states ("I'm the groom, match me with Pooja"), so
        it is not asked; a side said in this message wins over one remembered."""
        if tracker.get_slot("requested_slot") == "match_role":
            # "ladki" or "groom" answers the question whatever intent the model read.
            side = read_role(_short_answer(tracker))
            return {"match_role": side} if side else {}
        text = (tracker.latest_message or {}).get("text") or ""
        if tracker.get_slot("match_role") and not (_SELF_GIRL.search(text) or _SELF_BOY.search(text)):
            return {}  # "he was born at 8" answering about the partner changes no side
        side = side_from_request(text)
        return {"match_role": side} if side else {}

    async def validate_match_role(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> dict:
        role = value if value in ("boy", "girl") else read_role(str(value or ""))
        if role is None:
            dispatcher.utter_message(text=say("match_role_unclear"))
        return {"match_role": role}

    async def extract_partner_name(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                   domain: DomainDict) -> dict:
        answer = bare_answer(tracker, PARTNER.name)
        latest = tracker.latest_message or {}
        if not answer and not tracker.get_slot(PARTNER.name) and gives_partner_details(latest):
            answer = name_taken_for_town(latest, PARTNER_ROLE)
        return {PARTNER.name: answer} if answer else {}

    async def extract_partner_birth_place(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                          domain: DomainDict) -> dict:
        answer = bare_answer(tracker, PARTNER.place)
        return {PARTNER.place: answer} if answer else {}

    async def validate_partner_name(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> dict:
        previous = value_before_this_turn(tracker, PARTNER.name)
        if previous and answers_another_question(tracker, PARTNER.name, value):
            # "Nanded" answering where the partner was born is tagged as a name too.
            return {PARTNER.name: previous}
        return await self._partner.check_name(value, dispatcher)

    async def extract_partner_birth_date(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                         domain: DomainDict) -> dict:
        return detail_answer(tracker, PARTNER.date, "date", reads_as_date)

    async def extract_partner_birth_time(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                         domain: DomainDict) -> dict:
        return detail_answer(tracker, PARTNER.time, "time", reads_as_time)

    async def validate_partner_birth_date(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                          domain: DomainDict) -> dict:
        if unasked_and_unread(tracker, PARTNER.date, value, reads_as_date):
            return {PARTNER.date: value_before_this_turn(tracker, PARTNER.date)}
        return await self._partner.check_date(value, dispatcher)

    async def validate_partner_birth_time(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                          domain: DomainDict) -> dict:
        if unasked_and_unread(tracker, PARTNER.time, value, reads_as_time):
            return {PARTNER.time: value_before_this_turn(tracker, PARTNER.time)}
        if answered_now(tracker, "time", PARTNER.time) and mentions_another_zone(tracker):
            dispatcher.utter_message(text=say("time_in_another_zone"))
            return {PARTNER.time: None}
        return await self._partner.check_time(value, dispatcher, answered_now(tracker, "time", PARTNER.time))

    async def validate_partner_birth_place(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                           domain: DomainDict) -> dict:
        if is_time_word(value):
            return {PARTNER.place: None}
        value = place_with_its_region(tracker, value)
        return await self._partner.check_place(value, dispatcher, tracker.get_slot(PARTNER.candidates))


class ActionAskMatchRole(SafeAction):
    def name(self) -> str:
        return "action_ask_match_role"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=say("ask_match_role"), buttons=[
            {"title": "I'm the girl (bride)", "payload": "I am the girl"},
            {"title": "I'm the boy (groom)", "payload": "I am the boy"},
        ])
        return []


class _AsksAboutPartner:
    def values(self, tracker: Tracker) -> dict[str, Any]:
        return {"partner": tracker.get_slot(PARTNER.name) or "your partner"}


class ActionAskPartnerName(_AsksAboutPartner, AskFor):
    slot = PARTNER.name


class ActionAskPartnerBirthDate(_AsksAboutPartner, AskFor):
    slot = PARTNER.date


class ActionAskPartnerBirthTime(_AsksAboutPartner, AskFor):
    slot = PARTNER.time


class ActionAskPartnerBirthPlace(_AsksAboutPartner, AskForPlace):
    family = PARTNER
    slot = PARTNER.place


class ActionMatch(SafeAction):
    """The guna milan of the user and the partner; the partner's details are then
    forgotten (they are not the user's to store)."""

    def name(self) -> str:
        return "action_match"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict[str, Any]]:
        forget_partner = cleared(PARTNER)
        try:
            own = details_in(tracker, OWN)
            partner = details_in(tracker, PARTNER)
            if own is None or partner is None:
                dispatcher.utter_message(text=say("need_birth_details"))
                return forget_partner
            own_chart, partner_chart = own.chart(), partner.chart()
        except InputError as problem:
            dispatcher.utter_message(text=str(problem))
            return forget_partner
        user_is_girl = tracker.get_slot("match_role") == "girl"
        girl, boy = (own, partner) if user_is_girl else (partner, own)
        girl_chart, boy_chart = (own_chart, partner_chart) if user_is_girl else (partner_chart, own_chart)
        for text in match_messages(boy, boy_chart, girl, girl_chart):
            dispatcher.utter_message(text=text)
        dispatcher.utter_message(text=say("match_next"), buttons=[
            {"title": "Match someone else", "payload": "/ask_compatibility"},
            {"title": "My kundli", "payload": "/request_kundli"},
        ])
        return forget_partner


def match_messages(boy: BirthDetails, boy_chart: Chart, girl: BirthDetails, girl_chart: Chart) -> list[str]:
    result = ashtakoota(boy_chart.moon.longitude, girl_chart.moon.longitude)
    rows = "\n".join(
        say("match_row", koota=KOOTA_LABELS[k.name], points=f"{k.points:g}", max=f"{k.max_points:g}",
            meaning=say(f"koota_{k.name}"))
        for k in result.kootas
    )
    messages = [say(
        "match_table", boy=boy.name, girl=girl.name, rows=rows, total=f"{result.total:g}", max=f"{result.max:g}",
        meaning=interpret_total(result.total),
        boy_moon=f"{boy_chart.moon.sign_name}, {boy_chart.moon.nakshatra_name}",
        girl_moon=f"{girl_chart.moon.sign_name}, {girl_chart.moon.nakshatra_name}",
    )]
    # The reasons behind the kootas that scored nothing: the doshas people ask about.
    notes = [f"{KOOTA_LABELS[k.name]}: {k.note}" for k in result.kootas if k.points == 0 and k.note]
    if notes:
        messages.append(say("match_notes", notes="\n".join(f"• {note}" for note in notes)))
    lines = []
    for person, chart in ((boy, boy_chart), (girl, girl_chart)):
        status = manglik(chart.planet("Mars").sign, chart.lagna.sign, chart.moon.sign)
        key = "manglik_yes" if status.is_manglik else "manglik_no"
        lines.append(say(key, name=person.name, from_lagna=status.from_lagna, from_moon=status.from_moon))
    messages.append("\n".join(lines) + "\n" + say("manglik_note"))
    if boy.clock is None or girl.clock is None:
        messages.append(say("match_time_unknown"))
    return messages
