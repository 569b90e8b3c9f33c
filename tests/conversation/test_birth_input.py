"""Birth dates and times as people type them."""

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actions.conversation.birth_input import AmbiguousTime, read_birth_date, read_birth_time
from luna.astrology.errors import InputError

TODAY = date(2026, 11, 25)
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5/3/1990", date(1990, 3, 5)),
        ("05-03-90", date(1990, 3, 5)),
        ("1990-03-05", date(1990, 3, 5)),
        ("5.3.1990", date(1990, 3, 5)),
        ("5 march 1990", date(1990, 3, 5)),
        ("March 5th 1990", date(1990, 3, 5)),
        ("5th mar 90", date(1990, 3, 5)),
        ("12 aug 1985", date(1985, 8, 12)),
        ("3/25/1990", date(1990, 3, 25)),
        ("5/13/1990", date(1990, 5, 13)),
        ("dob 14-02-2001", date(2001, 2, 14)),
        ("born on 1st jan 2000", date(2000, 1, 1)),
        ("10/10/05", date(2005, 10, 10)),
    ],
)
def test_dates(text, expected):
    assert read_birth_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("31/02/1990", "31 February 1990 doesn't exist"),
        ("29/2/2023", "29 February 2023 doesn't exist"),
        ("13/13/1990", "no month"),
        ("1/1/2030", "in the future"),
        ("5 march", "Which year"),
        ("1/1/1750", "1800"),
        ("yesterday-ish", "couldn't read"),
        ("", "didn't catch"),
        ("🌙🌙", "couldn.t read"),
        ("31 feb 1990", "doesn't exist"),
    ],
)
def test_bad_dates(text, fragment):
    with pytest.raises(InputError, match=fragment):
        read_birth_date(text, TODAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10:30 pm", time(22, 30)),
        ("10.30pm", time(22, 30)),
        ("22:30", time(22, 30)),
        ("6 am", time(6, 0)),
        ("6:05 AM", time(6, 5)),
        ("12 am", time(0, 0)),
        ("12:15 pm", time(12, 15)),
        ("morning 7", time(7, 0)),
        ("subah 7 baje", time(7, 0)),
        ("raat 11 baje", time(23, 0)),
        ("raat 2 baje", time(2, 0)),
        ("shaam 6:30", time(18, 30)),
        ("noon", time(12, 0)),
        ("midnight", time(0, 0)),
        ("0:45", time(0, 45)),
        ("time of birth 14:05", time(14, 5)),
    ],
)
def test_times(text, expected):
    assert read_birth_time(text) == expected


@pytest.mark.parametrize("text", ["don't know", "dont know", "I do not know", "not sure", "pata nahi", "idk", "na"])
def test_unknown_time(text):
    assert read_birth_time(text) is None


@pytest.mark.parametrize("text", ["24:61", "25:00", "10:75", "13 pm", "quarter past", "🕙"])
def test_bad_times(text):
    with pytest.raises(InputError):
        read_birth_time(text)


def test_bare_hour_is_asked_back():
    with pytest.raises(AmbiguousTime) as asked:
        read_birth_time("7:30")
    assert asked.value.options == (time(7, 30), time(19, 30))
    assert "7:30 am or 7:30 pm" in str(asked.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Hindi month names and Devanagari digits (issue: "5 फरवरी 1990" was read as 1 May).
        ("5 फरवरी 1990", date(1990, 2, 5)),
        ("१२ मार्च १९९०", date(1990, 3, 12)),
        ("२३ नवंबर १९८८", date(1988, 11, 23)),
        ("14 अगस्त 2001", date(2001, 8, 14)),
        ("१५/०८/१९४७", date(1947, 8, 15)),
        # Misspelt months (issue: "5 Marh 1990" was read as 1 May).
        ("5 Marh 1990", date(1990, 3, 5)),
        ("12 Febuary 1995", date(1995, 2, 12)),
        ("3 agust 1987", date(1987, 8, 3)),
        ("21 Septmber 1999", date(1999, 9, 21)),
        ("7 decmber 1979", date(1979, 12, 7)),
        # As people write them.
        ("23rd Nov 1988", date(1988, 11, 23)),
        ("Nov 23, 1988", date(1988, 11, 23)),
        ("23.11.88", date(1988, 11, 23)),
        ("1988-11-23", date(1988, 11, 23)),
        ("born on 9 sep 1979", date(1979, 9, 9)),
    ],
)
def test_dates_in_other_scripts_and_spellings(text, expected):
    assert read_birth_date(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        # Never a default day or month (issue: "March 1990" -> 1 March, "around 1990" -> 1 January).
        ("March 1990", "Which day of March 1990"),
        ("mar 1990", "Which day of March 1990"),
        ("feb 2001", "Which day of February 2001"),
        ("मार्च १९९०", "Which day of March 1990"),
        ("around 1990", "which day and month"),
        ("1990", "which day and month"),
        ("born in 1985", "which day and month"),
    ],
)
def test_a_date_missing_its_day_or_month_is_asked_back(text, fragment):
    with pytest.raises(InputError, match=fragment):
        read_birth_date(text, TODAY)


@given(day=st.integers(1, 28), month=st.integers(1, 12), year=st.integers(1800, 2025),
       form=st.sampled_from(["{month} {year}", "{mon} {year}", "{year}", "{day} {month}", "in {month} of {year}"]))
def test_no_reading_invents_a_day_month_or_year(day, month, year, form):
    # Whatever is left out of the text is asked for, never filled in.
    text = form.format(day=day, month=MONTH_NAMES[month - 1], mon=MONTH_NAMES[month - 1][:3], year=year)
    with pytest.raises(InputError):
        read_birth_date(text, TODAY)


@given(day=st.integers(1, 28), month=st.integers(1, 12), year=st.integers(1801, 2025),
       form=st.sampled_from(["{day} {month} {year}", "{month} {day}, {year}", "{day}/{m}/{year}",
                             "{year}-{m:02d}-{day:02d}", "{day}th {mon} {year}", "dob {day}-{m}-{year}"]))
def test_complete_dates_are_read_exactly(day, month, year, form):
    text = form.format(day=day, month=MONTH_NAMES[month - 1], mon=MONTH_NAMES[month - 1][:3], m=month, year=year)
    assert read_birth_date(text, TODAY) == date(year, month, day)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6:45 in the evening", time(18, 45)),
        ("quarter past 7 at night", time(19, 15)),
        ("quarter past seven in the evening", time(19, 15)),
        ("half past 9 in the morning", time(9, 30)),
        ("half past nine pm", time(21, 30)),
        ("five to eleven at night", time(22, 55)),
        ("10 minutes to 6 in the morning", time(5, 50)),
        ("twenty past 4 in the afternoon", time(16, 20)),
        ("quarter to 12 at night", time(23, 45)),
        ("around 3 in the afternoon", time(15, 0)),
        ("12 noon", time(12, 0)),
        ("sawa 7 baje shaam", time(19, 15)),
        ("saadhe 9 baje subah", time(9, 30)),
        ("paune 8 raat", time(19, 45)),
        ("raat 10 baje", time(22, 0)),
        ("das baje raat", time(22, 0)),
        ("seven in the morning", time(7, 0)),
        ("10 30 pm", time(22, 30)),
        ("१० ३० pm", time(22, 30)),
        ("6.45 in the evening", time(18, 45)),
    ],
)
def test_times_as_people_say_them(text, expected):
    assert read_birth_time(text) == expected


def test_ten_thirty_keeps_its_minutes_and_asks_am_or_pm():
    # Issue: "10 30" lost its minutes.
    with pytest.raises(AmbiguousTime) as asked:
        read_birth_time("10 30")
    assert asked.value.options == (time(10, 30), time(22, 30))


@pytest.mark.parametrize("text", ["quarter past 7", "half past nine", "sawa 7 baje"])
def test_a_worded_time_without_am_or_pm_is_asked_back(text):
    with pytest.raises(AmbiguousTime):
        read_birth_time(text)


@pytest.mark.parametrize("text", ["22:30 GMT", "10:30 pm EST", "5:30 UTC", "18:00 gmt+1", "9 am PST"])
def test_a_time_in_another_zone_is_asked_again_as_local_time(text):
    # Issue: "22:30 GMT" was read as local time at the birth place.
    with pytest.raises(InputError, match="local time"):
        read_birth_time(text)


@pytest.mark.parametrize("text", ["what do you mean", "das", "I was born at home"])
def test_ordinary_words_are_not_read_as_hours(text):
    with pytest.raises(InputError, match="couldn't read that time"):
        read_birth_time(text)


@pytest.mark.parametrize("text", ["1/1/1800", "31 dec 1799", "1 January 1800"])
def test_a_birth_before_the_ephemeris_files_is_refused(text):
    with pytest.raises(InputError, match="from 2 January 1800 onwards"):
        read_birth_date(text, TODAY)
    assert read_birth_date("2/1/1800", TODAY) == date(1800, 1, 2)
