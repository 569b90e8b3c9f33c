"""The only module that talks to the Swiss Ephemeris.

pyswisseph keeps its ephemeris path and sidereal mode per thread (the C library
stores them in thread-local state), so both are set in the thread that calculates:
a worker thread that skipped this would silently use the Fagan-Bradley ayanamsa and
the low-precision Moshier theory. Every result is also checked for the flag that
says the data files were really used.
"""

from __future__ import annotations

import os
import threading

import swisseph as swe

from .conventions import AYANAMSA_MODE, CALC_FLAGS, EPHE_PATH, RAHU_BODY, RISE_FLAGS
from .errors import EphemerisUnavailable

# Ketu is not computed: it is always exactly opposite Rahu (see planet_positions).
BODIES = (
    ("Sun", swe.SUN),
    ("Moon", swe.MOON),
    ("Mars", swe.MARS),
    ("Mercury", swe.MERCURY),
    ("Jupiter", swe.JUPITER),
    ("Venus", swe.VENUS),
    ("Saturn", swe.SATURN),
    ("Rahu", RAHU_BODY),
)
PLANETS = tuple(name for name, _ in BODIES) + ("Ketu",)
_BODY_NUMBERS = tuple(number for _, number in BODIES)
_SWIEPH = swe.FLG_SWIEPH
_FALLBACK_MESSAGE = "Swiss Ephemeris fell back to its built-in theory: the data files are unreadable."
_REQUIRED_FILES = ("sepl_18.se1", "semo_18.se1")
_SIDEREAL = swe.FLG_SIDEREAL
_WHOLE_SIGN = b"W"
_thread_state = threading.local()
_files_checked = False
# The Swiss Ephemeris release behind every position (shown in "show your working").
LIBRARY_VERSION: str = swe.version


def _prepare_thread() -> None:
    """Point this thread at the data files and at Lahiri; cheap after the first call."""
    global _files_checked
    if not getattr(_thread_state, "ready", False):
        if not _files_checked:
            missing = [f for f in _REQUIRED_FILES if not os.path.isfile(os.path.join(EPHE_PATH, f))]
            if missing:
                raise EphemerisUnavailable(
                    f"Swiss Ephemeris files {', '.join(missing)} not found in {EPHE_PATH}; "
                    "install Debian's swe-basic-data or set LUNA_EPHE_PATH."
                )
            _files_checked = True
        swe.set_ephe_path(EPHE_PATH)
        _thread_state.ready = True
    # Re-asserted on every call (0.3 µs): other code in this thread may have changed it.
    swe.set_sid_mode(AYANAMSA_MODE, 0, 0)


def _checked(result: tuple) -> tuple:
    position, returned_flags = result
    if not returned_flags & _SWIEPH:
        raise EphemerisUnavailable(_FALLBACK_MESSAGE)
    return position


def planet_positions(jd_ut: float) -> list[tuple[float, float]]:
    """(longitude, speed in degrees/day) of each of PLANETS, sidereal, apparent."""
    _prepare_thread()
    calc = swe.calc_ut
    positions = []
    for body in _BODY_NUMBERS:
        position, returned_flags = calc(jd_ut, body, CALC_FLAGS)
        if not returned_flags & _SWIEPH:
            raise EphemerisUnavailable(_FALLBACK_MESSAGE)
        positions.append((position[0], position[3]))
    rahu, rahu_speed = positions[-1]
    positions.append(((rahu + 180.0) % 360.0, rahu_speed))
    return positions


def sidereal_body(jd_ut: float, body: int) -> tuple[float, float]:
    """(longitude, speed) of a single body."""
    _prepare_thread()
    position = _checked(swe.calc_ut(jd_ut, body, CALC_FLAGS))
    return position[0], position[3]


def sidereal_ascendant(jd_ut: float, latitude: float, longitude: float) -> tuple[float, float]:
    """(longitude, speed in degrees/day) of the sidereal ascendant (lagna)."""
    _prepare_thread()
    _, ascmc, _, ascmc_speed = swe.houses_ex2(jd_ut, latitude, longitude, _WHOLE_SIGN, _SIDEREAL)
    return ascmc[0], ascmc_speed[0]


def ayanamsa(jd_ut: float) -> float:
    """The Lahiri ayanamsa in degrees at `jd_ut`, as the library applies it (with nutation)."""
    _prepare_thread()
    return swe.get_ayanamsa_ex_ut(jd_ut, _SIDEREAL)[1]


def sun_rise_set(jd_ut_start: float, latitude: float, longitude: float, rise: bool) -> float | None:
    """First sunrise (or sunset) after `jd_ut_start`, as a UT Julian day; None at polar day/night."""
    _prepare_thread()
    event = swe.CALC_RISE if rise else swe.CALC_SET
    status, times = swe.rise_trans(
        jd_ut_start, swe.SUN, event | RISE_FLAGS, (longitude, latitude, 0.0), 0.0, 0.0, swe.FLG_SWIEPH
    )
    return times[0] if status == 0 else None
