"""Local civil time -> UT with historical offsets from the IANA database.

Offsets below are quoted from tzdata's `asia` and `northamerica` files
(eggert/tz): Asia/Kolkata LMT 5:53:28 to 1854, HMT 5:53:20 to 1870, MMT 5:21:10 to
1906, IST 5:30 with +06:30 war time Oct 1941 - 15 May 1942 and Sep 1942 - 15 Oct 1945;
Asia/Kathmandu +05:30 until 1986, +05:45 since; America/New_York EDT -04:00 in summer.
"""

from datetime import date, time

import pytest

from luna.astrology.errors import InputError
from luna.astrology.moment import local_moment, parse_date, parse_time, time_zone


@pytest.mark.parametrize(
    ("day", "zone", "offset"),
    [
        (date(1900, 6, 1), "Asia/Kolkata", "+05:21"),  # Madras time (5:21:10), 1870-1906
        (date(1930, 6, 1), "Asia/Kolkata", "+05:30"),
        (date(1943, 6, 1), "Asia/Kolkata", "+06:30"),  # war time
        (date(1942, 7, 1), "Asia/Kolkata", "+05:30"),  # the IST gap in 1942
        (date(1950, 6, 1), "Asia/Kolkata", "+05:30"),
        (date(1985, 6, 1), "Asia/Kathmandu", "+05:30"),
        (date(1990, 6, 1), "Asia/Kathmandu", "+05:45"),
        (date(1995, 7, 15), "America/New_York", "-04:00"),
        (date(1995, 1, 15), "America/New_York", "-05:00"),
    ],
)
def test_historical_offsets(day, zone, offset):
    moment = local_moment(day, time(12, 0), zone)
    assert moment.utc_offset == offset


def test_new_york_summer_birth_is_daylight_time():
    moment = local_moment(date(1995, 7, 15), time(9, 30), "America/New_York")
    assert moment.dst is True
    # 09:30 EDT = 13:30 UT; JD of 1995-07-15 0h UT is 2449913.5.
    assert moment.jd_ut == pytest.approx(2449913.5 + 13.5 / 24, abs=1e-9)


def test_madras_time_offset_is_to_the_second():
    moment = local_moment(date(1900, 6, 1), time(12, 0), "Asia/Kolkata")
    assert moment.utc_offset_hours * 3600 == pytest.approx(5 * 3600 + 21 * 60 + 10)


def test_time_that_happened_twice_uses_first_occurrence():
    # US clocks went back at 02:00 EDT on 2021-11-07, so 01:30 happened twice.
    moment = local_moment(date(2021, 11, 7), time(1, 30), "America/New_York")
    assert moment.utc_offset == "-04:00"
    assert moment.notes and "twice" in moment.notes[0]


def test_time_that_never_existed_uses_offset_before_the_change():
    # US clocks went forward at 02:00 EST on 2021-03-14: 02:30 never showed.
    moment = local_moment(date(2021, 3, 14), time(2, 30), "America/New_York")
    assert moment.utc_offset == "-05:00"
    assert "never showed" in moment.notes[0] and "03:30" in moment.notes[0]


def test_ordinary_time_has_no_notes():
    assert local_moment(date(2021, 3, 14), time(4, 0), "America/New_York").notes == ()


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("1990-02-31", "31 February 1990 does not exist"),
        ("2023-02-29", "29 February 2023 does not exist"),
        ("10000-01-01", "outside the range"),
        ("1700-01-01", "outside the range"),
        ("1990-13-01", "no month 13"),
        ("05/03/1990", "YYYY-MM-DD"),
        ("", "YYYY-MM-DD"),
        ("😀", "YYYY-MM-DD"),
    ],
)
def test_bad_dates(text, fragment):
    with pytest.raises(InputError, match=fragment):
        parse_date(text)


def test_leap_day_is_a_real_date():
    assert parse_date("2000-02-29") == date(2000, 2, 29)


@pytest.mark.parametrize("text", ["24:00", "24:61", "10:60", "7pm", "", "10.30"])
def test_bad_times(text):
    with pytest.raises(InputError):
        parse_time(text)


def test_times_parse():
    assert parse_time("00:00") == time(0, 0)
    assert parse_time("23:59") == time(23, 59)
    assert parse_time(" 7:05 ") == time(7, 5)


@pytest.mark.parametrize("name", ["", "Mars/Olympus", "../../etc/passwd", "IST"])
def test_unknown_time_zones(name):
    with pytest.raises(InputError):
        time_zone(name)
