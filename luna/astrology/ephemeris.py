"""The only module that talks to the Swiss Ephemeris.

pyswisseph keeps its ephemeris path and sidereal mode per thread (the C library
stores them in thread-local state), so both are set in the thread that calculates:
a worker thread that skipped this would silently use the Fagan-Bradley ayanamsa and
the low-precision Moshier theory. Every planetary result is also checked for the flag
that says the data files were really used.

Sidereal positions follow conventions.CALC_FLAGS: the library's apparent tropical
position minus the library's own true Lahiri ayanamsa (with nutation) for the same
instant, taken once per instant and thread (`sidereal_frame`), instead of asking for
SEFLG_SIDEREAL on every call. tests/astrology/test_sidereal_route.py checks the two
against each other.

Speeds. With SEFLG_SIDEREAL the library subtracts the ayanamsa's rate, which it takes
from the ayanamsa itself at two instants (swi_get_ayanamsa_with_speed in sweph.c: the
ayanamsa without nutation at t and t - 0.001 day, subtracted from longitudes and speeds
without nutation). Luna's apparent tropical speeds include the rate of nutation in
longitude, which the library takes as a backward difference over NUT_SPEED_INTV =
0.0001 day (swi_nutate). So the rate subtracted here is the true ayanamsa's, from the
library at t and t - 0.0001 day: the nutation rates cancel, and the speeds (so the
retrograde flags) of the Sun and the true node agree with SEFLG_SIDEREAL to about
1e-9 deg/day, bodies off the ecliptic to a few 1e-6 deg/day (measured; the library's
two speed computations differ by that much there, its longitudes do not).
"""

from __future__ import annotations

import os
import threading

import swisseph as swe

from .conventions import AYANAMSA_FLAGS, AYANAMSA_MODE, CALC_FLAGS, EPHE_PATH, RAHU_BODY, RISE_FLAGS
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
_WHOLE_SIGN = b"W"
# Days between the two instants of the ayanamsa's rate: the library's NUT_SPEED_INTV
# (sweph.h), the interval of the nutation rate inside its tropical speeds.
_RATE_STEP = 0.0001
_thread_state = threading.local()
_files_checked = False
# The Swiss Ephemeris release behind every position (shown in "show your working").
LIBRARY_VERSION: str = swe.version


def _prepare_thread() -> None:
    """Point this thread at the data files; cheap after the first call."""
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
        _thread_state.frame_jd = None
        _thread_state.ready = True


def sidereal_frame(jd_ut: float) -> tuple[float, float]:
    """(true Lahiri ayanamsa in degrees, its rate in degrees/day) at `jd_ut`, from the library.

    Computed once per instant and thread: a chart asks for the lagna and then the
    planets of the same instant, and both use this one value.
    """
    _prepare_thread()
    return _frame(jd_ut)


def _frame(jd_ut: float) -> tuple[float, float]:
    state = _thread_state
    if state.frame_jd == jd_ut:
        return state.frame
    # Re-asserted before every computation (0.3 µs): other code in this thread may
    # have changed it.
    swe.set_sid_mode(AYANAMSA_MODE, 0, 0)
    now = swe.get_ayanamsa_ex_ut(jd_ut, AYANAMSA_FLAGS)[1]
    earlier = jd_ut - _RATE_STEP
    rate = (now - swe.get_ayanamsa_ex_ut(earlier, AYANAMSA_FLAGS)[1]) / (jd_ut - earlier)
    state.frame = frame = (now, rate)
    state.frame_jd = jd_ut
    return frame


def planet_positions(jd_ut: float) -> list[tuple[float, float]]:
    """(longitude, speed in degrees/day) of each of PLANETS, sidereal, apparent."""
    _prepare_thread()
    calc = swe.calc_ut
    # Tropical positions first: they leave the library's nutation for this instant
    # cached, which makes a first ayanamsa of this instant cheaper.
    results = [calc(jd_ut, body, CALC_FLAGS) for body in _BODY_NUMBERS]
    ayanamsa_now, rate = _frame(jd_ut)
    positions = []
    append = positions.append
    for position, returned_flags in results:
        if not returned_flags & _SWIEPH:
            raise EphemerisUnavailable(_FALLBACK_MESSAGE)
        longitude = position[0] - ayanamsa_now
        if longitude < 0.0:
            longitude += 360.0
            if longitude >= 360.0:  # -1e-15 + 360 rounds to 360
                longitude = 0.0
        append((longitude, position[3] - rate))
    rahu, rahu_speed = positions[-1]
    append(((rahu + 180.0) % 360.0, rahu_speed))
    return positions


def sidereal_body(jd_ut: float, body: int) -> tuple[float, float]:
    """(longitude, speed) of a single body."""
    _prepare_thread()
    position, returned_flags = swe.calc_ut(jd_ut, body, CALC_FLAGS)
    if not returned_flags & _SWIEPH:
        raise EphemerisUnavailable(_FALLBACK_MESSAGE)
    ayanamsa_now, rate = _frame(jd_ut)
    return _sidereal(position[0], ayanamsa_now), position[3] - rate


def sidereal_ascendant(jd_ut: float, latitude: float, longitude: float) -> tuple[float, float]:
    """(longitude, speed in degrees/day) of the sidereal ascendant (lagna).

    The speed is the tropical ascendant's, as houses_ex2 with SEFLG_SIDEREAL returns it
    too: the ayanamsa's rate (0.00004°/day) is nothing beside the lagna's 360°/day.
    """
    _prepare_thread()
    _, ascmc, _, ascmc_speed = swe.houses_ex2(jd_ut, latitude, longitude, _WHOLE_SIGN, CALC_FLAGS)
    return _sidereal(ascmc[0], _frame(jd_ut)[0]), ascmc_speed[0]


def _sidereal(tropical: float, ayanamsa_now: float) -> float:
    """A tropical longitude (0 <= x < 360) less the ayanamsa, back in 0 <= x < 360."""
    longitude = tropical - ayanamsa_now
    if longitude < 0.0:
        longitude += 360.0
        if longitude >= 360.0:  # -1e-15 + 360 rounds to 360
            longitude = 0.0
    return longitude


def ayanamsa(jd_ut: float) -> float:
    """The Lahiri ayanamsa in degrees at `jd_ut`, as the library applies it (with nutation)."""
    return sidereal_frame(jd_ut)[0]


def sun_rise_set(jd_ut_start: float, latitude: float, longitude: float, rise: bool) -> float | None:
    """First sunrise (or sunset) after `jd_ut_start`, as a UT Julian day; None at polar day/night."""
    _prepare_thread()
    event = swe.CALC_RISE if rise else swe.CALC_SET
    status, times = swe.rise_trans(
        jd_ut_start, swe.SUN, event | RISE_FLAGS, (longitude, latitude, 0.0), 0.0, 0.0, swe.FLG_SWIEPH
    )
    return times[0] if status == 0 else None
