"""The horoscope from the real transits of a day, week, month or year."""

import re
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luna import clock
from luna.astrology import SIGNS, InputError, midnight_jd, sign_of, whole_sign_house
from luna.readings import (
    MAX_TEXT_CHARS,
    PERIODS,
    Location,
    UnknownPeriod,
    UnknownSign,
    horoscope,
)
from luna.readings.period import day_label

DAY = date(2026, 11, 25)
IST = "Asia/Kolkata"
MINUTE = 1.0 / 1440.0
ORDINALS = {1: "1st", 2: "2nd", 3: "3rd", **{n: f"{n}th" for n in range(4, 13)}}


def test_the_days_moon_statement_matches_the_sky():
    reading = horoscope("Leo", "today", start=DAY)
    moon = next(s for s in reading.statements if s.planet == "Moon" and s.kind == "transit")
    # The engine's Moon at some moment of the day is in that house from Leo.
    start = midnight_jd(DAY, IST)
    houses = {whole_sign_house(sign_of("Moon", start + hour / 24.0), SIGNS.index("Leo")) for hour in range(24)}
    assert moon.house in houses
    assert f"The Moon transits your {ORDINALS[moon.house]} house from Leo" in moon.reason
    assert moon.text in reading.text


def test_two_days_give_different_explained_readings():
    today = horoscope("Leo", "today", start=DAY)
    tomorrow = horoscope("Leo", "tomorrow", start=DAY)
    assert tomorrow.first_day == DAY + timedelta(days=1)
    assert today.text != tomorrow.text
    # The difference is in the reasons themselves (weekday lord, tithi, nakshatra, Moon).
    assert {s.reason for s in today.statements} != {s.reason for s in tomorrow.statements}
    assert "Wednesday is Mercury's day" in today.text and "Thursday is Jupiter's day" in tomorrow.text


@settings(max_examples=30, deadline=None)
@given(day=st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)), sign=st.sampled_from(SIGNS))
def test_consecutive_days_always_differ(day, sign):
    first = horoscope(sign, "today", start=day)
    second = horoscope(sign, "today", start=day + timedelta(days=1))
    assert {s.reason for s in first.statements} != {s.reason for s in second.statements}


def test_a_month_lists_real_ingresses():
    reading = horoscope("Leo", "month", start=DAY)
    assert reading.first_day == DAY and reading.last_day == date(2026, 12, 24)
    assert reading.changes, "the Sun alone changes sign every month"
    start, end = midnight_jd(reading.first_day, IST), midnight_jd(reading.last_day + timedelta(days=1), IST)
    for change in reading.changes:
        assert start <= change.jd_ut < end
        assert reading.first_day <= change.at.date() <= reading.last_day
        assert SIGNS[sign_of(change.planet, change.jd_ut - 2 * MINUTE)] == change.from_sign
        assert SIGNS[sign_of(change.planet, change.jd_ut + 2 * MINUTE)] == change.to_sign
        assert change.house == whole_sign_house(SIGNS.index(change.to_sign), SIGNS.index("Leo"))
    # Known ingresses of that month: the Sun enters Sagittarius mid-December (Dhanu
    # sankranti, 16 Dec), Rahu moves back into Capricorn on 25 Nov 2026.
    suns = [c for c in reading.changes if c.planet == "Sun"]
    assert [(c.to_sign, c.at.date()) for c in suns] == [("Sagittarius", date(2026, 12, 16))]
    assert any(c.planet == "Rahu" and c.to_sign == "Capricorn" for c in reading.changes)
    assert f"{day_label(suns[0].at.date())} Sun → 5th (Sagittarius)" in reading.text


def test_the_month_has_no_moon_but_the_week_has():
    month = horoscope("Leo", "month", start=DAY)
    week = horoscope("Leo", "week", start=DAY)
    assert all(c.planet != "Moon" for c in month.changes)
    assert sum(c.planet == "Moon" for c in week.changes) >= 2


def test_a_year_follows_jupiter_and_saturn():
    reading = horoscope("Leo", "year", start=DAY)
    assert {c.planet for c in reading.changes} <= {"Jupiter", "Saturn", "Rahu", "Ketu"}
    # Saturn leaves Pisces for Aries on 3 June 2027 (drikpanchang.com, Shani Gochar 2027).
    assert any(c.planet == "Saturn" and c.to_sign == "Aries" and c.at.date() == date(2027, 6, 3)
               for c in reading.changes)
    assert any(s.planet == "Jupiter" for s in reading.statements)


def test_sade_sati_is_named_for_the_sign_saturn_is_over():
    # Saturn in Pisces (2025-2027): sade sati peak for Pisces, rising for Aries, setting for Aquarius.
    phases = {sign: horoscope(sign, "today", start=DAY).sade_sati for sign in ("Aries", "Pisces", "Aquarius", "Leo")}
    assert phases == {"Aries": "rising", "Pisces": "peak", "Aquarius": "setting", "Leo": None}
    pisces = horoscope("Pisces", "month", start=DAY)
    assert any(s.kind == "sade_sati" for s in pisces.statements)


@pytest.mark.parametrize("period", PERIODS)
def test_every_period_reads_with_reasons_and_fits_a_phone(period):
    reading = horoscope("Scorpio", period, start=DAY)
    assert len(reading.text) <= MAX_TEXT_CHARS
    assert 3 <= len(reading.statements) <= 6
    assert 1 <= reading.stars <= 5 and -1.0 <= reading.score <= 1.0
    for statement in reading.statements:
        assert statement.reason and statement.meaning and statement.text in reading.text
        assert statement.effect in ("positive", "negative", "neutral")
    assert reading.text.startswith("♏ Scorpio (Vrishchika)")


def test_sign_names_are_read_in_any_case_or_as_an_index():
    assert horoscope(" leo ", "today", start=DAY).text == horoscope(4, "today", start=DAY).text


@pytest.mark.parametrize("bad", ["Ophiuchus", "", "Simha?", 12, -1, True])
def test_unknown_signs_are_refused(bad):
    with pytest.raises(UnknownSign) as raised:
        horoscope(bad, "today", start=DAY)
    assert "Aries" in str(raised.value) and isinstance(raised.value, InputError)


@pytest.mark.parametrize("bad", ["fortnight", "", "daily"])
def test_unknown_periods_are_refused(bad):
    with pytest.raises(UnknownPeriod) as raised:
        horoscope("Leo", bad, start=DAY)
    assert "today, tomorrow, week, month, year" in str(raised.value)


def test_unknown_time_zones_are_refused():
    with pytest.raises(InputError):
        horoscope("Leo", "today", start=DAY, location=Location(0.0, 0.0, "Mars/Olympus"))


def test_the_days_follow_the_readers_time_zone():
    # The Moon enters a sign at one UT instant: local clocks in New York and India show
    # it at different times (and possibly dates).
    india = horoscope("Leo", "week", start=DAY)
    new_york = horoscope("Leo", "week", start=DAY, location=Location(40.71, -74.01, "America/New_York"))
    assert india.timezone == IST and new_york.timezone == "America/New_York"
    india_moon = {round(c.jd_ut, 3) for c in india.changes if c.planet == "Moon"}
    new_york_moon = {round(c.jd_ut, 3) for c in new_york.changes if c.planet == "Moon"}
    assert india_moon & new_york_moon
    assert {c.at.utcoffset() for c in new_york.changes} == {timedelta(hours=-5)}


def test_a_polar_night_still_has_a_daily_reading():
    # Tromsø in December: no sunrise, so the day's limbs are read at 06:00 local time.
    reading = horoscope("Leo", "today", start=date(2026, 12, 20), location=Location(69.65, 18.96, "Europe/Oslo"))
    assert any(s.kind == "panchang" for s in reading.statements)


@settings(max_examples=40, deadline=None)
@given(
    sign=st.sampled_from(SIGNS),
    period=st.sampled_from(PERIODS),
    day=st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)),
)
def test_no_reading_ever_speaks_of_doom(doom_words, sign, period, day):
    reading = horoscope(sign, period, start=day)
    assert not set(re.findall(r"[a-z]+", reading.text.lower())) & doom_words
    assert len(reading.text) <= MAX_TEXT_CHARS


def test_today_is_the_frozen_clocks_day_where_the_reader_is():
    india = Location(28.6139, 77.2090, IST)
    london = Location(51.5074, -0.1278, "Europe/London")
    # 20:00 UTC on 25 Nov 2026: still the 25th in London, already the 26th in India.
    with clock.frozen_at("2026-11-25T20:00:00Z"):
        assert horoscope("Leo", "today", location=india).first_day == date(2026, 11, 26)
        assert horoscope("Leo", "today", location=london).first_day == DAY
        assert horoscope("Leo", "tomorrow", location=london).first_day == DAY + timedelta(days=1)
