"""The horoscope (intent ask_horoscope): a sign, read as the Moon sign, over a day, week, month or year.

Everything comes from the real transits of the period, counted from the sign
(classical gochara, see gochara.py):
- a day weighs the Moon's house most (it changes sign every ~2¼ days), then the
  weekday's lord and the day's tithi and nakshatra at sunrise, so two days always
  differ and each difference has a reason;
- a week adds its best and most delicate Moon stretches and the faster planets'
  sign changes; a month leans on the Sun, Mars, Venus and Mercury; a year on
  Jupiter, Saturn and the nodes. Jupiter and Saturn (with sade sati) are the
  backdrop of every period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from luna.astrology import (
    PLANETS,
    SADE_SATI_HOUSES,
    SIGNS,
    Ingress,
    check_coordinates,
    is_dhaiya,
    next_sign_change,
    sade_sati_phase,
    sign_named,
    whole_sign_house,
)

from .content import ReadingContent, default_content
from .day_limbs import DayLimbs, day_limbs
from .errors import UnknownSign
from .period import (
    DEFAULT_LOCATION,
    Location,
    Window,
    day_label,
    long_day_label,
    moment_label,
    today_in,
    weekday_label,
    window_for,
)
from .reply import Statement, capitalised, compose
from .timeline import Stay, Timeline, gochara_timeline

_ALL = PLANETS
_WITHOUT_MOON = tuple(planet for planet in PLANETS if planet != "Moon")
_FAST = ("Sun", "Mars", "Venus", "Mercury")
_SLOW = ("Jupiter", "Saturn", "Rahu", "Ketu")


class _Plan(NamedTuple):
    planets: tuple[str, ...]  # followed through the period (and taking part in vedha)
    weights: dict[str, float]  # their share of the overall score
    listed: tuple[str, ...]  # whose sign changes the reply lists


# Weights: how much each planet's transit colours a period of that length. The Moon
# rules a day and fades over a month (it visits every house); the slow planets set a
# year. Over a month or year the Moon is left out altogether, vedha included.
_DAY_WEIGHTS = {"Moon": 4.0, "Sun": 1.0, "Mars": 1.0, "Mercury": 1.0, "Venus": 1.0,
                "Jupiter": 1.5, "Saturn": 1.5, "Rahu": 0.5, "Ketu": 0.5}
_PLANS = {
    "today": _Plan(_ALL, _DAY_WEIGHTS, _ALL),
    "tomorrow": _Plan(_ALL, _DAY_WEIGHTS, _ALL),
    "week": _Plan(_ALL, {**_DAY_WEIGHTS, "Moon": 3.0}, _ALL),
    "month": _Plan(_WITHOUT_MOON, {"Sun": 1.5, "Mars": 1.5, "Mercury": 1.0, "Venus": 1.0, "Jupiter": 2.5,
                                   "Saturn": 2.5, "Rahu": 1.0, "Ketu": 1.0}, _WITHOUT_MOON),
    "year": _Plan(_WITHOUT_MOON, {"Mars": 0.5, "Jupiter": 3.0, "Saturn": 3.0, "Rahu": 1.0, "Ketu": 1.0}, _SLOW),
}
# Score (-1..1) thresholds for the tone and its stars, best first. Classical gochara
# finds most planets unfavourable in most houses (Saturn in 9 of 12), so an ordinary
# period scores below zero; the thresholds were set from the scores of random
# periods and signs in 2000-2040, giving roughly 10% excellent, 20% good, 30% mixed,
# 25% careful and 15% patient.
_TONES = ((0.05, "excellent", 5), (-0.2, "good", 4), (-0.45, "mixed", 3), (-0.7, "careful", 2))
_LOWEST_TONE = ("patient", 1)
# How far ahead to look for a slow planet's next sign change (its longest stay in a
# sign, retrogressions included, with room to spare).
_LOOKAHEAD_DAYS = {"Jupiter": 500.0, "Saturn": 1200.0, "Rahu": 700.0, "Ketu": 700.0}
_MAX_CHANGES_SHOWN = 5
_SHORTEST_MOON_STRETCH_DAYS = 0.5
_EDGE = 1e-9  # Julian-day tolerance when comparing a stay's ends with the period's


@dataclass(frozen=True, slots=True)
class Change:
    """A planet entering a sign inside the period."""

    planet: str
    at: datetime  # aware, in the reader's time zone
    jd_ut: float
    from_sign: str
    to_sign: str
    house: int  # the house from the Moon sign it enters
    effect: str  # "positive" or "negative": the gochara of the new house
    retrograde: bool  # moving back into the previous sign


@dataclass(frozen=True, slots=True)
class Horoscope:
    sign: str
    period: str  # today, tomorrow, week, month, year
    first_day: date
    last_day: date  # inclusive
    timezone: str
    score: float  # -1 (hard) .. +1 (excellent), the weighted gochara of the period
    stars: int  # 1..5
    tone: str  # excellent, good, mixed, careful, patient
    statements: tuple[Statement, ...]  # as shown in `text`, most important first
    changes: tuple[Change, ...]  # every listed sign change in the period, in time order
    sade_sati: str | None  # "rising", "peak" or "setting" at the start of the period
    text: str  # the reply, at most reply.MAX_TEXT_CHARS characters


def horoscope(
    sign: str | int,
    period: str = "today",
    start: date | None = None,
    location: Location = DEFAULT_LOCATION,
    content: ReadingContent | None = None,
) -> Horoscope:
    """The horoscope of `sign` (English name or 0 = Aries) for `period` asked on `start`.

    `start` defaults to today in the location's time zone; `tomorrow` is the day
    after it. The location's coordinates only set the sunrise at which a day's tithi
    and nakshatra are read. Raises UnknownSign, UnknownPeriod or InputError.
    """
    moon_sign = _sign_number(sign)
    check_coordinates(location.latitude, location.longitude)
    window = window_for(period, start or today_in(location.timezone), location.timezone)
    words = content or default_content()
    plan = _PLANS[window.period]
    timeline = gochara_timeline(window.start_jd, window.end_jd, moon_sign, plan.planets)
    reading = _Reading(words, window, moon_sign, timeline)

    limbs = None
    if window.period in ("today", "tomorrow"):
        limbs = day_limbs(window.first_day, location.latitude, location.longitude, location.timezone)
        statements = _day_statements(reading, limbs)
    elif window.period == "week":
        statements = _week_statements(reading)
    elif window.period == "month":
        statements = _month_statements(reading)
    else:
        statements = _year_statements(reading)

    score = _score(timeline, plan, limbs)
    tone, stars = _tone(score)
    changes = tuple(_change(reading, ingress) for ingress in timeline.ingresses if ingress.planet in plan.listed)
    header = _header(reading, tone, stars)
    footers = [_changes_line(reading, changes)] if changes else []
    text, shown = compose(header, statements, footers)
    saturn_house = timeline.segments[0].houses["Saturn"]
    return Horoscope(
        sign=SIGNS[moon_sign],
        period=window.period,
        first_day=window.first_day,
        last_day=window.last_day,
        timezone=window.timezone,
        score=round(score, 3),
        stars=stars,
        tone=tone,
        statements=shown,
        changes=changes,
        sade_sati=sade_sati_phase(saturn_house),
        text=text,
    )


def _sign_number(sign: str | int) -> int:
    """0 = Aries from an English sign name (any case) or an index; UnknownSign otherwise."""
    if isinstance(sign, int) and not isinstance(sign, bool):
        if 0 <= sign < 12:
            return sign
    elif isinstance(sign, str):
        try:
            return sign_named(sign)
        except ValueError:
            pass
    raise UnknownSign(f"'{sign}' is not a zodiac sign; choose one of: {', '.join(SIGNS)}.")


class _Reading(NamedTuple):
    words: ReadingContent
    window: Window
    moon_sign: int
    timeline: Timeline

    def moment(self, jd_ut: float) -> str:
        return moment_label(self.window.local(jd_ut), self.window.period)

    def statement(self, kind: str, reason: str, meaning: str, effect: str,
                  planet: str | None = None, house: int | None = None) -> Statement:
        text = self.words.say("horoscope", "templates", "bullet", marker=self.words.marker(effect),
                              reason=capitalised(reason), meaning=meaning)
        return Statement(kind, capitalised(reason), meaning, effect, text, planet, house)


# --- statements for each period ---------------------------------------------------------

def _day_statements(reading: _Reading, limbs: DayLimbs) -> list[Statement]:
    timeline = reading.timeline
    moon = max(timeline.stays("Moon"), key=lambda stay: stay.days)
    statements = [
        _transit(reading, moon, _span(reading, moon)),
        _panchang(reading, limbs),
        _vara(reading, limbs),
    ]
    # Another planet changing sign today is news worth a line of its own.
    for ingress in timeline.ingresses:
        if ingress.planet not in ("Moon", "Ketu"):
            stay = next(s for s in timeline.stays(ingress.planet) if s.start_jd >= ingress.jd_ut - _EDGE)
            statements.append(_transit(reading, stay, _span(reading, stay)))
    statements.extend(_backdrop(reading))
    return statements


def _week_statements(reading: _Reading) -> list[Statement]:
    # A stay of a few hours at either end of the week is not a stretch worth advice.
    moon_stays = [stay for stay in reading.timeline.stays("Moon") if stay.days >= _SHORTEST_MOON_STRETCH_DAYS]
    statements = []
    good = [stay for stay in moon_stays if stay.result.effect == "positive"]
    if good:
        best = max(good, key=lambda stay: stay.days)
        statements.append(_transit(reading, best, _span(reading, best)))
    delicate = [stay for stay in moon_stays if stay.result.effect == "negative"]
    if delicate:
        # The 8th from the Moon (chandrashtama) is the stretch people most need to know.
        care = max(delicate, key=lambda stay: (stay.house == 8, stay.days))
        statements.append(_transit(reading, care, _span(reading, care)))
    statements.extend(_fast_planets(reading, count=2))
    statements.extend(_backdrop(reading))
    return statements


def _month_statements(reading: _Reading) -> list[Statement]:
    timeline = reading.timeline
    sun = max(timeline.stays("Sun"), key=lambda stay: stay.days)
    statements = [_transit(reading, sun, _span(reading, sun))]
    statements.extend(_backdrop(reading))
    statements.extend(_fast_planets(reading, count=2, planets=("Mars", "Venus", "Mercury")))
    return statements


def _year_statements(reading: _Reading) -> list[Statement]:
    timeline = reading.timeline
    total = timeline.end_jd - timeline.start_jd
    statements = []
    for planet in ("Jupiter", "Saturn"):
        # Stays long enough to matter (a brief retrograde dip shows in the changes line).
        stays = [stay for stay in timeline.stays(planet) if stay.days >= 0.15 * total]
        longest = sorted(stays, key=lambda stay: stay.days, reverse=True)[:2]
        for stay in sorted(longest, key=lambda stay: stay.start_jd):
            statements.append(_slow(reading, stay, _span(reading, stay)))
    for planet in ("Rahu", "Ketu"):
        stay = max(timeline.stays(planet), key=lambda stay: stay.days)
        statements.append(_transit(reading, stay, _span(reading, stay)))
    return statements


def _fast_planets(reading: _Reading, count: int, planets: tuple[str, ...] = _FAST) -> list[Statement]:
    """The fast planets worth a line: those changing sign in the period first."""
    picks = []
    for planet in planets:
        stays = reading.timeline.stays(planet)
        if reading.window.period == "week" and len(stays) > 1:
            stay = stays[-1]  # what the week turns towards
        else:
            stay = max(stays, key=lambda stay: stay.days)
        picks.append((len(stays) == 1, stay))
    picks.sort(key=lambda pick: pick[0])  # stable: changers first, then in `planets` order
    return [_transit(reading, stay, _span(reading, stay)) for _, stay in picks[:count]]


def _backdrop(reading: _Reading) -> list[Statement]:
    """Saturn when it brings sade sati or dhaiya, and Jupiter: the season behind any period."""
    timeline = reading.timeline
    middle = (timeline.start_jd + timeline.end_jd) / 2.0
    statements = []
    for planet in ("Saturn", "Jupiter"):
        stay = next(s for s in timeline.stays(planet) if s.start_jd <= middle < s.end_jd + _EDGE)
        if planet == "Saturn" and not _saturn_season(stay.house):
            continue
        statements.append(_slow(reading, stay, _span_beyond(reading, stay)))
    return statements


# --- one statement ----------------------------------------------------------------------

def _saturn_season(house: int) -> bool:
    """Saturn `house` from the Moon brings sade sati or dhaiya."""
    return sade_sati_phase(house) is not None or is_dhaiya(house)


def _transit(reading: _Reading, stay: Stay, span: str) -> Statement:
    words = reading.words
    reason = words.say("horoscope", "reasons", "transit", planet=words.planet(stay.planet),
                       house=words.house(stay.house), sign=SIGNS[reading.moon_sign], span=span)
    meaning = words.say("gochara", "transits", stay.planet, stay.house)
    if stay.result.blocked_by:
        meaning = words.say("horoscope", "templates", "vedha", meaning=meaning,
                            blocker=words.planet(stay.result.blocked_by),
                            blocker_house=words.house(stay.blocker_house))
    return reading.statement("transit", reason, meaning, stay.result.effect, stay.planet, stay.house)


def _slow(reading: _Reading, stay: Stay, span: str) -> Statement:
    """Jupiter, Saturn or a node; Saturn speaks of sade sati or dhaiya when it brings them."""
    if stay.planet != "Saturn" or not _saturn_season(stay.house):
        return _transit(reading, stay, span)
    words = reading.words
    sign = SIGNS[reading.moon_sign]
    house = words.house(stay.house)
    if stay.house in SADE_SATI_HOUSES:
        phase = words.entry("gochara", "sade_sati_phases", stay.house)
        reason = words.say("horoscope", "reasons", "sade_sati", phase=phase, house=house, sign=sign, span=span)
        meaning = words.say("gochara", "sade_sati", stay.house)
        kind = "sade_sati"
    else:
        name = words.entry("gochara", "dhaiya_names", stay.house)
        reason = words.say("horoscope", "reasons", "dhaiya", name=name, house=house, sign=sign, span=span)
        meaning = words.say("gochara", "dhaiya", stay.house)
        kind = "dhaiya"
    return reading.statement(kind, reason, meaning, stay.result.effect, "Saturn", stay.house)


def _vara(reading: _Reading, limbs: DayLimbs) -> Statement:
    words = reading.words
    lord = limbs.vara_lord
    middle = (reading.window.start_jd + reading.window.end_jd) / 2.0
    result = reading.timeline.at(middle).results[lord]
    vara = words.entry("vocabulary", "varas", lord)
    reason = words.say("horoscope", "reasons", "vara", weekday=reading.window.first_day.strftime("%A"),
                       planet=words.planet(lord), vara=vara["name"], house=words.house(result.house),
                       sign=SIGNS[reading.moon_sign])
    meaning = words.say("horoscope", "meanings", "vara", result.effect, planet=words.planet(lord),
                        themes=vara["themes"])
    return reading.statement("vara", reason, meaning, result.effect, lord, result.house)


def _panchang(reading: _Reading, limbs: DayLimbs) -> Statement:
    words = reading.words
    reason = words.say("horoscope", "reasons", "panchang", tithi=limbs.tithi, nakshatra=limbs.nakshatra)
    meaning = words.say(
        "horoscope", "meanings", "panchang",
        paksha=words.say("horoscope", "paksha", limbs.paksha),
        nature=words.say("horoscope", "nakshatra_natures", limbs.nature, nakshatra=limbs.nakshatra),
    )
    # The waxing Moon is the stronger Moon (Phaladeepika 26: its good results come in full).
    effect = "positive" if limbs.paksha in ("shukla", "purnima") else "neutral"
    return reading.statement("panchang", reason, meaning, effect)


# --- spans, header, changes, score --------------------------------------------------------

def _span(reading: _Reading, stay: Stay) -> str:
    """When inside the period the stay holds: "all day", "until 14:32", "from Sat 29 Nov"..."""
    window = reading.window
    starts_inside = stay.start_jd > window.start_jd + _EDGE
    ends_inside = stay.end_jd < window.end_jd - _EDGE
    words = reading.words
    if starts_inside and ends_inside:
        return words.say("horoscope", "templates", "span_between",
                         start=reading.moment(stay.start_jd), end=reading.moment(stay.end_jd))
    if ends_inside:
        return words.say("horoscope", "templates", "span_until", moment=reading.moment(stay.end_jd))
    if starts_inside:
        return words.say("horoscope", "templates", "span_from", moment=reading.moment(stay.start_jd))
    return words.entry("horoscope", "periods", window.period, "whole")


def _span_beyond(reading: _Reading, stay: Stay) -> str:
    """For a slow planet: until when it stays, even past the period ("until 31 Oct 2026")."""
    if stay.end_jd < reading.window.end_jd - _EDGE:
        return _span(reading, stay)
    following = next_sign_change(stay.planet, reading.window.end_jd, _LOOKAHEAD_DAYS.get(stay.planet, 400.0))
    if following is None:
        return reading.words.entry("horoscope", "templates", "span_ongoing")
    until = long_day_label(reading.window.local(following.jd_ut).date())
    return reading.words.say("horoscope", "templates", "span_until", moment=until)


def _header(reading: _Reading, tone: str, stars: int) -> str:
    words, window = reading.words, reading.window
    if window.period in ("today", "tomorrow"):
        first = last = weekday_label(window.first_day)
    elif window.period == "year":
        first, last = long_day_label(window.first_day), long_day_label(window.last_day)
    else:
        first, last = day_label(window.first_day), day_label(window.last_day)
    sign = SIGNS[reading.moon_sign]
    noun = words.entry("horoscope", "periods", window.period, "noun")
    return words.say(
        "horoscope", "templates", "header",
        glyph=words.entry("vocabulary", "signs", sign, "glyph"),
        sign=sign,
        hindi=words.entry("vocabulary", "signs", sign, "hindi"),
        heading=words.say("horoscope", "periods", window.period, "heading", first=first, last=last),
        stars=words.entry("horoscope", "templates", "star_full") * stars
        + words.entry("horoscope", "templates", "star_empty") * (5 - stars),
        tone_label=words.entry("horoscope", "tones", tone, "label"),
        tone_text=words.say("horoscope", "tones", tone, "text", noun=noun),
    )


def _change(reading: _Reading, ingress: Ingress) -> Change:
    house = whole_sign_house(ingress.to_sign, reading.moon_sign)
    favourable = reading.timeline.at(ingress.jd_ut).results[ingress.planet].favourable
    return Change(
        planet=ingress.planet,
        at=reading.window.local(ingress.jd_ut),
        jd_ut=ingress.jd_ut,
        from_sign=SIGNS[ingress.from_sign],
        to_sign=SIGNS[ingress.to_sign],
        house=house,
        effect="positive" if favourable else "negative",
        retrograde=ingress.retrograde,
    )


def _changes_line(reading: _Reading, changes: tuple[Change, ...]) -> str:
    """"🔄 Changes: 16 Dec Sun → 5th (Sagittarius); ..." for the first few changes."""
    words = reading.words
    # Ketu always moves with Rahu, to the opposite sign: the line names Rahu's move only.
    shown = [change for change in changes if change.planet != "Ketu"]
    items = [
        words.say("horoscope", "changes", "item", moment=moment_label(change.at, reading.window.period),
                  planet=words.planet_label(change.planet), house=words.house(change.house), sign=change.to_sign)
        for change in shown[:_MAX_CHANGES_SHOWN]
    ]
    if len(shown) > _MAX_CHANGES_SHOWN:
        items.append(words.say("horoscope", "changes", "more", count=len(shown) - _MAX_CHANGES_SHOWN))
    return words.say("horoscope", "changes", "line", items="; ".join(items))


def _score(timeline: Timeline, plan: _Plan, limbs: DayLimbs | None) -> float:
    total = 0.0
    for planet, weight in plan.weights.items():
        value = timeline.mean_value(planet)
        if planet == "Moon" and limbs is not None and limbs.paksha in ("krishna", "amavasya") and value > 0:
            value *= 0.5  # a waning Moon gives its good results only in part
        total += weight * value
    return total / sum(plan.weights.values())


def _tone(score: float) -> tuple[str, int]:
    for threshold, tone, stars in _TONES:
        if score >= threshold:
            return tone, stars
    return _LOWEST_TONE
