"""What the daily horoscope reads from the day itself: its weekday lord, tithi and nakshatra."""

from __future__ import annotations

from datetime import date, time
from typing import NamedTuple

from luna.astrology import InputError, limbs_at, local_moment, panchang

# The weekday's lord (vara), Monday = 0: the planetary order of the hora sequence,
# as every panchang prints it.
VARA_LORDS = ("Moon", "Mars", "Mercury", "Jupiter", "Venus", "Saturn", "Sun")

# The seven kinds of nakshatra and the work each favours, Muhurta Chintamani ch. 2
# (nakshatra prakarana): fixed (dhruva), movable (chara), fierce (ugra), mixed
# (mishra), swift (kshipra), soft (mridu) and sharp (tikshna). Numbered 1 = Ashwini.
_NATURES = {
    "fixed": (4, 12, 21, 26),  # Rohini, the three Uttaras
    "movable": (7, 15, 22, 23, 24),  # Punarvasu, Swati, Shravana, Dhanishta, Shatabhisha
    "fierce": (2, 10, 11, 20, 25),  # Bharani, Magha, the three Purvas
    "mixed": (3, 16),  # Krittika, Vishakha
    "swift": (1, 8, 13),  # Ashwini, Pushya, Hasta
    "soft": (5, 14, 17, 27),  # Mrigashira, Chitra, Anuradha, Revati
    "sharp": (6, 9, 18, 19),  # Ardra, Ashlesha, Jyeshtha, Mula
}
NAKSHATRA_NATURE = {number: nature for nature, numbers in _NATURES.items() for number in numbers}

_FULL_MOON, _NEW_MOON = 15, 30
# Where the Sun does not rise (polar day or night) the limbs are taken at this local time.
_NOMINAL_SUNRISE = time(6, 0)


class DayLimbs(NamedTuple):
    vara_lord: str
    tithi_number: int  # 1..30
    tithi: str
    nakshatra_number: int  # 1..27
    nakshatra: str
    nature: str  # a key of _NATURES
    paksha: str  # "shukla", "krishna", "purnima" or "amavasya"


def day_limbs(day: date, latitude: float, longitude: float, zone_name: str) -> DayLimbs:
    """The limbs in force at local sunrise, as a printed panchang gives them."""
    try:
        limbs = panchang(day, latitude, longitude, zone_name)
        tithi, nakshatra = limbs.tithi, limbs.nakshatra
    except InputError:  # no sunrise there that day
        limbs = limbs_at(local_moment(day, _NOMINAL_SUNRISE, zone_name).jd_ut)
        tithi, nakshatra = limbs.tithi, limbs.nakshatra
    if tithi.number == _FULL_MOON:
        paksha = "purnima"
    elif tithi.number == _NEW_MOON:
        paksha = "amavasya"
    else:
        paksha = "shukla" if tithi.number < _FULL_MOON else "krishna"
    return DayLimbs(
        vara_lord=VARA_LORDS[day.weekday()],
        tithi_number=tithi.number,
        tithi=tithi.name,
        nakshatra_number=nakshatra.number,
        nakshatra=nakshatra.name,
        nature=NAKSHATRA_NATURE[nakshatra.number],
        paksha=paksha,
    )
