"""Event searches: when a body changes sign or nakshatra, when the Sun rises and sets.

The ephemeris gives positions at an instant; readings need the moments in between
where something changes. Like Skyfield's almanac on top of its searchlib, each search
here is one generic step-and-bisect (`_find_changes`) applied to a "which division is
the body in" function: step through the interval, and bisect every step in which the
answer changed.

The step is small enough that no body can cross a division and come back inside it
unnoticed, except a planet turning retrograde within minutes of arc of a line (it then
touches the line for less than a step, which no reading would mention anyway). The
Moon moves at most ~15.4°/day, so half a day keeps it well inside a sign (30°) and
under a nakshatra (13°20'); every other body moves under 2.5°/day.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from . import ephemeris
from .zodiac import NAKSHATRA_SPAN, SIGN_SPAN

MOON_STEP_DAYS = 0.5
PLANET_STEP_DAYS = 1.0
# Bisect until the crossing is known to within 15 seconds of time.
PRECISION_DAYS = 15.0 / 86400.0

_INDEX = {name: index for index, name in enumerate(ephemeris.PLANETS)}
_BODY_NUMBER = dict(ephemeris.BODIES)


class Ingress(NamedTuple):
    """A body entering another sign."""

    planet: str
    jd_ut: float  # the first moment in the new sign (to PRECISION_DAYS)
    from_sign: int  # 0 = Aries
    to_sign: int
    retrograde: bool  # True when the planet moves back into the previous sign


class NakshatraChange(NamedTuple):
    """A body entering another nakshatra."""

    planet: str
    jd_ut: float  # the first moment in the new nakshatra (to PRECISION_DAYS)
    from_nakshatra: int  # 0 = Ashwini
    to_nakshatra: int
    retrograde: bool


# --- positions of one body ---------------------------------------------------------------

def longitude_and_speed(planet: str, jd_ut: float) -> tuple[float, float]:
    """Sidereal (longitude, speed in degrees/day) of one of ephemeris.PLANETS; Ketu is opposite Rahu."""
    if planet == "Ketu":
        longitude, speed = ephemeris.sidereal_body(jd_ut, _BODY_NUMBER["Rahu"])
        return (longitude + 180.0) % 360.0, speed
    try:
        body = _BODY_NUMBER[planet]
    except KeyError:
        raise ValueError(f"not a planet: {planet!r}") from None
    return ephemeris.sidereal_body(jd_ut, body)


def signs_at(jd_ut: float) -> dict[str, int]:
    """The sign (0 = Aries) of every planet at `jd_ut`."""
    return dict(zip(ephemeris.PLANETS, _signs(jd_ut), strict=True))


def sign_of(planet: str, jd_ut: float) -> int:
    """The sign (0 = Aries) of one planet at `jd_ut`."""
    return int(longitude_and_speed(planet, jd_ut)[0] // SIGN_SPAN)


def nakshatra_of(planet: str, jd_ut: float) -> int:
    """The nakshatra (0 = Ashwini) of one planet at `jd_ut`."""
    return int(longitude_and_speed(planet, jd_ut)[0] // NAKSHATRA_SPAN)


# --- sign and nakshatra changes ------------------------------------------------------------

def sign_changes(start_jd: float, end_jd: float, planets: tuple[str, ...]) -> list[Ingress]:
    """Every sign change of `planets` in [start_jd, end_jd), in time order."""
    unknown = [name for name in planets if name not in _INDEX]
    if unknown:
        raise ValueError(f"not planets: {unknown}")
    step = _step_for(planets)
    indices = [(name, _INDEX[name]) for name in planets]
    found: list[Ingress] = []
    # One ephemeris call per step gives every planet's sign at once.
    for low, high, before, after in _find_changes(start_jd, end_jd, _signs, step):
        for name, index in indices:
            if after[index] != before[index]:
                found.append(_sign_change(name, low, high, before[index], after[index]))
    # A crossing exactly at end_jd belongs to the next period.
    return sorted((ingress for ingress in found if ingress.jd_ut < end_jd), key=lambda ingress: ingress.jd_ut)


def next_sign_change(planet: str, start_jd: float, within_days: float) -> Ingress | None:
    """The first sign change of one planet after `start_jd`, looking at most `within_days` ahead."""
    for low, high, before, after in _find_changes(
        start_jd, start_jd + within_days, lambda jd: sign_of(planet, jd), _step_for((planet,))
    ):
        return _sign_change(planet, low, high, before, after)
    return None


def next_nakshatra_change(planet: str, start_jd: float, within_days: float) -> NakshatraChange | None:
    """The first nakshatra change of one planet after `start_jd`, looking at most `within_days` ahead."""
    for low, high, before, after in _find_changes(
        start_jd, start_jd + within_days, lambda jd: nakshatra_of(planet, jd), _step_for((planet,))
    ):
        return _nakshatra_change(planet, low, high, before, after)
    return None


# --- sunrise and sunset ----------------------------------------------------------------------

def sunrise(after_jd: float, latitude: float, longitude: float) -> float | None:
    """The first sunrise after `after_jd` (UT Julian day), by conventions.SUNRISE_CONVENTION;
    None where the Sun does not rise (polar day or night)."""
    return ephemeris.sun_rise_set(after_jd, latitude, longitude, rise=True)


def sunset(after_jd: float, latitude: float, longitude: float) -> float | None:
    """The first sunset after `after_jd`; None where the Sun does not set."""
    return ephemeris.sun_rise_set(after_jd, latitude, longitude, rise=False)


# --- the generic search ----------------------------------------------------------------------

def _find_changes(start_jd: float, end_jd: float, value_at: Callable[[float], object], step: float):
    """Yield (low, high, value at low, value at high) for every step of [start_jd, end_jd]
    in which `value_at` changed."""
    before = value_at(start_jd)
    jd = start_jd
    while jd < end_jd:
        following = min(jd + step, end_jd)
        after = value_at(following)
        if after != before:
            yield jd, following, before, after
        before, jd = after, following


def _bisect(still_before: Callable[[float], bool], low: float, high: float) -> float:
    """Narrow [low, high) to the change: `still_before(low)` holds and `still_before(high)` does not."""
    while high - low > PRECISION_DAYS:
        middle = (low + high) / 2.0
        if still_before(middle):
            low = middle
        else:
            high = middle
    return high


def _sign_change(planet: str, low: float, high: float, from_sign: int, to_sign: int) -> Ingress:
    jd = _bisect(lambda t: sign_of(planet, t) == from_sign, low, high)
    return Ingress(planet, jd, from_sign, to_sign, _retrograde(planet, jd))


def _nakshatra_change(planet: str, low: float, high: float, from_nakshatra: int, to_nakshatra: int) -> NakshatraChange:
    jd = _bisect(lambda t: nakshatra_of(planet, t) == from_nakshatra, low, high)
    return NakshatraChange(planet, jd, from_nakshatra, to_nakshatra, _retrograde(planet, jd))


def _retrograde(planet: str, jd_ut: float) -> bool:
    return longitude_and_speed(planet, jd_ut)[1] < 0


def _signs(jd_ut: float) -> list[int]:
    return [int(longitude // SIGN_SPAN) for longitude, _ in ephemeris.planet_positions(jd_ut)]


def _step_for(planets: tuple[str, ...]) -> float:
    return MOON_STEP_DAYS if "Moon" in planets else PLANET_STEP_DAYS
