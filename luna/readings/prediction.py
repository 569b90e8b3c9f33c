"""Predictions (intent ask_prediction): one life topic read from the user's own birth chart.

Parashari method, in the order an astrologer speaks (BPHS ch. 11, 24, 32, 46-47):
1. the topic's house (topics.py): its sign, its lord and where the lord sits (house
   and dignity), and planets sitting in the topic's houses;
2. the topic's karaka (natural significator) by house and dignity;
3. the running mahadasha and antardasha: their lords bring the topic into focus when
   they rule, occupy or aspect its houses, or are its karaka;
4. Jupiter's and Saturn's current transits over the topic's houses, counted from the
   lagna and from the Moon, and sade sati;
5. when: the coming dasha periods whose lords bring the topic into focus.
Difficult factors are phrased as times that need care; nothing is predicted as certain.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import NamedTuple

from luna.astrology import (
    PLANETS,
    SIGNS,
    Chart,
    DashaPeriod,
    Transits,
    antardashas,
    dasha_at,
    local_datetime,
    local_moment,
    sign_of_house,
    transits,
    whole_sign_house,
)

from .content import ReadingContent, default_content
from .dignity import dignity
from .gochara import FAVOURABLE_HOUSES
from .houses import (
    DUSTHANAS,
    KENDRAS,
    NATURAL_BENEFICS,
    TRIKONAS,
    UPACHAYAS,
    aspected_houses,
    lord_of_house,
)
from .period import long_day_label, today_in
from .reply import Statement, capitalised, compose, joined
from .topics import Topic, topic_named

# How strongly a link brings a topic into focus, and the least that makes a dasha
# period worth naming under "when": ruling or occupying the topic's main house, or
# being its karaka, counts; a mere aspect or a supporting house needs company.
_LINK_STRENGTH = {
    ("rules", True): 3, ("occupies", True): 3, ("rules", False): 2, ("karaka", None): 2,
    ("aspects", True): 1, ("occupies", False): 1,
}
_WINDOW_THRESHOLD = 2
_WINDOWS_SHOWN = 2
_DISCLAIMED = ("health", "finance")
_DIGNITY_VALUE = {"exalted": 1, "own": 1, "debilitated": -1, "neutral": 0}
_EFFECT_VALUE = {"positive": 1.0, "negative": -1.0, "neutral": 0.0}
# Score (-1..1, the mean of the statements' effects) thresholds for the tone, best first.
_TONES = ((0.5, "strong"), (0.15, "supportive"), (-0.2, "mixed"))
_LOWEST_TONE = "care"


@dataclass(frozen=True, slots=True)
class Link:
    """Why a planet speaks for a topic: it rules, occupies or aspects one of its houses, or is its karaka."""

    planet: str
    kind: str  # "rules", "occupies", "aspects" or "karaka"
    house: int | None  # None for "karaka"
    strength: int


@dataclass(frozen=True, slots=True)
class DashaWindow:
    """A coming dasha period whose lord brings the topic into focus."""

    level: str  # "mahadasha" or "antardasha"
    lord: str
    mahadasha: str  # the mahadasha it belongs to (its own lord for a mahadasha)
    start: date
    end: date
    links: tuple[Link, ...]

    @property
    def strength(self) -> int:
        return sum(link.strength for link in self.links)


@dataclass(frozen=True, slots=True)
class Prediction:
    topic: str
    on: date
    reference: str  # "lagna", or "moon" when the birth time is unknown
    reference_sign: str
    houses: tuple[int, ...]  # the topic's houses, main house first
    score: float  # -1..1, the balance of every factor considered (also those the text leaves out)
    tone: str  # strong, supportive, mixed, care
    mahadasha: str | None  # running lords on `on`
    antardasha: str | None
    statements: tuple[Statement, ...]  # as shown in `text`, most important first
    windows: tuple[DashaWindow, ...]  # coming periods in time order, all of them (text shows the first few)
    disclaimer: str | None  # health and finance
    text: str  # the reply, at most reply.MAX_TEXT_CHARS characters


def predict(
    chart: Chart,
    topic: str,
    on: date | None = None,
    birth_time_known: bool = True,
    years_ahead: int = 5,
    content: ReadingContent | None = None,
) -> Prediction:
    """The reading of `topic` for the native of `chart` as of `on` (default: today at the birth place).

    Without a birth time the lagna is unknown, so houses are counted from the Moon
    sign (chandra lagna) and the reply says so. Raises UnknownTopic.
    """
    reading = _Reading.build(chart, topic_named(topic), on, birth_time_known, content or default_content())
    # Most important first: when the reply is too long for a phone, the tail is dropped.
    statements = [
        _lord(reading),
        *_occupants(reading, main=True),
        *_dasha(reading),
        *_transits(reading),
        *_karakas(reading),
        *_sade_sati(reading),
        *_occupants(reading, main=False),
    ]
    windows = _windows(reading, years_ahead)

    words = reading.words
    score = sum(_EFFECT_VALUE[s.effect] for s in statements) / len(statements)
    tone = next((name for threshold, name in _TONES if score >= threshold), _LOWEST_TONE)
    label = words.entry("predictions", "topics", reading.topic.name, "label")
    header = words.say(
        "predictions", "templates", "header",
        icon=words.entry("predictions", "topics", reading.topic.name, "icon"), label=label,
        date=long_day_label(reading.on), tone_label=words.entry("predictions", "tones", tone, "label"),
        tone_text=words.say("predictions", "tones", tone, "text", label=label),
    )
    disclaimer = words.entry("predictions", "disclaimers", reading.topic.name) \
        if reading.topic.name in _DISCLAIMED else None
    footers = [_when_line(reading, windows, years_ahead)]
    if not birth_time_known:
        footers.append(words.say("predictions", "templates", "chandra_lagna", sign=SIGNS[reading.reference_sign]))
    if disclaimer:
        footers.append(disclaimer)
    text, shown = compose(header, statements, footers)
    return Prediction(
        topic=reading.topic.name,
        on=reading.on,
        reference="lagna" if birth_time_known else "moon",
        reference_sign=SIGNS[reading.reference_sign],
        houses=reading.topic.houses,
        score=round(score, 3),
        tone=tone,
        mahadasha=reading.mahadasha.lord if reading.mahadasha else None,
        antardasha=reading.antardasha.lord if reading.antardasha else None,
        statements=shown,
        windows=tuple(windows),
        disclaimer=disclaimer,
        text=text,
    )


class _Reading(NamedTuple):
    chart: Chart
    topic: Topic
    on: date
    jd: float  # local noon of `on` at the birth place
    reference_sign: int  # the lagna's sign, or the Moon's without a birth time
    from_lagna: bool
    houses: dict[str, int]  # each planet's house from the reference sign
    mahadasha: DashaPeriod | None
    antardasha: DashaPeriod | None
    sky: Transits  # the transits at `jd`, counted from the natal Moon
    words: ReadingContent

    @classmethod
    def build(cls, chart: Chart, topic: Topic, on: date | None, from_lagna: bool,
              words: ReadingContent) -> _Reading:
        zone = chart.moment.timezone
        on = on or today_in(zone)
        jd = local_moment(on, time(12, 0), zone).jd_ut
        reference = chart.lagna.sign if from_lagna else chart.moon.sign
        mahadasha, antardasha = dasha_at(chart.mahadashas, jd)
        houses = {position.name: whole_sign_house(position.sign, reference) for position in chart.planets}
        sky = transits(jd, chart.moon.sign)
        return cls(chart, topic, on, jd, reference, from_lagna, houses, mahadasha, antardasha, sky, words)

    @property
    def label(self) -> str:
        return self.words.entry("predictions", "topics", self.topic.name, "label")

    def local_date(self, jd_ut: float) -> date:
        return local_datetime(jd_ut, self.chart.moment.timezone).date()

    def place(self, planet: str) -> str:
        """"Capricorn" or "Capricorn, exalted (uchcha)"."""
        sign = self.chart.planet(planet).sign
        state = dignity(planet, sign)
        if state == "neutral":
            return SIGNS[sign]
        clause = self.words.entry("vocabulary", "dignities", state, "clause")
        return self.words.say("predictions", "templates", "place_with_dignity", sign=SIGNS[sign], dignity=clause)

    def dignity_sentence(self, planet: str) -> str:
        state = dignity(planet, self.chart.planet(planet).sign)
        return "" if state == "neutral" else " " + self.words.entry("vocabulary", "dignities", state, "meaning")

    def statement(self, kind: str, reason: str, meaning: str, effect: str,
                  planet: str | None = None, house: int | None = None) -> Statement:
        text = self.words.say("predictions", "templates", "bullet", marker=self.words.marker(effect),
                              reason=capitalised(reason), meaning=meaning)
        return Statement(kind, capitalised(reason), meaning, effect, text, planet, house)


# --- the chart ----------------------------------------------------------------------------

def _lord(reading: _Reading) -> Statement:
    words, topic = reading.words, reading.topic
    lord = lord_of_house(topic.primary, reading.reference_sign)
    lord_house = reading.houses[lord]
    reason = words.say(
        "predictions", "reasons", "lord", house=words.house(topic.primary), label=reading.label,
        sign=SIGNS[sign_of_house(topic.primary, reading.reference_sign)], lord=words.planet(lord),
        lord_house=words.house(lord_house), lord_place=reading.place(lord),
    )
    meaning = words.say("predictions", "meanings", "lord_in_house", lord_house, label=reading.label)
    meaning += reading.dignity_sentence(lord)
    return reading.statement("lord", reason, meaning, _placement_effect(reading, lord), lord, lord_house)


def _karakas(reading: _Reading) -> list[Statement]:
    words = reading.words
    statements = []
    lord = lord_of_house(reading.topic.primary, reading.reference_sign)
    for karaka in reading.topic.karakas:
        if karaka == lord:  # the lord's line already says where it sits
            continue
        house = reading.houses[karaka]
        if house in KENDRAS | TRIKONAS:
            kind = "strong"
        elif house in DUSTHANAS:
            kind = "hidden"
        else:
            kind = "steady"
        reason = words.say("predictions", "reasons", "karaka", planet=words.planet(karaka), label=reading.label,
                           house=words.house(house), place=reading.place(karaka))
        meaning = words.say("predictions", "meanings", "karaka", kind, label=reading.label)
        meaning += reading.dignity_sentence(karaka)
        statements.append(reading.statement("karaka", reason, meaning, _placement_effect(reading, karaka),
                                            karaka, house))
    return statements


def _occupants(reading: _Reading, main: bool) -> list[Statement]:
    """Planets sitting in the topic's main house (main=True) or in its supporting houses."""
    words, topic = reading.words, reading.topic
    wanted = (topic.primary,) if main else topic.supporting
    # The lord's and karakas' own lines already say where they sit.
    described = {lord_of_house(topic.primary, reading.reference_sign), *topic.karakas}
    statements = []
    for house in wanted:
        for planet in PLANETS:
            if reading.houses[planet] != house or planet in described:
                continue
            reason = words.say("predictions", "reasons", "occupant", planet=words.planet(planet),
                               house=words.house(house), place=reading.place(planet))
            meaning = words.say("predictions", "meanings", "occupant", planet)
            statements.append(reading.statement("occupant", reason, meaning,
                                                _occupant_effect(reading, planet, house), planet, house))
    return statements


def _placement_effect(reading: _Reading, planet: str) -> str:
    """A lord or karaka: strong by dignity, in an angle, trine or the 11th; weak in 6/8/12 or debilitated."""
    house = reading.houses[planet]
    value = _DIGNITY_VALUE[dignity(planet, reading.chart.planet(planet).sign)]
    if house in KENDRAS | TRIKONAS | {11}:
        value += 1
    elif house in DUSTHANAS:
        value -= 1
    return _effect(value)


def _occupant_effect(reading: _Reading, planet: str, house: int) -> str:
    """Benefics help a house they sit in (less in 6/8/12); malefics help only the upachayas (3, 6, 10, 11)."""
    if planet in NATURAL_BENEFICS:
        value = 0 if house in DUSTHANAS else 1
    else:
        value = 1 if house in UPACHAYAS else -1
    return _effect(value + _DIGNITY_VALUE[dignity(planet, reading.chart.planet(planet).sign)])


def _effect(value: float) -> str:
    return "positive" if value > 0 else "negative" if value < 0 else "neutral"


# --- the times ------------------------------------------------------------------------------

def _links_of(reading: _Reading, planet: str) -> list[Link]:
    """How `planet` speaks for the reading's topic, strongest first."""
    topic = reading.topic
    found = []
    for house in topic.houses:
        if lord_of_house(house, reading.reference_sign) == planet:
            found.append(Link(planet, "rules", house, _LINK_STRENGTH["rules", house == topic.primary]))
    house = reading.houses[planet]
    if house in topic.houses:
        found.append(Link(planet, "occupies", house, _LINK_STRENGTH["occupies", house == topic.primary]))
    elif topic.primary in aspected_houses(planet, house):
        found.append(Link(planet, "aspects", topic.primary, _LINK_STRENGTH["aspects", True]))
    if planet in topic.karakas:
        found.append(Link(planet, "karaka", None, _LINK_STRENGTH["karaka", None]))
    return sorted(found, key=lambda link: -link.strength)


def _link_phrase(reading: _Reading, link: Link) -> str:
    words = reading.words
    if link.kind == "karaka":
        return words.say("predictions", "links", "karaka", planet=words.planet(link.planet), label=reading.label)
    return words.say("predictions", "links", link.kind, planet=words.planet(link.planet), house=words.house(link.house))


def _dasha(reading: _Reading) -> list[Statement]:
    if reading.mahadasha is None or reading.antardasha is None:
        return []
    words = reading.words
    major, minor = reading.mahadasha.lord, reading.antardasha.lord
    reason = words.say("predictions", "reasons", "dasha", mahadasha=words.planet_label(major),
                       antardasha=words.planet_label(minor),
                       until=long_day_label(reading.local_date(reading.antardasha.end_jd)))
    # The antardasha lord speaks first: it times events inside the mahadasha.
    lords = [minor] if minor == major else [minor, major]
    strongest = [links[0] for links in (_links_of(reading, lord) for lord in lords) if links]
    if strongest:
        phrases = [_link_phrase(reading, link) for link in strongest]
        meaning = words.say("predictions", "meanings", "dasha_active",
                            links=joined(phrases, words.entry("predictions", "links", "and")),
                            focus=words.entry("predictions", "topics", reading.topic.name, "active"))
        effect = "positive"
    else:
        meaning = words.say("predictions", "meanings", "dasha_quiet", mahadasha=words.planet(major),
                            antardasha=words.planet(minor), label=reading.label,
                            focus=words.entry("predictions", "topics", reading.topic.name, "quiet"))
        effect = "neutral"
    return [reading.statement("dasha", reason, meaning, effect, minor)]


def _transits(reading: _Reading) -> list[Statement]:
    words, topic = reading.words, reading.topic
    statements = []
    for planet in ("Jupiter", "Saturn"):
        transit = reading.sky.planet(planet)
        house = whole_sign_house(transit.sign, reading.reference_sign)
        from_moon = transit.house_from_moon
        if house in topic.houses or from_moon in topic.houses:
            if reading.from_lagna:
                reason = words.say("predictions", "reasons", "transit_over", planet=words.planet(planet),
                                   sign=transit.sign_name, house=words.house(house),
                                   moon_house=words.house(from_moon))
            else:
                reason = words.say("predictions", "reasons", "transit_over_moon", planet=words.planet(planet),
                                   sign=transit.sign_name, moon_house=words.house(from_moon))
        elif topic.primary in aspected_houses(planet, house):
            reason = words.say("predictions", "reasons", "transit_aspect", planet=words.planet(planet),
                               sign=transit.sign_name, house=words.house(topic.primary),
                               theme=words.entry("vocabulary", "houses", topic.primary, "theme"))
        else:
            continue
        meaning = words.entry("predictions", "topics", topic.name, planet.lower())
        # Jupiter's touch supports; Saturn's tests, unless it is in its good houses from the Moon.
        favourable = planet == "Jupiter" or from_moon in FAVOURABLE_HOUSES["Saturn"]
        statements.append(reading.statement("transit", reason, meaning,
                                            "positive" if favourable else "negative", planet, house))
    if not statements:
        reason = words.say("predictions", "reasons", "transit_away", label=reading.label)
        statements.append(reading.statement("transit", reason,
                                            words.entry("predictions", "meanings", "transit_away"), "neutral"))
    return statements


def _sade_sati(reading: _Reading) -> list[Statement]:
    words = reading.words
    house = reading.sky.planet("Saturn").house_from_moon
    moon_sign = reading.chart.moon.sign_name
    if reading.sky.sade_sati:
        reason = words.say("predictions", "reasons", "sade_sati",
                           phase=words.entry("gochara", "sade_sati_phases", house),
                           house=words.house(house), moon_sign=moon_sign)
        meaning, kind = words.entry("gochara", "sade_sati", house), "sade_sati"
    elif reading.sky.dhaiya:
        reason = words.say("predictions", "reasons", "dhaiya", name=words.entry("gochara", "dhaiya_names", house),
                           house=words.house(house), moon_sign=moon_sign)
        meaning, kind = words.entry("gochara", "dhaiya", house), "dhaiya"
    else:
        return []
    return [reading.statement(kind, reason, meaning, "negative", "Saturn", house)]


def _windows(reading: _Reading, years_ahead: int) -> list[DashaWindow]:
    """Dasha periods starting within `years_ahead` years whose lords bring the topic into focus."""
    horizon = reading.jd + years_ahead * 365.25
    found = []
    for major in reading.chart.mahadashas:
        if major.end_jd <= reading.jd or major.start_jd > horizon:
            continue
        candidates = [("mahadasha", major)] if major.start_jd > reading.jd else []
        candidates += [("antardasha", minor) for minor in antardashas(major)
                       if reading.jd < minor.start_jd <= horizon]
        for level, period in candidates:
            links = _links_of(reading, period.lord)
            if sum(link.strength for link in links) >= _WINDOW_THRESHOLD:
                found.append(DashaWindow(level, period.lord, major.lord, reading.local_date(period.start_jd),
                                         reading.local_date(period.end_jd), tuple(links)))
    return sorted(found, key=lambda window: (window.start, window.level != "mahadasha"))


def _when_line(reading: _Reading, windows: list[DashaWindow], years_ahead: int) -> str:
    words = reading.words
    if not windows:
        return words.say("predictions", "when", "none", years=years_ahead, label=reading.label)
    items = [
        words.say("predictions", "when", "item", lord=words.planet_label(window.lord),
                  level=words.entry("predictions", "when", "levels", window.level),
                  start=long_day_label(window.start), why=_link_phrase(reading, window.links[0]))
        for window in windows[:_WINDOWS_SHOWN]
    ]
    return words.say("predictions", "when", "line", items="; ".join(items))
