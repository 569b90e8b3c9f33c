"""Throughput of the astrology engine on one core, in-process, and the `luna` start-up time.

    .venvs/actions/bin/python bench/bench_engine.py [--charts 20000]

A "full kundli" is what `luna kundli` computes: local civil time -> UT with the
historical offset, nine planets, lagna, D9 signs, nakshatras, Vimshottari
mahadashas and boundary warnings. Birth moments are random over 1900-2030 at
random Indian and world places, so the ephemeris cache is exercised as in real use.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from datetime import time as clock

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import swisseph as swe  # noqa: E402

from luna.astrology.chart import cast_chart  # noqa: E402
from luna.astrology.conventions import CALC_FLAGS  # noqa: E402
from luna.astrology.ephemeris import BODIES  # noqa: E402
from luna.astrology.moment import local_moment  # noqa: E402
from luna.astrology.panchang import panchang  # noqa: E402

PLACES = (
    (18.52, 73.86, "Asia/Kolkata"), (28.61, 77.21, "Asia/Kolkata"), (13.08, 80.27, "Asia/Kolkata"),
    (27.72, 85.32, "Asia/Kathmandu"), (40.71, -74.01, "America/New_York"), (51.51, -0.13, "Europe/London"),
    (25.20, 55.27, "Asia/Dubai"), (-33.87, 151.21, "Australia/Sydney"),
)


def births(count: int, seed: int = 7) -> list[tuple[date, clock, float, float, str]]:
    rng = random.Random(seed)
    first = date(1900, 1, 1).toordinal()
    last = date(2030, 12, 31).toordinal()
    result = []
    for _ in range(count):
        lat, lon, zone = rng.choice(PLACES)
        day = date.fromordinal(rng.randint(first, last))
        result.append((day, clock(rng.randint(0, 23), rng.randint(0, 59)), lat, lon, zone))
    return result


def rate(label: str, work, items, repeats: int = 3) -> None:
    rates = []
    for _ in range(repeats):
        started = time.perf_counter()
        for item in items:
            work(item)
        rates.append(len(items) / (time.perf_counter() - started))
    best = max(rates)
    print(f"{label:<34} {best:>9,.0f}/s  ({1e3 / best:.4f} ms each; median {statistics.median(rates):,.0f}/s)")


def startup(repeats: int = 10) -> None:
    luna = os.path.join(os.path.dirname(sys.executable), "luna")
    args = [luna, "kundli", "--date", "1990-03-05", "--time", "22:30", "--lat", "18.52", "--lon", "73.86",
            "--tz", "Asia/Kolkata"]
    for label, command in (("luna --help", [luna, "--help"]), ("luna kundli (lat/lon/tz)", args),
                           ("luna kundli --place Pune", args[:6] + ["--place", "Pune"])):
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - started)
        print(f"{label:<34} {statistics.median(times) * 1e3:>9.1f} ms median wall time")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--charts", type=int, default=20000)
    options = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    sample = births(options.charts)

    def kundli(birth):
        day, at, lat, lon, zone = birth
        return cast_chart(local_moment(day, at, zone), lat, lon)

    def ephemeris_alone(birth):
        # The floor under any chart with these conventions: the eight library calls
        # (sidereal flag applied by the library, apparent positions, speeds) and the lagna.
        day, at, lat, lon, zone = birth
        jd = local_moment(day, at, zone).jd_ut
        for body in bodies:
            swe.calc_ut(jd, body, CALC_FLAGS)
        swe.houses_ex2(jd, lat, lon, b"W", swe.FLG_SIDEREAL)

    bodies = [number for _, number in BODIES]
    cast_chart(local_moment(*sample[0][:2], sample[0][4]), *sample[0][2:4])  # sets path and Lahiri here
    print(f"{options.charts} random births 1900-2030, one core")
    rate("Swiss Ephemeris alone (9 + lagna)", ephemeris_alone, sample)
    rate("full kundli (cast_chart)", kundli, sample)
    days = [(date(2026, 1, 1) + timedelta(days=i % 365), *birth[2:]) for i, birth in enumerate(sample[:3000])]
    rate("panchang", lambda d: panchang(d[0], d[1], d[2], d[3]), days)
    startup()


if __name__ == "__main__":
    main()
