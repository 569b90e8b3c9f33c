"""Whole-sign houses and Saturn's seasons (sade sati, dhaiya): one home each, in the engine."""

from datetime import date, time

from hypothesis import given
from hypothesis import strategies as st

from luna.astrology import (
    DHAIYA_HOUSES,
    SADE_SATI_HOUSES,
    SIGNS,
    is_dhaiya,
    local_moment,
    sade_sati_phase,
    sign_of_house,
    transits,
    whole_sign_house,
)


@given(sign=st.integers(0, 11), reference=st.integers(0, 11))
def test_whole_sign_houses_count_from_the_reference_sign(sign, reference):
    house = whole_sign_house(sign, reference)
    assert 1 <= house <= 12
    assert sign_of_house(house, reference) == sign
    assert whole_sign_house(reference, reference) == 1


def test_the_seventh_from_an_aries_lagna_is_libra_and_the_twelfth_pisces():
    aries = SIGNS.index("Aries")
    assert SIGNS[sign_of_house(7, aries)] == "Libra" and SIGNS[sign_of_house(12, aries)] == "Pisces"
    assert whole_sign_house(SIGNS.index("Aries"), SIGNS.index("Pisces")) == 2


def test_saturn_s_seasons_by_house_from_the_moon():
    assert SADE_SATI_HOUSES == (12, 1, 2) and DHAIYA_HOUSES == (4, 8)
    assert [sade_sati_phase(house) for house in (12, 1, 2)] == ["rising", "peak", "setting"]
    assert [house for house in range(1, 13) if sade_sati_phase(house)] == [1, 2, 12]
    assert [house for house in range(1, 13) if is_dhaiya(house)] == [4, 8]


def test_sade_sati_and_dhaiya_in_november_2026():
    # Saturn is in sidereal Pisces from 29 March 2025 to 3 June 2027 (drikpanchang.com,
    # "Shani Sade Sati" and "Shani Dhaiya" 2025-27): sade sati for Aries (first phase),
    # Pisces (second) and Aquarius (last); dhaiya for Leo (8th) and Sagittarius (4th).
    jd = local_moment(date(2026, 11, 25), time(12, 0), "Asia/Kolkata").jd_ut
    phases = {sign: transits(jd, index).sade_sati_phase for index, sign in enumerate(SIGNS)}
    assert {sign: phase for sign, phase in phases.items() if phase} == {
        "Aries": "rising", "Pisces": "peak", "Aquarius": "setting"}
    assert [sign for index, sign in enumerate(SIGNS) if transits(jd, index).dhaiya] == ["Leo", "Sagittarius"]
