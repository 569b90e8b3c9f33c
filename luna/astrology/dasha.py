"""Vimshottari dasha: the 120-year cycle of planetary periods from the Moon's nakshatra.

At birth the Moon has used up part of its nakshatra; the same fraction of that
nakshatra lord's mahadasha had already passed, and the remainder (the "balance")
runs from birth. Antardashas divide a mahadasha in proportion to the lords' years,
starting with the mahadasha lord itself (BPHS ch. 46-47).
"""

from __future__ import annotations

from typing import NamedTuple

from luna.observability.metrics import timed_engine

from .conventions import DASHA_YEAR_DAYS
from .zodiac import DASHA_LORDS, DASHA_YEARS, NAKSHATRA_SPAN

CYCLE_YEARS = 120
_PERIOD_DAYS = tuple(years * DASHA_YEAR_DAYS for years in DASHA_YEARS)
_LORD_INDEX = {lord: index for index, lord in enumerate(DASHA_LORDS)}


class DashaPeriod(NamedTuple):
    lord: str
    start_jd: float  # UT Julian days
    end_jd: float

    def contains(self, jd: float) -> bool:
        return self.start_jd <= jd < self.end_jd


@timed_engine("dasha")  # luna_engine_seconds (luna/observability/metrics.py)
def mahadashas(moon_longitude: float, birth_jd: float, count: int = 10) -> tuple[DashaPeriod, ...]:
    """Mahadashas from the one running at birth; ten of them cover at least 120 years after birth."""
    position = moon_longitude / NAKSHATRA_SPAN
    nakshatra = int(position) % 27
    elapsed_fraction = position - int(position)
    lord = nakshatra % 9
    start = birth_jd - elapsed_fraction * DASHA_YEARS[lord] * DASHA_YEAR_DAYS
    periods = []
    for step in range(lord, lord + count):
        index = step % 9
        end = start + _PERIOD_DAYS[index]
        periods.append(DashaPeriod(DASHA_LORDS[index], start, end))
        start = end
    return tuple(periods)


def antardashas(mahadasha: DashaPeriod) -> tuple[DashaPeriod, ...]:
    """The nine antardashas (bhuktis) inside a mahadasha, from its own lord onwards."""
    first = _LORD_INDEX[mahadasha.lord]
    length = mahadasha.end_jd - mahadasha.start_jd
    start = mahadasha.start_jd
    periods = []
    for step in range(9):
        index = (first + step) % 9
        end = start + length * DASHA_YEARS[index] / CYCLE_YEARS
        periods.append(DashaPeriod(DASHA_LORDS[index], start, end))
        start = end
    # Close exactly on the mahadasha's end despite rounding in the sum.
    periods[-1] = DashaPeriod(periods[-1].lord, periods[-1].start_jd, mahadasha.end_jd)
    return tuple(periods)


def running(periods: tuple[DashaPeriod, ...], jd: float) -> DashaPeriod | None:
    """The period that contains `jd`, or None outside the list."""
    for period in periods:
        if period.contains(jd):
            return period
    return None


def dasha_at(periods: tuple[DashaPeriod, ...], jd: float) -> tuple[DashaPeriod | None, DashaPeriod | None]:
    """The mahadasha and antardasha running at `jd` (None, None outside the mahadashas)."""
    mahadasha = running(periods, jd)
    if mahadasha is None:
        return None, None
    return mahadasha, running(antardashas(mahadasha), jd)
