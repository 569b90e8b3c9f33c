"""When planets change sign: ingress times found from the engine's positions.

The engine gives positions at an instant; transits over a period need the moments
in between where a planet crosses into another sign. We step through the period
and bisect each step in which a sign changed. The step is small enough that no
planet can cross a sign and come back inside it unnoticed, except a planet turning
retrograde within minutes of arc of a sign line (it then touches the line for less
than a step, which no reading would mention anyway).
"""

from __future__ import annotations

from typing import NamedTuple

from luna.astrology import ephemeris
from luna.astrology.zodiac import SIGN_SPAN

# The Moon moves at most ~15.4°/day, so half a day is well under a sign (30°); every
# other body moves under 2.5°/day.
MOON_STEP_DAYS = 0.5
PLANET_STEP_DAYS = 1.0
# Bisect until the crossing is known to within 15 seconds of time.
PRECISION_DAYS = 15.0 / 86400.0

_INDEX = {name: index for index, name in enumerate(ephemeris.PLANETS)}
_BODY_NUMBER = dict(ephemeris.BODIES)


class Ingress(NamedTuple):
    planet: str
    jd_ut: float  # the first moment in the new sign (to PRECISION_DAYS)
    from_sign: int  # 0 = Aries
    to_sign: int
    retrograde: bool  # True when the planet moves back into the previous sign


def signs_at(jd_ut: float) -> dict[str, int]:
    """The sign (0 = Aries) of every planet at `jd_ut`."""
    return {
        name: int(longitude // SIGN_SPAN)
        for name, (longitude, _) in zip(ephemeris.PLANETS, ephemeris.planet_positions(jd_ut), strict=True)
    }


def sign_of(planet: str, jd_ut: float) -> int:
    """The sign of one planet at `jd_ut` (Ketu is exactly opposite Rahu)."""
    longitude, _ = _longitude_and_speed(planet, jd_ut)
    return int(longitude // SIGN_SPAN)


def sign_changes(start_jd: float, end_jd: float, planets: tuple[str, ...]) -> list[Ingress]:
    """Every sign change of `planets` in [start_jd, end_jd), in time order."""
    unknown = [name for name in planets if name not in _INDEX]
    if unknown:
        raise ValueError(f"not planets: {unknown}")
    step = MOON_STEP_DAYS if "Moon" in planets else PLANET_STEP_DAYS
    indices = [(name, _INDEX[name]) for name in planets]
    found: list[Ingress] = []
    before = _signs(start_jd)
    jd = start_jd
    while jd < end_jd:
        following = min(jd + step, end_jd)
        after = _signs(following)
        for name, index in indices:
            if after[index] != before[index]:
                found.append(_bisect(name, jd, following, before[index], after[index]))
        before, jd = after, following
    # A crossing exactly at end_jd belongs to the next period.
    return sorted((ingress for ingress in found if ingress.jd_ut < end_jd), key=lambda ingress: ingress.jd_ut)


def next_sign_change(planet: str, start_jd: float, within_days: float) -> Ingress | None:
    """The first sign change of one planet after `start_jd`, looking at most `within_days` ahead."""
    step = MOON_STEP_DAYS if planet == "Moon" else PLANET_STEP_DAYS
    before = sign_of(planet, start_jd)
    jd = start_jd
    end_jd = start_jd + within_days
    while jd < end_jd:
        following = min(jd + step, end_jd)
        after = sign_of(planet, following)
        if after != before:
            return _bisect(planet, jd, following, before, after)
        jd = following
    return None


def _signs(jd_ut: float) -> list[int]:
    return [int(longitude // SIGN_SPAN) for longitude, _ in ephemeris.planet_positions(jd_ut)]


def _longitude_and_speed(planet: str, jd_ut: float) -> tuple[float, float]:
    if planet == "Ketu":
        longitude, speed = ephemeris.sidereal_body(jd_ut, _BODY_NUMBER["Rahu"])
        return (longitude + 180.0) % 360.0, speed
    return ephemeris.sidereal_body(jd_ut, _BODY_NUMBER[planet])


def _bisect(planet: str, low: float, high: float, from_sign: int, to_sign: int) -> Ingress:
    """Narrow [low, high) down to the crossing: `low` is in from_sign, `high` in to_sign."""
    while high - low > PRECISION_DAYS:
        middle = (low + high) / 2.0
        if sign_of(planet, middle) == from_sign:
            low = middle
        else:
            high = middle
    _, speed = _longitude_and_speed(planet, high)
    return Ingress(planet, high, from_sign, to_sign, speed < 0)
