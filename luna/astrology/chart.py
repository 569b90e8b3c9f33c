"""Casting the birth chart (D1 kundli with D9 signs, dasha and boundary warnings)."""

from __future__ import annotations

from typing import NamedTuple

from luna.observability.metrics import timed_engine

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
    whole_sign_house,
)

LAGNA = "Lagna"
POLAR_LIMIT = 66.0
_TOLERANCE_DAYS = BIRTH_TIME_TOLERANCE_MINUTES / 1440.0
_CHART_BODIES = (LAGNA, *ephemeris.PLANETS)


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


class BoundaryWarning(NamedTuple):
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


class Chart(NamedTuple):
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


@timed_engine("chart")  # luna_engine_seconds (luna/observability/metrics.py)
def cast_chart(moment: Moment, latitude: float, longitude: float) -> Chart:
    """The full kundli for a moment at a place."""
    check_coordinates(latitude, longitude)
    # The ascendant is undefined where the ecliptic can lie on the horizon.
    if abs(latitude) > POLAR_LIMIT:
        raise InputError("Luna cannot cast a chart beyond the polar circles (latitude above 66°).")
    jd = moment.jd_ut
    raw = [ephemeris.sidereal_ascendant(jd, latitude, longitude)]
    raw.extend(ephemeris.planet_positions(jd))
    lagna_sign = int(raw[0][0] // SIGN_SPAN)
    positions = []
    warnings: list[BoundaryWarning] = []
    # The hot loop of every chart: plain arithmetic and the one whole-sign rule, the
    # warnings only for a body near a line (tuple.__new__ skips NamedTuple's
    # Python-level constructor).
    make = tuple.__new__
    for name, (lon, speed) in zip(_CHART_BODIES, raw, strict=False):
        sign = int(lon // SIGN_SPAN)
        padas = int(lon // PADA_SPAN)
        nakshatra = padas >> 2  # four padas to a nakshatra
        position = make(Position, (
            name, lon, speed, sign, whole_sign_house(sign, lagna_sign), nakshatra, (padas & 3) + 1,
            padas % 12,  # a pada is exactly one navamsa (3°20'), counted on from Aries
        ))
        positions.append(position)
        margin = (speed if speed > 0 else -speed) * _TOLERANCE_DAYS
        if margin < MIN_BOUNDARY_MARGIN_DEG:
            margin = MIN_BOUNDARY_MARGIN_DEG
        into_sign = lon - sign * SIGN_SPAN
        into_nakshatra = lon - nakshatra * NAKSHATRA_SPAN
        if (into_sign < margin or into_sign > SIGN_SPAN - margin
                or into_nakshatra < margin or into_nakshatra > NAKSHATRA_SPAN - margin):
            warnings.extend(_boundary_warnings(position, margin))
    planets = tuple(positions[1:])
    return Chart(
        moment=moment,
        latitude=latitude,
        longitude=longitude,
        lagna=positions[0],
        planets=planets,
        mahadashas=dasha.mahadashas(planets[1].longitude, jd),
        warnings=tuple(warnings),
    )


def _boundary_warnings(position: Position, margin: float) -> list[BoundaryWarning]:
    longitude = position.longitude
    speed = abs(position.speed)
    found = []
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
