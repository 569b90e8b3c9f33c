"""Luna's astrology engine: its one public API.

Plain Python on top of the Swiss Ephemeris; it never imports Rasa. Everything outside
this package (the readings, the chart pictures, the actions, the scripts) imports from
here only, `from luna.astrology import cast_chart, local_moment`, never from a module
inside it, so each fact of the engine has one home and the modules behind this list
can change freely.

    moment    = local_moment(date(1990, 3, 5), time(22, 30), "Asia/Kolkata")
    chart     = cast_chart(moment, 18.52, 73.86)              # the kundli
    maha, sub = dasha_at(chart.mahadashas, moment.jd_ut)      # Vimshottari
    sky       = transits(jd, chart.moon.sign)                 # gochara, sade sati
    change    = next_sign_change("Saturn", jd, within_days=1200)
    day       = panchang(date(2026, 11, 25), 18.52, 73.86, "Asia/Kolkata")
    place     = resolve_place("Pune")

The gazetteer and the matching tables load on first use (PEP 562), so `luna --help`
and a chart do not pay for them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .chart import LAGNA, BoundaryWarning, Chart, Position, cast_chart, check_coordinates
from .conventions import (
    AYANAMSA_NAME,
    BIRTH_TIME_TOLERANCE_MINUTES,
    DASHA_YEAR_DAYS,
    EPHEMERIS_FIRST_YEAR,
    EPHEMERIS_LAST_YEAR,
    NODE_TYPE,
    SUNRISE_CONVENTION,
)
from .dasha import DashaPeriod, antardashas, dasha_at, mahadashas, running
from .ephemeris import LIBRARY_VERSION, PLANETS, ayanamsa
from .errors import AmbiguousPlace, EphemerisUnavailable, InputError, PlaceNotFound
from .moment import (
    Moment,
    date_from_jd,
    format_offset,
    local_datetime,
    local_moment,
    midnight_jd,
    parse_date,
    parse_time,
    time_zone,
)
from .panchang import Limb, Limbs, Panchang, karana_at, limbs_at, nakshatra_at, panchang, tithi_at, yoga_at
from .search import (
    Ingress,
    NakshatraChange,
    longitude_and_speed,
    nakshatra_of,
    next_nakshatra_change,
    next_sign_change,
    sign_changes,
    sign_of,
    signs_at,
    sunrise,
    sunset,
)
from .transits import (
    DHAIYA_HOUSES,
    SADE_SATI_HOUSES,
    SADE_SATI_PHASES,
    Transit,
    Transits,
    is_dhaiya,
    sade_sati_phase,
    transits,
)
from .zodiac import (
    DASHA_LORDS,
    DASHA_YEARS,
    NAKSHATRA_SPAN,
    NAKSHATRAS,
    SIGN_LORDS,
    SIGN_SPAN,
    SIGNS,
    nakshatra_index,
    nakshatra_lord,
    sign_index,
    sign_named,
    sign_of_house,
    whole_sign_house,
)

# Loaded on first use: public name -> the module that defines it.
_LAZY: dict[str, str] = {
    **dict.fromkeys((
        "Ashtakoota", "Koota", "Manglik", "KOOTA_NAMES", "TOTAL_MAX", "ashtakoota", "manglik", "interpret_total",
    ), "matching"),
    **dict.fromkeys(("Place", "resolve_place", "search_places", "nearest_place", "preload", "place_key"), "places"),
}

__all__ = [  # noqa: RUF022 (grouped by subject, as above)
    # conventions astrologers argue about, named once
    "AYANAMSA_NAME", "NODE_TYPE", "DASHA_YEAR_DAYS", "SUNRISE_CONVENTION", "EPHEMERIS_FIRST_YEAR",
    "EPHEMERIS_LAST_YEAR", "BIRTH_TIME_TOLERANCE_MINUTES",
    # the zodiac and whole-sign houses
    "SIGNS", "SIGN_LORDS", "NAKSHATRAS", "DASHA_LORDS", "DASHA_YEARS", "SIGN_SPAN", "NAKSHATRA_SPAN",
    "sign_index", "nakshatra_index", "nakshatra_lord", "sign_named", "whole_sign_house", "sign_of_house",
    # local civil time -> UT
    "Moment", "local_moment", "local_datetime", "midnight_jd", "date_from_jd", "time_zone", "parse_date",
    "parse_time", "format_offset",
    # the ephemeris, for the few facts that are not a chart
    "PLANETS", "ayanamsa", "LIBRARY_VERSION",
    # the kundli
    "LAGNA", "Chart", "Position", "BoundaryWarning", "cast_chart", "check_coordinates",
    # Vimshottari dasha
    "DashaPeriod", "mahadashas", "antardashas", "running", "dasha_at",
    # gochara from the natal Moon, sade sati and dhaiya
    "Transit", "Transits", "transits", "SADE_SATI_PHASES", "SADE_SATI_HOUSES", "DHAIYA_HOUSES",
    "sade_sati_phase", "is_dhaiya",
    # event searches
    "Ingress", "NakshatraChange", "sign_changes", "next_sign_change", "next_nakshatra_change", "signs_at",
    "sign_of", "nakshatra_of", "longitude_and_speed", "sunrise", "sunset",
    # panchang
    "Panchang", "Limb", "Limbs", "panchang", "limbs_at", "tithi_at", "nakshatra_at", "yoga_at", "karana_at",
    # what the engine raises
    "InputError", "PlaceNotFound", "AmbiguousPlace", "EphemerisUnavailable",
    # kundli matching and places (loaded on first use, see _LAZY)
    "Ashtakoota", "Koota", "Manglik", "KOOTA_NAMES", "TOTAL_MAX", "ashtakoota", "manglik", "interpret_total",
    "Place", "resolve_place", "search_places", "nearest_place", "preload", "place_key",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return list(__all__)


if TYPE_CHECKING:  # what type checkers and editors see of the names loaded on first use
    from .matching import KOOTA_NAMES, TOTAL_MAX, Ashtakoota, Koota, Manglik, ashtakoota, interpret_total, manglik
    from .places import Place, nearest_place, place_key, preload, resolve_place, search_places
