"""Houses in a chart as the readings weigh them: lordship, classes of houses, and graha drishti.

Whole-sign counting itself is the engine's (luna.astrology.whole_sign_house, sign_of_house).
"""

from __future__ import annotations

from luna.astrology import SIGN_LORDS, sign_of_house

# Classes of houses (BPHS ch. 11 and 34): angles and trines strengthen what sits in
# or rules them; the 6th, 8th and 12th (dusthanas) make results slower and harder won;
# in the upachaya houses (3, 6, 10, 11) malefics improve with time.
KENDRAS = frozenset({1, 4, 7, 10})
TRIKONAS = frozenset({1, 5, 9})
DUSTHANAS = frozenset({6, 8, 12})
UPACHAYAS = frozenset({3, 6, 10, 11})

NATURAL_BENEFICS = frozenset({"Moon", "Mercury", "Jupiter", "Venus"})

# Graha drishti, BPHS ch. 26: every planet aspects the 7th house from itself in full;
# Mars also the 4th and 8th, Jupiter the 5th and 9th, Saturn the 3rd and 10th. Rahu
# and Ketu are given Jupiter's 5th and 9th as well, as most Parashari astrologers do.
_SPECIAL_ASPECTS = {"Mars": (4, 8), "Jupiter": (5, 9), "Saturn": (3, 10), "Rahu": (5, 9), "Ketu": (5, 9)}


def lord_of_house(house: int, reference_sign: int) -> str:
    return SIGN_LORDS[sign_of_house(house, reference_sign)]


def aspected_houses(planet: str, house: int) -> frozenset[int]:
    """The houses a planet in `house` aspects (counting its own house as the 1st)."""
    return frozenset((house + offset - 2) % 12 + 1 for offset in (7, *_SPECIAL_ASPECTS.get(planet, ())))
