"""Casting the birth chart (D1 kundli with D9 signs, dasha and boundary warnings)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from . import dasha, ephemeris
from .conventions import BIRTH_TIME_TOLERANCE_MINUTES, MIN_BOUNDARY_MARGIN_DEG
from .errors import InputError
from .moment import Moment
from .zodiac import (
    NAKSHATRA_SPAN,
    NAKSHATRAS,
    PADA_SPAN,
    SIGN_LORDS,
    SIGN_SPAN,
    SIGNS,
    nakshatra_lord,
)

LAGNA = "Lagna"
POLAR_LIMIT = 66.0
_TOLERANCE_DAYS = BIRTH_TIME_TOLERANCE_MINUTES / 1440.0


class Position(NamedTuple):
    """A body (or the lagna) in the sidereal zodiac and in the chart.

    A NamedTuple rather than a frozen dataclass: ten are built per chart and
    tuple construction is several times cheaper, which matters at 10k charts/s.
    """

    name: str
    longitude: float
    speed: float  # degrees per day; negative when retrograde
    sign: int  # 0 = Aries
    house: int  # 1..12, whole-sign from the lagna
    nakshatra: int  # 0 = Ashwini
    pada: int  # 1..4
    navamsa: int  # D9 sign, 0 = Aries

    @property
    def retrograde(self) -> bool:
        return self.speed < 0

    @property
    def sign_name(self) -> str:
        return SIGNS[self.sign]

    @property
    def sign_lord(self) -> str:
        return SIGN_LORDS[self.sign]

    @property
    def nakshatra_name(self) -> str:
        return NAKSHATRAS[self.nakshatra]

    @property
    def nakshatra_lord(self) -> str:
        return nakshatra_lord(self.nakshatra)

    @property
    def navamsa_name(self) -> str:
        return SIGNS[self.navamsa]

    @property
    def degree_in_sign(self) -> float:
        return self.longitude % SIGN_SPAN


@dataclass(frozen=True, slots=True)
class BoundaryWarning:
    """A body so close to a sign or nakshatra line that a small birth-time error moves it."""

    body: str
    boundary: str  # "sign" or "nakshatra"
    current: str
    neighbour: str
    distance: float  # degrees to the line
    minutes: float | None  # birth-time shift that would carry the body over the line
    later: bool  # True when a later birth time crosses it

    @property
    def message(self) -> str:
        arcmin = self.distance * 60.0
        where = f"{arcmin:.1f}' from the {self.current}/{self.neighbour} {self.boundary} boundary"
        subject = "The lagna" if self.body == LAGNA else self.body
        if self.minutes is None or self.minutes > 24 * 60:
            return f"{subject} is {where}; published ayanamsas differ by about that much."
        direction = "later" if self.later else "earlier"
        return (
            f"{subject} is {where}: a birth time about {max(self.minutes, 0.1):.1f} min {direction} "
            f"would put it in {self.neighbour}."
        )


@dataclass(frozen=True, slots=True)
class Chart:
    moment: Moment
    latitude: float
    longitude: float
    lagna: Position
    planets: tuple[Position, ...]  # in ephemeris.PLANETS order
    mahadashas: tuple[dasha.DashaPeriod, ...]
    warnings: tuple[BoundaryWarning, ...]

    def planet(self, name: str) -> Position:
        for position in self.planets:
            if position.name == name:
                return position
        raise KeyError(name)

    @property
    def moon(self) -> Position:
        return self.planets[1]

    @property
    def ayanamsa(self) -> float:
        """Computed on demand: only the "show your working" answers need it."""
        return ephemeris.ayanamsa(self.moment.jd_ut)


def check_coordinates(latitude: float, longitude: float) -> None:
    if not -90.0 <= latitude <= 90.0:
        raise InputError(f"Latitude {latitude} is impossible; it must lie between -90 and 90.")
    if not -180.0 <= longitude <= 180.0:
        raise InputError(f"Longitude {longitude} is impossible; it must lie between -180 and 180.")


def cast_chart(moment: Moment, latitude: float, longitude: float) -> Chart:
    """The full kundli for a moment at a place."""
    check_coordinates(latitude, longitude)
    # The ascendant is undefined where the ecliptic can lie on the horizon.
    if abs(latitude) > POLAR_LIMIT:
        raise InputError("Luna cannot cast a chart beyond the polar circles (latitude above 66°).")
    jd = moment.jd_ut
    lagna_longitude, lagna_speed = ephemeris.sidereal_ascendant(jd, latitude, longitude)
    lagna_sign = int(lagna_longitude // SIGN_SPAN)
    lagna = _position(LAGNA, lagna_longitude, lagna_speed, lagna_sign)
    planets = tuple([
        _position(name, lon, speed, lagna_sign)
        for name, (lon, speed) in zip(ephemeris.PLANETS, ephemeris.planet_positions(jd))
    ])
    warnings = _boundary_warnings(lagna)
    for position in planets:
        warnings.extend(_boundary_warnings(position))
    return Chart(
        moment=moment,
        latitude=latitude,
        longitude=longitude,
        lagna=lagna,
        planets=planets,
        mahadashas=dasha.mahadashas(planets[1].longitude, jd),
        warnings=tuple(warnings),
    )


def _position(name: str, longitude: float, speed: float, lagna_sign: int) -> Position:
    sign = int(longitude // SIGN_SPAN)
    padas = int(longitude // PADA_SPAN)
    return Position(
        name,
        longitude,
        speed,
        sign,
        (sign - lagna_sign) % 12 + 1,
        padas >> 2,  # four padas to a nakshatra
        (padas & 3) + 1,
        padas % 12,  # a pada is exactly one navamsa (3°20')
    )


def _boundary_warnings(position: Position) -> list[BoundaryWarning]:
    longitude = position.longitude
    speed = abs(position.speed)
    margin = speed * _TOLERANCE_DAYS
    if margin < MIN_BOUNDARY_MARGIN_DEG:
        margin = MIN_BOUNDARY_MARGIN_DEG
    found = []
    # A nakshatra line every 13°20', a sign line every 30°: check the nearer only when close.
    for boundary, span, names, count, index in (
        ("sign", SIGN_SPAN, SIGNS, 12, position.sign),
        ("nakshatra", NAKSHATRA_SPAN, NAKSHATRAS, 27, position.nakshatra),
    ):
        into = longitude - index * span
        if margin <= into <= span - margin:
            continue
        distance, step = (into, -1) if into < margin else (span - into, 1)
        found.append(
            BoundaryWarning(
                body=position.name,
                boundary=boundary,
                current=names[index],
                neighbour=names[(index + step) % count],
                distance=distance,
                minutes=distance / speed * 1440.0 if speed else None,
                # Moving forward, a later birth time carries the body to the next division.
                later=(step == 1) == (position.speed >= 0),
            )
        )
    return found
