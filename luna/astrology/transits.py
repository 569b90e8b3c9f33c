"""Gochara: where the planets are on a date, counted from the natal Moon sign."""

from __future__ import annotations

from dataclasses import dataclass

from . import ephemeris
from .zodiac import NAKSHATRA_SPAN, NAKSHATRAS, SIGN_SPAN, SIGNS

# Sade sati: Saturn's 7½ years through the 12th, 1st and 2nd signs from the natal Moon.
_SADE_SATI_PHASES = {
    12: "rising (12th from the Moon)",
    1: "peak (over the Moon sign)",
    2: "setting (2nd from the Moon)",
}
# Dhaiya (small panoti): Saturn in the 4th or 8th from the Moon.
_DHAIYA_HOUSES = (4, 8)


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
    sade_sati_phase: str | None
    dhaiya: bool

    def planet(self, name: str) -> Transit:
        for transit in self.planets:
            if transit.planet == name:
                return transit
        raise KeyError(name)


def transits(jd_ut: float, moon_sign: int) -> Transits:
    """The sky at `jd_ut` for a native whose Moon is in sign `moon_sign` (0 = Aries)."""
    planets = tuple(
        Transit(
            planet=name,
            longitude=longitude,
            sign=int(longitude // SIGN_SPAN),
            house_from_moon=(int(longitude // SIGN_SPAN) - moon_sign) % 12 + 1,
            nakshatra=int(longitude // NAKSHATRA_SPAN),
            retrograde=speed < 0,
        )
        for name, (longitude, speed) in zip(ephemeris.PLANETS, ephemeris.planet_positions(jd_ut), strict=False)
    )
    saturn_house = planets[ephemeris.PLANETS.index("Saturn")].house_from_moon
    phase = _SADE_SATI_PHASES.get(saturn_house)
    return Transits(
        jd_ut=jd_ut,
        moon_sign=moon_sign,
        planets=planets,
        sade_sati=phase is not None,
        sade_sati_phase=phase,
        dhaiya=saturn_house in _DHAIYA_HOUSES,
    )
