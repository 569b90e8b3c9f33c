"""Charts of real births for the picture tests."""

from __future__ import annotations

from datetime import date, time

import pytest

from luna.astrology.chart import Chart, cast_chart
from luna.astrology.moment import local_moment


def birth(day: date, clock: time, zone: str, latitude: float, longitude: float) -> Chart:
    return cast_chart(local_moment(day, clock, zone), latitude, longitude)


@pytest.fixture(scope="session")
def pune() -> Chart:
    """The README's example birth: 5 March 1990, 22:30, Pune."""
    return birth(date(1990, 3, 5), time(22, 30), "Asia/Kolkata", 18.5204, 73.8567)


@pytest.fixture(scope="session")
def retrograde_chart() -> Chart:
    """1 January 2025, noon, New Delhi: Mars (retrograde 7 Dec 2024 - 24 Feb 2025) and
    Jupiter (9 Oct 2024 - 4 Feb 2025) both retrograde, as every almanac of the year shows."""
    return birth(date(2025, 1, 1), time(12, 0), "Asia/Kolkata", 28.6139, 77.2090)


@pytest.fixture(scope="session")
def crowded_chart() -> Chart:
    """4 February 1962, noon, New Delhi: the famous gathering of the Sun, Moon, Mars,
    Mercury (retrograde), Jupiter, Venus, Saturn and Ketu in sidereal Capricorn."""
    return birth(date(1962, 2, 4), time(12, 0), "Asia/Kolkata", 28.6139, 77.2090)
