"""Local civil time at a place -> an instant on the Universal Time scale.

Births are recorded in the local civil time of their place and date, so the UTC
offset comes from the IANA time-zone database for that date (India's +06:30 war
time, Nepal's +05:30 before 1986, American summer time), never today's offset.

Clock changes are handled deliberately (PEP 495 semantics, the same rule as
Python's zoneinfo with fold=0):
- a time that occurred twice (clocks went back) is read as the first occurrence,
  still on the earlier offset (usually summer time);
- a time that never existed (clocks went forward) is read on the offset in force
  just before the change, which lands it the gap's length later by the new clocks.
Either way the moment carries a note so the conversation can tell the user.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .conventions import EPHEMERIS_FIRST_YEAR, EPHEMERIS_LAST_YEAR
from .errors import InputError

_DATE_PATTERN = re.compile(r"^\s*(\d{1,5})-(\d{1,2})-(\d{1,2})\s*$")
_TIME_PATTERN = re.compile(r"^\s*(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?\s*$")
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)
# Julian day of 0001-01-01 00:00 UT in the proleptic Gregorian calendar, minus one:
# jd = ordinal + _JD_ORDINAL_OFFSET at midnight.
_JD_ORDINAL_OFFSET = 1721424.5


class Moment(NamedTuple):
    """An instant given as local civil time at a place, with the offset applied."""

    local: datetime  # naive local civil time
    timezone: str
    utc_offset_hours: float
    dst: bool
    jd_ut: float
    notes: tuple[str, ...] = ()

    @property
    def utc_offset(self) -> str:
        """The offset as "+05:30"."""
        return format_offset(round(self.utc_offset_hours * 60))


def parse_date(text: str) -> date:
    """A YYYY-MM-DD date inside the ephemeris range, or InputError saying what is wrong."""
    match = _DATE_PATTERN.match(text or "")
    if not match:
        raise InputError(f"'{text}' is not a date in the form YYYY-MM-DD (for example 1990-03-05).")
    year, month, day = (int(part) for part in match.groups())
    if not EPHEMERIS_FIRST_YEAR <= year <= EPHEMERIS_LAST_YEAR:
        raise InputError(
            f"The year {year} is outside the range Luna can calculate "
            f"({EPHEMERIS_FIRST_YEAR}-{EPHEMERIS_LAST_YEAR})."
        )
    if not 1 <= month <= 12:
        raise InputError(f"There is no month {month}; months run from 1 to 12.")
    try:
        return date(year, month, day)
    except ValueError:
        raise InputError(f"{day} {_MONTHS[month - 1]} {year} does not exist.") from None


def parse_time(text: str) -> time:
    """A 24-hour HH:MM (or HH:MM:SS) time, or InputError saying what is wrong."""
    match = _TIME_PATTERN.match(text or "")
    if not match:
        raise InputError(f"'{text}' is not a time in the form HH:MM, 24-hour (for example 22:30).")
    hour, minute = int(match.group(1)), int(match.group(2))
    second = int(match.group(3) or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise InputError(f"'{text}' is not a real time of day: hours go to 23, minutes to 59.")
    return time(hour, minute, second)


@lru_cache(maxsize=512)
def time_zone(name: str) -> ZoneInfo:
    """The IANA zone called `name`, or InputError."""
    cleaned = (name or "").strip()
    if not cleaned:
        raise InputError("No time zone given; use an IANA name such as Asia/Kolkata.")
    try:
        return ZoneInfo(cleaned)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InputError(
            f"'{name}' is not a known time zone; use an IANA name such as Asia/Kolkata."
        ) from None


def jd_from_ordinal(ordinal: int, hours: float) -> float:
    """Julian day of a proleptic-Gregorian day number (date.toordinal) plus hours."""
    return ordinal + _JD_ORDINAL_OFFSET + hours / 24.0


def date_from_jd(jd: float) -> date:
    """Calendar date (proleptic Gregorian) in which the Julian day `jd` falls."""
    return date.fromordinal(int(jd - _JD_ORDINAL_OFFSET))


def local_moment(day: date, clock: time, zone_name: str) -> Moment:
    """The instant at which clocks in `zone_name` showed `day` `clock`."""
    zone = time_zone(zone_name)
    first = datetime(day.year, day.month, day.day, clock.hour, clock.minute, clock.second, tzinfo=zone)
    offset = first.utcoffset()
    notes: tuple[str, ...] = ()
    if offset != first.replace(fold=1).utcoffset():
        notes = (_clock_change_note(first.replace(tzinfo=None), first, zone),)
    offset_hours = offset.total_seconds() / 3600.0
    hours = clock.hour + clock.minute / 60.0 + clock.second / 3600.0 - offset_hours
    return Moment(
        first.replace(tzinfo=None),
        zone.key,
        offset_hours,
        bool(first.dst()),
        jd_from_ordinal(day.toordinal(), hours),
        notes,
    )


def _clock_change_note(local: datetime, first: datetime, zone: ZoneInfo) -> str:
    shown = local.strftime("%H:%M on %Y-%m-%d")
    round_trip = first.astimezone(timezone.utc).astimezone(zone).replace(tzinfo=None)
    if round_trip == local:
        return (
            f"Clocks in {zone.key} went back around {shown}, so this time happened twice; "
            f"Luna used the first occurrence (UTC{_format_offset(first)})."
        )
    return (
        f"Clocks in {zone.key} went forward around {shown}, so this time never showed on a clock; "
        f"Luna read it with the offset in force before the change (UTC{_format_offset(first)}), "
        f"which is {round_trip.strftime('%H:%M')} by the new clocks."
    )


def _format_offset(moment: datetime) -> str:
    return format_offset(round(moment.utcoffset() / timedelta(minutes=1)))


def format_offset(minutes: int) -> str:
    """A UTC offset in minutes as "+05:30"."""
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def local_datetime(jd_ut: float, zone_name: str) -> datetime:
    """The aware local civil time in `zone_name` at the UT Julian day `jd_ut`."""
    days = jd_ut - _JD_ORDINAL_OFFSET
    whole = int(days)
    utc = datetime.fromordinal(whole).replace(tzinfo=timezone.utc) + timedelta(days=days - whole)
    return utc.astimezone(time_zone(zone_name))


def midnight_jd(day: date, zone_name: str) -> float:
    """UT Julian day of local midnight starting `day` in `zone_name`."""
    return local_moment(day, time(0, 0), zone_name).jd_ut
