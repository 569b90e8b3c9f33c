"""Luna's sidereal route (apparent tropical minus the library's true ayanamsa, taken once
per chart) against the library's own SEFLG_SIDEREAL output, which the spec requires to
be equal within 0.001 arc-second; and the check that the data files were really used."""

from __future__ import annotations

import random
import threading
from datetime import date, time

import pytest
import swisseph as swe

from luna.astrology import ephemeris
from luna.astrology.chart import cast_chart
from luna.astrology.conventions import EPHE_PATH
from luna.astrology.errors import EphemerisUnavailable
from luna.astrology.moment import local_moment

ARCSEC = 1.0 / 3600.0
LONGITUDE_TOLERANCE = 0.001 * ARCSEC
SPEED_TOLERANCE = 0.001  # degrees per day
BIRTHS = 2000
FIRST, LAST = date(1800, 1, 1).toordinal(), date(2399, 12, 31).toordinal()
LIBRARY_FLAGS = swe.FLG_SWIEPH | swe.FLG_SPEED | swe.FLG_SIDEREAL
NAMES = [name for name, _ in ephemeris.BODIES]


def random_births(count: int, seed: int = 20240601):
    """(UTC moment, latitude, longitude) spread evenly over the whole ephemeris range."""
    rng = random.Random(seed)
    for _ in range(count):
        day = date.fromordinal(rng.randint(FIRST, LAST))
        clock = time(rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))
        yield local_moment(day, clock, "UTC"), rng.uniform(-66.0, 66.0), rng.uniform(-180.0, 180.0)


def arc(a: float, b: float) -> float:
    """Distance in degrees between two longitudes, across 0°/360° too."""
    return abs((a - b + 180.0) % 360.0 - 180.0)


def library_sidereal(jd: float, latitude: float, longitude: float) -> dict[str, tuple[float, float]]:
    """The library's own sidereal (longitude, speed) for each chart body: the oracle."""
    swe.set_ephe_path(EPHE_PATH)
    swe.set_sid_mode(swe.SIDM_LAHIRI, 0, 0)
    result = {}
    for name, body in ephemeris.BODIES:
        position, flags = swe.calc_ut(jd, body, LIBRARY_FLAGS)
        assert flags & swe.FLG_SWIEPH
        result[name] = (position[0], position[3])
    rahu, rahu_speed = result["Rahu"]
    result["Ketu"] = ((rahu + 180.0) % 360.0, rahu_speed)
    _, ascmc, _, ascmc_speed = swe.houses_ex2(jd, latitude, longitude, b"W", swe.FLG_SIDEREAL)
    result["Lagna"] = (ascmc[0], ascmc_speed[0])
    return result


def differences(count: int = BIRTHS):
    """Per birth and body: (body, Δlongitude°, Δspeed°/day, Luna's speed, library's speed)."""
    for moment, latitude, longitude in random_births(count):
        jd = moment.jd_ut
        oracle = library_sidereal(jd, latitude, longitude)
        # Another library in this thread may leave its own sidereal mode behind.
        swe.set_sid_mode(swe.SIDM_FAGAN_BRADLEY, 0, 0)
        chart = cast_chart(moment, latitude, longitude)
        for position in (chart.lagna, *chart.planets):
            lon, speed = oracle[position.name]
            yield position.name, arc(position.longitude, lon), abs(position.speed - speed), position.speed, speed
        for name, body in ephemeris.BODIES:  # the single-body door, at a fresh instant
            lon, speed = ephemeris.sidereal_body(jd + 0.25, body)
            lib = swe.calc_ut(jd + 0.25, body, LIBRARY_FLAGS)[0]
            yield name, arc(lon, lib[0]), abs(speed - lib[3]), speed, lib[3]


def test_luna_equals_the_librarys_sidereal_flag_over_the_whole_range():
    worst_longitude = worst_speed = 0.0
    retrograde_mismatches = []
    seen = set()
    for name, d_longitude, d_speed, ours, theirs in differences():
        seen.add(name)
        worst_longitude = max(worst_longitude, d_longitude)
        worst_speed = max(worst_speed, d_speed)
        if (ours < 0) != (theirs < 0):
            retrograde_mismatches.append((name, ours, theirs))
    assert seen == {"Lagna", *ephemeris.PLANETS}
    assert worst_longitude <= LONGITUDE_TOLERANCE, f"{worst_longitude / ARCSEC:.2e} arc-seconds"
    assert worst_speed <= SPEED_TOLERANCE, f"{worst_speed:.2e} degrees/day"
    assert retrograde_mismatches == []


def stations(body: int, start: float, days: float, step: float):
    """Instants where the library's sidereal speed of `body` changes sign, to 1e-8 day."""
    def speed(jd):
        return swe.calc_ut(jd, body, LIBRARY_FLAGS)[0][3]

    found = []
    jd, before = start, speed(start)
    while jd < start + days:
        after = speed(jd + step)
        if (before < 0) != (after < 0):
            low, high = jd, jd + step
            while high - low > 1e-8:
                middle = (low + high) / 2
                if (speed(low) < 0) == (speed(middle) < 0):
                    low = middle
                else:
                    high = middle
            found.append(low)
        jd, before = jd + step, after
    return found


@pytest.mark.parametrize(("body", "days", "step", "offset"), [
    # The true node turns round every couple of weeks; a minute from its turn its speed
    # is far beyond the 1e-9 °/day the two routes differ by for a body on the ecliptic.
    (swe.TRUE_NODE, 120, 0.5, 1 / 1440),
    # Planets are off the ecliptic, where the two routes' speeds differ by up to a few
    # 1e-6 °/day; an hour (a day for the slow outer planets) from the station is plenty.
    (swe.MERCURY, 800, 2.0, 1 / 24),
    (swe.VENUS, 1200, 2.0, 1 / 24),
    (swe.MARS, 1600, 2.0, 1 / 24),
    (swe.JUPITER, 1200, 4.0, 1.0),
    (swe.SATURN, 1200, 4.0, 1.0),
])
def test_retrograde_flags_agree_next_to_stations(body, days, step, offset):
    swe.set_ephe_path(EPHE_PATH)
    swe.set_sid_mode(swe.SIDM_LAHIRI, 0, 0)
    turns = stations(body, 2447000.5, days, step)
    assert len(turns) >= 2
    for turn in turns:
        for jd in (turn - offset, turn + offset):
            ours = ephemeris.sidereal_body(jd, body)[1]
            theirs = swe.calc_ut(jd, body, LIBRARY_FLAGS)[0][3]
            assert (ours < 0) == (theirs < 0), (jd, ours, theirs)


def test_ayanamsa_is_the_librarys_true_lahiri_ayanamsa():
    swe.set_ephe_path(EPHE_PATH)
    for moment, _, _ in random_births(50, seed=3):
        swe.set_sid_mode(swe.SIDM_LAHIRI, 0, 0)
        expected = swe.get_ayanamsa_ex_ut(moment.jd_ut, swe.FLG_SIDEREAL)[1]
        swe.set_sid_mode(swe.SIDM_FAGAN_BRADLEY, 0, 0)
        assert ephemeris.ayanamsa(moment.jd_ut) == expected


def test_one_ayanamsa_per_chart_and_no_sidereal_flag(monkeypatch):
    """The point of the route: the ayanamsa (value and rate) once per chart, not per body."""
    ayanamsa_calls, sidereal_calls = [], []
    real_ayanamsa, real_calc = swe.get_ayanamsa_ex_ut, swe.calc_ut

    def counting_ayanamsa(jd, flags):
        ayanamsa_calls.append(jd)
        return real_ayanamsa(jd, flags)

    def counting_calc(jd, body, flags):
        if flags & swe.FLG_SIDEREAL:
            sidereal_calls.append(body)
        return real_calc(jd, body, flags)

    moment = local_moment(date(1990, 3, 5), time(22, 30), "Asia/Kolkata")
    ephemeris.planet_positions(moment.jd_ut + 1.0)  # this thread's last instant is another one
    monkeypatch.setattr(swe, "get_ayanamsa_ex_ut", counting_ayanamsa)
    monkeypatch.setattr(swe, "calc_ut", counting_calc)
    chart = cast_chart(moment, 18.52, 73.86)
    assert chart.ayanamsa > 0
    assert len(ayanamsa_calls) == 2  # the value, and the instant for its rate
    assert sidereal_calls == []


def test_dates_beyond_the_data_files_are_refused_not_computed_with_the_fallback():
    # The basic files cover 1800-2399; outside them the library silently switches to
    # its Moshier theory and says so only in the returned flags.
    for year in (1500, 2500):
        jd = swe.julday(year, 6, 1, 12.0)
        with pytest.raises(EphemerisUnavailable):
            ephemeris.planet_positions(jd)
        for _, body in ephemeris.BODIES:
            with pytest.raises(EphemerisUnavailable):
                ephemeris.sidereal_body(jd, body)


def test_a_thread_whose_path_was_changed_behind_luna_gets_an_error_not_moshier():
    outcome = {}

    def work():
        ephemeris.planet_positions(2451545.0)  # this thread is set up
        swe.set_ephe_path("/nonexistent")  # another library in the same thread
        try:
            outcome["result"] = ephemeris.planet_positions(2451546.0)
        except EphemerisUnavailable as error:
            outcome["error"] = error

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert "error" in outcome, outcome
    assert ephemeris.planet_positions(2451546.0)  # this thread still has the files
