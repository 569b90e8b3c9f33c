"""The periods a horoscope covers, as windows of local civil days, and how their dates are written."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import NamedTuple

from luna import clock
from luna.astrology import local_datetime, midnight_jd, time_zone

from .errors import UnknownPeriod

# SPEC's `period` values. A period starts on the given day (tomorrow: the day after)
# and runs for whole local days: a week is 7 days, a month runs to the same date of
# the next month and a year to the same date next year (rolling, not calendar, so
# "this month" asked on the 28th still looks ahead).
PERIODS = ("today", "tomorrow", "week", "month", "year")


class Location(NamedTuple):
    """Where the reader is: the time zone sets the days, the coordinates set sunrise.

    luna.astrology.Place has the same three attributes and works too.
    """

    latitude: float
    longitude: float
    timezone: str


# India Standard Time, with New Delhi's sunrise, when nothing else is known.
DEFAULT_LOCATION = Location(28.6139, 77.2090, "Asia/Kolkata")


class Window(NamedTuple):
    period: str
    first_day: date
    last_day: date  # inclusive
    timezone: str
    start_jd: float  # local midnight starting first_day, UT
    end_jd: float  # local midnight after last_day, UT

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    def local(self, jd_ut: float) -> datetime:
        return local_datetime(jd_ut, self.timezone)


def parse_period(period: str) -> str:
    cleaned = (period or "").strip().lower()
    if cleaned not in PERIODS:
        raise UnknownPeriod(f"'{period}' is not a horoscope period; choose one of: {', '.join(PERIODS)}.")
    return cleaned


def window_for(period: str, start: date, zone_name: str) -> Window:
    """The days `period` covers when asked on `start` in `zone_name`."""
    period = parse_period(period)
    time_zone(zone_name)  # an unknown zone is an InputError before any calculation
    if period == "today":
        first, after = start, start + timedelta(days=1)
    elif period == "tomorrow":
        first, after = start + timedelta(days=1), start + timedelta(days=2)
    elif period == "week":
        first, after = start, start + timedelta(days=7)
    elif period == "month":
        first, after = start, _add_months(start, 1)
    else:
        first, after = start, _add_months(start, 12)
    return Window(period, first, after - timedelta(days=1), zone_name,
                  midnight_jd(first, zone_name), midnight_jd(after, zone_name))


def today_in(zone_name: str) -> date:
    return clock.today_in(time_zone(zone_name))


def _add_months(day: date, months: int) -> date:
    """The same day of the month `months` later, or that month's last day (31 Jan -> 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("every month has 28 days")


# How moments are written in each period's text: a day needs the time, a week the
# weekday and time, longer periods the date.
def moment_label(moment: datetime, period: str) -> str:
    if period in ("today", "tomorrow"):
        return moment.strftime("%H:%M")
    if period == "week":
        return moment.strftime("%a %H:%M")
    if period == "month":
        return day_label(moment.date())
    return long_day_label(moment.date())


def day_label(day: date) -> str:
    """"26 Nov"."""
    return f"{day.day} {day.strftime('%b')}"


def long_day_label(day: date) -> str:
    """"26 Nov 2026"."""
    return f"{day.day} {day.strftime('%b %Y')}"


def weekday_label(day: date) -> str:
    """"Wed 26 Nov"."""
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b')}"
