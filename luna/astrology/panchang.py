"""The five limbs of the day (panchang) at local sunrise, with sunrise, sunset and rahu kaal.

The Hindu day runs from sunrise to sunrise, so each limb is the one in force at the
moment of local sunrise (the convention of printed panchangs). Sunrise follows
conventions.SUNRISE_CONVENTION.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from luna.observability.metrics import timed_engine

from . import ephemeris
from .chart import check_coordinates
from .errors import InputError
from .moment import local_datetime, midnight_jd
from .search import sunrise as next_sunrise
from .search import sunset as next_sunset
from .zodiac import NAKSHATRA_SPAN, NAKSHATRAS

TITHI_SPAN = 12.0
KARANA_SPAN = 6.0

_PAKSHA_TITHIS = (
    "Pratipada", "Dwitiya", "Tritiya", "Chaturthi", "Panchami", "Shashthi", "Saptami",
    "Ashtami", "Navami", "Dashami", "Ekadashi", "Dwadashi", "Trayodashi", "Chaturdashi",
)
TITHIS = (
    tuple(f"Shukla {name}" for name in _PAKSHA_TITHIS) + ("Purnima",)
    + tuple(f"Krishna {name}" for name in _PAKSHA_TITHIS) + ("Amavasya",)
)

YOGAS = (
    "Vishkambha", "Priti", "Ayushman", "Saubhagya", "Shobhana", "Atiganda", "Sukarma",
    "Dhriti", "Shula", "Ganda", "Vriddhi", "Dhruva", "Vyaghata", "Harshana", "Vajra",
    "Siddhi", "Vyatipata", "Variyan", "Parigha", "Shiva", "Siddha", "Sadhya", "Shubha",
    "Shukla", "Brahma", "Indra", "Vaidhriti",
)

# Sixty half-tithis in a lunar month: the fixed Kimstughna first, the seven movable
# karanas eight times over, then the fixed Shakuni, Chatushpada and Naga.
_MOVABLE_KARANAS = ("Bava", "Balava", "Kaulava", "Taitila", "Garaja", "Vanija", "Vishti")
KARANAS = ("Kimstughna",) + _MOVABLE_KARANAS * 8 + ("Shakuni", "Chatushpada", "Naga")

# Which eighth of daylight is rahu kaal, by weekday (Monday = 0): the common
# "Mother Saw Father Wearing The Turban Suddenly" order (Mon 2, Sat 3, Fri 4, Wed 5,
# Thu 6, Tue 7, Sun 8).
_RAHU_KAAL_PART = (2, 7, 5, 6, 4, 3, 8)


@dataclass(frozen=True, slots=True)
class Limb:
    number: int
    name: str


@dataclass(frozen=True, slots=True)
class Panchang:
    day: date
    timezone: str
    vara: str
    tithi: Limb
    nakshatra: Limb
    yoga: Limb
    karana: Limb
    sunrise: datetime  # aware, local
    sunset: datetime
    rahu_kaal: tuple[datetime, datetime]


def tithi_at(sun: float, moon: float) -> Limb:
    number = int(((moon - sun) % 360.0) // TITHI_SPAN) + 1
    return Limb(number, TITHIS[number - 1])


def karana_at(sun: float, moon: float) -> Limb:
    number = int(((moon - sun) % 360.0) // KARANA_SPAN) + 1
    return Limb(number, KARANAS[number - 1])


def yoga_at(sun: float, moon: float) -> Limb:
    number = int(((sun + moon) % 360.0) // NAKSHATRA_SPAN) + 1
    return Limb(number, YOGAS[number - 1])


def nakshatra_at(moon: float) -> Limb:
    number = int(moon // NAKSHATRA_SPAN) + 1
    return Limb(number, NAKSHATRAS[number - 1])


class Limbs(NamedTuple):
    """The four limbs that depend on the Sun and Moon, at one instant."""

    tithi: Limb
    nakshatra: Limb
    yoga: Limb
    karana: Limb


def limbs_at(jd_ut: float) -> Limbs:
    """Tithi, nakshatra, yoga and karana in force at the instant `jd_ut`."""
    sun, _ = ephemeris.sidereal_body(jd_ut, ephemeris.BODIES[0][1])
    moon, _ = ephemeris.sidereal_body(jd_ut, ephemeris.BODIES[1][1])
    return Limbs(tithi_at(sun, moon), nakshatra_at(moon), yoga_at(sun, moon), karana_at(sun, moon))


@timed_engine("panchang")  # luna_engine_seconds (luna/observability/metrics.py)
def panchang(day: date, latitude: float, longitude: float, zone_name: str) -> Panchang:
    check_coordinates(latitude, longitude)
    start = midnight_jd(day, zone_name)
    sunrise = next_sunrise(start, latitude, longitude)
    if sunrise is None or sunrise - start >= 1.0:
        raise InputError("The Sun does not rise there on that date, so there is no panchang day.")
    sunset = next_sunset(sunrise, latitude, longitude)
    if sunset is None:
        raise InputError("The Sun does not set there on that date, so there is no panchang day.")
    limbs = limbs_at(sunrise)
    rise_local = local_datetime(sunrise, zone_name)
    set_local = local_datetime(sunset, zone_name)
    eighth = (set_local - rise_local) / 8
    part = _RAHU_KAAL_PART[rise_local.weekday()]
    return Panchang(
        day=day,
        timezone=zone_name,
        vara=rise_local.strftime("%A"),
        tithi=limbs.tithi,
        nakshatra=limbs.nakshatra,
        yoga=limbs.yoga,
        karana=limbs.karana,
        sunrise=rise_local,
        sunset=set_local,
        rahu_kaal=(rise_local + eighth * (part - 1), rise_local + eighth * part),
    )
