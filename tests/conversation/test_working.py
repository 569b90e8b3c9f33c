"""'Show your working': the conventions and numbers behind a user's chart, and how sure
its answers are."""

from __future__ import annotations

from datetime import date, time

import pytest
import swisseph as swe

from actions.conversation.birth_profile import BirthDetails
from actions.conversation.working import working_messages
from luna.astrology.places import resolve_place

PUNE = ("Pune, Maharashtra, India", 18.5204, 73.8567, "Asia/Kolkata")


def pune_birth(clock: time | None, name: str = "Ravi") -> BirthDetails:
    return BirthDetails(name, date(1990, 3, 5), clock, *PUNE)


def dms(degrees: float) -> str:
    seconds = round(degrees * 3600)
    return f"{seconds // 3600}°{seconds // 60 % 60:02d}′{seconds % 60:02d}″"


@pytest.fixture(scope="module")
def ravi():
    details = pune_birth(time(22, 30))
    chart = details.chart()
    return details, chart, working_messages(details, chart)


def test_the_ayanamsa_is_the_charts_own_in_degrees_minutes_seconds(ravi):
    _, chart, messages = ravi
    # Lahiri's ayanamsa is about 23°51′ at 2000.0 and grows by about 50.3″ a year (precession),
    # so about 23°43′ in March 1990.
    assert 23.70 < chart.ayanamsa < 23.75
    assert f"Lahiri (Chitrapaksha) ayanamsa = {dms(chart.ayanamsa)} at your birth" in messages[0]
    assert "23°43′" in messages[0]


def test_the_birth_moment_place_and_offset_are_shown(ravi):
    _, _, messages = ravi
    text = messages[0]
    assert "Ravi's chart" in text
    assert "05 Mar 1990 22:30 local time in Pune, Maharashtra, India" in text
    assert "(18.5204°N, 73.8567°E)" in text
    assert "UTC+05:30 (Asia/Kolkata, standard time on that date)" in text


def test_the_conventions_are_named(ravi):
    _, _, messages = ravi
    text = messages[0]
    assert "true node" in text
    assert f"Swiss Ephemeris {swe.version}" in text and "(1800-2399)" in text
    assert "whole sign" in text
    assert "365.25 days" in text
    assert "upper limb with refraction" in text


def test_a_chart_far_from_every_line_says_small_time_errors_do_not_matter(ravi):
    _, chart, messages = ravi
    assert chart.warnings == ()
    assert len(messages) == 2
    assert messages[1].startswith("✅ Nothing in your chart is within 5 minutes")


def test_an_unknown_time_is_cast_for_noon_with_the_caveat():
    details = pune_birth(None, "Asha")
    messages = working_messages(details, details.chart())
    assert "05 Mar 1990 12:00 local time" in messages[0]
    assert messages[-1].startswith("⚠️ Your birth time is unknown, so the chart is cast for noon")
    assert not any("Nothing in your chart" in message for message in messages)


def first_lagna_near_a_sign_line() -> BirthDetails:
    """The first minute of 5 March 1990 in Pune at which the lagna is within the
    5-minute tolerance of a sign line (the lagna crosses one about every two hours)."""
    for minute in range(24 * 60):
        details = pune_birth(time(minute // 60, minute % 60))
        if any(w.body == "Lagna" and w.boundary == "sign" for w in details.chart().warnings):
            return details
    raise AssertionError("the lagna never came near a sign line in a whole day")


def test_every_boundary_warning_is_listed():
    details = first_lagna_near_a_sign_line()
    chart = details.chart()
    messages = working_messages(details, chart)
    listed = messages[-1]
    assert listed.startswith("⚠️ Close to a line, so a birth-time error of about 5 minutes")
    for warning in chart.warnings:
        assert f"• {warning.message}" in listed
    lagna = next(w for w in chart.warnings if w.body == "Lagna" and w.boundary == "sign")
    assert f"The lagna is {lagna.distance * 60:.1f}' from the {lagna.current}/{lagna.neighbour} sign boundary" in listed
    assert not any("Nothing in your chart" in message for message in messages)


def test_war_time_in_calcutta_is_utc_plus_six_thirty():
    # India kept "war time", UTC+06:30, in Calcutta from 1 September 1942 to 15 October 1945
    # (IANA tz database, asia file, Zone Asia/Kolkata).
    place = resolve_place("Calcutta")
    details = BirthDetails("Bimal", date(1942, 9, 1), time(10, 0), place.label, place.latitude, place.longitude,
                           place.timezone)
    text = working_messages(details, details.chart())[0]
    assert "UTC+06:30 (Asia/Kolkata, daylight saving time on that date)" in text
    assert "01 Sep 1942 10:00 local time in Kolkata" in text


def test_a_time_that_never_showed_on_a_clock_is_explained():
    # Clocks in New York went from 02:00 to 03:00 on 14 March 2021.
    details = BirthDetails("Maya", date(2021, 3, 14), time(2, 30), "New York City, New York, United States",
                           40.7143, -74.006, "America/New_York")
    messages = working_messages(details, details.chart())
    assert "(40.7143°N, 74.0060°W)" in messages[0]
    assert any("went forward" in message and "America/New_York" in message for message in messages[1:])
