"""The day someone asks a panchang for, as they type it: relative words, weekdays, dates
with and without a year. A date without a year is the next one to come."""

from datetime import date

import pytest

from actions.conversation.day_input import read_day
from luna.astrology.errors import InputError

TODAY = date(2026, 11, 25)  # a Wednesday
FRIDAY = date(2026, 11, 27)


def test_today_is_a_wednesday():
    # The weekday expectations below count from it.
    assert TODAY.strftime("%A") == "Wednesday" and FRIDAY.strftime("%A") == "Friday"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", TODAY),
        ("Today!", TODAY),
        ("aaj", TODAY),
        ("aaj ka panchang", TODAY),
        ("kal", date(2026, 11, 26)),
        ("tomorrow", date(2026, 11, 26)),
        ("tomorrow?", date(2026, 11, 26)),
        ("day after tomorrow", date(2026, 11, 27)),
        ("parso", date(2026, 11, 27)),
        ("yesterday", date(2026, 11, 24)),
    ],
)
def test_relative_days(text, expected):
    assert read_day(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("friday", FRIDAY),
        ("Friday", FRIDAY),
        ("on fri", FRIDAY),
        ("wednesday", TODAY),  # the day itself, not a week later
        ("thursday", date(2026, 11, 26)),
        ("tuesday", date(2026, 12, 1)),  # yesterday's weekday is six days away
        ("mon", date(2026, 11, 30)),
        ("sunday", date(2026, 11, 29)),
    ],
)
def test_a_weekday_is_the_next_such_day(text, expected):
    assert read_day(text, TODAY) == expected


def test_a_weekday_asked_on_that_weekday_is_today():
    assert read_day("friday", FRIDAY) == FRIDAY
    assert read_day("thursday", FRIDAY) == date(2026, 12, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 march", date(2027, 3, 12)),  # gone this year: next year's
        ("12th March", date(2027, 3, 12)),
        ("on 12 march", date(2027, 3, 12)),
        ("march 12", date(2027, 3, 12)),
        ("Dec 25th", date(2026, 12, 25)),  # still to come this year
        ("25 nov", TODAY),  # today counts as still to come
        ("24 nov", date(2027, 11, 24)),
        ("1 jan", date(2027, 1, 1)),
    ],
)
def test_a_date_without_a_year_is_the_next_one(text, expected):
    assert read_day(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12/3/2027", date(2027, 3, 12)),  # day first
        ("12.3.2027", date(2027, 3, 12)),
        ("2027-03-12", date(2027, 3, 12)),  # ISO
        ("2027/3/12", date(2027, 3, 12)),
        ("12 march 2027", date(2027, 3, 12)),
        ("12/3/2020", date(2020, 3, 12)),  # a past day with its year is that day
        ("29/2/2028", date(2028, 2, 29)),
        ("29 february 2028", date(2028, 2, 29)),
    ],
)
def test_dates_with_a_year(text, expected):
    assert read_day(text, TODAY) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (TODAY, date(2028, 2, 29)),  # 2027 has none: the next leap day
        (date(2028, 2, 29), date(2028, 2, 29)),  # asked on the day itself
        (date(2028, 3, 1), date(2032, 2, 29)),
    ],
)
def test_29_february_without_a_year_is_the_next_leap_day(today, expected):
    assert read_day("29 feb", today) == expected


def test_a_two_digit_year_is_a_year_to_come():
    # Panchang days are asked ahead ("kal" means tomorrow here); 27 is 2027, not 1927.
    assert read_day("12/3/27", TODAY) == date(2027, 3, 12)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("31/02/2027", "31 February 2027 doesn't exist"),
        ("29 feb 2027", "doesn't exist"),
        ("13/13/2027", "no month 13"),
        ("32/1/2027", "32 January 2027 doesn't exist"),
        ("hello", "couldn't read 'hello'"),
        ("", "Which day"),
        ("   ", "Which day"),
        ("?!", "Which day"),
    ],
)
def test_bad_days_are_refused_with_a_friendly_message(text, fragment):
    with pytest.raises(InputError, match=fragment) as refused:
        read_day(text, TODAY)
    message = str(refused.value)
    assert "Traceback" not in message and "out of range" not in message


@pytest.mark.parametrize("text", ["next month", "wedding day"])
def test_words_that_only_begin_like_a_weekday_are_not_that_weekday(text):
    # "mon" in "month" and "wed" in "wedding" are no Monday or Wednesday.
    with pytest.raises(InputError):
        read_day(text, TODAY)


def test_a_bare_day_of_the_month_is_not_read_as_january():
    # "the 13th" asked on 25 November means 13 December (or a question back), never 13 January.
    try:
        day = read_day("the 13th", TODAY)
    except InputError:
        return
    assert day == date(2026, 12, 13)


def test_a_month_spelt_the_hindi_way():
    assert read_day("5 janvari 2025 ka panchang", TODAY) == date(2025, 1, 5)


@pytest.mark.parametrize("text", ["8:30 subah", "at 6:15"])
def test_a_time_of_day_is_not_a_day(text):
    with pytest.raises(InputError):
        read_day(text, TODAY)
