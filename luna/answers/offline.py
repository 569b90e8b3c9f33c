"""Answers without an LLM: the knowledge entry a question is about, in the content
designers' words, with what this person's own chart says about it (from the chart facts),
the entry's source, and the natural next step as buttons.

Used when there is no key, every provider fails, the budget is spent or a reply fails its
check, so it must never raise on a question and never state a fact the engine did not
compute: every chart sentence is a template of content/answers.yml filled from ChartFacts.
A question about nothing in the base gets an honest "I can't answer that" (via "unknown").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from luna.answers.answer import Answer
from luna.answers.chart_facts import ChartFacts
from luna.answers.offline_content import MAHAPURUSHA_PLANETS, AnswerWords, answer_words
from luna.astrology import PLANETS, SIGN_LORDS, sign_named, whole_sign_house
from luna.knowledge import Entry, KnowledgeBase
from luna.knowledge.retrieval import MIN_TOPIC_SCORE, tokens

# A phone screen: the whole answer, knowledge text included.
MAX_ANSWER_CHARS = 700
KENDRAS = (1, 4, 7, 10)
# The seven planets that can be retrograde or combust, or form kaal sarp with the nodes.
SEVEN = PLANETS[:7]
# Combustion is judged by the distance from the Sun; the answer names the nearest planets.
NEAREST_TO_SUN = 2
# Words that make a question about the asker's own chart ("Saturn in MY 7th house").
MY_WORDS = frozenset("my mine i me am meri mera mere mujhe mujhko apni apna मेरी मेरा मेरे मुझे मैं अपनी अपना".split())
_WORD = re.compile(r"[a-z]+|[\u0900-\u097F]+")  # \w splits Devanagari at its vowel signs
_PLANET_IN_HOUSE = re.compile(r"^([a-z]+)_in_house_(\d+)$")
_SENTENCE = re.compile(r"(?<=[.!?।])\s+")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def relevant_entries(question: str, knowledge: KnowledgeBase, k: int = 3) -> list[Entry]:
    """The entries the question is about, best first; none when it is about nothing in the base."""
    return [hit.entry for hit in knowledge.search(question, k, min_score=MIN_TOPIC_SCORE)]


@dataclass
class Reading:
    """What one answer says: the entry explained, the chart's sentences, the kind of answer
    (for its buttons) and a button to show first."""

    entry: Entry | None
    kind: str
    sentences: list[str] = field(default_factory=list)
    first_button: str | None = None


@dataclass(frozen=True)
class Question:
    text: str
    terms: frozenset[str]
    entry: Entry
    entries: dict[str, Entry]
    facts: ChartFacts
    words: AnswerWords

    @property
    def personal(self) -> bool:
        return bool(MY_WORDS & set(_WORD.findall(self.text.lower())))


def offline_answer(
    question: str, facts: ChartFacts | None, knowledge: KnowledgeBase, *, language: str = "en"
) -> Answer:
    words = answer_words(language)
    found = relevant_entries(question, knowledge)
    if not found:
        return Answer(words.line("unknown"), "unknown", words.buttons("unknown"))
    best = found[0]
    entries = {entry.id: entry for entry in knowledge.entries}
    if facts is None:
        reading = _without_chart(best, knowledge.query_terms(question), entries)
    else:
        asked = Question(question, frozenset(knowledge.query_terms(question)), best, entries, facts, words)
        reading = _reader(best)(asked)
    return _compose(reading, facts, words)


def _compose(reading: Reading, facts: ChartFacts | None, words: AnswerWords) -> Answer:
    head = " ".join(reading.sentences)
    tail = [words.line("source", source=reading.entry.source)] if reading.entry else []
    if facts is None:
        tail.append(words.line("offer_kundli"))
        buttons = words.buttons(reading.kind, first="kundli")
    else:
        buttons = words.buttons(reading.kind, first=reading.first_button)
    fixed = [part for part in (head, *tail) if part]
    room = MAX_ANSWER_CHARS - sum(len(part) + 2 for part in fixed)
    body = trimmed_to(reading.entry.text, room) if reading.entry else ""
    parts = [part for part in (head, body, *tail) if part]
    sources = (reading.entry.source,) if reading.entry else ()
    return Answer("\n\n".join(parts), "knowledge", buttons, sources)


def trimmed_to(text: str, room: int) -> str:
    """`text` cut at a sentence end to fit `room` characters (nothing if no sentence fits)."""
    text = " ".join(text.split())
    if len(text) <= room:
        return text
    kept = ""
    for sentence in _SENTENCE.split(text):
        longer = f"{kept} {sentence}".strip()
        if len(longer) > room:
            break
        kept = longer
    return kept


def _without_chart(entry: Entry, terms: list[str], entries: dict[str, Entry]) -> Reading:
    """No chart yet: the explanation and an offer to make the kundli. A question about "my
    nakshatra" or "my Saturn" without a house gets the general entry, not a random one."""
    if entry.id.startswith("nakshatra_") and not _names_nakshatra(entry, set(terms)):
        return Reading(entries.get("moon_sign", entry), "nakshatra")
    placement = _PLANET_IN_HOUSE.match(entry.id)
    if placement and placement.group(2) not in terms:
        return Reading(None, "planet_in_house")
    return Reading(entry, _kind(entry))


def _kind(entry: Entry) -> str:
    if _PLANET_IN_HOUSE.match(entry.id):
        return "planet_in_house"
    if entry.id.startswith("nakshatra_"):
        return "nakshatra"
    return KINDS.get(entry.id, "other")


def _reader(entry: Entry) -> Callable[[Question], Reading]:
    if _PLANET_IN_HOUSE.match(entry.id):
        return _planet_in_house
    if entry.id.startswith("nakshatra_"):
        return _nakshatra
    return READERS.get(entry.id, lambda asked: Reading(asked.entry, "other"))


# --- one reader per topic: the chart's sentences about it ---------------------------------

def _sade_sati(asked: Question) -> Reading:
    words, facts = asked.words, asked.facts
    saturn = facts.data["today"]["planets"]["Saturn"]
    values = {"sign": words.sign(saturn["sign"]), "house": words.house(saturn["house_from_moon"]),
              "moon_sign": words.sign(facts.moon_sign)}
    status = facts.sade_sati
    if status["running"]:
        sentence = words.fact("sade_sati_running", phase=words.phase(status["phase"]), **values)
    elif status["dhaiya"]:
        sentence = words.fact("sade_sati_dhaiya", **values)
    else:
        sentence = words.fact("sade_sati_not_running", **values)
    return Reading(asked.entry, "sade_sati", [sentence])


def _manglik(asked: Question) -> Reading:
    words, facts = asked.words, asked.facts
    status = facts.manglik
    if status is None:
        from_moon = _house_from(facts.planet("Mars")["sign"], facts.moon_sign)
        return Reading(asked.entry, "manglik", [words.fact("manglik_needs_time", moon_house=words.house(from_moon))])
    key = "manglik_yes" if status["manglik"] else "manglik_no"
    sentence = words.fact(key, lagna_house=words.house(status["mars_house_from_lagna"]),
                          moon_house=words.house(status["mars_house_from_moon"]))
    return Reading(asked.entry, "manglik", [sentence])


def _planet_in_house(asked: Question) -> Reading:
    """Where THIS chart's planet is. Asked about "my" placement elsewhere, the answer says
    so and explains the placement the chart has."""
    words, facts = asked.words, asked.facts
    planet_id, asked_number = _PLANET_IN_HOUSE.match(asked.entry.id).groups()
    planet = planet_id.capitalize()
    named_house = int(asked_number) if asked_number in asked.terms else None
    position = facts.planet(planet)
    name, sign = words.planet(planet), words.sign(position["sign"])
    if not facts.time_known:
        sentence = words.fact("planet_sign_only", planet=name, sign=sign)
        return Reading(asked.entry if named_house else None, "planet_in_house", [sentence])
    house = position["house"]
    own_entry = asked.entries.get(f"{planet_id}_in_house_{house}", asked.entry)
    if named_house == house:
        sentence = words.fact("planet_there", planet=name, house=words.house(house), sign=sign)
        return Reading(own_entry, "planet_in_house", [sentence], words.house_topic(house))
    if named_house is None or asked.personal:
        key = "planet_in_your_chart" if named_house is None else "planet_elsewhere"
        sentence = words.fact(key, planet=name, house=words.house(house), sign=sign,
                              asked_house=words.house(named_house) if named_house else "")
        return Reading(own_entry, "planet_in_house", [sentence], words.house_topic(house))
    # A general question about another house: its meaning, then where theirs is.
    sentence = words.fact("planet_in_your_chart", planet=name, house=words.house(house), sign=sign)
    return Reading(asked.entry, "planet_in_house", [sentence], words.house_topic(named_house))


def _names_nakshatra(entry: Entry, terms: set[str]) -> bool:
    return set(tokens(entry.id.removeprefix("nakshatra_").replace("_", " "))) <= terms


def _nakshatra(asked: Question) -> Reading:
    moon = asked.facts.data["moon"]
    sentence = asked.words.fact("nakshatra", nakshatra=moon["nakshatra"], pada=moon["pada"])
    entry = asked.entry
    if asked.personal or not _names_nakshatra(entry, set(asked.terms)):
        entry = asked.entries.get("nakshatra_" + moon["nakshatra"].lower().replace(" ", "_"), entry)
    return Reading(entry, "nakshatra", [sentence])


def _dasha(asked: Question) -> Reading:
    words, dasha = asked.words, asked.facts.dasha
    maha, antar = dasha["mahadasha"], dasha["antardasha"]
    if not maha or not antar:  # beyond the 120-year cycle: nothing to state
        return Reading(asked.entry, "dasha")
    sentence = words.fact("dasha", maha=words.planet(maha["lord"]), start=_day(maha["start"]), end=_day(maha["end"]),
                          antar=words.planet(antar["lord"]), antar_end=_day(antar["end"]))
    return Reading(asked.entry, "dasha", [sentence])


def _lagna(asked: Question) -> Reading:
    words, lagna = asked.words, asked.facts.data["lagna"]
    if lagna is None:
        return Reading(asked.entry, "lagna", [words.line("needs_birth_time")])
    sentence = words.fact("lagna", sign=words.sign(lagna["sign"]), degree=lagna["degree"],
                          lord=words.planet(lagna["lord"]))
    return Reading(asked.entry, "lagna", [sentence])


def _moon_sign(asked: Question) -> Reading:
    moon = asked.facts.data["moon"]
    sentence = asked.words.fact("moon_sign", sign=asked.words.sign(moon["sign"]), nakshatra=moon["nakshatra"],
                                pada=moon["pada"])
    return Reading(asked.entry, "moon_sign", [sentence])


def _lord_reading(kind: str) -> Callable[[Question], Reading]:
    """Remedies and gemstones: the lagna lord's (the Moon sign lord's without a birth time)."""

    def read(asked: Question) -> Reading:
        words, facts = asked.words, asked.facts
        if facts.lagna_sign:
            key, sign, lord = f"{kind}_lagna_lord", facts.lagna_sign, facts.data["lagna"]["lord"]
        else:
            key, sign = f"{kind}_moon_lord", facts.moon_sign
            lord = SIGN_LORDS[sign_named(sign)]
        return Reading(asked.entry, kind, [words.fact(key, lord=words.planet(lord), sign=words.sign(sign))])

    return read


def _retrograde(asked: Question) -> Reading:
    words, facts = asked.words, asked.facts
    backwards = [words.planet(planet) for planet in SEVEN if facts.planet(planet)["retrograde"]]
    sentence = words.fact("retrograde_some", planets=words.joined(backwards)) if backwards \
        else words.fact("retrograde_none")
    return Reading(asked.entry, "retrograde", [sentence])


def _combustion(asked: Question) -> Reading:
    words, facts = asked.words, asked.facts
    sun = _longitude(facts.planet("Sun"))
    distances = sorted((_distance(_longitude(facts.planet(planet)), sun), planet) for planet in SEVEN[1:])
    items = [f"{words.planet(planet)} ({distance:.1f}°)" for distance, planet in distances[:NEAREST_TO_SUN]]
    return Reading(asked.entry, "combustion", [words.fact("combustion_nearest", items=words.joined(items))])


def _gajakesari(asked: Question) -> Reading:
    words, facts = asked.words, asked.facts
    jupiter = facts.planet("Jupiter")["sign"]
    house = _house_from(jupiter, facts.moon_sign)
    key = "gajakesari_yes" if house in KENDRAS else "gajakesari_no"
    sentence = words.fact(key, jupiter_sign=words.sign(jupiter), house=words.house(house),
                          moon_sign=words.sign(facts.moon_sign))
    return Reading(asked.entry, "yoga", [sentence])


def _budhaditya(asked: Question) -> Reading:
    words, facts = asked.words, asked.facts
    sun, mercury = facts.planet("Sun")["sign"], facts.planet("Mercury")["sign"]
    key = "budhaditya_yes" if sun == mercury else "budhaditya_no"
    return Reading(asked.entry, "yoga", [words.fact(key, sun_sign=words.sign(sun), mercury_sign=words.sign(mercury))])


def _mahapurusha(asked: Question) -> Reading:
    words, facts = asked.words, asked.facts
    if not facts.time_known:
        return Reading(asked.entry, "yoga", [words.line("needs_birth_time")])
    yogas = [
        words.fact("mahapurusha_item", yoga=words.mahapurusha(planet), planet=words.planet(planet),
                   sign=words.sign(position["sign"]), house=words.house(position["house"]))
        for planet in MAHAPURUSHA_PLANETS
        for position in [facts.planet(planet)]
        if position["dignity"] in ("own", "exalted") and position["house"] in KENDRAS
    ]
    sentence = words.fact("mahapurusha_yes", yogas=words.joined(yogas)) if yogas else words.fact("mahapurusha_no")
    return Reading(asked.entry, "yoga", [sentence])


def _neecha_bhanga(asked: Question) -> Reading:
    words, facts = asked.words, asked.facts
    weak = [f"{words.planet(planet)} ({words.sign(facts.planet(planet)['sign'])})"
            for planet in SEVEN if facts.planet(planet)["dignity"] == "debilitated"]
    sentence = words.fact("neecha_some", planets=words.joined(weak)) if weak else words.fact("neecha_none")
    return Reading(asked.entry, "yoga", [sentence])


def _kaal_sarp(asked: Question) -> Reading:
    """All seven planets within the half of the zodiac from Rahu to Ketu, or from Ketu to Rahu."""
    facts = asked.facts
    rahu = _longitude(facts.planet("Rahu"))
    sides = {(_longitude(facts.planet(planet)) - rahu) % 360 < 180 for planet in SEVEN}
    key = "kaal_sarp_yes" if len(sides) == 1 else "kaal_sarp_no"
    return Reading(asked.entry, "yoga", [asked.words.fact(key)])


def _fixed(kind: str, fact: str | None = None) -> Callable[[Question], Reading]:
    def read(asked: Question) -> Reading:
        moon = asked.facts.data["moon"]
        return Reading(asked.entry, kind, [asked.words.fact(fact, nakshatra=moon["nakshatra"])] if fact else [])

    return read


READERS: dict[str, Callable[[Question], Reading]] = {
    "sade_sati": _sade_sati,
    "manglik_dosha": _manglik,
    "vimshottari_dasha": _dasha,
    "mahadasha_antardasha": _dasha,
    "lagna": _lagna,
    "moon_sign": _moon_sign,
    "remedies": _lord_reading("remedies"),
    "gemstones": _lord_reading("gemstones"),
    "retrograde": _retrograde,
    "combustion": _combustion,
    "gajakesari_yoga": _gajakesari,
    "budhaditya_yoga": _budhaditya,
    "pancha_mahapurusha": _mahapurusha,
    "neecha_bhanga": _neecha_bhanga,
    "kaal_sarp": _kaal_sarp,
    "raja_yoga": _fixed("yoga", "yoga_not_checked"),
    "navamsa": _fixed("navamsa", "navamsa"),
    "guna_milan": _fixed("guna_milan", "guna_milan"),
}
# The kind of answer (for its buttons) of each topic entry, with or without a chart.
KINDS = {
    "sade_sati": "sade_sati", "manglik_dosha": "manglik", "vimshottari_dasha": "dasha",
    "mahadasha_antardasha": "dasha", "lagna": "lagna", "moon_sign": "moon_sign", "remedies": "remedies",
    "gemstones": "gemstones", "retrograde": "retrograde", "combustion": "combustion",
    "gajakesari_yoga": "yoga", "budhaditya_yoga": "yoga", "pancha_mahapurusha": "yoga",
    "neecha_bhanga": "yoga", "kaal_sarp": "yoga", "raja_yoga": "yoga", "navamsa": "navamsa",
    "guna_milan": "guna_milan",
}


# --- small computations on the facts -------------------------------------------------------

def _house_from(sign: str, reference: str) -> int:
    return whole_sign_house(sign_named(sign), sign_named(reference))


def _longitude(position: dict) -> float:
    return sign_named(position["sign"]) * 30 + position["degree"]


def _distance(first: float, second: float) -> float:
    gap = abs(first - second) % 360
    return min(gap, 360 - gap)


def _day(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
