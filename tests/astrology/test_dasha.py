"""Vimshottari dasha: the balance at birth, the 120-year cycle, antardashas."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from luna.astrology.dasha import CYCLE_YEARS, antardashas, mahadashas, running
from luna.astrology.zodiac import DASHA_LORDS, NAKSHATRA_SPAN

YEAR = 365.25
BIRTH = 2447956.2


def test_periods_add_up_to_120_years():
    periods = mahadashas(100.0, BIRTH, count=9)
    assert (periods[-1].end_jd - periods[0].start_jd) / YEAR == pytest.approx(CYCLE_YEARS)


def test_list_starts_before_birth_and_covers_120_years_after():
    periods = mahadashas(100.0, BIRTH)
    assert periods[0].start_jd <= BIRTH < periods[0].end_jd
    assert periods[-1].end_jd >= BIRTH + CYCLE_YEARS * YEAR


def test_moon_at_start_of_ashwini_begins_full_ketu_dasha():
    first = mahadashas(0.0, BIRTH)[0]
    assert first.lord == "Ketu" and first.start_jd == pytest.approx(BIRTH)
    assert (first.end_jd - first.start_jd) / YEAR == pytest.approx(7)


def test_balance_is_the_unused_part_of_the_nakshatra():
    # Moon halfway through Rohini (ruled by the Moon, 10 years): 5 years remain.
    moon = 3 * NAKSHATRA_SPAN + NAKSHATRA_SPAN / 2
    first = mahadashas(moon, BIRTH)[0]
    assert first.lord == "Moon"
    assert (first.end_jd - BIRTH) / YEAR == pytest.approx(5)


@given(st.floats(min_value=0, max_value=359.999999))
def test_sequence_follows_the_vimshottari_order(moon):
    lords = [p.lord for p in mahadashas(moon, BIRTH)]
    start = DASHA_LORDS.index(lords[0])
    assert lords == [DASHA_LORDS[(start + i) % 9] for i in range(10)]
    assert lords[0] == DASHA_LORDS[int(moon // NAKSHATRA_SPAN) % 9]


def test_antardashas_fill_the_mahadasha_from_its_own_lord():
    venus = next(p for p in mahadashas(0.0, BIRTH) if p.lord == "Venus")
    subs = antardashas(venus)
    assert [s.lord for s in subs][:3] == ["Venus", "Sun", "Moon"]
    assert subs[0].start_jd == venus.start_jd and subs[-1].end_jd == venus.end_jd
    # Venus-Venus lasts 20 * 20 / 120 years = 3 years 4 months.
    assert (subs[0].end_jd - subs[0].start_jd) / YEAR == pytest.approx(20 * 20 / 120)
    for before, after in zip(subs, subs[1:], strict=False):
        assert before.end_jd == pytest.approx(after.start_jd)


def test_running_period_on_a_date():
    periods = mahadashas(0.0, BIRTH)
    assert running(periods, BIRTH + 10 * YEAR).lord == "Venus"
    assert running(periods, BIRTH - 1) is None
