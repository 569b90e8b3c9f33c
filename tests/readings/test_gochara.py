"""The classical gochara table and vedha, Phaladeepika ch. 26."""

import pytest

from luna.readings.gochara import FAVOURABLE_HOUSES, assess

# Phaladeepika ch. 26 (B. V. Raman's "Hindu Predictive Astrology" prints the same):
# the houses from the natal Moon in which each planet's transit is good.
PHALADEEPIKA_26 = {
    "Sun": {3, 6, 10, 11},
    "Moon": {1, 3, 6, 7, 10, 11},
    "Mars": {3, 6, 11},
    "Mercury": {2, 4, 6, 8, 10, 11},
    "Jupiter": {2, 5, 7, 9, 11},
    "Venus": {1, 2, 3, 4, 5, 8, 9, 11, 12},
    "Saturn": {3, 6, 11},
    "Rahu": {3, 6, 11},
    "Ketu": {3, 6, 11},
}


def far_away(**houses: int) -> dict[str, int]:
    """Every planet in a house that obstructs nothing in these tests, except those given."""
    placed = dict.fromkeys(PHALADEEPIKA_26, 7)
    placed.update(houses)
    return placed


@pytest.mark.parametrize("planet", sorted(PHALADEEPIKA_26))
def test_favourable_houses_follow_phaladeepika(planet):
    assert set(FAVOURABLE_HOUSES[planet]) == PHALADEEPIKA_26[planet]
    for house in range(1, 13):
        result = assess(planet, far_away(**{planet: house}))
        assert result.favourable == (house in PHALADEEPIKA_26[planet])


def test_jupiter_in_the_11th_is_held_back_by_a_planet_in_the_8th():
    result = assess("Jupiter", far_away(Jupiter=11, Mars=8, Moon=1))
    assert result.favourable and result.blocked_by == "Mars" and result.effect == "neutral"


def test_no_vedha_between_the_sun_and_saturn():
    # Sun good in the 3rd, its vedha house the 9th: Saturn there does not obstruct it.
    assert assess("Sun", far_away(Sun=3, Saturn=9, Moon=1)).blocked_by is None
    assert assess("Sun", far_away(Sun=3, Mars=9, Moon=1)).blocked_by == "Mars"


def test_no_vedha_between_the_moon_and_mercury():
    # Moon good in the 1st, vedha from the 5th.
    assert assess("Moon", far_away(Moon=1, Mercury=5)).blocked_by is None
    assert assess("Moon", far_away(Moon=1, Venus=5)).blocked_by == "Venus"


def test_the_nodes_neither_cause_nor_suffer_vedha():
    assert assess("Jupiter", far_away(Jupiter=11, Rahu=8, Moon=1)).blocked_by is None
    assert assess("Rahu", far_away(Rahu=3, Saturn=12, Moon=1)).blocked_by is None


def test_unfavourable_transits_are_negative():
    result = assess("Saturn", far_away(Saturn=8, Moon=1))
    assert not result.favourable and result.effect == "negative" and result.value == -1.0
