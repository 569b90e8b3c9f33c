"""Throughput of the astrology engine on one core, in-process, and the `luna` start-up time.

    .venvs/actions/bin/python bench/bench_engine.py [--charts 20000]     (or `make bench`)

Two lines carry the headline, from the same births in the same run, so their ratio
means the same on any machine:

    kundli: N charts/s            full kundlis, what `luna kundli` computes: local civil
                                  time -> UT with the historical offset, nine planets,
                                  lagna, D9 signs, nakshatras, Vimshottari mahadashas
                                  and boundary warnings (local_moment + cast_chart)
    ephemeris floor: M charts/s   the bare library calls under any such chart: tropical
                                  calc_ut for the eight bodies plus houses_ex2 for the
                                  lagna, Julian days computed beforehand

Each figure is the best of three passes over the sample. Birth moments are random over
1900-2030 (where real births are; the engine itself covers 1800-2399) at random Indian
and world places, so the ephemeris files' cache is exercised as in real use. The
process pins itself to one core.
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


def measure(work, items, repeats: int = 3) -> tuple[float, float]:
    """(best, median) items per second over `repeats` passes."""
    rates = []
    for _ in range(repeats):
        started = time.perf_counter()
        for item in items:
            work(item)
        rates.append(len(items) / (time.perf_counter() - started))
    return max(rates), statistics.median(rates)


def rate(label: str, work, items, repeats: int = 3) -> float:
    best, median = measure(work, items, repeats)
    print(f"{label:<34} {best:>9,.0f}/s  ({1e3 / best:.4f} ms each; median {median:,.0f}/s)")
    return best


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

    def ephemeris_floor(chart_input):
        # The floor under any chart with these conventions: the eight library calls
        # (apparent tropical positions with speeds) and the lagna; the ayanamsa, taken
        # once per chart, is Luna's cost above it.
        jd, lat, lon = chart_input
        for body in bodies:
            calc(jd, body, CALC_FLAGS)
        houses(jd, lat, lon, b"W", CALC_FLAGS)

    bodies = [number for _, number in BODIES]
    calc, houses = swe.calc_ut, swe.houses_ex2
    cast_chart(local_moment(*sample[0][:2], sample[0][4]), *sample[0][2:4])  # sets the path here
    inputs = [(local_moment(day, at, zone).jd_ut, lat, lon) for day, at, lat, lon, zone in sample]
    print(f"{options.charts} random births 1900-2030, one core")
    kundlis, kundli_median = measure(kundli, sample)
    floor, floor_median = measure(ephemeris_floor, inputs)
    print(f"kundli: {kundlis:.0f} charts/s")
    print(f"ephemeris floor: {floor:.0f} charts/s")
    print(f"  {1e6 / kundlis:.1f} µs a kundli, {1e6 / floor:.1f} µs of it the library's calls "
          f"(kundli at {kundlis / floor:.0%} of the floor; medians {kundli_median:,.0f}/s and {floor_median:,.0f}/s)")
    days = [(date(2026, 1, 1) + timedelta(days=i % 365), *birth[2:]) for i, birth in enumerate(sample[:3000])]
    rate("panchang", lambda d: panchang(d[0], d[1], d[2], d[3]), days)
    startup()


if __name__ == "__main__":
    main()
