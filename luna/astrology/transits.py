"""Gochara: where the planets are on a date, counted from the natal Moon sign."""

from __future__ import annotations

from dataclasses import dataclass

from luna.observability.metrics import timed_engine

from . import ephemeris
from .zodiac import NAKSHATRA_SPAN, NAKSHATRAS, SIGN_SPAN, SIGNS, whole_sign_house

# Sade sati: Saturn's 7½ years through the 12th, 1st and 2nd signs from the natal Moon,
# named by its phase (the keys readings and content use).
SADE_SATI_PHASES = {12: "rising", 1: "peak", 2: "setting"}
SADE_SATI_HOUSES = tuple(SADE_SATI_PHASES)  # in the order Saturn passes them: 12, 1, 2
# Dhaiya (small panoti, kantaka shani): Saturn in the 4th or 8th from the Moon.
DHAIYA_HOUSES = (4, 8)


def sade_sati_phase(saturn_house: int) -> str | None:
    """"rising", "peak" or "setting" while Saturn is 12th, 1st or 2nd from the Moon sign; else None."""
    return SADE_SATI_PHASES.get(saturn_house)


def is_dhaiya(saturn_house: int) -> bool:
    """Saturn 4th or 8th from the Moon sign."""
    return saturn_house in DHAIYA_HOUSES


@dataclass(frozen=True, slots=True)
class Transit:
    planet: str
    longitude: float
    sign: int
    house_from_moon: int  # 1..12, whole signs from the natal Moon sign
    nakshatra: int
    retrograde: bool

    @property
    def sign_name(self) -> str:
        return SIGNS[self.sign]

    @property
    def nakshatra_name(self) -> str:
        return NAKSHATRAS[self.nakshatra]


@dataclass(frozen=True, slots=True)
class Transits:
    jd_ut: float
    moon_sign: int
    planets: tuple[Transit, ...]
    sade_sati: bool
    sade_sati_phase: str | None  # "rising", "peak" or "setting"
    dhaiya: bool

    def planet(self, name: str) -> Transit:
        for transit in self.planets:
            if transit.planet == name:
                return transit
        raise KeyError(name)


@timed_engine("transits")  # luna_engine_seconds (luna/observability/metrics.py)
def transits(jd_ut: float, moon_sign: int) -> Transits:
    """The sky at `jd_ut` for a native whose Moon is in sign `moon_sign` (0 = Aries)."""
    planets = tuple(
        Transit(
            planet=name,
            longitude=longitude,
            sign=int(longitude // SIGN_SPAN),
            house_from_moon=whole_sign_house(int(longitude // SIGN_SPAN), moon_sign),
            nakshatra=int(longitude // NAKSHATRA_SPAN),
            retrograde=speed < 0,
        )
        for name, (longitude, speed) in zip(ephemeris.PLANETS, ephemeris.planet_positions(jd_ut), strict=False)
    )
    saturn_house = planets[ephemeris.PLANETS.index("Saturn")].house_from_moon
    phase = sade_sati_phase(saturn_house)
    return Transits(
        jd_ut=jd_ut,
        moon_sign=moon_sign,
        planets=planets,
        sade_sati=phase is not None,
        sade_sati_phase=phase,
        dhaiya=is_dhaiya(saturn_house),
    )
