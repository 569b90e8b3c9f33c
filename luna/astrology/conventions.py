"""Every convention astrologers argue about, named once with the reason for the choice."""

import os

import swisseph as swe

# Lahiri (Chitrapaksha): the ayanamsa of the Indian Astronomical Ephemeris and of
# nearly every Indian almanac and astrology program.
AYANAMSA_NAME = "lahiri"
AYANAMSA_MODE = swe.SIDM_LAHIRI

# True (osculating) node for Rahu: what modern Indian ephemerides print; Ketu is
# exactly opposite.
RAHU_BODY = swe.TRUE_NODE
NODE_TYPE = "true"

# Apparent positions (light-time, aberration, deflection, nutation) from the Swiss
# Ephemeris data files, with speeds, made sidereal through the library by the route the
# spec allows: the apparent TROPICAL longitude minus the library's own TRUE ayanamsa
# (swe.get_ayanamsa_ex_ut: Lahiri plus nutation in longitude) for the same instant and
# the same flags, taken once per chart. The library's SEFLG_SIDEREAL output is the same
# to about 1e-9 arc-second (tests/astrology/test_sidereal_route.py), but with that flag
# the library recomputes precession and the ayanamsa twice on every call, eight times
# a chart. Never a mean ayanamsa subtracted from apparent longitudes: that counts
# nutation twice.
CALC_FLAGS = swe.FLG_SWIEPH | swe.FLG_SPEED  # for calc_ut and houses_ex2 (tropical)
AYANAMSA_FLAGS = CALC_FLAGS  # for get_ayanamsa_ex_ut: the same ephemeris, with nutation

# Debian's swe-basic-data package installs the files here; LUNA_EPHE_PATH overrides.
DEFAULT_EPHE_PATH = "/usr/share/libswe/ephe"
EPHE_PATH = os.environ.get("LUNA_EPHE_PATH", DEFAULT_EPHE_PATH)
# The basic file set (sepl_18, semo_18, seas_18) covers these years.
EPHEMERIS_FIRST_YEAR = 1800
EPHEMERIS_LAST_YEAR = 2399

# Vimshottari counts years of 365.25 days (the Julian year), as most programs do.
DASHA_YEAR_DAYS = 365.25

# Sunrise/sunset: the almanac convention, upper limb of the Sun touching the
# horizon with standard atmospheric refraction (the Swiss Ephemeris default), so
# Luna's times match published sunrise tables. Used for every sunrise in Luna.
SUNRISE_CONVENTION = "upper limb with refraction"
RISE_FLAGS = 0

# Boundary warnings: a body is flagged when a birth time this many minutes earlier
# or later would move it into another sign or nakshatra, or when it is within
# MIN_BOUNDARY_MARGIN_DEG of the line anyway (ayanamsa variants differ by about that).
BIRTH_TIME_TOLERANCE_MINUTES = 5.0
MIN_BOUNDARY_MARGIN_DEG = 1.0 / 60.0
