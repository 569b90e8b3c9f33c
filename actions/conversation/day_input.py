"""Reading the day someone asks about (a panchang): "today", "kal", "friday", "12 march",
"12/3/27", "the 13th". Days to come, unlike birth dates: a date without a year is the
next one from today."""

from __future__ import annotations

import re
from datetime import date, datetime

from dateutil import parser as date_parser

# A day is written like a birth date, so it is read with the same pieces.
from actions.conversation.birth_input import (
    DATE_FILLER,
    NUMERIC_DATE,
    ORDINAL_SUFFIX,
    checked_date,
    normalised_date_text,
    numeric_date,
    worded_date,
)
from luna.astrology import InputError

_RELATIVE_DAYS = (
    (re.compile(r"\b(day after tomorrow|parso|parson)\b", re.I), 2),
    (re.compile(r"\b(tomorrow|tmrw|tmr|kal)\b", re.I), 1),  # "kal" looking ahead: panchang is asked for days to come
    (re.compile(r"\b(yesterday)\b", re.I), -1),
    (re.compile(r"\b(today|aaj|aj|now|abhi)\b", re.I), 0),
)
# Monday first, in English (full or short) and Hindi.
_WEEKDAYS = (
    r"mon|monday|somvar|somwar", r"tue|tues|tuesday|mangalvar|mangalwar", r"wed|wednesday|budhvar|budhwar",
    r"thu|thur|thurs|thursday|guruvar|guruwar|brihaspativar", r"fri|friday|shukravar|shukrawar",
    r"sat|saturday|shanivar|shaniwar", r"sun|sunday|ravivar|raviwar|itvaar|itwar",
)
_LEAP_SENTINEL = datetime(4, 1, 1)  # a leap year, so "29 feb" parses without a year


def read_day(text: str, today: date) -> date:
    """A day someone asks about (panchang): "today", "kal", "friday", "12 march",
    "12/3/27", "the 13th"; a date without a year (or month) is the next one from today."""
    cleaned = ORDINAL_SUFFIX.sub(r"\1", normalised_date_text(text or "")).strip(" .,!?")
    has_digits = re.search(r"\d", cleaned) is not None
    for pattern, offset in _RELATIVE_DAYS:
        if pattern.search(cleaned) and not has_digits:
            return date.fromordinal(today.toordinal() + offset)
    weekday = next((i for i, names in enumerate(_WEEKDAYS) if re.search(rf"\b({names})\b", cleaned, re.I)), None)
    if weekday is not None and not has_digits:
        return date.fromordinal(today.toordinal() + (weekday - today.weekday()) % 7)
    cleaned = re.sub(r"\s+", " ", DATE_FILLER.sub(" ", cleaned)).strip(" .,!?")
    if not cleaned:
        raise InputError("Which day? Send it like 'today', 'tomorrow' or 12/3/2027.")
    if re.fullmatch(r"\d{1,2}", cleaned):
        return _next_day_of_month(int(cleaned), today)
    numeric = NUMERIC_DATE.match(cleaned)
    if numeric and len(numeric.group(3)) == 2:
        # "12/3/27" asks about 2027: the year with those digits nearest to today.
        year = today.year - today.year % 100 + int(numeric.group(3))
        year += -100 if year - today.year > 50 else 100 if today.year - year > 50 else 0
        cleaned = f"{numeric.group(1)}/{numeric.group(2)}/{year}"
    day = numeric_date(cleaned, today)
    if day is not None:
        return day
    if re.search(r"\d\s*:\s*\d", cleaned):
        # "8:30 subah" is a time of day, not a day: never the 1st of January.
        raise InputError("Which day? Send it like 'today', 'tomorrow' or 12/3/2027.")
    try:
        return worded_date(cleaned)
    except InputError:
        parsed = _parsed_without_year(cleaned)
        if parsed is None:
            raise
    return _next_month_day(parsed.month, parsed.day, today)


def _next_month_day(month: int, day: int, today: date) -> date:
    """The first date on or after today with this month and day (29 Feb: the next leap year)."""
    for year in range(today.year, today.year + 9):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    return checked_date(today.year, month, day)  # says why the date doesn't exist


def _next_day_of_month(day: int, today: date) -> date:
    """"the 13th": this month's if it is still to come, else the next month that has it."""
    year, month = today.year, today.month
    for _ in range(13):
        try:
            candidate = date(year, month, day)
            if candidate >= today:
                return candidate
        except ValueError:
            pass
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    raise InputError(f"No month has a day {day}. Which day do you mean?")


def _parsed_without_year(text: str) -> datetime | None:
    """A day and month with no year ("12 march", "29 feb"), or None."""
    if not re.search(r"\d", text) or not re.search(r"[a-z]", text, re.I):
        return None  # a month must be named: "13" alone is handled by the caller
    try:
        parsed = date_parser.parse(text, dayfirst=True, fuzzy=True, default=_LEAP_SENTINEL)
    except (ValueError, OverflowError):
        return None
    return parsed if parsed.year == _LEAP_SENTINEL.year else None
