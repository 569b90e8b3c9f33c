"""Luna's conversation corpus: loading the YAML files and checking replies against them.

Each file in this folder holds the conversations of one behaviour (see README.md). A
conversation is a list of turns; each turn is what the user types and what Luna's reply
must (and must not) contain. Facts are never written into the corpus by hand: a turn names
the birth, the day or the couple, and the checks below work the expected lagna, Moon,
nakshatra, tithi or guna total out with the engine (`luna.astrology`), then look for them
in the words Luna uses (content/conversation.yml).

This module knows nothing about servers: `run_conversation` takes a `say(text) -> replies`
function and a `profile() -> row | None` function, so it can be exercised without Luna.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from luna.astrology import (
    ashtakoota,
    cast_chart,
    dasha_at,
    local_moment,
    panchang,
    resolve_place,
)

FOLDER = Path(__file__).resolve().parent

# What Luna's question for each detail says (content/conversation.yml, domain.yml).
QUESTIONS: dict[str, str] = {
    "name": "what's your name",
    "date": "What is your date of birth",
    "time": "What time were you born",
    "place": "Where were you born",
    "which_place": "Which one do you mean",
    "role": "girl or the boy",
    "partner_name": "partner's name",
    "partner_date": "'s date of birth",
    "partner_time": "What time was",
    "partner_place": "Where was",
    "confirm_delete": "Do you want me to delete everything I know about you",
    "panchang_place": "For which town shall I work out the panchang",
    "sign": "Which sign?",
    "topic": "Which part of life",
    "local_time": "local time, not GMT or another zone",
}

# Things no reply may ever contain.
NEVER = ("Traceback", "Exception", "Internal Server Error", "{", "}")

# Keys a turn may carry (anything else is a typo in the corpus).
TURN_KEYS = {
    "user", "button", "contains", "contains_any", "not_contains", "asks", "expect_chart", "expect_dasha",
    "expect_panchang", "expect_match", "expect_horoscope", "expect_prediction", "stored_profile", "no_chart",
    "note", "repeat",
}
CONVERSATION_KEYS = {"id", "behaviour", "held_out", "known_failure", "turns", "note"}


@dataclass(frozen=True)
class Conversation:
    id: str
    behaviour: str
    file: str
    turns: list[dict[str, Any]]
    held_out: bool = False
    known_failure: str | None = None


@dataclass
class Outcome:
    conversation: Conversation
    passed: bool
    failure: str = ""
    transcript: list[tuple[str, str]] = field(default_factory=list)


class TurnFailed(AssertionError):
    pass


def load(folder: Path = FOLDER) -> list[Conversation]:
    """Every conversation of every YAML file in the folder, ids checked unique."""
    conversations: list[Conversation] = []
    seen: set[str] = set()
    for path in sorted(folder.glob("*.yml")):
        document = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
        behaviour = document["behaviour"]
        for raw in document["conversations"]:
            unknown = set(raw) - CONVERSATION_KEYS
            if unknown:
                raise ValueError(f"{path.name}: {raw.get('id')}: unknown keys {sorted(unknown)}")
            for turn in raw["turns"]:
                bad = set(turn) - TURN_KEYS
                if bad or ("user" in turn) == ("button" in turn):
                    raise ValueError(f"{path.name}: {raw['id']}: bad turn {turn!r}")
            if raw["id"] in seen:
                raise ValueError(f"{path.name}: duplicate conversation id {raw['id']}")
            seen.add(raw["id"])
            conversations.append(Conversation(
                id=raw["id"], behaviour=raw.get("behaviour", behaviour), file=path.name, turns=raw["turns"],
                held_out=bool(raw.get("held_out", False)), known_failure=raw.get("known_failure"),
            ))
    return conversations


# --- facts from the engine -------------------------------------------------------------

def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _clock(value: Any) -> time | None:
    if value in (None, "unknown"):
        return None
    if isinstance(value, int):  # YAML 1.1 reads 18:45 unquoted as sexagesimal minutes
        return time(value // 60, value % 60)
    return time.fromisoformat(str(value))


@cache
def _place(name: str):
    return resolve_place(name)


def chart_for(birth: Mapping[str, Any]):
    place = _place(str(birth["place"]))
    clock = _clock(birth.get("time")) or time(12, 0)
    moment = local_moment(_day(birth["date"]), clock, place.timezone)
    return cast_chart(moment, place.latitude, place.longitude)


def chart_facts(birth: Mapping[str, Any]) -> list[str]:
    """The lines of Luna's kundli summary that must be in the reply for this birth."""
    chart = chart_for(birth)
    facts = [
        f"Lagna (ascendant): {chart.lagna.sign_name}",
        f"Moon: {chart.moon.sign_name}, {chart.moon.nakshatra_name} nakshatra",
    ]
    if birth.get("name"):
        facts.insert(0, f"{birth['name']}'s kundli")
    if _clock(birth.get("time")) is None:
        facts.remove(facts[-2])  # the lagna of a noon chart is a guess: Luna says so
        facts.append("cast for noon")
    return facts


def dasha_facts(birth: Mapping[str, Any]) -> list[str]:
    chart = chart_for(birth)
    now = datetime.utcnow()
    jd = local_moment(now.date(), now.time().replace(microsecond=0), "UTC").jd_ut
    mahadasha, antardasha = dasha_at(chart.mahadashas, jd)
    return [f"{mahadasha.lord} mahadasha", f"{antardasha.lord} antardasha"]


def panchang_facts(request: Mapping[str, Any]) -> list[str]:
    place = _place(str(request["place"]))
    day = _day(request["date"])
    limbs = panchang(day, place.latitude, place.longitude, place.timezone)
    return [
        f"Panchang for {limbs.vara}, {day.day} {day.strftime('%b %Y')}",
        f"Tithi: {limbs.tithi.name}",
        f"Nakshatra: {limbs.nakshatra.name}",
    ]


def match_facts(couple: Mapping[str, Any]) -> list[str]:
    boy, girl = chart_for(couple["boy"]), chart_for(couple["girl"])
    result = ashtakoota(boy.moon.longitude, girl.moon.longitude)
    facts = [f"Total: {result.total:g} of {result.max:g}"]
    for role in ("boy", "girl"):
        if couple[role].get("name"):
            facts.append(f"{couple[role]['name']} ({role}")
    return facts


# --- checking one reply ----------------------------------------------------------------

def _lower(text: str) -> str:
    return text.casefold()


def check_turn(turn: Mapping[str, Any], reply: str, profile: Callable[[], Mapping[str, Any] | None]) -> None:
    """Raise TurnFailed naming the first expectation the reply does not meet."""

    def need(fragment: str, why: str) -> None:
        if _lower(fragment) not in _lower(reply):
            raise TurnFailed(f"{why}: expected {fragment!r}")

    if not reply.strip():
        raise TurnFailed("no reply at all")
    for bad in NEVER:
        if bad in reply:
            raise TurnFailed(f"reply contains {bad!r}")
    for fragment in turn.get("contains", []):
        need(str(fragment), "contains")
    if turn.get("contains_any"):
        options = [str(o) for o in turn["contains_any"]]
        if not any(_lower(o) in _lower(reply) for o in options):
            raise TurnFailed(f"contains_any: none of {options!r}")
    for fragment in turn.get("not_contains", []):
        if _lower(str(fragment)) in _lower(reply):
            raise TurnFailed(f"not_contains: found {fragment!r}")
    asks = turn.get("asks")
    if asks:
        need(QUESTIONS[asks], f"asks {asks}")
        if asks in ("date", "time", "place", "name", "which_place", "local_time") and "'s kundli" in reply:
            raise TurnFailed(f"asks {asks}: but a kundli was cast with a detail filled in")
    if turn.get("no_chart") and "'s kundli" in reply:
        raise TurnFailed("no_chart: a kundli was cast")
    if "expect_chart" in turn:
        for fact in chart_facts(turn["expect_chart"]):
            need(fact, "expect_chart")
    if "expect_dasha" in turn:
        for fact in dasha_facts(turn["expect_dasha"]):
            need(fact, "expect_dasha")
    if "expect_panchang" in turn:
        for fact in panchang_facts(turn["expect_panchang"]):
            need(fact, "expect_panchang")
    if "expect_match" in turn:
        for fact in match_facts(turn["expect_match"]):
            need(fact, "expect_match")
    if "expect_horoscope" in turn:
        need(f"{turn['expect_horoscope']} (", "expect_horoscope")
    if "expect_prediction" in turn:
        need(f"Your {turn['expect_prediction']} ·", "expect_prediction")
    if "stored_profile" in turn:
        check_profile(turn["stored_profile"], profile())


def check_profile(expected: Any, row: Mapping[str, Any] | None) -> None:
    """`absent`, or a mapping of name / not_name / date / time / place the stored row must have."""
    if expected == "absent":
        if row is not None:
            raise TurnFailed(f"stored_profile: expected none, found {dict(row)!r}")
        return
    if expected.get("absent_or_not_name") and row is None:
        return
    if row is None:
        raise TurnFailed("stored_profile: no profile stored")
    shown = {k: str(row[k]) for k in ("name", "birth_date", "birth_time", "place_label")}
    for forbidden in [expected.get("not_name"), expected.get("absent_or_not_name")]:
        if forbidden and forbidden.casefold() in str(row["name"]).casefold():
            raise TurnFailed(f"stored_profile: holds the name {forbidden!r}: {shown}")
    if "name" in expected and str(row["name"]).casefold() != str(expected["name"]).casefold():
        raise TurnFailed(f"stored_profile: name {expected['name']!r} expected: {shown}")
    if "date" in expected and str(row["birth_date"]) != str(_day(expected["date"])):
        raise TurnFailed(f"stored_profile: date {expected['date']} expected: {shown}")
    if "time" in expected:
        clock = _clock(expected["time"])
        if clock is None:
            if row["time_known"]:
                raise TurnFailed(f"stored_profile: unknown time expected: {shown}")
        elif not str(row["birth_time"]).startswith(clock.strftime("%H:%M")):
            raise TurnFailed(f"stored_profile: time {clock:%H:%M} expected: {shown}")
    if "place" in expected and not str(row["place_label"]).startswith(_place(str(expected["place"])).name):
        raise TurnFailed(f"stored_profile: place {expected['place']!r} expected: {shown}")


# --- running one conversation ----------------------------------------------------------

def texts(replies: list[dict]) -> str:
    return "\n".join(reply.get("text", "") for reply in replies)


def run_conversation(
    conversation: Conversation,
    say: Callable[[str], list[dict]],
    profile: Callable[[], Mapping[str, Any] | None],
) -> Outcome:
    """Play every turn; stop at the first one whose reply misses an expectation."""
    transcript: list[tuple[str, str]] = []
    previous: list[dict] = []
    for number, turn in enumerate(conversation.turns, start=1):
        if "button" in turn:
            wanted = str(turn["button"])
            choices = [b for r in previous for b in r.get("buttons", [])]
            chosen = next((b for b in choices if b.get("title", "").startswith(wanted)), None)
            if chosen is None:
                titles = [b.get("title") for b in choices]
                return Outcome(conversation, False, f"turn {number}: no button {wanted!r} among {titles}", transcript)
            message = chosen["payload"]
        else:
            message = str(turn["user"]) * int(turn.get("repeat", 1))
        try:
            previous = say(message)
        except Exception as problem:  # noqa: BLE001 (a dead server is a failed turn, reported)
            return Outcome(conversation, False, f"turn {number}: {message[:80]!r}: no answer: {problem}", transcript)
        reply = texts(previous)
        transcript.append((message, reply))
        try:
            check_turn(turn, reply, profile)
        except TurnFailed as failure:
            shown = message if len(message) <= 120 else message[:117] + "..."
            return Outcome(conversation, False, f"turn {number}: {shown!r}: {failure}\n  Luna replied: {reply[:600]!r}",
                           transcript)
    return Outcome(conversation, True, "", transcript)
