"""Birth dates and times as people type them."""

from datetime import date, time

import pytest

from actions.conversation.birth_input import AmbiguousTime, read_birth_date, read_birth_time
from luna.astrology.errors import InputError

TODAY = date(2026, 11, 25)


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
