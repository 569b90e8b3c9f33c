"""Predictions from a birth chart: houses, lords, karakas, dashas and transits."""

import re
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luna.astrology import dasha
from luna.astrology.chart import cast_chart
from luna.astrology.errors import InputError
from luna.astrology.moment import local_moment
from luna.astrology.zodiac import SIGN_LORDS, SIGNS
from luna.readings import MAX_TEXT_CHARS, TOPICS, UnknownTopic, predict
from luna.readings.houses import aspected_houses

ON = date(2026, 11, 25)
ORDINALS = {1: "1st", 2: "2nd", 3: "3rd", **{n: f"{n}th" for n in range(4, 13)}}


def name_in_text(planet: str) -> str:
    return {"Sun": "the Sun", "Moon": "the Moon"}.get(planet, planet)


def test_career_names_the_lord_of_the_10th_and_where_it_sits(pune_chart):
    # Computed from the engine, not copied: the 10th sign from the lagna, its lord, that
    # lord's house and sign. (For this birth: Libra lagna, Cancer 10th, the Moon in the
    # 9th in Gemini.)
    tenth = (pune_chart.lagna.sign + 9) % 12
    lord = SIGN_LORDS[tenth]
    position = pune_chart.planet(lord)
    reading = predict(pune_chart, "career", on=ON)
    statement = reading.statements[0]
    assert statement.kind == "lord" and statement.planet == lord and statement.house == position.house
    expected = (f"Your 10th house of career is {SIGNS[tenth]}; its lord {name_in_text(lord)} sits in your "
                f"{ORDINALS[position.house]}, in {position.sign_name}")
    assert expected in reading.text
    assert (SIGNS[tenth], lord, position.house, position.sign_name) == ("Cancer", "Moon", 9, "Gemini")


def test_the_running_dasha_is_named_with_its_link_to_the_topic(pune_chart):
    jd = local_moment(ON, time(12, 0), "Asia/Kolkata").jd_ut
    major = dasha.running(pune_chart.mahadashas, jd)
    minor = dasha.running(dasha.antardashas(major), jd)
    reading = predict(pune_chart, "career", on=ON)
    assert (reading.mahadasha, reading.antardasha) == (major.lord, minor.lord)
    line = next(s for s in reading.statements if s.kind == "dasha")
    assert f"You run {major.lord} mahadasha, {minor.lord} antardasha" in line.reason
    # Venus (antardasha) sits in the 4th and aspects the 10th; Saturn is the karaka of work.
    assert pune_chart.planet("Venus").house == 4 and 10 in aspected_houses("Venus", 4)
    assert "Venus aspects your 10th" in line.meaning and "karaka of career" in line.meaning


def test_transits_of_jupiter_and_saturn_are_counted_from_lagna_and_moon(pune_chart):
    reading = predict(pune_chart, "career", on=ON)
    # 25 Nov 2026: Jupiter in Leo (11th from the Libra lagna, 3rd from the Gemini Moon).
    jupiter = next(s for s in reading.statements if s.kind == "transit" and s.planet == "Jupiter")
    assert "Jupiter transits Leo, your 11th from the lagna and 3rd from the Moon" in jupiter.reason
    assert jupiter.effect == "positive"


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_every_topic_reads_and_fits_a_phone(pune_chart, topic):
    reading = predict(pune_chart, topic, on=ON)
    assert len(reading.text) <= MAX_TEXT_CHARS
    assert reading.houses == TOPICS[topic].houses
    assert len(reading.statements) >= 3
    for statement in reading.statements:
        assert statement.text in reading.text and statement.reason
    assert "⏳" in reading.text


@pytest.mark.parametrize("topic", ["health", "finance"])
def test_health_and_finance_carry_a_disclaimer(pune_chart, topic):
    reading = predict(pune_chart, topic, on=ON)
    assert reading.disclaimer and reading.text.endswith(reading.disclaimer)
    assert "not" in reading.disclaimer and ("doctor" in reading.disclaimer or "adviser" in reading.disclaimer)


@pytest.mark.parametrize("topic", ["career", "love", "marriage", "education", "family", "travel"])
def test_other_topics_carry_no_disclaimer(pune_chart, topic):
    assert predict(pune_chart, topic, on=ON).disclaimer is None


def test_when_lists_coming_dasha_periods_that_touch_the_topic(pune_chart):
    reading = predict(pune_chart, "career", on=ON, years_ahead=5)
    assert reading.windows
    for window in reading.windows:
        assert ON < window.start <= ON + timedelta(days=5 * 366)
        assert window.strength >= 2 and all(link.planet == window.lord for link in window.links)
    assert [w.start for w in reading.windows] == sorted(w.start for w in reading.windows)
    # The Moon rules the 10th (Cancer): its antardasha in Saturn's mahadasha is a career window.
    moon = next(w for w in reading.windows if w.lord == "Moon")
    assert moon.mahadasha == "Saturn" and any(link.kind == "rules" and link.house == 10 for link in moon.links)
    assert f"Moon antardasha from {moon.start.day} {moon.start.strftime('%b %Y')}" in reading.text


def test_without_a_birth_time_houses_count_from_the_moon(pune_chart):
    reading = predict(pune_chart, "career", on=ON, birth_time_known=False)
    assert reading.reference == "moon" and reading.reference_sign == "Gemini"
    # 10th from Gemini is Pisces, ruled by Jupiter.
    assert reading.statements[0].planet == "Jupiter"
    assert "Moon sign, Gemini" in reading.text and "from the lagna" not in reading.text


def test_the_date_changes_the_reading(pune_chart):
    earlier = predict(pune_chart, "career", on=date(2019, 6, 1))
    later = predict(pune_chart, "career", on=ON)
    assert (earlier.mahadasha, earlier.antardasha) != (later.mahadasha, later.antardasha)
    assert earlier.text != later.text


@pytest.mark.parametrize("bad", ["wealth", "", "Career!"])
def test_unknown_topics_are_refused(pune_chart, bad):
    with pytest.raises(UnknownTopic) as raised:
        predict(pune_chart, bad, on=ON)
    assert "career, love, marriage" in str(raised.value) and isinstance(raised.value, InputError)


def test_topics_are_read_in_any_case(pune_chart):
    assert predict(pune_chart, " Career ", on=ON).text == predict(pune_chart, "career", on=ON).text


@settings(max_examples=60, deadline=None)
@given(
    birth=st.datetimes(min_value=datetime(1920, 1, 1), max_value=datetime(2015, 12, 31)),
    latitude=st.floats(min_value=-60.0, max_value=60.0),
    longitude=st.floats(min_value=-180.0, max_value=180.0),
    zone=st.sampled_from(["Asia/Kolkata", "Europe/London", "America/New_York", "Australia/Sydney", "UTC"]),
    topic=st.sampled_from(sorted(TOPICS)),
    on=st.dates(min_value=date(2020, 1, 1), max_value=date(2060, 12, 31)),
    birth_time_known=st.booleans(),
)
def test_no_prediction_ever_speaks_of_doom(doom_words, birth, latitude, longitude, zone, topic, on,
                                           birth_time_known):
    chart = cast_chart(local_moment(birth.date(), birth.time().replace(microsecond=0), zone), latitude, longitude)
    reading = predict(chart, topic, on=on, birth_time_known=birth_time_known)
    assert not set(re.findall(r"[a-z]+", reading.text.lower())) & doom_words
    assert len(reading.text) <= MAX_TEXT_CHARS
    assert (reading.disclaimer is not None) == (topic in ("health", "finance"))
